"""A period's circular (gongkai.reports.Circular) from the database: ranked tables with the
scheme's columns, the summary data, the problems behind the scores, and the comparison with the
previous published period of the same region and scheme.

Nothing is computed here that the engine already computed: totals, ranks and first-level scores
come from the stored Score rows and their traces.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from gongkai.assessment import comparison
from gongkai.assessment.models import Period, Score
from gongkai.assessment.services import scheme_for
from gongkai.audit.kinds import kind_label
from gongkai.circulars.defaults import Resolved, period_label, resolve
from gongkai.circulars.submission_sentence import headline
from gongkai.monitoring.models import Finding
from gongkai.registry.models import Unit
from gongkai.reports import Circular, PeriodScores, ProblemKind, RankedTable, UnitProblem
from gongkai.reports.model import Cell
from gongkai.scoring import Scheme
from gongkai.scoring.numbers import plain

DRAFT_MARK = "（征求意见稿）"
NAME_COLUMN = "单位名称"
RANK_COLUMN = "排名"
EXAMPLES_PER_KIND = 3
TREND_PERIODS = 5


def is_metric_based(scheme: Scheme) -> bool:
    """Schemes scored from imported numbers only (yanshi-monthly, shangnan-quarterly,
    junan-content): their tables show the numbers, as the seeds do."""
    manual = any(node.accepts_manual for node in scheme.all_indicators())
    return bool(scheme.metrics) and not scheme.counts and not scheme.site and not manual


def score_column(scheme: Scheme) -> str:
    """Seed 002 (one formula) calls it 得分; seed 000 (four parts added up) 总分."""
    return "得分" if len(scheme.indicators) == 1 and scheme.total is None else "总分"


def unit_labels(units: Iterable[Unit]) -> dict[int, str]:
    """unit id -> the name a circular prints: the unit's name, or region + name when another unit
    of the same period has that name (偃师市统计局, 孟津区统计局), the full region path when even that
    repeats, and the id as a last resort. Labels are unique, so the engine's per-unit outputs
    (notices, problem lists, score tables) never merge two units."""
    units = list(units)
    candidates = [
        lambda u: u.name,
        lambda u: f"{u.region.name}{u.name}",
        lambda u: f"{u.region.full_name}{u.name}",
    ]
    labels: dict[int, str] = {}
    pending = units
    for candidate in candidates:
        if not pending:
            break
        counts = Counter(candidate(u) for u in units)
        for unit in pending:
            if counts[candidate(unit)] == 1:
                labels[unit.pk] = candidate(unit)
        pending = [u for u in pending if u.pk not in labels]
    for unit in pending:
        labels[unit.pk] = f"{unit.region.full_name}{unit.name}（{unit.pk}）"
    return labels


def period_unit_labels(period: Period) -> dict[int, str]:
    """:func:`unit_labels` over the period's units."""
    return unit_labels(period.units.select_related("region__parent__parent"))


def ranked_scores(period: Period) -> list[Score]:
    """Scored units in table order: categories in the scheme's order, then rank, then registry order."""
    scheme = scheme_for(period.scheme)
    order = {name: i for i, name in enumerate(scheme.categories)}
    scores = period.scores.filter(total__isnull=False).select_related("unit")
    return sorted(
        scores,
        key=lambda s: (order.get(s.category, len(order)), s.category, s.rank or 0, s.unit.order, s.unit.name),
    )


def previous_periods(period: Period, limit: int = TREND_PERIODS) -> list[Period]:
    """Published periods of the same region and scheme this one is compared with, latest first:
    the previous ones (环比) or the same period of earlier years (同比), as the period says."""
    return comparison.earlier_periods(period, limit)


def _totals(period: Period) -> dict[str, dict[str, float]]:
    labels = period_unit_labels(period)
    scores: dict[str, dict[str, float]] = defaultdict(dict)
    for s in period.scores.filter(total__isnull=False):
        scores[s.category][labels[s.unit_id]] = float(s.total)
    return dict(scores)


