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
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from gongkai.assessment.models import Period, Score
from gongkai.assessment.services import scheme_for
from gongkai.audit.kinds import kind_label
from gongkai.circulars import messages_sentence
from gongkai.circulars.defaults import Resolved, period_label, resolve
from gongkai.circulars.models import PublishedCircular
from gongkai.circulars.submission_sentence import headline
from gongkai.followup.manual import manual_notice_rows
from gongkai.monitoring.evidence_files import evidence_file
from gongkai.monitoring.models import Finding
from gongkai.registry.models import Unit
from gongkai.reports import BULLETIN, Bulletin, Circular, PeriodScores, ProblemKind, RankedTable, UnitProblem
from gongkai.reports.model import Cell
from gongkai.scoring import Scheme
from gongkai.scoring.numbers import plain
from gongkai.scoring.scheme import TOTAL_COLUMN

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
    """Published periods of the same region and scheme before this one, latest first."""
    earlier = Q(check_date__lt=period.check_date) | Q(check_date=period.check_date, pk__lt=period.pk)
    return list(
        Period.objects.filter(
            earlier, region=period.region, scheme=period.scheme, status=Period.Status.PUBLISHED
        )
        .exclude(pk=period.pk)
        .order_by("-check_date", "-pk")[:limit]
    )


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


@dataclass(frozen=True)
class Column:
    """One printed column between 单位名称 and 排名: where its values come from and its header."""

    kind: str  # "metric", "indicator" or "total"
    source: str  # metric name or indicator id ("" for the total)
    header: str


def table_layout(period: Period, scheme: Scheme) -> list[Column]:
    """The scheme's own ``table_columns`` (the seed's headers) when it has them; otherwise the
    imported numbers and the total for metric-based schemes, the first-level indicators and 总分
    for the others. Every table then ends with 排名."""
    if scheme.table_columns:
        return [
            Column(
                "total" if key == TOTAL_COLUMN else "metric" if key in scheme.metrics else "indicator",
                "" if key == TOTAL_COLUMN else key,
                header,
            )
            for key, header in scheme.table_columns.items()
        ]
    if is_metric_based(scheme):
        columns = [Column("metric", name, name) for name in _metric_columns(period, scheme)]
    else:
        columns = [Column("indicator", node.id, node.name) for node in scheme.indicators]
    return [*columns, Column("total", "", score_column(scheme))]


def _indicator_scores(trace: dict) -> dict[str, object]:
    """indicator id -> score, at every level of a stored trace."""
    scores: dict[str, object] = {}
    pending = [*trace.get("indicators", []), *trace.get("bonus", [])]
    while pending:
        node = pending.pop()
        scores[node["id"]] = node.get("score")
        pending.extend(node.get("children", []))
    return scores


def veto_note(scores: list[Score], labels: dict[int, str]) -> str:
    """ "注：统计局触发否决项（…），排在未触发否决项的单位之后。" for the vetoed units of one table."""
    vetoed = [s for s in scores if s.vetoed]
    if not vetoed:
        return ""
    reasons = list(dict.fromkeys(v["name"] for s in vetoed for v in s.trace.get("vetoes", [])))
    why = f"（{'；'.join(reasons)}）" if reasons else ""
    names = "、".join(labels[s.unit_id] for s in vetoed)
    return f"注：{names}触发否决项{why}，排在未触发否决项的单位之后。"


def used_inputs(trace: Any) -> dict[str, Any]:
    """{metric name: value} of the inputs the score was computed from, as its trace records them
    (a register's count, the audit's weekly misses, a typed value), the first one met for each
    name: the table prints what was scored, not only what was typed."""
    found: dict[str, Any] = {}

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key != "inputs" or not isinstance(value, list):
                    walk(value)
                    continue
                for quantity in value:
                    if isinstance(quantity, dict) and "name" in quantity and "value" in quantity:
                        found.setdefault(quantity["name"], quantity["value"])

    walk(trace)
    return found


