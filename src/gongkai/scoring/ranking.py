"""Ranking within a category, the two ways the seeds and common practice rank.

* ``dense`` (seed 002, 商南): ties share a rank and the next distinct score gets the next integer:
  1, 2, …, 15, 15, 16.
* ``competition`` (standard competition ranking): ties share a rank and the next one skips:
  1, 2, 2, 4.

Ties keep their input order (a stable sort): seed 000 lists tied units in an order that follows
no visible key (财政局 after 生态环境局 at 29), so the input order is the only faithful one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

METHODS = ("dense", "competition")
T = TypeVar("T")


def rank_values(
    values: Sequence[Decimal], method: str = "dense", zero_shares_last_rank: bool = False
) -> list[int]:
    """Ranks for ``values`` (higher is better), in the order given.

    ``zero_shares_last_rank``: units scoring 0 share the rank of the lowest non-zero score instead
    of taking the next one (seed 002: 县水利局 0.2 and the sixteen 0-score units are all 27th)."""
    if method not in METHODS:
        raise ValueError(f"未知的排名方式“{method}”，可选：{'、'.join(METHODS)}")
    distinct = sorted(set(values), reverse=True)
    if method == "dense":
        position = {value: index + 1 for index, value in enumerate(distinct)}
    else:
        position = {}
        for index, value in enumerate(sorted(values, reverse=True)):
            position.setdefault(value, index + 1)
    ranks = [position[value] for value in values]
    nonzero = [rank for rank, value in zip(ranks, values, strict=True) if value != 0]
    if zero_shares_last_rank and nonzero:
        ranks = [max(nonzero) if value == 0 else rank for rank, value in zip(ranks, values, strict=True)]
    return ranks


def rank_groups(
    items: Sequence[T],
    category: Callable[[T], str],
    value: Callable[[T], Decimal],
    method: str = "dense",
    zero_shares_last_rank: bool = False,
) -> list[tuple[T, int]]:
    """Rank items within their category; return them sorted by category (order of first
    appearance), then rank, ties in input order."""
    order: dict[str, list[T]] = {}
    for item in items:
        order.setdefault(category(item), []).append(item)
    ranked: list[tuple[T, int]] = []
    for members in order.values():
        ranks = rank_values([value(m) for m in members], method, zero_shares_last_rank)
        ranked.extend(sorted(zip(members, ranks, strict=True), key=lambda pair: pair[1]))
    return ranked
