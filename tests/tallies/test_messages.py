"""The messages register's counting rules (registers-contract §3) on the official holiday calendar."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.tallies import messages as tally
from gongkai.tallies.messages import Message


def _m(channel="留言", received=date(2025, 3, 3), handled=None, unit="甲", number="1", limit=15):
    return Message(unit, number, channel, received, handled, limit)


def test_limits_per_channel_and_the_regions_limit_for_the_others():
    assert [tally.limit(c) for c in tally.CHANNELS] == [15, 5, 15, 15, 3]
    assert tally.limit("投诉", 10) == 10 and tally.limit("找错", 10) == 3
    with pytest.raises(ValueError, match="渠道“信访”无效"):
        tally.limit("信访")


def test_on_time_counts_working_days_of_the_holiday_calendar():
    # received Tue 2025-09-30; 10-01..10-08 is the National Day holiday, Sat 10-11 a make-up day:
    # 找错's 3 working days are 10-09, 10-10, 10-11
    received = date(2025, 9, 30)
    assert tally.due(_m("找错", received)) == date(2025, 10, 11)
    end = date(2025, 12, 31)
    assert tally.on_time(_m("找错", received, date(2025, 10, 10)), end)  # Mon-Fri counting: late
    assert tally.on_time(_m("找错", received, date(2025, 10, 11)), end)
    assert not tally.on_time(_m("找错", received, date(2025, 10, 13)), end)
    # 咨询, 5 working days after Fri 2025-09-26: Sun 9-28 (make-up), 9-29, 9-30, 10-09, 10-10
    assert tally.due(_m("咨询", date(2025, 9, 26))) == date(2025, 10, 10)
    # handled after the window's end: not handled, not on time, at that end
    late_close = _m("找错", received, date(2025, 10, 10))
    assert not tally.handled_by(late_close, date(2025, 10, 9)) and not tally.on_time(
        late_close, date(2025, 10, 9)
    )


def test_three_calendar_months_exactly_is_not_yet_the_veto_one_day_more_is():
    m = _m(received=date(2025, 1, 15))
    assert not tally.unanswered_over_3_months(m, date(2025, 4, 15))
    assert tally.unanswered_over_3_months(m, date(2025, 4, 16))
    # month ends: 11-30 + 3 months is 02-28 (2026 has no 02-29)
    end_of_month = _m(received=date(2025, 11, 30))
    assert tally.add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert not tally.unanswered_over_3_months(end_of_month, date(2026, 2, 28))
    assert tally.unanswered_over_3_months(end_of_month, date(2026, 3, 1))
    # handled on or before the day: not counted; handled later: still unanswered at the day
    assert not tally.unanswered_over_3_months(
        _m(received=date(2025, 1, 15), handled=date(2025, 4, 16)), date(2025, 4, 16)
    )
    assert tally.unanswered_over_3_months(
        _m(received=date(2025, 1, 15), handled=date(2025, 4, 17)), date(2025, 4, 16)
    )


def test_stats_window_edges_rates_and_the_veto_over_any_date():
    start, end = date(2025, 4, 1), date(2025, 6, 30)
    messages = [
        _m("留言", date(2025, 3, 28), None, number="before"),  # outside; 6-28 + a day: veto at 6-30
        _m("留言", date(2025, 3, 31), None, number="edge"),  # outside; exactly 3 months at 6-30: no veto
        _m(
            "咨询", date(2025, 4, 1), date(2025, 4, 9), number="first"
        ),  # 5th working day (4-04 清明): on time
        _m("咨询", date(2025, 4, 1), date(2025, 4, 10), number="late"),  # 6th working day: late
        _m("找错", date(2025, 6, 30), None, number="last"),  # last day, open, not yet overdue
        _m("投诉", date(2025, 5, 6), date(2025, 7, 1), number="closed-after"),  # handled after --to
        _m("留言", date(2025, 7, 1), None, number="after"),  # outside
        _m("建议", date(2025, 6, 2), None, unit="乙", number="x"),  # 乙: open, overdue at 6-30
    ]
    rows = tally.stats(messages, start, end, ["甲", "丙"])
    assert rows == [
        {
            "unit": "甲",
            "received": 4,
            "handled": 2,
            "completion_rate": 0.5,
            "on_time": 1,
            "on_time_rate": 0.25,
            "overdue_open": 1,  # the 投诉 of 5-06, 15 working days passed and closed only on 7-01
            "unanswered_over_3_months": 1,
        },
        {
            "unit": "丙",
            "received": 0,
            "handled": 0,
            "completion_rate": None,
            "on_time": 0,
            "on_time_rate": None,
            "overdue_open": 0,
            "unanswered_over_3_months": 0,
        },
        {
            "unit": "乙",
            "received": 1,
            "handled": 0,
            "completion_rate": 0.0,
            "on_time": 0,
            "on_time_rate": 0.0,
            "overdue_open": 1,
            "unanswered_over_3_months": 0,
        },
    ]
    assert tally.totals(rows)["completion_rate"] == 0.4
    thirds = tally.stats(
        [_m(handled=date(2025, 3, 4), number=str(n)) for n in range(2)] + [_m(number="3")],
        date(2025, 3, 1),
        date(2025, 3, 31),
    )
    assert thirds[0]["completion_rate"] == 0.6667
    with pytest.raises(ValueError, match="晚于截止日期"):
        tally.stats([], end, start)


def test_overdue_corrections_count_late_and_open_past_the_limit():
    start, end = date(2025, 4, 1), date(2025, 4, 30)
    messages = [
        _m("找错", date(2025, 4, 1), date(2025, 4, 3), number="1"),  # on time
        _m(
            "找错", date(2025, 4, 1), date(2025, 4, 7), number="2"
        ),  # 4-04..4-06 清明: 4-07 is the 3rd: on time
        _m("找错", date(2025, 4, 1), date(2025, 4, 8), number="3"),  # late
        _m("找错", date(2025, 4, 24), None, number="4"),  # open: 4-25, 4-27 (make-up), 4-28 … overdue by 4-30
        _m("找错", date(2025, 4, 29), None, number="5"),  # open, still within
        _m("咨询", date(2025, 4, 1), None, number="6"),  # not a correction
        _m("找错", date(2025, 3, 3), None, number="7"),  # outside the window
    ]
    assert tally.overdue_corrections(messages, start, end) == 2


def test_days_left_in_working_days():
    m = _m("找错", date(2025, 9, 30))
    assert tally.days_left(m, date(2025, 9, 30)) == 3
    assert tally.days_left(m, date(2025, 10, 11)) == 0
    assert tally.days_left(m, date(2025, 10, 14)) == -2
    assert tally.days_left(_m(handled=date(2025, 3, 4)), date(2025, 3, 5)) is None
