"""The statutory clock on the real 2024–2026 holiday arrangements.

Every expected date below was counted by hand, day by day, against the arrangement listed by
``chinese_calendar`` (printed with ``chinese_calendar.is_workday`` over each month involved, and
checked against the State Council notices): the comment next to each case lists the off days and
the make-up working days (调休上班) the count goes through.
"""

from __future__ import annotations

from datetime import date

import pytest

from gongkai import workdays
from gongkai.disclosure.clock import (
    Clock,
    ClockCase,
    ClockError,
    compute,
    due_date,
    payment_due,
    working_days_left,
)


def test_national_day_2024_with_make_up_days():
    # 2024: Sun 09-29 make-up day; 10-01..10-07 off; Sat 10-12 make-up day.
    # Counted after Wed 09-25: 09-26 (1), 09-27 (2), Sun 09-29 (3), 09-30 (4), 10-08 (5) ... 10-11 (8),
    # Sat 10-12 (9), 10-14..18 (14), 10-21..25 (19), 10-28 (20); then 10-29..11-01 (24),
    # 11-04..08 (29), 11-11..15 (34), 11-18..22 (39), 11-25 (40).
    # Correction notice: 7th working day = 10-10.
    clock = compute(ClockCase(received=date(2024, 9, 25)))
    assert clock == Clock(
        correction_notice_due=date(2024, 10, 10),
        start=date(2024, 9, 25),
        reply_due=date(2024, 10, 28),
        extended_due=date(2024, 11, 25),
        estimated=False,
        rule="",
    )
    assert due_date(clock, extended=False) == date(2024, 10, 28)
    assert due_date(clock, extended=True) == date(2024, 11, 25)


def test_spring_festival_2025_with_make_up_days():
    # 2025: Sun 01-26 make-up; 01-28..02-04 off; Sat 02-08 make-up.
    # After Mon 01-20: 01-21..24 (4), Sun 01-26 (5), 01-27 (6), 02-05 (7), 02-06 (8), 02-07 (9),
    # Sat 02-08 (10), 02-10..14 (15), 02-17..21 (20). Notice: 7th = 02-05.
    clock = compute(ClockCase(received=date(2025, 1, 20)))
    assert clock.correction_notice_due == date(2025, 2, 5)
    assert clock.reply_due == date(2025, 2, 21)
    assert not clock.estimated


def test_spring_festival_2026_with_make_up_days():
    # 2026: Sat 02-14 make-up; 02-15..02-23 off; Sat 02-28 make-up.
    # After Tue 02-10: 02-11 (1), 02-12 (2), 02-13 (3), Sat 02-14 (4), 02-24..27 (8), Sat 02-28 (9),
    # 03-02..06 (14), 03-09..13 (19), 03-16 (20). Notice: 02-24 (5), 02-25 (6), 02-26 (7).
    clock = compute(ClockCase(received=date(2026, 2, 10)))
    assert clock.correction_notice_due == date(2026, 2, 26)
    assert clock.reply_due == date(2026, 3, 16)


def test_national_day_2026_with_mid_autumn():
    # 2026: Sun 09-20 make-up; Fri 09-25 中秋 off; 10-01..10-07 off; Sat 10-10 make-up.
    # After Fri 09-18: Sun 09-20 (1), 09-21..24 (5), 09-28..30 (8), 10-08 (9), 10-09 (10),
    # Sat 10-10 (11), 10-12..16 (16), 10-19..22 (20).
    assert compute(ClockCase(received=date(2026, 9, 18))).reply_due == date(2026, 10, 22)


def test_correction_restarts_the_clock():
    # Start = Mon 2025-03-10 (corrected request). 清明 Fri 2025-04-04 off (04-05/06 weekend).
    # 03-11..14 (4), 03-17..21 (9), 03-24..28 (14), 03-31..04-03 (18), 04-07 (19), 04-08 (20).
    case = ClockCase(
        received=date(2025, 3, 3),
        correction_requested=date(2025, 3, 5),
        correction_received=date(2025, 3, 10),
    )
    clock = compute(case)
    assert clock.start == date(2025, 3, 10)
    assert clock.reply_due == date(2025, 4, 8)
    # the correction notice is counted from the first receipt: 03-04..07 (4), 03-10..12 (7)
    assert clock.correction_notice_due == date(2025, 3, 12)
    # a correction asked for but not received yet: the clock runs from the receipt
    # (03-04..07, 10..14, 17..21, 24..28 = 19, 03-31 = 20)
    waiting = compute(ClockCase(received=date(2025, 3, 3), correction_requested=date(2025, 3, 5)))
    assert waiting.start == date(2025, 3, 3)
    assert waiting.reply_due == date(2025, 3, 31)


def test_third_party_interval_spanning_national_day():
    # 2024-09-30..2024-10-09 paused: of its days only 09-30, 10-08 and 10-09 were working days,
    # so the reply due moves 3 working days on from 10-28: 10-29, 10-30, 10-31.
    clock = compute(
        ClockCase(received=date(2024, 9, 25), third_party=((date(2024, 9, 30), date(2024, 10, 9)),))
    )
    assert clock.reply_due == date(2024, 10, 31)
    # 40th: 3 days after 11-25 (11-26, 11-27, 11-28)
    assert clock.extended_due == date(2024, 11, 28)


