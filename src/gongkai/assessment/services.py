"""What changes scores, in small functions: periods and their units, metric values, manual
entries with evidence, and recomputation with the scoring engine.

Every change writes ScoreChange rows (who, when, old, new, why), and every change that can move a
score recomputes the period, so the stored scores always match their inputs. A published period
refuses all of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from gongkai.assessment.evidence_status import evidence_absent
from gongkai.assessment.metric_table import Problem, read_metric_table
from gongkai.assessment.models import (
    Evidence,
    ManualEntry,
    MetricValue,
    Period,
    PeriodUnit,
    Score,
    ScoreChange,
)
from gongkai.audit.kinds import is_units_problem
from gongkai.monitoring.models import Finding, Probe
from gongkai.monitoring.store import latest_runs_of
from gongkai.registers.metrics import SOURCE as REGISTER_SOURCE
from gongkai.registers.metrics import Counted, provided, register_values
from gongkai.registers.metrics_changes import changed_registers
from gongkai.registry.changes import scoring_changes_since, trace_entry
from gongkai.registry.excel_read import ImportResult
from gongkai.registry.models import Region, Unit
from gongkai.review.dismissals import converted_ids, dismissed_ids
from gongkai.scoring import ManualScore, Scheme, ScoringInputError, UnitInput, load_scheme, rank_results
from gongkai.scoring.engine import score_unit
from gongkai.scoring.numbers import fmt
from gongkai.scoring.vocabulary import AUDIT_SITE_FACTS
from gongkai.uploads import UploadError, check_uploads

PROBE_WINDOW = timedelta(days=7)  # rules.md §1: probe the home page "for 1 week"
METRIC_PLACES = Decimal("0.0001")  # MetricValue.value keeps 4 decimal places
METRIC_LIMIT = Decimal(10) ** 10
TRACE_RECORDS = 20  # register records kept in the score trace per value (then only their count)

User = AbstractBaseUser | None


class AssessmentError(ValueError):
    """A change that cannot be made; the message is Chinese."""


class PeriodFrozen(AssessmentError):
    pass


# schemes and periods ---------------------------------------------------------------------------
@lru_cache(maxsize=32)
def scheme_for(scheme_id: str) -> Scheme:
    """The built-in scheme (cached: schemes are files shipped with the code)."""
    return load_scheme(scheme_id)


def check_not_frozen(period: Period) -> None:
    if period.frozen:
        raise PeriodFrozen(f"考评期“{period.name}”已发布，得分已冻结，不能再修改。")


def default_units(region: Region, scheme: Scheme) -> QuerySet[Unit]:
    """All active units of the region and below; limited to the scheme's categories when the
    scheme has indicators that apply to some categories only (category names then matter)."""
    units = Unit.objects.filter(region__path__startswith=region.path, active=True)
    if scheme.categories and any(node.applies_to for node in scheme.all_indicators()):
        units = units.filter(category__name__in=scheme.categories)
    return units.select_related("category").order_by("region__path", "category__order", "order", "name")


def set_period_units(period: Period, units: Iterable[Unit], *, user: User, reason: str) -> None:
    """Make ``units`` the period's units (new ones ranked in their registry category); logs each
    unit added or removed and recomputes."""
    check_not_frozen(period)
    wanted = {unit.pk: unit for unit in units}
    with transaction.atomic():
        current = {m.unit_id: m for m in period.memberships.all()}
        removed = [m for unit_id, m in current.items() if unit_id not in wanted]
        added = [u for unit_id, u in wanted.items() if unit_id not in current]
        PeriodUnit.objects.filter(pk__in=[m.pk for m in removed]).delete()
        Score.objects.filter(period=period, unit_id__in=[m.unit_id for m in removed]).delete()
        PeriodUnit.objects.bulk_create(
            [PeriodUnit(period=period, unit=u, category=u.category.name) for u in added]
        )
        ScoreChange.objects.bulk_create(
            [_change(period, m.unit_id, "考评对象", "参加考评", "移出", reason, user) for m in removed]
            + [_change(period, u.pk, "考评对象", "", "参加考评", reason, user) for u in added]
        )
        if removed or added:
            recompute(period, user=user, reason=reason)


def _change(
    period: Period, unit_id: int, what: str, old: str, new: str, reason: str, user: User, label: str = ""
) -> ScoreChange:
    return ScoreChange(
        period=period,
        unit_id=unit_id,
        what=what,
        label=label[:300],
        old=old[:200],
        new=new[:200],
        reason=reason,
        user=user,
    )


# inputs of the engine ----------------------------------------------------------------------------
@dataclass(slots=True)
class AuditInput:
    findings: list[dict[str, Any]] | None
    finding_ids: list[int] = field(default_factory=list)
    pages_crawled: int | None = None
    columns: list[dict[str, Any]] | None = None  # the runs' column records (seed 003's weekly data)
    site_facts: dict[str, int] = field(default_factory=dict)  # AUDIT_SITE_FACTS summed over the runs


def unit_audit_input(unit: Unit, check_date: date) -> AuditInput:
    """The findings of the latest runs (monitoring.store.latest_runs_of), concatenated, without those dismissed
    as false positives in review and without those of review-only kinds (audit.kinds: our own
    failures, such as a firewall answer or a crash in a check) unless review made one the unit's
    problem; None when no site has such a run."""
    return audit_inputs([unit.pk], check_date)[unit.pk]


def audit_inputs(unit_ids: Iterable[int], check_date: date) -> dict[int, AuditInput]:
    """:func:`unit_audit_input` of many units in a few queries (a period's recompute)."""
    unit_ids = list(unit_ids)
    runs_of = latest_runs_of(unit_ids, check_date)
    unit_of_run = {run.pk: unit_id for unit_id, runs in runs_of.items() for run in runs}
    rows = list(Finding.objects.filter(run_id__in=unit_of_run).order_by("run__site_id", "run_id", "position"))
    converted = converted_ids(rows)
    rows = [f for f in rows if is_units_problem(f.kind) or f.pk in converted]
    dismissed = dismissed_ids(rows)
    kept: dict[int, list[Finding]] = defaultdict(list)
    for f in rows:
        if f.pk not in dismissed:
            kept[unit_of_run[f.run_id]].append(f)
    inputs = {}
    for unit_id in unit_ids:
        runs = runs_of.get(unit_id)
        if not runs:
            inputs[unit_id] = AuditInput(None)
            continue
        unit_rows = kept[unit_id]
        inputs[unit_id] = AuditInput(
            [f.to_contract() for f in unit_rows],
            [f.pk for f in unit_rows],
            sum(r.pages_crawled for r in runs),
            [column for run in runs for column in run.columns or ()],
            {
                key: sum(int((r.site_info or {}).get(key) or 0) for r in runs)
                for key in AUDIT_SITE_FACTS
                if any(key in (r.site_info or {}) for r in runs)
            },
        )
    return inputs


def site_facts_of(unit_ids: Iterable[int], check_date: date) -> dict[int, dict[str, Any]]:
    """Probe facts of the units over the week that ends with the check date (the check date and
    the 6 days before it; rules.md §1: probe "for 1 week" up to the check), in one query; a unit
    without probes in the week is absent. The failure percent is that of the unit's worst site:
    the veto is per website, and pooling the probes of a healthy site would hide an unreachable
    one."""
    end = timezone.make_aware(datetime.combine(check_date + timedelta(days=1), time.min))
    per_site = (
        Probe.objects.filter(
            site__unit_id__in=list(unit_ids), site__active=True, at__gte=end - PROBE_WINDOW, at__lt=end
        )
        .values("site__unit_id", "site_id")
        .annotate(total=Count("id"), failed=Count("id", filter=Q(ok=False)))
    )
    by_unit: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in per_site:
        by_unit[row["site__unit_id"]].append(row)
    return {
        unit_id: {
            "probes_total": sum(r["total"] for r in rows),
            "probes_failed": sum(r["failed"] for r in rows),
            "probe_failed_percent": max(Decimal(r["failed"] * 100) / Decimal(r["total"]) for r in rows),
        }
        for unit_id, rows in by_unit.items()
    }


def _manual_scores(period: Period) -> dict[int, dict[str, ManualScore]]:
    manual: dict[int, dict[str, ManualScore]] = defaultdict(dict)
    for entry in period.manual_entries.prefetch_related("evidence"):
        manual[entry.unit_id][entry.indicator] = ManualScore(
            entry.points, entry.reason, [e.original_name for e in entry.evidence.all()], entry.applicable
        )
    return manual


@dataclass(slots=True)
class RegisterInput:
    """A unit's metrics after the registers' values are merged in: the register wins where it
    has data for the unit; a typed or imported value is used only where it has none."""

    metrics: dict[str, Decimal]
    sources: dict[str, str]
    notes: list[str]


def merge_register_metrics(
    scheme: Scheme,
    typed: Mapping[str, Decimal],
    from_register: Mapping[str, Decimal],
) -> RegisterInput:
    """Merge one unit's typed metrics with the registers' (registers.metrics) for the metrics of
    ``scheme`` a register computes; the notes say, for the trace, which value was used."""
    metrics, sources, notes = dict(typed), {}, []
    typed_used, absent = [], []
    for name in provided(scheme.metrics):
        if name in from_register:
            value = from_register[name]
            metrics[name], sources[name] = value, "register"
            old = typed.get(name)
            if old is not None and old != value:
                notes.append(f"“{name}”取自{REGISTER_SOURCE}（{fmt(value)}），未采用录入的值 {fmt(old)}")
        elif name in typed:
            typed_used.append(f"“{name}” = {fmt(typed[name])}")
        else:
            absent.append(f"“{name}”")
    if typed_used:
        notes.append(f"{REGISTER_SOURCE}无此单位的数据，使用录入的值：{'、'.join(typed_used)}")
    if absent:
        notes.append(f"{REGISTER_SOURCE}无此单位的数据，也未录入：{'、'.join(absent)}（按方案默认值计）")
    return RegisterInput(metrics, sources, notes)


def register_records(scheme: Scheme, from_register: Mapping[str, Counted]) -> dict[str, dict[str, Any]]:
    """For the trace (``trace["register_records"]``): each register value the scheme reads, with
    the records it counts ({"register", "value", "count", "records": the first TRACE_RECORDS as
    {"number", "title", "pk"}}), so the score page can name the records behind each point."""
    kept = {}
    for name in provided(scheme.metrics):
        item = from_register.get(name)
        if item is None or not item.register:
            continue  # a provider that gives a bare value (followup.metrics) names no records
        kept[name] = {
            "register": item.register,
            "value": fmt(item.value),
            "count": len(item.records),
            "records": [
                {"number": r.number, "title": r.title, "pk": r.pk} for r in item.records[:TRACE_RECORDS]
            ],
        }
    return kept


def registers_changed(period: Period) -> list[str]:
    """The registers feeding the period's scheme with a record of its units changed, inside its
    dates, after its last computation (registers.metrics_changes): the scores may be stale until
    a recompute. Empty for a published period and for one not computed yet."""
    if period.frozen:
        return []
    names = provided(scheme_for(period.scheme).metrics)
    computed = period.scores.aggregate(at=Min("computed_at"))["at"] if names else None
    if computed is None:
        return []
    units = period.memberships.values_list("unit_id", flat=True)
    return changed_registers(names, units, period.start, period.end, computed)


# recomputation ------------------------------------------------------------------------------------
def recompute(period: Period, *, user: User = None, reason: str) -> list[Score]:
    """Score every unit of the period with the engine, store scores and traces, rank within
    categories, and log every total that changed. A unit whose input cannot be scored (a metric
    not yet imported) keeps an error message instead of a total and does not block the others."""
    check_not_frozen(period)
    scheme = scheme_for(period.scheme)
    metrics: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for unit_id, name, value in period.metrics.values_list("unit_id", "name", "value"):
        metrics[unit_id][name] = value
    manual = _manual_scores(period)
    memberships = list(period.memberships.select_related("unit"))
    names = provided(scheme.metrics)
    registered = (
        register_values(names, [m.unit_id for m in memberships], period.start, period.end) if names else {}
    )
    unit_ids = [m.unit_id for m in memberships]
    audits = audit_inputs(unit_ids, period.check_date)
    probes = site_facts_of(unit_ids, period.check_date)
    absent = evidence_absent(period, scheme)
    scored, failed = [], []
    for membership in memberships:
        audit = audits[membership.unit_id]
        from_register = registered.get(membership.unit_id, {})
        merged = merge_register_metrics(
            scheme, metrics[membership.unit_id], {name: item.value for name, item in from_register.items()}
        )
        unit_input = UnitInput(
            membership.unit.name,
            membership.category,
            merged.metrics,
            audit.findings,
            (
                ({"pages_crawled": audit.pages_crawled} if audit.pages_crawled is not None else {})
                | probes.get(membership.unit_id, {})
                | audit.site_facts
            ),
            manual[membership.unit_id],
            merged.sources,
            audit.columns,
            absent.get(membership.unit_id, {}),
        )
        try:
            result = score_unit(scheme, unit_input)
            result.notes[:0] = merged.notes
            scored.append((result, membership, audit, register_records(scheme, from_register)))
        except ScoringInputError as exc:
            failed.append((membership, str(exc)))
    by_result = {id(result): (membership, audit, records) for result, membership, audit, records in scored}
    ranked = rank_results([result for result, *_ in scored], period.ranking)
    with transaction.atomic():
        existing = {s.unit_id: s for s in Score.objects.select_for_update().filter(period=period)}
        changes, stored = [], []
        for result in ranked:
            membership, audit, records = by_result[id(result)]
            trace = result.to_dict()
            if records:
                trace["register_records"] = records
            unit_reason = _with_registry_changes(trace, existing.get(membership.unit_id), reason)
            values = {
                "category": membership.category,
                "total": result.total,
                "rank": result.rank,
                "passed": result.passed,
                "vetoed": bool(result.vetoes),
                "veto_reasons": [v.reason for v in result.vetoes],
                "error": "",
                "trace": trace,
                "finding_ids": audit.finding_ids,
            }
            stored.append(_store(period, membership.unit_id, values, existing, changes, user, unit_reason))
        for membership, message in failed:
            values = {
                "category": membership.category,
                "total": None,
                "rank": None,
                "passed": None,
                "vetoed": False,
                "veto_reasons": [],
                "error": message,
                "trace": {},
                "finding_ids": [],
            }
            stored.append(_store(period, membership.unit_id, values, existing, changes, user, reason))
        ScoreChange.objects.bulk_create(changes)
    return stored


def _with_registry_changes(trace: dict[str, Any], previous: Score | None, reason: str) -> str:
    """Put into ``trace["registry_changes"]`` the scoring registry edits that took effect since
    the previous computation (a site switched off, a column's window changed…), and return the
    reason to log with the total, naming them. With none since, the previous trace's list is kept
    while the total is unchanged: it still explains the score."""
    since = previous.computed_at if previous is not None else None
    edits = [trace_entry(c) for c in scoring_changes_since(previous.unit_id, since)] if previous else []
    if edits:
        trace["registry_changes"] = edits
        return f"{reason}；登记信息变更：" + "；".join(e["change"] for e in edits)
    kept = previous.trace.get("registry_changes") if previous is not None else None
    if kept and previous.total is not None and trace.get("total") == previous.trace.get("total"):
        trace["registry_changes"] = kept
    return reason


def _total_text(score: Score | None) -> str:
    if score is None:
        return ""
    return "无法计算" if score.total is None else fmt(score.total)


def _store(
    period: Period,
    unit_id: int,
    values: Mapping[str, Any],
    existing: dict[int, Score],
    changes: list[ScoreChange],
    user: User,
    reason: str,
) -> Score:
    score = existing.get(unit_id)
    old, had_total = _total_text(score), score is not None and score.total is not None
    if score is None:
        score = Score(period=period, unit_id=unit_id)
    for key, value in values.items():
        setattr(score, key, value)
    score.save()
    new = _total_text(score)
    # "no score yet" -> "cannot be computed yet" is not a change anybody needs to audit
    if old != new and (had_total or score.total is not None):
        changes.append(_change(period, unit_id, ScoreChange.TOTAL, old, new, reason, user))
    return score


# metrics -------------------------------------------------------------------------------------------
def set_metrics(
    period: Period,
    values: Mapping[int, Mapping[str, Decimal]],
    *,
    user: User,
    reason: str,
    source: str = MetricValue.Source.MANUAL,
    categories: Mapping[int, str] | None = None,
) -> int:
    """Store metric values ({unit id: {name: value}}) and ranking categories, log each change and
    recompute. Returns the number of values that changed."""
    check_not_frozen(period)
    if not reason.strip():
        raise AssessmentError("请填写修改原因。")
    scheme = scheme_for(period.scheme)
    unknown = sorted({name for row in values.values() for name in row} - set(scheme.metrics))
    if unknown:
        raise AssessmentError(f"方案“{scheme.id}”没有这些数据项：{'、'.join(unknown)}")
    members = {m.unit_id: m for m in period.memberships.all()}
    outside = [unit_id for unit_id in values if unit_id not in members]
    if outside:
        raise AssessmentError("有单位不是本考评期的考评对象。")
    changes: list[ScoreChange] = []
    with transaction.atomic():
        current = {(m.unit_id, m.name): m for m in period.metrics.select_for_update()}
        for unit_id, row in values.items():
            for name, value in row.items():
                value = value.quantize(METRIC_PLACES)
                metric = current.get((unit_id, name))
                if metric is not None and metric.value == value:
                    continue
                old = "" if metric is None else fmt(metric.value)
                MetricValue.objects.update_or_create(
                    period=period,
                    unit_id=unit_id,
                    name=name,
                    defaults={"value": value, "source": source, "updated_by": user},
                )
                changes.append(_change(period, unit_id, name, old, fmt(value), reason, user, label="数据项"))
        for unit_id, category in (categories or {}).items():
            if category and members[unit_id].category != category:
                changes.append(
                    _change(period, unit_id, "类别", members[unit_id].category, category, reason, user)
                )
                PeriodUnit.objects.filter(pk=members[unit_id].pk).update(category=category)
        ScoreChange.objects.bulk_create(changes)
        if changes:
            recompute(period, user=user, reason=reason)
    return len(changes)


@dataclass
class MetricImport(ImportResult):
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    changed: int = 0

    def done(self) -> str:
        return f"已读取 {self.rows} 个单位的数据，{self.changed} 项有变化，得分已重新计算。"


def import_metrics(
    period: Period, stream: IO[bytes], filename: str, *, user: User, note: str = ""
) -> MetricImport:
    """Import a metric table (.csv/.xlsx, the `gongkai score` input format). Any problem: nothing
    is stored and every problem is reported with its row and column."""
    check_not_frozen(period)
    names: dict[str, list[int]] = defaultdict(list)
    for unit_id, name in period.memberships.values_list("unit_id", "unit__name"):
        names[name].append(unit_id)
    table = read_metric_table(stream, filename, scheme_for(period.scheme), names)
    for row in table.rows:
        for name, value in row.values.items():
            if abs(value) >= METRIC_LIMIT:
                table.problems.append(Problem(row.row, name, f"数值 {fmt(value)} 过大"))
    result = MetricImport(table.problems, len(table.rows))
    if result.ok:
        reason = f"导入《{filename}》" + (f"：{note.strip()}" if note.strip() else "")
        result.changed = set_metrics(
            period,
            {r.unit_id: r.values for r in table.rows},
            user=user,
            reason=reason,
            source=MetricValue.Source.IMPORTED,
            categories={r.unit_id: r.category for r in table.rows},
        )
    return result


# manual entries ------------------------------------------------------------------------------------
def manual_value_text(points: Decimal | None, applicable: bool) -> str:
    if not applicable:
        return "不适用"
    return "未评分" if points is None else f"{fmt(points)} 分"


def save_manual_entry(
    period: Period,
    unit: Unit,
    indicator_id: str,
    *,
    points: Decimal | None,
    applicable: bool,
    reason: str,
    user: User,
    files: Iterable[Any] = (),
) -> ManualEntry:
    """Create or change a manual score (or mark the indicator as not applicable) with its reason
    and evidence files; logs the change and recomputes. Refuses (AssessmentError) bad input,
    refused files, and published periods, storing nothing."""
    check_not_frozen(period)
    scheme = scheme_for(period.scheme)
    try:
        node = scheme.indicator(indicator_id)
    except KeyError:
        raise AssessmentError(f"方案“{scheme.id}”没有编号为“{indicator_id}”的指标。") from None
    if not period.memberships.filter(unit=unit).exists():
        raise AssessmentError(f"“{unit.name}”不是本考评期的考评对象。")
    reason = reason.strip()
    if not reason:
        raise AssessmentError("请填写评分理由。")
    if applicable:
        if not node.accepts_manual:
            raise AssessmentError(f"指标“{node.path}”不是人工评分项，只能标为不适用。")
        if points is None:
            raise AssessmentError("请填写得分，或勾选“不适用”。")
        if not Decimal(0) <= points <= node.points:
            raise AssessmentError(f"得分应在 0 至 {fmt(node.points)} 分之间。")
    else:
        points = None
    try:
        checked = check_uploads(files)
    except UploadError as exc:
        raise AssessmentError(str(exc)) from None
    with transaction.atomic():
        entry = (
            ManualEntry.objects.select_for_update()
            .filter(period=period, unit=unit, indicator=node.id)
            .first()
        )
        old = "" if entry is None else manual_value_text(entry.points, entry.applicable)
        if entry is None:
            entry = ManualEntry(period=period, unit=unit, indicator=node.id)
        entry.points, entry.applicable, entry.reason, entry.entered_by = points, applicable, reason, user
        entry.save()
        for item in checked:
            Evidence.store(item, user=user, entry=entry)
        why = reason + (f"（佐证材料：{'、'.join(i.name for i in checked)}）" if checked else "")
        ScoreChange.objects.create(
            period=period,
            unit=unit,
            what=node.id,
            label=node.path[:300],
            old=old,
            new=manual_value_text(points, applicable),
            reason=why,
            user=user,
        )
        recompute(period, user=user, reason=why)
    return entry
