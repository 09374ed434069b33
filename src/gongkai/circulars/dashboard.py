"""The figures of the leader dashboard, from stored scores and findings: rankings of a period per
category, each category's average across the periods of the same region and scheme, problems by
kind and by unit. Charts are drawn by gongkai.reports.charts from a chart-only Circular."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db.models import QuerySet

from gongkai.assessment.models import Period, Score
from gongkai.audit.kinds import kind_label
from gongkai.monitoring.models import Finding
from gongkai.reports import charts
from gongkai.reports.model import Circular, PeriodScores, ProblemKind, RankedTable

TREND_PERIODS = 12  # how many periods the trend goes back


@dataclass
class Dashboard:
    period: Period
    rankings: list[tuple[str, list[Score]]]
    trend: list[
        dict[str, Any]
    ]  # {"period", "averages": {category: avg}, "values": [avg in categories order]}
    categories: list[str]
    by_kind: list[tuple[str, str, int]]  # (kind, label, count)
    by_unit: list[dict[str, Any]] = field(default_factory=list)


def scored_periods(periods: QuerySet[Period]) -> QuerySet[Period]:
    """Periods with at least one computed total, newest first."""
    return periods.filter(scores__total__isnull=False).distinct().order_by("-check_date", "-id")


def _scores(period: Period) -> list[Score]:
    return list(
        period.scores.filter(total__isnull=False)
        .select_related("unit")
        .order_by("category", "rank", "unit__order", "unit__name")
    )


def _averages(period: Period) -> dict[str, float]:
    totals: dict[str, list[float]] = defaultdict(list)
    for category, total in period.scores.filter(total__isnull=False).values_list("category", "total"):
        totals[category].append(float(total))
    return {c: sum(v) / len(v) for c, v in totals.items()}


def trend_periods(period: Period, visible: QuerySet[Period]) -> list[Period]:
    """The periods of the same region and scheme up to this one, oldest first."""
    same = scored_periods(visible).filter(
        region=period.region, scheme=period.scheme, check_date__lte=period.check_date
    )
    return list(reversed(same[:TREND_PERIODS]))


def build(period: Period, visible: QuerySet[Period]) -> Dashboard:
    scores = _scores(period)
    rankings = [(c, list(items)) for c, items in groupby(scores, key=lambda s: s.category)]
    trend = [{"period": p, "averages": _averages(p)} for p in trend_periods(period, visible)]
    categories = list(dict.fromkeys(c for row in trend for c in row["averages"]))
    for row in trend:
        row["values"] = [row["averages"].get(c) for c in categories]
    finding_ids = [i for s in scores for i in s.finding_ids]
    kinds: Counter[str] = Counter()
    per_unit: dict[int, Counter[str]] = defaultdict(Counter)
    for unit_id, kind in Finding.objects.filter(pk__in=finding_ids).values_list("run__site__unit_id", "kind"):
        kinds[kind] += 1
        per_unit[unit_id][kind] += 1
    by_unit = [
        {
            "unit": s.unit,
            "total": sum(per_unit[s.unit_id].values()),
            "kinds": [(kind_label(k), n) for k, n in per_unit[s.unit_id].most_common()],
        }
        for s in scores
        if per_unit[s.unit_id]
    ]
    by_unit.sort(key=lambda row: (-row["total"], row["unit"].name))
    return Dashboard(
        period=period,
        rankings=rankings,
        trend=trend,
        categories=categories,
        by_kind=[(k, kind_label(k), n) for k, n in kinds.most_common()],
        by_unit=by_unit,
    )


def _chart_circular(board: Dashboard) -> Circular:
    """Only what the chart functions read: tables (current scores), previous periods, problems."""
    tables = [
        RankedTable(
            title=category,
            category=category,
            columns=["单位名称", "总分"],
            rows=[[s.unit.name, s.total] for s in scores],
        )
        for category, scores in board.rankings
    ]
    previous = [
        PeriodScores(
            label=row["period"].name,
            scores={
                c: {
                    s.unit.name: float(s.total)
                    for s in row["period"].scores.filter(category=c, total__isnull=False)
                }
                for c in row["averages"]
            },
        )
        for row in board.trend
        if row["period"].pk != board.period.pk
    ]
    return Circular(
        issuing_office="",
        document_number="",
        date=board.period.check_date,
        title=board.period.name,
        recipients="",
        period_label=board.period.name,
        tables=tables,
        previous=previous,
        problems=[ProblemKind(kind=label, count=n) for _, label, n in board.by_kind],
    )


def trend_png(board: Dashboard) -> bytes:
    return charts.to_png(charts.trend_figure(_chart_circular(board)))


def problems_png(board: Dashboard) -> bytes:
    return charts.to_png(charts.problems_figure(_chart_circular(board)))
