"""`gongkai verify --period ID`: check the problems a period's units reported fixed against the
newest audit run of their sites (已核实整改, or 重新打开 when the finding is still there)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.assessment.models import Period
from gongkai.followup.models import Problem
from gongkai.followup.services import verify_period


class Command(BaseCommand):
    help = "用最新的检查结果核验已报送整改的问题"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", type=int, required=True, help="考评期编号")

    def handle(self, *args, period: int, **options) -> None:
        found = Period.objects.filter(pk=period).first()
        if found is None:
            raise CommandError(f"没有编号为 {period} 的考评期")
        changed = verify_period(found)
        verified = sum(p.status == Problem.Status.VERIFIED for p in changed)
        waiting = found.problems.filter(status=Problem.Status.FIXED).count()
        self.stdout.write(
            f"考评期“{found.name}”：核验 {len(changed)} 个问题，{verified} 个已核实整改，"
            f"{len(changed) - verified} 个重新打开；{waiting} 个仍等待新的检查。"
        )
        for problem in changed:
            if problem.status == Problem.Status.REOPENED:
                self.stdout.write(f"  重新打开：{problem.unit.name}：{problem.message}")
