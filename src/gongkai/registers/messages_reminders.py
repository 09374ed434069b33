"""What the daily reminder (followup.services.send_reminders) says about messages: the open ones
with at most a few working days left, or overdue, or unanswered over 3 months, unit by unit."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail

from gongkai.registers.deadlines import DUE_SOON_DAYS
from gongkai.registers.messages_services import clocks
from gongkai.registers.models import Message
from gongkai.registry.models import Unit


def due_soon(today: date, days: int = DUE_SOON_DAYS) -> dict[Unit, list[str]]:
    """Unit -> one line per open message received by ``today`` with at most ``days`` working days
    left (or overdue)."""
    open_messages = list(
        Message.objects.filter(handled__isnull=True, received__lte=today)
        .select_related("unit__region")
        .order_by("unit__order", "unit__name", "received", "number")
    )
    marks = clocks(open_messages, today)
    lines: dict[Unit, list[str]] = {}
    for message in open_messages:
        clock = marks[message.pk]
        if clock.days_left is None or clock.days_left > days:
            continue
        if clock.overdue:
            left = f"已逾期 {clock.days_overdue} 个工作日"
        else:
            left = f"剩 {clock.days_left} 个工作日"
        if clock.unanswered_over_3_months:
            left += "，已超过3个月未答复（互动回应差）"
        title = f"“{message.title[:30]}”" if message.title else ""
        lines.setdefault(message.unit, []).append(
            f"{message.channel} {message.number}{title}（收到 {message.received:%Y-%m-%d}）："
            f"办理期限 {clock.due:%Y-%m-%d}，{left}"
        )
    return lines


def _numbered(lines: list[str]) -> str:
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))


def mail_section(lines: list[str]) -> str:
    """The messages' paragraph of a unit's reminder mail ("" when it has none)."""
    if not lines:
        return ""
    return f"\n\n另有 {len(lines)} 条网民留言即将到期或已逾期，请按期答复办结：\n\n{_numbered(lines)}"


def send_alone(unit: Unit, today: date, lines: list[str], recipients: list[str]) -> None:
    """The reminder mail of a unit that has only messages due."""
    body = (
        f"{unit.name}：\n\n截至 {today:%Y-%m-%d}，贵单位有 {len(lines)} 条网民留言将在"
        f"{DUE_SOON_DAYS}个工作日内到期或已逾期，请按期答复办结。\n\n{_numbered(lines)}"
        "\n\n此邮件由 gongkai 政府网站与政务公开监管平台自动发送。"
    )
    subject = f"【留言办理提醒】{unit.name}有 {len(lines)} 条网民留言即将到期或已逾期"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
