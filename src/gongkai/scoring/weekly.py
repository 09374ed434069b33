"""Seed 003's weekly rule read from the audit: the weeks in which none of a unit's 动态 columns
published anything, counted from the date the scheme says (``weekly_misses.from``).

The audit's column records (the ``columns`` list of `gongkai check --json`) carry, per 动态
column, ``weekly.missed_weeks`` over the audit's weekly period. A unit misses a week when every
one of its 动态 columns (on every site) missed it: one item in any of them that week is enough
("每周至少更新一篇动态类信息"). Weeks ending before the scheme's start date are not counted
(seed 003: "从二季度开始计入年底考核成绩"). No Django here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class WeeklyRule:
    """``weekly_misses`` of a scheme: the metric it fills and from when weeks count."""

    metric: str
    month: int = 1
    day: int = 1
    year: int | None = None  # a full date in the scheme; None: that month-day of the period's year

    def start_in(self, year: int) -> date:
        return date(self.year or year, self.month, self.day)

    @property
    def text(self) -> str:
        return (f"{self.year}-" if self.year else "") + f"{self.month:02d}-{self.day:02d}"


@dataclass(slots=True)
class WeeklyCount:
    misses: int
    start: date
    weeks: list[dict[str, str]] = field(default_factory=list)  # the missed weeks counted
    columns: list[str] = field(default_factory=list)  # the 动态 columns read
    notes: list[str] = field(default_factory=list)


def parse_start(text: str) -> tuple[int, int, int | None]:
    """``MM-DD`` or ``YYYY-MM-DD`` → (month, day, year or None); ValueError otherwise."""
    parts = str(text).strip().split("-")
    if len(parts) == 2:
        month, day = map(int, parts)
        date(2000, month, day)  # a real month-day (29 Feb allowed)
        return month, day, None
    if len(parts) == 3:
        parsed = date.fromisoformat(str(text).strip())
        return parsed.month, parsed.day, parsed.year
    raise ValueError(text)


def count_weekly_misses(rule: WeeklyRule, columns: Sequence[Mapping[str, Any]]) -> WeeklyCount | None:
    """The unit's missed weeks from ``rule``'s start date; None when the audit read no 动态
    column with weekly data (nothing to count from: the typed value stays)."""
    read = [c for c in columns if isinstance(c.get("weekly"), Mapping) and not c["weekly"].get("error")]
    if not read:
        return None
    end = max(date.fromisoformat(c["weekly"]["end"]) for c in read)
    start = rule.start_in(end.year)
    missed: dict[str, dict[str, str]] | None = None
    for column in read:
        weeks = {w["start"]: w for w in column["weekly"].get("missed_weeks") or ()}
        missed = weeks if missed is None else {k: v for k, v in missed.items() if k in weeks}
    counted = sorted(
        (w for w in (missed or {}).values() if date.fromisoformat(w["end"]) >= start),
        key=lambda w: w["start"],
    )
    result = WeeklyCount(len(counted), start, counted, [str(c.get("name") or c.get("url")) for c in read])
    if any(not c["weekly"].get("complete", True) for c in read):
        result.notes.append("部分动态类栏目的列表未读到统计期起始日，早期的周可能被误计为未达标，请人工核实")
    if min(date.fromisoformat(c["weekly"]["start"]) for c in read) > start:
        result.notes.append(f"网站检查的每周统计期晚于{start.isoformat()}开始，此前的周未计入")
    return result
