"""What the daily reminder (followup.services.send_reminders) says about disclosure applications:
the open ones due within a few working days, or overdue, unit by unit; and the mail's wording that
the messages register (messages_reminders) shares."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail

from gongkai.registers.deadlines import DUE_SOON_DAYS, deadline
from gongkai.registers.models import OPEN_STATES, Application, State
from gongkai.registry.models import Unit


def due_soon(today: date, days: int = DUE_SOON_DAYS) -> dict[Unit, list[str]]:
    """Unit -> one line per open application with at most ``days`` working days left (or overdue);
    an application waiting for its correction has no running reply period and is left out."""
    open_apps = (
        Application.objects.filter(state__in=OPEN_STATES)
        .exclude(state=State.CORRECTION)
        .select_related("unit")
        .prefetch_related("consultations")
        .order_by("unit__order", "unit__name", "received", "number")
    )
    lines: dict[Unit, list[str]] = {}
    for app in open_apps:
        d = deadline(app, on=today)
        if d is None or d.days_left is None or d.days_left > days:
            continue
        left = time_left(d)
        lines.setdefault(app.unit, []).append(
            f"依申请公开申请 {app.number}（收到 {app.received:%Y-%m-%d}）：答复期限 {d.due:%Y-%m-%d}，{left}"
            + ("（估算）" if d.estimated else "")
        )
    return lines


def time_left(due) -> str:
    """An item's working days left, or overdue (``due``: its deadline, or a message's clock)."""
    return f"已逾期 {due.days_overdue} 个工作日" if due.overdue else f"剩 {due.days_left} 个工作日"


def numbered(lines: list[str]) -> str:
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))


def due_section(lines: list[str], what: str, ask: str) -> str:
    """A register's paragraph of a unit's reminder mail ("" when it has none); ``what``: the
    measure word and the items (件依申请公开申请), ``ask``: what the unit is to do (请按期答复)."""
    if not lines:
        return ""
    return f"\n\n另有 {len(lines)} {what}即将到期或已逾期，{ask}：\n\n{numbered(lines)}"


def send_due_mail(
    unit: Unit,
    today: date,
    lines: list[str],
    recipients: list[str],
    *,
    what: str,
    ask: str,
    tag: str,
    extra: str = "",
) -> None:
    """The reminder mail of a unit that has only one register's items due (``what``, ``ask``: as
    in ``due_section``; ``tag``: the subject's 【】 label; ``extra``: another register's paragraph)."""
    body = (
        f"{unit.name}：\n\n截至 {today:%Y-%m-%d}，贵单位有 {len(lines)} {what}将在"
        f"{DUE_SOON_DAYS}个工作日内到期或已逾期，{ask}。\n\n{numbered(lines)}{extra}"
        "\n\n此邮件由 gongkai 政府网站与政务公开监管平台自动发送。"
    )
    subject = f"【{tag}】{unit.name}有 {len(lines)} {what}即将到期或已逾期"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


WHAT, ASK = "件依申请公开申请", "请按期答复"


def mail_section(lines: list[str]) -> str:
    """The applications' paragraph of a unit's reminder mail ("" when it has none)."""
    return due_section(lines, WHAT, ASK)


def send_alone(unit: Unit, today: date, lines: list[str], recipients: list[str], extra: str = "") -> None:
    """The reminder mail of a unit that has applications due and no rectification item due
    (``extra``: another register's paragraph, e.g. its messages due)."""
    send_due_mail(unit, today, lines, recipients, what=WHAT, ask=ASK, tag="答复提醒", extra=extra)