def _metric_columns(period: Period, scheme: Scheme) -> list[str]:
    """Required metrics, and optional ones only when some unit has a value other than the default
    (yanshi-monthly's 信息发布不及时 flag stays out of the table while nobody is flagged)."""
    stored = defaultdict(set)
    for name, value in period.metrics.values_list("name", "value"):
        stored[name].add(value)
    columns = []
    for metric in scheme.metrics.values():
        if metric.default is None or any(v != metric.default for v in stored.get(metric.name, ())):
            columns.append(metric.name)
    return columns


def _tables(
    period: Period, scheme: Scheme, settings: Resolved, label: str, labels: dict[int, str]
) -> list[RankedTable]:
    scores = ranked_scores(period)
    metric_based = is_metric_based(scheme)
    total_name = score_column(scheme)
    if metric_based:
        parts = _metric_columns(period, scheme)
        metrics: dict[int, dict[str, Decimal]] = defaultdict(dict)
        for unit_id, name, value in period.metrics.values_list("unit_id", "name", "value"):
            metrics[unit_id][name] = value
        columns = [NAME_COLUMN, *parts, total_name, RANK_COLUMN]
    else:
        parts = [node.name for node in scheme.indicators]
        columns = [NAME_COLUMN, *parts, total_name]
    count_column = next((p for p in parts if metric_based and p.startswith("报送")), None)
    by_category: dict[str, list[list[Cell]]] = defaultdict(list)
    for s in scores:
        if metric_based:
            values = [plain(metrics[s.unit_id].get(p, scheme.metrics[p].default)) for p in parts]
            row: list[Cell] = [labels[s.unit_id], *values, plain(s.total), s.rank]
        else:
            first_level = {i["name"]: i["score"] for i in s.trace.get("indicators", [])}
            row = [labels[s.unit_id], *(first_level.get(p) for p in parts), plain(s.total)]
        by_category[s.category].append(row)
    tables = []
    for category, rows in by_category.items():
        title = settings.table_title.replace("{period}", label).replace("{category}", category)
        notes = settings.notes or ([scheme.note] if scheme.note else [])
        tables.append(
            RankedTable(
                title=title,
                category=category,
                columns=columns,
                rows=rows,
                notes=notes,
                name_column=NAME_COLUMN,
                score_column=total_name,
                count_column=count_column,
            )
        )
    return tables


def _findings(period: Period) -> list[tuple[Score, Finding]]:
    """The findings behind the stored scores (Score.finding_ids), in table order."""
    scores = ranked_scores(period)
    ids = [pk for s in scores for pk in s.finding_ids]
    found = Finding.objects.in_bulk(ids)
    return [(s, found[pk]) for s in scores for pk in s.finding_ids if pk in found]


def _problems(pairs: list[tuple[Score, Finding]], labels: dict[int, str]) -> list[ProblemKind]:
    counts = Counter(f.kind for _, f in pairs)
    examples: dict[str, list[str]] = defaultdict(list)
    for score, finding in pairs:
        if len(examples[finding.kind]) < EXAMPLES_PER_KIND:
            examples[finding.kind].append(f"{labels[score.unit_id]}{finding.message}")
    return [
        ProblemKind(
            kind=kind_label(kind),
            count=count,
            description=f"共涉及{len({s.unit_id for s, f in pairs if f.kind == kind})}个单位。",
            examples=examples[kind],
        )
        for kind, count in counts.most_common()
    ]


@dataclass
class Comparison:
    """One unit's total and rank this period and in the previous published period."""

    unit: str
    category: str
    total: Decimal | None
    rank: int | None
    previous_total: Decimal | None
    previous_rank: int | None

    @property
    def delta(self) -> Decimal | None:
        if self.total is None or self.previous_total is None:
            return None
        return self.total - self.previous_total


