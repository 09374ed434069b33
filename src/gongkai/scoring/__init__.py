"""Scoring engine: indicator schemes (YAML), the evaluator, and ranking. No Django here.

Public API::

    load_scheme(id_or_path) -> Scheme          # built-in id (e.g. "shangnan-quarterly") or a .yaml path
    score_unit(scheme, UnitInput(...)) -> UnitResult   # .to_dict() is JSON-serialisable
    score_units(scheme, inputs, ranking="dense") -> list[UnitResult]   # scored and ranked
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.scoring.engine import ManualScore, ScoringInputError, UnitInput, UnitResult, score_unit
from gongkai.scoring.ranking import METHODS, rank_groups, rank_values
from gongkai.scoring.scheme import Scheme, SchemeError, builtin_ids, load_scheme, parse_scheme

__all__ = [
    "METHODS",
    "ManualScore",
    "Scheme",
    "SchemeError",
    "ScoringInputError",
    "UnitInput",
    "UnitResult",
    "builtin_ids",
    "load_scheme",
    "parse_scheme",
    "rank_groups",
    "rank_results",
    "rank_values",
    "score_unit",
    "score_units",
]


def score_units(scheme: Scheme, inputs: Iterable[UnitInput], ranking: str = "dense") -> list[UnitResult]:
    """Score every unit and rank within categories; returns results sorted by category then rank
    (ties keep input order), each with ``rank`` set."""
    return rank_results([score_unit(scheme, unit) for unit in inputs], ranking)


def rank_results(results: list[UnitResult], ranking: str = "dense") -> list[UnitResult]:
    """Set ``rank`` on already scored results (within category, by the scheme's rank value) and
    return them sorted by category (first appearance), then rank; ties keep their order. Units
    that triggered a veto come after all the others of their category (never tied with them)."""
    zero_last = any(r.zero_shares_last_rank for r in results)
    ranked = rank_groups(
        results,
        lambda r: r.category,
        lambda r: r.rank_value,
        ranking,
        zero_last,
        last=lambda r: bool(r.vetoes),
    )
    for result, rank in ranked:
        result.rank = rank
    return [result for result, _ in ranked]
