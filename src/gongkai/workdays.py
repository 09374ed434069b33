"""Holiday-aware date arithmetic on the official Chinese calendar.

Working days follow the State Council's yearly holiday notice as packaged by ``chinese_calendar``:
official holidays are non-working even on weekdays, and make-up working days (调休上班, e.g. Sunday
2019-05-05) are working days even on weekends. rules.md §3 asks for exactly this calendar, for the
20-working-day disclosure clock (rules.md §5) and for seed 003's weekly-update rule.

``chinese_calendar`` only knows the years whose holiday notice it ships; any date outside that range
raises :class:`CalendarRangeError` (a ``ValueError`` with a Chinese message) instead of guessing,
unless the caller asks for ``estimate=True``: then a year after the packaged ones (whose notice
is not published yet, or not packaged yet) counts Monday–Friday minus the statutory holidays of
全国年节及纪念日放假办法 as revised in 2024 (:func:`statutory_holidays`), without the make-up
working days no one knows in advance. Deadlines use it so a period in late December can still be
published; statistics (the weekly rule) do not. Measured on 2025–2026, where the official calendar
is known: 15 working days from each start date (2025-01-01 to 2026-12-01) land on the official day
in 517 of 700 cases, within a day in 626, and never more than 7 days off (around the Spring
Festival and National Day, whose official arrangements move weekends).

Public API:
- :func:`is_workday` — is this date a working day?
- :func:`is_estimated` — is this date beyond the official calendar (so only estimated)?
- :func:`add_workdays` — the n-th working day after a date (the start day itself is not counted).
- :func:`workdays_between` — working days from ``a`` to ``b``, the inverse of :func:`add_workdays`.
- :func:`week_spans` / :func:`weekly_misses` — seed 003's "at least one item every week" rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar
from chinese_calendar.constants import holidays as _HOLIDAYS
from lunardate import LunarDate

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


@lru_cache(maxsize=32)
def statutory_holidays(year: int) -> frozenset[date]:
    """The statutory holidays of ``year`` (全国年节及纪念日放假办法, 2024 revision, in force from
    2025): 元旦 1 day, 春节 4 days (除夕 to 初三), 清明 1, 劳动节 2 (5-1, 5-2), 端午 1, 中秋 1,
    国庆 3 (10-1 to 10-3). Lunar dates by ``lunardate``, 清明 as the solar term."""
    spring = LunarDate(year, 1, 1).to_solar_date()
    qingming = [d for d, _ in chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))]
    return frozenset(
        {date(year, 1, 1), date(year, 5, 1), date(year, 5, 2), *(date(year, 10, day) for day in (1, 2, 3))}
        | {spring + timedelta(days=i) for i in range(-1, 3)}
        | set(qingming)
        | {LunarDate(year, 5, 5).to_solar_date(), LunarDate(year, 8, 15).to_solar_date()}
    )


def estimated_workday(d: date) -> bool:
    """Monday–Friday and not a statutory holiday: the estimate for years without a notice."""
    d = _as_date(d)
    return d.weekday() < 5 and d not in statutory_holidays(d.year)


def is_estimated(d: date) -> bool:
    """True for dates after the last year of the packaged official calendar."""
    return _as_date(d).year > LAST_YEAR


def _workday(d: date, estimate: bool) -> bool:
    if estimate and is_estimated(d):
        return estimated_workday(d)
    return chinese_calendar.is_workday(_check(d))


def is_workday(d: date, *, estimate: bool = False) -> bool:
    """True on working days: Mon–Fri that are not official holidays, plus make-up working days.
    With ``estimate``, dates after the packaged calendar are estimated (see the module docstring)."""
    return _workday(_as_date(d), estimate)


def add_workdays(d: date, n: int, *, estimate: bool = False) -> date:
    """The date of the ``n``-th working day after ``d`` (``d`` itself is not counted).

    This is how statutory periods are counted (the day of receipt is day 0): a request received on
    ``d`` must be answered by ``add_workdays(d, 20)``. A negative ``n`` counts backwards;
    ``n == 0`` returns ``d`` unchanged. With ``estimate``, days after the packaged calendar are
    estimated (see the module docstring).
    """
    current = _as_date(d)
    _workday(current, estimate)  # the start itself must be in range
    step = _ONE_DAY if n >= 0 else -_ONE_DAY
    remaining = abs(n)
    while remaining:
        current += step
        if _workday(current, estimate):
            remaining -= 1
    return current


def workdays_between(a: date, b: date, *, estimate: bool = False) -> int:
    """Working days passed when going from ``a`` to ``b``: the start day excluded, the end day
    included — ``(a, b]`` forwards, ``[b, a)`` backwards, counted negative.

    So ``workdays_between(a, add_workdays(a, n)) == n`` for every ``n``.
    """
    a, b = _as_date(a), _as_date(b)
    _workday(a, estimate)
    _workday(b, estimate)
    if b < a:
        first, last, sign = b, a - _ONE_DAY, -1
    else:
        first, last, sign = a + _ONE_DAY, b, 1
    count = 0
    current = first
    while current <= last:
        count += _workday(current, estimate)
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
