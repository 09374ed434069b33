"""A unit's year score from the scores of the published periods of the year, and the dense rank
within each category.

Two rules (``Period.year_rule`` of the latest period of the year chooses):

- ``mean`` (default): the mean of the unit's totals over the published periods of the year it
  took part in; a period it was not assessed in does not count.
- ``late_zero`` (偃师, seed 000 一、: "市政府办公室将对网站日常信息发布不及时、工作拖拉等单位，年终考核
  成绩按零分计算。"): as ``mean``, but a unit vetoed in any period of the year (in yanshi-monthly the
  assessor's 信息发布不及时 flag, veto ``late_publisher``) scores 0 for the year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gongkai.scoring.numbers import fmt, plain
from gongkai.scoring.ranking import rank_groups

MEAN, LATE_ZERO = "mean", "late_zero"
RULES = {
    MEAN: "已发布考评期得分的平均分",
    LATE_ZERO: "已发布考评期得分的平均分；年内任一期被否决（偃师：信息发布不及时、工作拖拉）的单位全年按零分计算",
}


@dataclass(slots=True)
class PeriodScore:
    """One unit's stored result in one published period."""

    period_id: int
    name: str
    start: date
    end: date
    category: str
    total: Decimal
    rank: int | None = None
    vetoes: list[str] = field(default_factory=list)  # the veto reasons of the trace
    # indicator path -> (score, full points) for the applicable indicators that have points
    indicators: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    # the comparison the period asks for (同比 or 环比): {"relation", "period", "score", "change"}
    previous: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.period_id,
            "name": self.name,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "category": self.category,
            "score": plain(self.total),
            "rank": self.rank,
        }
        if self.vetoes:
            data["vetoes"] = list(self.vetoes)
        if self.previous is not None:
            data["previous"] = self.previous
        return data


@dataclass(slots=True)
class UnitYear:
    unit: str
    category: str
    periods: list[PeriodScore]
    score: Decimal
    rank: int | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = {
            "unit": self.unit,
            "category": self.category,
            "score": plain(self.score),
            "rank": self.rank,
            "periods": [p.to_dict() for p in self.periods],
        }
        if self.note:
            data["note"] = self.note
        return data


def _rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def unit_year(unit: str, periods: Sequence[PeriodScore], rule: str = MEAN, decimals: int = 2) -> UnitYear:
    """The year score of one unit (``periods``: its published periods of the year, any order)."""
    if rule not in RULES:
        raise ValueError(f"未知的年度得分规则“{rule}”，可选：{'、'.join(RULES)}")
    if not periods:
        raise ValueError(f"单位“{unit}”在该年度没有已发布的考评期得分")
    ordered = sorted(periods, key=lambda p: (p.end, p.start, p.period_id))
    category = ordered[-1].category
    mean = sum((p.total for p in ordered), Decimal(0)) / len(ordered)
    score, note = _rounded(mean, decimals), ""
    if len(ordered) > 1:
        note = f"{len(ordered)}期平均：" + "、".join(f"{p.name} {fmt(p.total)}" for p in ordered)
    if rule == LATE_ZERO:
        vetoed = [p for p in ordered if p.vetoes]
        if vetoed:
            reasons = "；".join(f"{p.name}：{'、'.join(p.vetoes)}" for p in vetoed)
            score, note = Decimal(0), f"全年按零分计算（{reasons}）"
    return UnitYear(unit, category, ordered, score, note=note)


def year_scores(
    units: Mapping[str, Sequence[PeriodScore]],
    rule: str = MEAN,
    decimals: int = 2,
    categories: Sequence[str] = (),
) -> list[UnitYear]:
    """Every unit's year score, ranked densely within its category (1, 2, 2, 3), sorted by
    category (``categories`` first in that order, then by first appearance), rank, and the input
    order for ties."""
    years = [unit_year(name, periods, rule, decimals) for name, periods in units.items() if periods]
    order = {name: i for i, name in enumerate(categories)}
    first = {}
    for item in years:
        first.setdefault(item.category, len(first))
    years.sort(key=lambda u: (order.get(u.category, len(order)), first[u.category]))
    ranked = rank_groups(years, lambda u: u.category, lambda u: u.score, "dense")
    for item, rank in ranked:
        item.rank = rank
    return [item for item, _ in ranked]