def test_overlapping_third_party_intervals_count_once():
    # 10-08..10 and 10-09..11 cover 10-08..11: four working days, not five (10-09/10 once).
    intervals = ((date(2024, 10, 8), date(2024, 10, 10)), (date(2024, 10, 9), date(2024, 10, 11)))
    clock = compute(ClockCase(received=date(2024, 9, 25), third_party=intervals))
    assert clock.reply_due == date(2024, 11, 1)  # 10-28 + 4: 10-29, 10-30, 10-31, 11-01


def test_third_party_interval_before_the_start_changes_nothing():
    restart = dict(
        received=date(2025, 3, 3),
        correction_requested=date(2025, 3, 5),
        correction_received=date(2025, 3, 10),
    )
    before = ((date(2025, 3, 5), date(2025, 3, 10)),)  # ends on the start day, which is never counted
    assert compute(ClockCase(**restart, third_party=before)).reply_due == date(2025, 4, 8)
    # a one-day interval on a counted day moves the due date by one working day
    one_day = ((date(2025, 3, 11), date(2025, 3, 11)),)
    assert compute(ClockCase(**restart, third_party=one_day)).reply_due == date(2025, 4, 9)


def test_due_date_in_2027_is_estimated_and_says_how():
    assert workdays.LAST_YEAR == 2026  # the packaged calendar; update this test when it grows
    # After Thu 2026-12-10: 12-11 (1), 12-14..18 (6), 12-21..25 (11), 12-28..31 (15),
    # 2027-01-01 元旦 (estimated statutory holiday), 01-04..08 (20).
    # 40th: 01-11..15 (25), 18..22 (30), 25..29 (35), 02-01..04 (39); 02-05 (除夕) and 02-08 (初三)
    # are estimated Spring Festival holidays, so 02-09 (40).
    clock = compute(ClockCase(received=date(2026, 12, 10)))
    assert clock.correction_notice_due == date(2026, 12, 21)
    assert clock.reply_due == date(2027, 1, 8)
    assert clock.extended_due == date(2027, 2, 9)
    assert clock.estimated is True
    assert "2027 年" in clock.rule and "估算" in clock.rule
    # wholly inside 2026: not estimated
    assert compute(ClockCase(received=date(2026, 10, 9))).estimated is False


def test_estimated_when_only_the_extension_reaches_2027():
    # 2026-11-20 + 20 = 2026-12-18 (official), + 40 = 2027-01-18 (estimated)
    clock = compute(ClockCase(received=date(2026, 11, 20)))
    assert clock.reply_due == date(2026, 12, 18)
    assert clock.extended_due.year == 2027
    assert clock.estimated and clock.rule


@pytest.mark.parametrize(
    ("case", "words"),
    [
        (ClockCase(date(2025, 3, 3), date(2025, 3, 5), date(2025, 3, 1)), "早于收到日期"),
        (ClockCase(date(2025, 3, 3), None, date(2025, 3, 6)), "没有补正告知日期"),
        (ClockCase(date(2025, 3, 3), date(2025, 3, 1)), "早于收到日期"),
        (ClockCase(date(2025, 3, 3), date(2025, 3, 6), date(2025, 3, 5)), "早于补正告知日期"),
        (ClockCase(date(2025, 3, 3), third_party=((date(2025, 3, 9), date(2025, 3, 8)),)), "结束日期"),
        (ClockCase(date(2003, 12, 30)), "2004"),
        (
            ClockCase(date(2025, 1, 6), third_party=((date(2025, 1, 7), date(2200, 1, 1)),)),
            "超出可估算的范围",
        ),
        (ClockCase(date(2025, 3, 3), third_party=((date(2003, 3, 9), date(2025, 3, 8)),)), "2004"),
    ],
)
def test_bad_dates_raise_a_chinese_error(case, words):
    with pytest.raises(ClockError, match=words):
        compute(case)


def test_working_days_left():
    due = date(2024, 10, 8)  # Tue after the 2024 National Day holiday
    assert working_days_left(due, date(2024, 9, 30)) == (1, False)  # only 10-08 itself is left
    assert working_days_left(due, date(2024, 9, 27)) == (3, False)  # Sun 09-29, 09-30, 10-08
    assert working_days_left(due, due) == (0, False)
    assert working_days_left(due, date(2024, 10, 12)) == (-4, False)  # 10-09, 10-10, 10-11, Sat 10-12
    # overdue on the Saturday after a Friday due date: still overdue
    assert working_days_left(date(2025, 3, 7), date(2025, 3, 8)) == (-1, False)
    # due on a Sunday, seen on the Saturday before: one day left, not "due today"
    assert working_days_left(date(2025, 3, 9), date(2025, 3, 8)) == (1, False)
    # 2026-12-31 (1) then 2027-01-04 (2): 2027-01-01 is an estimated holiday
    assert working_days_left(date(2027, 1, 4), date(2026, 12, 30)) == (2, True)
    with pytest.raises(ClockError):
        working_days_left(date(2003, 1, 6), date(2025, 1, 6))
    with pytest.raises(ClockError, match="超出可估算的范围"):
        working_days_left(date(2300, 1, 6), date(2025, 1, 6))


def test_payment_due_is_the_20th_working_day_after_the_fee_notice():
    # After Wed 2025-09-24: 09-25 (1), 09-26 (2), Sun 09-28 make-up (3), 09-29 (4), 09-30 (5),
    # 10-01..08 off, 10-09 (6), 10-10 (7), Sat 10-11 make-up (8), 10-13..17 (13), 10-20..24 (18),
    # 10-27 (19), 10-28 (20).
    assert payment_due(date(2025, 9, 24)) == date(2025, 10, 28)
    assert workdays.is_estimated(payment_due(date(2026, 12, 15)))
