"""The region block of a roll-up: score bands, the excellent rate, full-marks counts per indicator
and the year-on-year change.

Bands and the excellent rate are on the scale of 100: a scheme whose total is not 100 (甘肃's
网站 assessment, "58分（总分60分）") is converted to a hundred before banding, so every scheme's
block reads the same. ``excellent_rate`` is the share (0–1, 4 places) of units at 80 or more.
A unit is at full marks on an indicator when it scored the indicator's full points in every
period of the year in which the indicator applied to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gongkai.rollup.year import UnitYear

BANDS = ("90+", "80-90", "60-80", "<60")
EXCELLENT = Decimal(80)
HUNDRED = Decimal(100)
RATE_PLACES = Decimal("0.0001")


def on_hundred(score: Decimal, total: Decimal | None) -> Decimal:
    """``score`` on the scale of 100 (unchanged when the scheme has no total or a total of 100)."""
    if total is None or total == HUNDRED or total == 0:
        return score
    return score * HUNDRED / total


def band(score: Decimal) -> str:
    if score >= 90:
        return "90+"
    if score >= 80:
        return "80-90"
    if score >= 60:
        return "60-80"
    return "<60"


def rate(part: int, whole: int) -> float | None:
    """``part / whole`` with 4 places (None when there is nothing to count)."""
    if whole == 0:
        return None
    return float((Decimal(part) / Decimal(whole)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP))


def full_marks(units: Sequence[UnitYear]) -> dict[str, int]:
    """indicator path -> number of units at full marks (every indicator met in the year listed)."""
    counts: dict[str, int] = {}
    for unit in units:
        seen: dict[str, bool] = {}
        for period in unit.periods:
            for path, (score, points) in period.indicators.items():
                seen[path] = seen.get(path, True) and score >= points
        for path, full in seen.items():
            counts[path] = counts.get(path, 0) + int(full)
    return counts


def region_block(units: Sequence[UnitYear], total: Decimal | None = None) -> dict[str, Any]:
    """{"bands", "excellent_rate", "full_marks"} over ``units``."""
    scaled = [on_hundred(u.score, total) for u in units]
    bands = dict.fromkeys(BANDS, 0)
    for score in scaled:
        bands[band(score)] += 1
    return {
        "bands": bands,
        "excellent_rate": rate(sum(1 for s in scaled if s >= EXCELLENT), len(scaled)),
        "full_marks": full_marks(units),
    }


def _difference(now: float | None, then: float | None) -> float | None:
    if now is None or then is None:
        return None
    return float((Decimal(str(now)) - Decimal(str(then))).quantize(RATE_PLACES))


def compare_blocks(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """The change from ``previous`` to ``current`` (this year minus last year): every band,
    the excellent rate (in share points) and the full-marks count of each indicator in both."""
    return {
        "bands": {b: current["bands"][b] - previous["bands"][b] for b in BANDS},
        "excellent_rate": _difference(current["excellent_rate"], previous["excellent_rate"]),
        "full_marks": {
            path: n - previous["full_marks"][path]
            for path, n in current["full_marks"].items()
            if path in previous["full_marks"]
        },
    }
