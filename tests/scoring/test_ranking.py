"""Dense ranking (seed 002) by default, standard competition ranking as an option."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.scoring import rank_groups, rank_values

D = [Decimal(x) for x in ("9", "8", "8", "7", "0", "0")]


def test_dense_ranking():
    assert rank_values(D) == [1, 2, 2, 3, 4, 4]


def test_competition_ranking():
    assert rank_values(D, "competition") == [1, 2, 2, 4, 5, 5]


def test_zero_shares_last_rank():
    assert rank_values(D, "dense", zero_shares_last_rank=True) == [1, 2, 2, 3, 3, 3]
    assert rank_values([Decimal(0), Decimal(0)], "dense", zero_shares_last_rank=True) == [1, 1]


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="未知的排名方式"):
        rank_values(D, "olympic")


def test_groups_rank_within_category_keep_first_appearance_and_tie_order():
    items = [("乙", "b1", 5), ("甲", "a1", 1), ("乙", "b2", 7), ("甲", "a2", 3), ("乙", "b3", 5)]
    ranked = rank_groups(items, lambda i: i[0], lambda i: Decimal(i[2]))
    assert [(i[1], r) for i, r in ranked] == [("b2", 1), ("b1", 2), ("b3", 2), ("a2", 1), ("a1", 2)]


def test_vetoed_items_rank_after_all_others_and_never_tie_with_them():
    # (name, score, vetoed): 丙 scores 0 without a veto, 丁 and 戊 were vetoed (total 0 / 90)
    items = [("甲", 9, False), ("丁", 0, True), ("乙", 8, False), ("戊", 90, True), ("丙", 0, False)]
    for method, expected in (
        ("dense", [("甲", 1), ("乙", 2), ("丙", 3), ("戊", 4), ("丁", 5)]),
        ("competition", [("甲", 1), ("乙", 2), ("丙", 3), ("戊", 4), ("丁", 5)]),
    ):
        ranked = rank_groups(items, lambda i: "类", lambda i: Decimal(i[1]), method, last=lambda i: i[2])
        assert [(i[0], r) for i, r in ranked] == expected
    # two non-vetoed units tied at 8: dense goes on with 3, competition with 4
    items = [("甲", 8, False), ("乙", 8, False), ("丙", 0, True)]
    dense = rank_groups(items, lambda i: "类", lambda i: Decimal(i[1]), "dense", last=lambda i: i[2])
    competition = rank_groups(
        items, lambda i: "类", lambda i: Decimal(i[1]), "competition", last=lambda i: i[2]
    )
    assert [r for _, r in dense] == [1, 1, 2]
    assert [r for _, r in competition] == [1, 1, 3]
    # zero scores sharing the last rank (seed 002) stay among the non-vetoed units
    items = [("甲", 5, False), ("乙", 0, False), ("丙", 0, True)]
    ranked = rank_groups(items, lambda i: "类", lambda i: Decimal(i[1]), "dense", True, last=lambda i: i[2])
    assert [(i[0], r) for i, r in ranked] == [("甲", 1), ("乙", 1), ("丙", 2)]