def _tables(
    period: Period, scheme: Scheme, settings: Resolved, label: str, labels: dict[int, str]
) -> list[RankedTable]:
    layout = table_layout(period, scheme)
    metrics: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for unit_id, name, value in period.metrics.values_list("unit_id", "name", "value"):
        metrics[unit_id][name] = value
    columns = [NAME_COLUMN, *(c.header for c in layout), RANK_COLUMN]
    total_name = next(c.header for c in layout if c.kind == "total")
    count_column = next(
        (c.header for c in layout if c.kind == "metric" and c.header.startswith("报送")), None
    )
    by_category: dict[str, list[Score]] = defaultdict(list)
    for s in ranked_scores(period):
        by_category[s.category].append(s)
    tables = []
    for category, scores in by_category.items():
        rows: list[list[Cell]] = []
        for s in scores:
            indicator = _indicator_scores(s.trace)
            used = used_inputs(s.trace)
            row: list[Cell] = [labels[s.unit_id]]
            for column in layout:
                if column.kind == "metric":
                    typed = metrics[s.unit_id].get(column.source, scheme.metrics[column.source].default)
                    row.append(used.get(column.source, plain(typed)))
                elif column.kind == "indicator":
                    row.append(indicator.get(column.source))
                else:
                    row.append(plain(s.total))
            rows.append([*row, s.rank])
        title = settings.table_title.replace("{period}", label).replace("{category}", category)
        notes = list(settings.notes or ([scheme.note] if scheme.note else []))
        if note := veto_note(scores, labels):
            notes.append(note)
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
                rank_column=RANK_COLUMN,
            )
        )
    return tables


def _findings(period: Period) -> list[tuple[Score, Finding]]:
    """The findings behind the stored scores (Score.finding_ids), in table order."""
    scores = ranked_scores(period)
    ids = [pk for s in scores for pk in s.finding_ids]
    found = Finding.objects.select_related("run").in_bulk(ids)
    return [(s, found[pk]) for s in scores for pk in s.finding_ids if pk in found]


def fetch_time(value: object) -> str:
    """An evidence fetch time (ISO 8601, UTC) as a notice prints it, in local time."""
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    if timezone.is_aware(when):
        when = timezone.localtime(when)
    return when.strftime("%Y-%m-%d %H:%M:%S")


def evidence_fields(finding: Finding) -> dict[str, Any]:
    """UnitProblem's evidence fields for ``finding`` (issue 18): its screenshot on disk when the
    file is still kept, the box of the outlined problem, the page's SHA-256 and fetch time."""
    evidence = finding.data.get("evidence") if isinstance(finding.data, dict) else None
    if not isinstance(evidence, dict):
        return {}
    path = evidence_file(finding.run, evidence.get("screenshot"))
    box = evidence.get("box")
    return {
        "screenshot": str(path) if path else "",
        "screenshot_box": box if path and isinstance(box, dict) else None,
        "sha256": str(evidence.get("sha256") or ""),
        "fetched_at": fetch_time(evidence["fetched_at"]) if evidence.get("fetched_at") else "",
    }


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


