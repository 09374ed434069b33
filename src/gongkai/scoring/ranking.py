"""Ranking within a category, the two ways the seeds and common practice rank.

* ``dense`` (seed 002, 商南): ties share a rank and the next distinct score gets the next integer:
  1, 2, …, 15, 15, 16.
* ``competition`` (standard competition ranking): ties share a rank and the next one skips:
  1, 2, 2, 4.

Ties keep their input order (a stable sort): seed 000 lists tied units in an order that follows
no visible key (财政局 after 生态环境局 at 29), so the input order is the only faithful one.

Units that triggered a veto (一票否决) are ranked after every unit that did not, whatever their
scores: a vetoed unit never shares a rank with one that was not vetoed (``last`` below).
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
    last: Callable[[T], bool] | None = None,
) -> list[tuple[T, int]]:
    """Rank items within their category; return them sorted by category (order of first
    appearance), then rank, ties in input order.

    Items for which ``last`` is true (vetoed units) are ranked among themselves after all the
    others of their category: dense ranks go on from the last rank of the others, competition
    ranks from the number of the others."""
    order: dict[str, list[T]] = {}
    for item in items:
        order.setdefault(category(item), []).append(item)
    ranked: list[tuple[T, int]] = []
    for members in order.values():
        ahead = [m for m in members if last is None or not last(m)]
        behind = [m for m in members if last is not None and last(m)]
        offset = 0
        for group in (ahead, behind):
            if not group:
                continue
            ranks = [
                offset + r for r in rank_values([value(m) for m in group], method, zero_shares_last_rank)
            ]
            ranked.extend(sorted(zip(group, ranks, strict=True), key=lambda pair: pair[1]))
            offset = max(ranks) if method == "dense" else offset + len(group)
    return ranked
