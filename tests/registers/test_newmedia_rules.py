"""The new-media counting rules (gongkai.tallies.newmedia, registers-contract §5): the longest gap
bounded by the window's edges, the 14-day line, weekly over whole Monday–Sunday weeks only, the
荆州 update points and 甘肃's 抽查合格率. Pure: no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gongkai.tallies.newmedia import (
    account_check,
    is_weekly,
    jingzhou_update_points,
    longest_gap_days,
    pass_rate,
    stale_and_unfiled,
    whole_weeks,
)

# 2025-03-03 is a Monday; March 2025 has 31 days
MAR1, MAR31 = date(2025, 3, 1), date(2025, 3, 31)


def d(day: int) -> date:
    return date(2025, 3, day)


def test_no_posts_at_all_is_one_gap_of_the_whole_window():
    assert longest_gap_days([], MAR1, MAR31) == 31
    record = account_check("偃师发布", "教育体育局", [], MAR1, MAR31)
    assert record == {
        "account": "偃师发布",
        "unit": "教育体育局",
        "posts": 0,
        "longest_gap_days": 31,
        "gap_over_14_days": True,
        "weekly": False,
    }


def test_the_window_edges_bound_the_first_and_last_runs():
    # first run: Mar 1..9 (9 days); between: 11..19 (9); last: 21..31 (11)
    assert longest_gap_days([d(10), d(20)], MAR1, MAR31) == 11
    # a post on the first and on the last day leaves no edge run
    assert longest_gap_days([d(1), d(31)], MAR1, MAR31) == 29
    assert longest_gap_days([d(1), d(16), d(31)], MAR1, MAR31) == 14


def test_posts_outside_the_window_do_not_close_a_gap():
    assert longest_gap_days([date(2025, 2, 28), date(2025, 4, 1)], MAR1, MAR31) == 31


def test_a_post_every_day_has_no_gap_and_a_one_day_window():
    assert longest_gap_days([MAR1 + timedelta(n) for n in range(31)], MAR1, MAR31) == 0
    assert longest_gap_days([d(5)], d(5), d(5)) == 0
    assert longest_gap_days([], d(5), d(5)) == 1


def test_fourteen_days_pass_fifteen_fail():
    fourteen = account_check("a", "u", [d(1), d(16)], d(1), d(16))  # 2..15 = 14 days
    assert fourteen["longest_gap_days"] == 14 and fourteen["gap_over_14_days"] is False
    fifteen = account_check("a", "u", [d(1), d(17)], d(1), d(17))
    assert fifteen["longest_gap_days"] == 15 and fifteen["gap_over_14_days"] is True


def test_posts_count_only_inside_the_window_and_duplicates_count():
    record = account_check("a", "u", [d(3), d(3), date(2025, 4, 2)], MAR1, MAR31)
    assert record["posts"] == 2


def test_whole_weeks_skip_partial_weeks_at_both_edges():
    # Sat Mar 1 .. Mon Mar 31: whole weeks Mar 3–9, 10–16, 17–23, 24–30
    assert whole_weeks(MAR1, MAR31) == [(d(3), d(9)), (d(10), d(16)), (d(17), d(23)), (d(24), d(30))]
    # starting on a Monday, ending on a Sunday: the edges are whole weeks
    assert whole_weeks(d(3), d(16)) == [(d(3), d(9)), (d(10), d(16))]


def test_weekly_ignores_the_partial_weeks_at_the_edges():
    one_per_week = [d(5), d(12), d(19), d(26)]
    assert is_weekly(one_per_week, MAR1, MAR31)  # nothing on Mar 1–2 or Mar 31: not judged
    assert not is_weekly([d(5), d(12), d(26)], MAR1, MAR31)  # week 17–23 empty
    # a post in a partial week does not make up for an empty whole week
    assert not is_weekly([d(1), d(12), d(19), d(26), d(31)], MAR1, MAR31)


def test_weekly_on_the_week_bounds_and_a_window_without_whole_week():
    assert is_weekly([d(3), d(16), d(17), d(30)], MAR1, MAR31)  # Monday, Sunday, Monday, Sunday
    assert is_weekly([], d(4), d(9))  # Tue..Sun holds no whole week: nothing to judge


def test_a_reversed_window_is_refused():
    with pytest.raises(ValueError, match="早于"):
        longest_gap_days([], d(10), d(9))


def _rec(gap: bool, weekly: bool) -> dict:
    return {"account": "a", "unit": "u", "gap_over_14_days": gap, "weekly": weekly, "longest_gap_days": 20}


def test_jingzhou_update_points_weekly_fortnightly_gap():
    assert jingzhou_update_points([_rec(False, True), _rec(False, True)]) == 2
    assert jingzhou_update_points([_rec(False, True), _rec(False, False)]) == 1
    assert jingzhou_update_points([_rec(False, True), _rec(True, False)]) == 0
    assert jingzhou_update_points([]) == 0


def test_pass_rate_is_the_share_without_a_two_week_gap():
    assert pass_rate([_rec(False, True)] * 19 + [_rec(True, False)]) == 95.0
    assert pass_rate([_rec(False, False), _rec(True, False), _rec(False, True)]) == 66.7
    assert pass_rate([]) is None


def test_findings_stale_and_unfiled():
    records = [
        account_check("甲", "u", [], MAR1, MAR31),
        account_check("乙", "u", [d(n) for n in range(1, 32, 7)], MAR1, MAR31),
    ]
    assert stale_and_unfiled(records, [True, False]) == [
        {"kind": "newmedia_stale", "account": "甲", "unit": "u", "longest_gap_days": 31},
        {"kind": "newmedia_unfiled", "account": "乙", "unit": "u"},
    ]


def test_twice_weekly_needs_two_days_in_every_whole_week():
    # March 2025: whole weeks 3–9, 10–16, 17–23, 24–30
    two_days = [d(3), d(9), d(10), d(12), d(17), d(23), d(24), d(30)]
    assert is_weekly(two_days, MAR1, MAR31, days=2) and is_weekly(two_days, MAR1, MAR31)
    assert not is_weekly([d(1), d(2), *two_days[:4], d(23), *two_days[6:]], MAR1, MAR31, days=2)  # 17–23: one
    assert not is_weekly([d(3), d(3), d(10), d(10), d(17), d(17), d(24), d(24)], MAR1, MAR31, days=2)
    assert is_weekly([d(2)], d(2), d(8), days=2)  # Sunday..Saturday holds no whole week
