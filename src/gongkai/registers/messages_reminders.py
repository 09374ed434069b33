"""What the daily reminder (followup.services.send_reminders) says about messages: the open ones
with at most a few working days left, or overdue, or unanswered over 3 months, unit by unit."""

from __future__ import annotations

from datetime import date

from gongkai.registers.deadlines import DUE_SOON_DAYS
from gongkai.registers.messages_services import clocks
from gongkai.registers.models import Message
from gongkai.registers.reminders import due_section, send_due_mail, time_left
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
        left = time_left(clock)
        if clock.unanswered_over_3_months:
            left += "，已超过3个月未答复（互动回应差）"
        title = f"“{message.title[:30]}”" if message.title else ""
        lines.setdefault(message.unit, []).append(
            f"{message.channel} {message.number}{title}（收到 {message.received:%Y-%m-%d}）："
            f"办理期限 {clock.due:%Y-%m-%d}，{left}"
        )
    return lines


WHAT, ASK = "条网民留言", "请按期答复办结"


def mail_section(lines: list[str]) -> str:
    """The messages' paragraph of a unit's reminder mail ("" when it has none)."""
    return due_section(lines, WHAT, ASK)


def send_alone(unit: Unit, today: date, lines: list[str], recipients: list[str]) -> None:
    """The reminder mail of a unit that has only messages due."""
    send_due_mail(unit, today, lines, recipients, what=WHAT, ask=ASK, tag="留言办理提醒")
