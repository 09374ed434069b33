"""Holiday-aware date arithmetic on the official Chinese calendar.

Working days follow the State Council's yearly holiday notice as packaged by ``chinese_calendar``:
official holidays are non-working even on weekdays, and make-up working days (调休上班, e.g. Sunday
2019-05-05) are working days even on weekends. rules.md §3 asks for exactly this calendar, for the
20-working-day disclosure clock (rules.md §5) and for seed 003's weekly-update rule.

``chinese_calendar`` only knows the years whose holiday notice it ships; any date outside that range
raises :class:`CalendarRangeError` (a ``ValueError`` with a Chinese message) instead of guessing.

Public API:
- :func:`is_workday` — is this date a working day?
- :func:`add_workdays` — the n-th working day after a date (the start day itself is not counted).
- :func:`workdays_between` — working days from ``a`` to ``b``, the inverse of :func:`add_workdays`.
- :func:`week_spans` / :func:`weekly_misses` — seed 003's "at least one item every week" rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar
from chinese_calendar.constants import holidays as _HOLIDAYS

_ONE_DAY = timedelta(days=1)
FIRST_YEAR = min(_HOLIDAYS).year
LAST_YEAR = max(_HOLIDAYS).year


class CalendarRangeError(ValueError):
    """A date outside the years covered by the packaged official holiday calendar."""


def _as_date(d: date) -> date:
    if isinstance(d, datetime):
        return d.date()
    if not isinstance(d, date):
        raise TypeError(f"需要日期（datetime.date），收到的是 {type(d).__name__}")
    return d


def _check(d: date) -> date:
    d = _as_date(d)
    if not FIRST_YEAR <= d.year <= LAST_YEAR:
        raise CalendarRangeError(
            f"节假日日历只包含 {FIRST_YEAR}—{LAST_YEAR} 年的官方放假安排，无法判断 {d.isoformat()} "
            "是否为工作日；请升级 chinesecalendar 包或调整日期范围"
        )
    return d


def is_workday(d: date) -> bool:
    """True on working days: Mon–Fri that are not official holidays, plus make-up working days."""
    return chinese_calendar.is_workday(_check(d))


def add_workdays(d: date, n: int) -> date:
    """The date of the ``n``-th working day after ``d`` (``d`` itself is not counted).

    This is how statutory periods are counted (the day of receipt is day 0): a request received on
    ``d`` must be answered by ``add_workdays(d, 20)``. A negative ``n`` counts backwards;
    ``n == 0`` returns ``d`` unchanged.
    """
    current = _check(d)
    step = _ONE_DAY if n >= 0 else -_ONE_DAY
    remaining = abs(n)
    while remaining:
        current = _check(current + step)
        if chinese_calendar.is_workday(current):
            remaining -= 1
    return current


def workdays_between(a: date, b: date) -> int:
    """Working days passed when going from ``a`` to ``b``: the start day excluded, the end day
    included — ``(a, b]`` forwards, ``[b, a)`` backwards, counted negative.

    So ``workdays_between(a, add_workdays(a, n)) == n`` for every ``n``.
    """
    a, b = _check(a), _check(b)
    if b < a:
        first, last, sign = b, a - _ONE_DAY, -1
    else:
        first, last, sign = a + _ONE_DAY, b, 1
    count = 0
    current = first
    while current <= last:
        count += chinese_calendar.is_workday(_check(current))
        current += _ONE_DAY
    return sign * count


@dataclass(frozen=True, slots=True)
class WeekSpan:
    """One ISO week (Monday–Sunday) clipped to the period being checked."""

    start: date  # first day of the week inside the period
    end: date  # last day of the week inside the period
    workdays: int  # working days among start..end

    @property
    def label(self) -> str:
        """ISO week label such as ``2019-W06``."""
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def counted(self) -> bool:
        """Weeks made only of non-working days (holidays and weekends) are excluded (seed 003:
        "不含节假日"). A week keeps counting as soon as one of its days in the period is a working
        day, including a make-up working day on a weekend (e.g. Sunday 2019-05-05)."""
        return self.workdays > 0


# A miss is a counted week; the alias names the role in weekly_misses' result.
WeekMiss = WeekSpan


def week_spans(start: date, end: date) -> list[WeekSpan]:
    """The ISO weeks of ``[start, end]`` (both inclusive), clipped to the period.

    Edge choice: a partial first or last week (the period starting on a Wednesday, ending on a
    Thursday) is a week of its own, judged only on its days inside the period; it is excluded only
    when none of those days is a working day.
    """
    start, end = _check(start), _check(end)
    if end < start:
        raise ValueError(f"统计期间无效：结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")
    spans: list[WeekSpan] = []
    week_start = start
    while week_start <= end:
        week_end = min(week_start + timedelta(days=6 - week_start.weekday()), end)
        days = (week_end - week_start).days + 1
        workdays = sum(
            chinese_calendar.is_workday(_check(week_start + timedelta(days=i))) for i in range(days)
        )
        spans.append(WeekSpan(week_start, week_end, workdays))
        week_start = week_end + _ONE_DAY
    return spans


def weekly_misses(item_dates: Iterable[date], start: date, end: date) -> list[WeekMiss]:
    """Counted weeks of ``[start, end]`` in which no item is dated (seed 003: −0.2 each).

    Items dated outside the period are ignored; several items in one week count once. Undated
    items cannot be placed in a week and must be left out by the caller (they count as not
    updated under the national rule).
    """
    spans = week_spans(start, end)
    start, end = spans[0].start, spans[-1].end
    weeks_with_items = {d.isocalendar()[:2] for d in map(_as_date, item_dates) if start <= d <= end}
    return [span for span in spans if span.counted and span.start.isocalendar()[:2] not in weeks_with_items]
