"""What the daily reminder (followup.services.send_reminders) says about disclosure applications:
the open ones due within a few working days, or overdue, unit by unit."""

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
        left = f"已逾期 {d.days_overdue} 个工作日" if d.overdue else f"剩 {d.days_left} 个工作日"
        lines.setdefault(app.unit, []).append(
            f"依申请公开申请 {app.number}（收到 {app.received:%Y-%m-%d}）：答复期限 {d.due:%Y-%m-%d}，{left}"
            + ("（估算）" if d.estimated else "")
        )
    return lines


def _numbered(lines: list[str]) -> str:
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))


def mail_section(lines: list[str]) -> str:
    """The applications' paragraph of a unit's reminder mail ("" when it has none)."""
    if not lines:
        return ""
    return f"\n\n另有 {len(lines)} 件依申请公开申请即将到期或已逾期，请按期答复：\n\n{_numbered(lines)}"


def send_alone(unit: Unit, today: date, lines: list[str], recipients: list[str], extra: str = "") -> None:
    """The reminder mail of a unit that has applications due and no rectification item due
    (``extra``: another register's paragraph, e.g. its messages due)."""
    body = (
        f"{unit.name}：\n\n截至 {today:%Y-%m-%d}，贵单位有 {len(lines)} 件依申请公开申请将在"
        f"{DUE_SOON_DAYS}个工作日内到期或已逾期，请按期答复。\n\n{_numbered(lines)}{extra}"
        "\n\n此邮件由 gongkai 政府网站与政务公开监管平台自动发送。"
    )
    subject = f"【答复提醒】{unit.name}有 {len(lines)} 件依申请公开申请即将到期或已逾期"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
