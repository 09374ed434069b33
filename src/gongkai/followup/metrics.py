"""Rectification (整改) results as metrics a scheme can read (issue 16.6, seed 003: "确保在6月10日前
各项问题整改到位。县政府办公室将对整改情况进行抽查和评估，相关评估结果纳入2019年政务公开日常考核成绩").

Providers in the registers.metrics sense (``(window) -> {unit id: Decimal}``), added to
``gongkai.registers.metrics.PROVIDERS`` when the app is ready (followup sits above registers, so
the table cannot import it). Counted over the problems whose rectification deadline (整改期限) lies
in the window (the period's start..end, both days included), whatever period issued them:

- 整改问题数: those problems;
- 按期整改问题数: those verified fixed (已核实整改) with the unit's fix reported by the deadline;
- 未按期整改问题数: the others (not fixed, fixed late, or reported but not yet verified).

Follow-up has data for the window's units once any of them has such a problem; then every unit
gets a value (0 without problems). Otherwise nothing is provided (typed values or the default).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from gongkai.followup.models import Problem
from gongkai.registers.metrics import Provider, Window


def fixed_on_time(status: str, fixed_at: datetime | None, deadline: date) -> bool:
    """Verified fixed, the fix reported on or before the deadline (local day)."""
    return (
        status == Problem.Status.VERIFIED
        and fixed_at is not None
        and timezone.localdate(fixed_at) <= deadline
    )


def _counts(window: Window) -> dict[int, tuple[int, int]] | None:
    rows = Problem.objects.filter(
        unit_id__in=window.unit_ids, deadline__gte=window.start, deadline__lte=window.end
    ).values_list("unit_id", "status", "fixed_at", "deadline")
    rows = list(rows)
    if not rows:
        return None
    counts = {pk: [0, 0] for pk in window.unit_ids}
    for unit_id, status, fixed_at, deadline in rows:
        counts[unit_id][0] += 1
        counts[unit_id][1] += fixed_on_time(status, fixed_at, deadline)
    return {pk: (total, on_time) for pk, (total, on_time) in counts.items()}


def _provider(pick: Callable[[int, int], int]) -> Provider:
    def provider(window: Window) -> dict[int, Decimal]:
        counts = window.once("followup_problems", _counts)
        if counts is None:
            return {}
        return {pk: Decimal(pick(total, on_time)) for pk, (total, on_time) in counts.items()}

    return provider


PROVIDERS: dict[str, Provider] = {
    "整改问题数": _provider(lambda total, on_time: total),
    "按期整改问题数": _provider(lambda total, on_time: on_time),
    "未按期整改问题数": _provider(lambda total, on_time: total - on_time),
}
