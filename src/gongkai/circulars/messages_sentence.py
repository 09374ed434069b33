"""The 网上问政 part of a circular's headline statistics (seed 002: "网上问政 44 件，办结率 100%"):
the messages the period's units received in the period's window (收到日期 start..end) and the
share of them handled by its end. Nothing when the register has no message of these units in the
window: no sentence is made up from nothing."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from gongkai.assessment.models import Period
from gongkai.registers.messages_services import stats_by_unit
from gongkai.tallies.messages import totals


def percent(fraction: float) -> str:
    """0.9667 → "96.7%", 1.0 → "100%"."""
    value = (Decimal(str(fraction)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).normalize()
    return f"{value:f}%"


def headline(period: Period, label: str) -> str:
    units = [m.unit for m in period.memberships.select_related("unit__region")]
    total = totals(stats_by_unit(units, period.start, period.end).values())
    if not total["received"]:
        return ""
    sentence = f"{label}，网上问政{total['received']}件，办结率{percent(total['completion_rate'])}"
    if total["unanswered_over_3_months"]:
        sentence += f"；超过3个月未答复的留言{total['unanswered_over_3_months']}条"
    return sentence + "。"