def year_before(day: date) -> date:
    """The same day a year earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def compared_period(period: Period, choice: str = "") -> tuple[Period | None, str]:
    """The published period the circular compares with, and the word for it: ``choice`` 同比 takes
    the same period a year earlier, 环比 the latest earlier one; blank takes the latest earlier one
    and calls it 同比 when it is the same period a year before (a yearly assessment), else 环比."""
    same_scheme = Period.objects.filter(
        region=period.region, scheme=period.scheme, status=Period.Status.PUBLISHED
    ).exclude(pk=period.pk)
    if choice == "同比":
        return same_scheme.filter(start=year_before(period.start)).order_by("-pk").first(), "同比"
    earlier = previous_periods(period, limit=1)
    if not earlier:
        return None, choice or "环比"
    if choice == "环比":
        return earlier[0], "环比"
    return earlier[0], "同比" if earlier[0].start == year_before(period.start) else "环比"


def _change_sentence(current: dict[str, dict[str, float]], previous: PeriodScores) -> str:
    """ "与上期（2021年第一季度）相比，镇办平均得分由12.3分升至14.1分。" per category present in both
    ("与上年同期（…）相比" when the comparison is 同比)."""
    parts = []
    for category, scores in current.items():
        before = previous.scores.get(category)
        if not scores or not before:
            continue
        now = sum(scores.values()) / len(scores)
        then = sum(before.values()) / len(before)
        if abs(now - then) < 0.05:
            parts.append(f"{category}平均得分与上期持平（{now:.1f}分）")
        else:
            verb = "升至" if now > then else "降至"
            parts.append(f"{category}平均得分由{then:.1f}分{verb}{now:.1f}分")
    if not parts:
        return ""
    when = "上年同期" if previous.relation == "同比" else "上期"
    return (
        f"与{when}（{previous.label}）相比，" + "，".join(parts).replace("与上期持平", f"与{when}持平") + "。"
    )


def issue_number(period: Period, number: int | None, year: int) -> int:
    """The bulletin's 期号: the one set, else 1 + the region's circulars published earlier that year."""
    if number:
        return number
    others = PublishedCircular.objects.filter(period__region=period.region, published_at__year=year).exclude(
        period=period
    )
    mine = PublishedCircular.objects.filter(period=period).first()
    if mine is not None:
        others = others.filter(published_at__lt=mine.published_at)
    return others.count() + 1


def bulletin_for(period: Period, settings: Resolved, day: date) -> Bulletin:
    return Bulletin(
        name=settings.bulletin_name,
        issue=f"{day.year}年第{issue_number(period, settings.issue_number, day.year)}期",
        send_to=settings.send_to or settings.cc,
        distribute_to=settings.distribute_to or settings.recipients,
        signed_by=settings.signed_by,
        reviewed_by=settings.reviewed_by,
        edited_by=settings.edited_by,
    )


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
        PeriodScores(label=period_label(p), scores=_totals(p), relation="环比")
        for p in reversed(previous_periods(period))
    ]
    other, relation = compared_period(period, settings.comparison)
    compared = None
    if other is not None:
        compared = PeriodScores(label=period_label(other), scores=_totals(other), relation=relation)
    pairs = _findings(period)
    deadline = settings.rectification_deadline
    unit_problems = [
        UnitProblem(
            labels[s.unit_id],
            f.message,
            f.page,
            deadline,
            **(evidence_fields(f) if settings.evidence_screenshots else {}),
        )
        for s, f in pairs
    ]
    unit_problems += [  # problems a supervisor issued by hand (issue 16.5), with their own deadlines
        UnitProblem(labels[unit_id], message, page, day)
        for unit_id, message, page, day in manual_notice_rows(period)
        if unit_id in labels
    ]
    if draft is None:
        draft = not period.frozen
    units = sum(len(t.rows) for t in tables)
    intro = f"按照政府网站和政务公开监管工作要求，{settings.issuing_office}对{units}个单位{label}的政府网站和政务公开工作进行了检查。"
    if compared is not None:
        intro += _change_sentence({t.category: dict(t.scores()) for t in tables}, compared)
    intro += "现将有关情况通报如下："
    paragraphs = [intro]
    if submissions := headline(period, label, [t.category for t in tables]):
        paragraphs.append(submissions)
    if messages := messages_sentence.headline(period, label):
        paragraphs.append(messages)
    title = settings.title + (DRAFT_MARK if draft else "")
    day = settings.date or on or timezone.localdate()
    bulletin = bulletin_for(period, settings, day) if settings.form == BULLETIN else None
    return Circular(
        issuing_office=settings.issuing_office,
        document_number=settings.document_number,
        date=day,
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
        best_count=settings.best_count,
        worst_count=settings.worst_count,
        names_cap=settings.names_cap,
        form=settings.form,
        bulletin=bulletin,
        compared=compared,
        compare_latest=False,  # compared_period has chosen; None there means no comparison
    )