def compare_with_previous(period: Period) -> tuple[Period | None, list[Comparison]]:
    """The previous published period and, per unit of this period, both totals and ranks."""
    earlier = previous_periods(period, limit=1)
    if not earlier:
        return None, []
    before = {s.unit_id: s for s in Score.objects.filter(period=earlier[0])}
    labels = period_unit_labels(period)
    rows = []
    for s in ranked_scores(period):
        old = before.get(s.unit_id)
        rows.append(
            Comparison(
                labels[s.unit_id],
                s.category,
                s.total,
                s.rank,
                old.total if old else None,
                old.rank if old else None,
            )
        )
    return earlier[0], rows


def _change_sentence(current: dict[str, dict[str, float]], previous: PeriodScores, word: str = "上期") -> str:
    """ "与上期（2021年第一季度）相比，镇办平均得分由12.3分升至14.1分。" per category present in both
    (``word``: 上期 for 环比, 去年同期 for 同比)."""
    parts = []
    for category, scores in current.items():
        before = previous.scores.get(category)
        if not scores or not before:
            continue
        now = sum(scores.values()) / len(scores)
        then = sum(before.values()) / len(before)
        if abs(now - then) < 0.05:
            parts.append(f"{category}平均得分与{word}持平（{now:.1f}分）")
        else:
            verb = "升至" if now > then else "降至"
            parts.append(f"{category}平均得分由{then:.1f}分{verb}{now:.1f}分")
    if not parts:
        return ""
    return f"与{word}（{previous.label}）相比，" + "，".join(parts) + "。"


def circular_for(period: Period, *, draft: bool | None = None, on: date | None = None) -> Circular:
    """The circular of ``period``. ``draft`` (default: the period is not published) marks the title
    征求意见稿; ``on`` is the date of the document when the settings give none (default today)."""
    scheme = scheme_for(period.scheme)
    label = period_label(period)
    categories = list(
        dict.fromkeys([*scheme.categories, *period.memberships.values_list("category", flat=True)])
    )
    settings = resolve(period, categories, scheme.pass_mark)
    labels = period_unit_labels(period)
    tables = _tables(period, scheme, settings, label, labels)
    present = {t.category for t in tables}
    thresholds = [t for t in settings.thresholds if t.category in present]
    previous = [
        PeriodScores(label=period_label(p), scores=_totals(p), relation=comparison.relation(period))
        for p in reversed(previous_periods(period))
    ]
    pairs = _findings(period)
    deadline = settings.rectification_deadline
    unit_problems = [UnitProblem(labels[s.unit_id], f.message, f.page, deadline) for s, f in pairs]
    if draft is None:
        draft = not period.frozen
    units = sum(len(t.rows) for t in tables)
    intro = f"按照政府网站和政务公开监管工作要求，{settings.issuing_office}对{units}个单位{label}的政府网站和政务公开工作进行了检查。"
    if previous:
        intro += _change_sentence(
            {t.category: dict(t.scores()) for t in tables}, previous[-1], comparison.earlier_word(period)
        )
    intro += "现将有关情况通报如下："
    paragraphs = [intro]
    if submissions := headline(period, label, [t.category for t in tables]):
        paragraphs.append(submissions)
    title = settings.title + (DRAFT_MARK if draft else "")
    return Circular(
        issuing_office=settings.issuing_office,
        document_number=settings.document_number,
        date=settings.date or on or timezone.localdate(),
        title=title,
        recipients=settings.recipients,
        period_label=label,
        tables=tables,
        intro=paragraphs,
        thresholds=thresholds,
        problems=_problems(pairs, labels),
        requirements=settings.requirements,
        rectification_deadline=deadline,
        unit_problems=unit_problems,
        previous=previous,
        contact=settings.contact,
        cc=settings.cc,
        disclosure_note=settings.disclosure_note,
        problem_list_title=f"{label}政府网站和政务公开问题清单",
    )
