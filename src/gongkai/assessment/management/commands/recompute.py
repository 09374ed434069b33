"""`gongkai recompute --period ID`: recompute a period's scores after new audit runs or probes
arrived (metric and manual-entry changes recompute by themselves)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.assessment.models import Period
from gongkai.assessment.services import AssessmentError, recompute


class Command(BaseCommand):
    help = "按最新的检查结果重新计算考评期的得分和排名"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", type=int, required=True, help="考评期编号")
        parser.add_argument("--reason", default="有新的检查结果，重新计算", help="记入变更记录的原因")

    def handle(self, *args, period: int, reason: str, **options) -> None:
        found = Period.objects.filter(pk=period).first()
        if found is None:
            raise CommandError(f"没有编号为 {period} 的考评期")
        try:
            scores = recompute(found, user=None, reason=reason)
        except AssessmentError as exc:
            raise CommandError(str(exc)) from None
        scored = [s for s in scores if s.total is not None]
        self.stdout.write(f"考评期“{found.name}”：已重新计算 {len(scores)} 个单位，{len(scored)} 个有得分。")
        for score in scores:
            if score.error:
                self.stdout.write(f"  {score.unit.name}：无法计算：{score.error}")
