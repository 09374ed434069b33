"""Metrics computed from the registers, for the scoring of an assessment period.

API (used by ``gongkai.assessment.services.recompute``; the next registers add their metrics here)::

    from gongkai.registers.metrics import PROVIDERS, Window, provided, register_metrics

    names = provided(scheme.metrics)                 # the scheme's metric names a register computes
    values = register_metrics(names, unit_ids, start, end)
    # -> {unit id: {metric name: Decimal}}; a unit is absent for a metric when the register has
    #    no data for it (then a typed or imported value, or the scheme's default, is used)

A provider is a function ``(window: Window) -> {unit id: Decimal}`` registered under its metric
name in ``PROVIDERS``. It returns a value only for the units for which its register has data; the
window is the period's start..end, both days included. Providers of one register share work
through ``window.once(key, compute)`` (computed once per ``register_metrics`` call). To add a
register's metrics, write its providers in a module of its own and add one entry per metric to
``PROVIDERS``, e.g. ``"报送信息": messages_metrics.submitted``.

``SOURCE`` ("台账") is how a value from a register is labelled in the score trace.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

SOURCE = "台账"


@dataclass(slots=True)
class Window:
    """The units and the days (start..end, both included) a metric is computed for."""

    unit_ids: tuple[int, ...]
    start: date
    end: date
    shared: dict[str, Any] = field(default_factory=dict)

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def once(self, key: str, compute: Callable[[Window], Any]) -> Any:
        """``compute(self)``, computed only once per window for ``key`` (shared by providers)."""
        if key not in self.shared:
            self.shared[key] = compute(self)
        return self.shared[key]


Provider = Callable[[Window], dict[int, Decimal]]


def _providers() -> dict[str, Provider]:
    from gongkai.registers import application_metrics as applications
    from gongkai.registers import messages_metrics as messages
    from gongkai.registers import newmedia_metrics as newmedia
    from gongkai.registers import submission_metrics as submissions

    return {
        "依申请公开申请数": applications.received,
        "依申请公开答复数": applications.replied,
        "依申请公开按时答复数": applications.replied_on_time,
        "依申请公开答复规范数": applications.replied_complete,
        "依申请公开逾期数": applications.overdue,
        "报送信息": submissions.submitted,
        "采用信息": submissions.adopted,
        "国办采用": submissions.adopted_guoban,
        "省级采用": submissions.adopted_province,
        "市级采用": submissions.adopted_city,
        "新媒体账号数": newmedia.accounts,
        "新媒体两周未更新账号数": newmedia.stale,
        "新媒体每周更新账号数": newmedia.weekly,
        "新媒体每周更新2次以上账号数": newmedia.twice_weekly,
        "新媒体抽查合格率": newmedia.pass_rate,
        "认证主体不明确或备案不及时的新媒体数": newmedia.unclear,
        "超3个月未答复留言数": messages.unanswered,
        "纠错留言过期次数": messages.overdue_corrections,
        "网民留言数": messages.received,
        "网民留言办结数": messages.handled,
        "网民留言按时办结数": messages.on_time,
        "网民留言办结率": messages.completion_rate,
        "网民留言按时办结率": messages.on_time_rate,
    }


PROVIDERS: dict[str, Provider] = _providers()


def provided(names: Iterable[str]) -> list[str]:
    """Those of ``names`` that a register computes, in their order."""
    return [name for name in names if name in PROVIDERS]


def register_metrics(
    names: Iterable[str], unit_ids: Iterable[int], start: date, end: date
) -> dict[int, dict[str, Decimal]]:
    """The values of the metrics ``names`` (each must be in PROVIDERS) for the units, over the
    window start..end: {unit id: {name: value}}, only where the register has data."""
    if end < start:
        raise ValueError(f"统计期截止日 {end} 早于起始日 {start}")
    window = Window(tuple(unit_ids), start, end)
    values: dict[int, dict[str, Decimal]] = {}
    for name in names:
        for unit_id, value in PROVIDERS[name](window).items():
            values.setdefault(unit_id, {})[name] = value
    return values
