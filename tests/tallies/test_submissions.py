"""The counting rules of the submissions register (gongkai.tallies.submissions), pure."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.tallies.submissions import (
    DUPLICATE_SIMILARITY,
    Item,
    days_late,
    duplicates,
    is_late,
    normalise_title,
    similarity,
    stats,
    totals,
)


def _item(number, submitted, unit="A", title=None, **values) -> Item:
    return Item(unit=unit, number=number, title=title or f"标题{number}", submitted=submitted, **values)


def test_the_window_counts_both_edges_and_nothing_outside():
    items = [
        _item("1", date(2021, 3, 31)),  # the day before: out
        _item("2", date(2021, 4, 1), adopted=True, level="县"),  # first day: in
        _item("3", date(2021, 6, 30), adopted=True, level="国办", key_area=True),  # last day: in
        _item("4", date(2021, 7, 1), adopted=True, level="国办"),  # the day after: out
        _item("5", date(2021, 5, 5), adopted=True),  # adopted without a level
        _item("6", date(2021, 5, 6), key_area=True),  # key area, not adopted
    ]
    [row] = stats(items, date(2021, 4, 1), date(2021, 6, 30), ["A"])
    assert row == {
        "unit": "A",
        "submitted": 4,
        "adopted": 3,
        "adopted_by_level": {"国办": 1, "省": 0, "市": 0, "县": 1},
        "key_area": 2,
    }


def test_every_unit_asked_for_has_a_row_in_order_and_others_follow():
    items = [_item("1", date(2021, 4, 2), unit="B"), _item("2", date(2021, 4, 2), unit="Z")]
    rows = stats(items, date(2021, 4, 1), date(2021, 6, 30), ["C", "B"])
    assert [(r["unit"], r["submitted"]) for r in rows] == [("C", 0), ("B", 1), ("Z", 1)]
    assert rows[0]["adopted_by_level"] == {"国办": 0, "省": 0, "市": 0, "县": 0}
    assert totals(rows)["submitted"] == 2


def test_a_bad_window_or_level_is_refused():
    with pytest.raises(ValueError, match="晚于"):
        stats([], date(2021, 7, 1), date(2021, 6, 30))
    with pytest.raises(ValueError, match="采用级别"):
        stats([_item("1", date(2021, 4, 2), adopted=True, level="乡")], date(2021, 4, 1), date(2021, 4, 30))


def test_titles_are_compared_without_punctuation_spaces_or_width():
    assert normalise_title("关于做好 2025 年防汛工作的通知。") == normalise_title(
        "关于做好２０２５年防汛工作的通知"
    )
    assert normalise_title("“三公”经费，公开！") == "三公经费公开"
    assert similarity("县政府召开常务会议", "县政府召开常务会议。") == 1.0


@pytest.mark.parametrize(
    ("first", "second", "duplicate"),
    [
        ("过风楼镇召开脱贫攻坚推进会", "过风楼镇召开脱贫攻坚推进会！", True),  # punctuation only
        (
            "过风楼镇召开2021年脱贫攻坚工作推进会议",
            "过风楼镇召开2021年脱贫攻坚工作推进大会",
            True,
        ),  # one word changed
        ("过风楼镇召开脱贫攻坚推进会", "赵川镇开展森林防火宣传活动", False),
        ("县卫健局开展义诊活动", "县卫健局开展健康知识讲座活动", False),  # same opening, different item
    ],
)
def test_duplicates_at_the_threshold(first, second, duplicate):
    items = [_item("1", date(2021, 4, 1), title=first), _item("2", date(2021, 4, 3), title=second)]
    assert (("A", "2") in duplicates(items)) is duplicate
    assert (similarity(first, second) >= DUPLICATE_SIMILARITY) is duplicate


def test_the_later_item_is_the_duplicate_and_other_units_do_not_count():
    items = [
        _item("2", date(2021, 4, 5), title="县文旅局举办非遗展演"),
        _item("1", date(2021, 4, 1), title="县文旅局举办非遗展演。"),
        _item("3", date(2021, 4, 6), title="县文旅局举办非遗展演", unit="B"),  # another unit
        _item("4", date(2021, 4, 9), title=" 县文旅局 举办非遗展演"),
    ]
    assert duplicates(items) == {("A", "2"): ("A", "1"), ("A", "4"): ("A", "1")}
    assert duplicates(items, threshold=1.01) == {
        ("A", "2"): ("A", "1"),
        ("A", "4"): ("A", "1"),
    }  # equal: always


def test_late_is_more_than_n_days_after_the_event_and_never_without_one():
    on_time = _item("1", date(2021, 4, 4), event_date=date(2021, 4, 1))  # 3 days: on time
    late = _item("2", date(2021, 4, 5), event_date=date(2021, 4, 1))  # 4 days: 1 day late
    assert not is_late(on_time) and days_late(late) == 1
    assert days_late(late, late_after_days=7) is None
    assert days_late(_item("3", date(2021, 9, 1))) is None  # no event date: no lateness
