"""`gongkai remind [--days 3] [--today YYYY-MM-DD]`: mark overdue problems and e-mail each unit's
administrators the problems due within N days or overdue, now, even if the day's automatic round
(gongkai.followup.clock, Celery beat) has already run."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.followup.services import daily_reminders


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期“{value}”格式不对，应为 YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "提醒单位管理员即将到期或已逾期的整改问题（发送邮件）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=3, help="提醒几天内到期的问题（默认 3）")
        parser.add_argument("--today", help="按这一天计算（YYYY-MM-DD，默认今天）")

    def handle(self, *args, days: int, today: str | None, **options) -> None:
        if days < 0:
            raise CommandError("--days 不能为负数")
        when = _date(today) if today else timezone.localdate()
        result = daily_reminders(when, days, force=True)
        self.stdout.write(
            f"{when:%Y-%m-%d}：新增逾期 {result.newly_overdue} 个；已向 {len(result.sent)} 个单位发送提醒邮件。"
        )
        for unit, recipients, count in result.sent:
            self.stdout.write(f"  {unit.name}：{count} 个问题 → {'、'.join(recipients)}")
        for unit in result.no_address:
            self.stdout.write(f"  {unit.name}：有到期问题，但单位管理员没有登记邮箱，未发送")
