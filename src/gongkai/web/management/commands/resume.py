"""`gongkai resume`: find the audit jobs a crash interrupted, and continue them."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai import jobs
from gongkai.after_audit import recover_interrupted_jobs, resume_job, resume_period
from gongkai.assessment.models import Period
from gongkai.assessment.services import AssessmentError
from gongkai.monitoring.models import AuditJob


class Command(BaseCommand):
    help = "把进程已停止的检查任务标记为“已中断”，并可从已抓取的页面继续检查"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", type=int, help="继续该考评期全部已中断的检查")
        parser.add_argument("--job", type=int, help="继续该检查任务")
        parser.add_argument(
            "--wait", action="store_true", help="在本进程中运行并等待检查结束（未配置 Redis 时）"
        )

    def handle(self, *args, period: int | None, job: int | None, wait: bool, **options) -> None:
        lost = recover_interrupted_jobs()
        self.stdout.write(f"发现进程已停止的检查任务 {len(lost)} 个，已标记为“已中断”。")
        if period is None and job is None:
            waiting = AuditJob.objects.filter(status=AuditJob.Status.INTERRUPTED).count()
            self.stdout.write(f"当前已中断的检查任务共 {waiting} 个；用 --period 或 --job 继续检查。")
            return
        try:
            if period is not None:
                chosen = Period.objects.filter(pk=period).first()
                if chosen is None:
                    raise CommandError(f"考评期 {period} 不存在。")
                resumed = resume_period(chosen, user=None)
            else:
                target = AuditJob.objects.filter(pk=job).first()
                if target is None:
                    raise CommandError(f"检查任务 {job} 不存在。")
                resumed = [resume_job(target, user=None)]
        except AssessmentError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"已继续检查 {len(resumed)} 个网站，已抓取的页面不再重复抓取。")
        if wait and not jobs.uses_celery():
            jobs.wait_idle()
            self.stdout.write("检查已结束。")
