"""Working-day arithmetic and seed 003's weekly rule on the official 2019 calendar."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import (
    LAST_YEAR,
    CalendarRangeError,
    add_workdays,
    estimated_workday,
    is_estimated,
    is_workday,
    statutory_holidays,
    week_spans,
    weekly_misses,
    workdays_between,
)

SEED_003 = (date(2019, 1, 1), date(2019, 5, 30))  # "本次数据采集时间为 2019 年 1 月 1 日-5 月 30 日"


def test_official_holidays_and_make_up_days():
    assert not is_workday(date(2019, 5, 1))  # 劳动节 (Wednesday)
    assert not is_workday(date(2019, 5, 3))  # 劳动节 (Friday)
    assert is_workday(date(2019, 5, 5))  # Sunday, make-up working day
    assert is_workday(date(2019, 4, 28))  # Sunday, make-up working day
    assert not is_workday(date(2019, 2, 4))  # 春节 (Monday)
    assert is_workday(date(2019, 2, 2))  # Saturday, make-up working day
    assert is_workday(date(2019, 3, 5)) and not is_workday(date(2019, 3, 9))  # plain Tue / Sat
    assert is_workday(datetime(2019, 5, 5, 9, 30))  # datetimes are accepted


def test_add_workdays_skips_holidays_and_counts_make_up_days():
    # Fri 2019-04-26 + 5: Sun 04-28 (make-up), Mon 29, Tue 30, Sun 05-05 (make-up), Mon 05-06
    assert add_workdays(date(2019, 4, 26), 5) == date(2019, 5, 6)
    # 20 working days from Mon 2019-01-28: 01-29..02-01 (4), make-up 02-02/03 (6), Spring
    # Festival 02-04..10 skipped, 02-11..15 (11), 02-18..22 (16), 02-25..28 (20)
    assert add_workdays(date(2019, 1, 28), 20) == date(2019, 2, 28)
    assert add_workdays(date(2019, 5, 6), -1) == date(2019, 5, 5)
    assert add_workdays(date(2019, 5, 1), 0) == date(2019, 5, 1)


def test_workdays_between_is_half_open_and_signed():
    assert workdays_between(date(2019, 4, 30), date(2019, 5, 4)) == 0  # only holidays after 04-30
    assert workdays_between(date(2019, 4, 30), date(2019, 5, 5)) == 1
    assert workdays_between(date(2019, 5, 5), date(2019, 4, 30)) == -1  # [04-30, 05-05)
    assert workdays_between(date(2019, 5, 6), date(2019, 5, 5)) == -1
    assert workdays_between(date(2019, 3, 4), date(2019, 3, 4)) == 0


@settings(max_examples=60, deadline=None)
@given(
    st.dates(min_value=date(2005, 1, 1), max_value=date(2024, 12, 31)),
    st.integers(min_value=-40, max_value=40),
)
def test_add_and_between_are_inverse(start, n):
    end = add_workdays(start, n)
    assert workdays_between(start, end) == n
    if n:
        assert is_workday(end)


def test_dates_outside_the_calendar_give_a_chinese_error():
    with pytest.raises(CalendarRangeError, match="节假日日历只包含"):
        is_workday(date(LAST_YEAR + 1, 1, 4))
    with pytest.raises(CalendarRangeError, match="1999-06-01"):
        workdays_between(date(1999, 6, 1), date(2019, 1, 1))
    with pytest.raises(CalendarRangeError):
        add_workdays(date(LAST_YEAR, 12, 20), 30)  # the clock runs off the calendar
    with pytest.raises(TypeError, match="需要日期"):
        is_workday("2019-05-01")  # type: ignore[arg-type]


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_holidays_are_official_holidays_in_the_known_years(year):
    """The estimate's holiday list, checked against the official notices of 2025 and 2026: every
    date on it is a day off there (the 2024 revision: 13 statutory days)."""
    days = statutory_holidays(year)
    assert len(days) == 13
    assert not [d for d in days if is_workday(d)]


def test_estimated_deadlines_against_the_official_calendar():
    """15 working days from every start date of 2025–2026: how far the estimate lands from the
    official day (the figures the module docstring quotes)."""
    offsets = []
    start = date(2025, 1, 1)
    while start <= date(2026, 12, 1):  # the last start whose 15th working day is still in 2026
        official = add_workdays(start, 15)
        estimated, remaining = start, 15
        while remaining:
            estimated += timedelta(days=1)
            remaining -= estimated_workday(estimated)
        offsets.append((estimated - official).days)
        start += timedelta(days=1)
    assert max(map(abs, offsets)) <= 7
    assert offsets.count(0) / len(offsets) >= 0.7


def test_deadlines_past_the_calendar_are_estimated_only_when_asked():
    after = LAST_YEAR + 1
    with pytest.raises(CalendarRangeError):
        add_workdays(date(LAST_YEAR, 12, 20), 15)
    deadline = add_workdays(date(LAST_YEAR, 12, 20), 15, estimate=True)
    assert is_estimated(deadline) and not is_estimated(date(LAST_YEAR, 12, 31))
    assert workdays_between(date(LAST_YEAR, 12, 20), deadline, estimate=True) == 15
    if after == 2027:  # 春节 2027: 除夕 is Friday 2027-02-05, 初三 Monday 02-08
        assert not is_workday(date(2027, 2, 5), estimate=True) and not is_workday(
            date(2027, 2, 8), estimate=True
        )
        assert is_workday(date(2027, 2, 9), estimate=True)
        assert not is_workday(date(2027, 4, 5), estimate=True)  # 清明 (Monday)
    # statistics never estimate: the weekly rule still refuses the unknown year
    with pytest.raises(CalendarRangeError):
        week_spans(date(after, 1, 1), date(after, 1, 31))


def test_week_made_only_of_holidays_is_excluded():
    spans = week_spans(date(2019, 2, 4), date(2019, 2, 17))
    assert [(s.start, s.end, s.counted) for s in spans] == [
        (date(2019, 2, 4), date(2019, 2, 10), False),  # 春节 Mon–Sun, no working day
        (date(2019, 2, 11), date(2019, 2, 17), True),
    ]
    assert spans[0].label == "2019-W06"
    assert weekly_misses([], date(2019, 2, 4), date(2019, 2, 17)) == [spans[1]]


def test_clipped_week_with_a_make_up_day_still_counts():
    # Period starting on Labour Day: 05-01..05-04 are holidays but Sunday 05-05 is a working day.
    (first, *_) = week_spans(date(2019, 5, 1), date(2019, 5, 12))
    assert (first.start, first.end, first.workdays, first.counted) == (
        date(2019, 5, 1),
        date(2019, 5, 5),
        1,
        True,
    )
    # Clipped to the holidays only, the same week is excluded.
    (only,) = week_spans(date(2019, 5, 1), date(2019, 5, 4))
    assert not only.counted
    # A weekend made only of make-up days (2019-02-02/03) is a counted week.
    (weekend,) = week_spans(date(2019, 2, 2), date(2019, 2, 3))
    assert weekend.counted and weekend.workdays == 2


def test_items_mark_their_week_and_outside_items_are_ignored():
    start, end = date(2019, 4, 1), date(2019, 4, 28)
    items = [date(2019, 4, 3), date(2019, 4, 4), date(2019, 4, 21), date(2019, 3, 29), date(2019, 5, 2)]
    misses = weekly_misses(items, start, end)
    assert [m.label for m in misses] == ["2019-W15", "2019-W17"]
    assert misses[0].start == date(2019, 4, 8) and misses[0].end == date(2019, 4, 14)


def test_seed_003_period_shape():
    spans = week_spans(*SEED_003)
    assert len(spans) == 22  # ISO weeks 1..22, the first (Tue 01-01) and last (Thu 05-30) partial
    assert [s.label for s in spans if not s.counted] == ["2019-W06"]  # Spring Festival week
    counted = sum(s.counted for s in spans)
    # 21 counted weeks. The seed's worst units (1 or 2 dynamic items, 19 misses) suggest the office
    # counted 20: one more week (probably a partial first/last week, or the Labour Day week) was
    # left out by a convention the seed does not state; we keep the documented rule.
    assert counted == 21
    # A unit that published every week but three (as 十字路街道 in the seed: 3 misses)
    every_week = [s.start for s in spans if s.counted]
    skipped = {date(2019, 1, 14), date(2019, 4, 29), date(2019, 5, 27)}
    misses = weekly_misses([d for d in every_week if d not in skipped], *SEED_003)
    assert {m.start for m in misses} == skipped
    # Items inside the excluded holiday week do not help any counted week.
    assert len(weekly_misses([date(2019, 2, 6)], *SEED_003)) == counted
    # A unit with one item (广播电视台: 1 dynamic item) misses all other counted weeks.
    assert len(weekly_misses([date(2019, 3, 12)], *SEED_003)) == counted - 1


def test_invalid_period_is_a_chinese_error():
    with pytest.raises(ValueError, match="统计期间无效"):
        week_spans(date(2019, 5, 30), date(2019, 1, 1))


def test_week_spans_cover_the_period_exactly():
    start, end = date(2020, 12, 30), date(2021, 2, 3)
    spans = week_spans(start, end)
    assert spans[0].start == start and spans[-1].end == end
    for before, after in zip(spans, spans[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
        assert after.start.weekday() == 0
