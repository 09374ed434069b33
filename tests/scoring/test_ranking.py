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
