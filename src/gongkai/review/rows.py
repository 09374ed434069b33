"""The review state of findings: every finding of the latest runs of some units at a check date
(exactly those scoring looks at, monitoring.store.latest_runs_of), each dismissed, confirmed, made
the unit's problem or not yet reviewed, and the counts per kind shown on the review page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from gongkai.audit.kinds import is_units_problem, kind_label
from gongkai.monitoring.models import Finding
from gongkai.monitoring.store import latest_runs_of
from gongkai.registry.models import Unit
from gongkai.review.dismissals import active_dismissals
from gongkai.review.models import Decision, ReviewDecision

# the state of a finding on the review page
UNREVIEWED, CONFIRMED, DISMISSED, CONVERTED = "待复核", "已确认", "误报", "认定为单位问题"


@dataclass(slots=True)
class ReviewRow:
    finding: Finding
    unit: Unit
    state: str
    reason: str = ""

    @property
    def kind_label(self) -> str:
        return kind_label(self.finding.kind)

    @property
    def units_problem(self) -> bool:
        """Whether the finding counts for its unit: its kind is a unit's problem or review made it one."""
        if self.state == DISMISSED:
            return False
        return is_units_problem(self.finding.kind) or self.state == CONVERTED


def unit_rows(units: Iterable[Unit], check_date: date) -> list[ReviewRow]:
    """Every finding of the latest runs of ``units`` at ``check_date``, in the units' order, each
    with its review state: dismissed (an active dismissal covers it), confirmed or made the unit's
    problem (its last decision) or not yet reviewed."""
    units = list(units)
    runs_of = latest_runs_of([unit.pk for unit in units], check_date)
    unit_of_run, runs = {}, []
    for unit in units:
        for run in runs_of.get(unit.pk, ()):
            unit_of_run[run.pk] = unit
            runs.append(run)
    findings = list(Finding.objects.filter(run__in=runs).order_by("run__site_id", "run_id", "position"))
    dismissed = active_dismissals(findings)
    last = {}
    for finding_id, decision in (
        ReviewDecision.objects.filter(finding__in=findings)
        .order_by("at", "id")
        .values_list("finding_id", "decision")
    ):
        last[finding_id] = decision
    rows = []
    for f in findings:
        if f.pk in dismissed:
            rows.append(ReviewRow(f, unit_of_run[f.run_id], DISMISSED, dismissed[f.pk].reason))
        elif last.get(f.pk) == Decision.CONFIRM:
            rows.append(ReviewRow(f, unit_of_run[f.run_id], CONFIRMED))
        elif last.get(f.pk) == Decision.CONVERT and not is_units_problem(f.kind):
            rows.append(ReviewRow(f, unit_of_run[f.run_id], CONVERTED))
        else:
            rows.append(ReviewRow(f, unit_of_run[f.run_id], UNREVIEWED))
    return rows


def counts_by_kind(rows: list[ReviewRow]) -> list[dict]:
    """Per kind: how many findings, dismissed, confirmed (or made the unit's problem), still to review."""
    counts: dict[str, Counter] = {}
    for row in rows:
        counts.setdefault(row.finding.kind, Counter())[row.state] += 1
    return [
        {
            "kind": kind,
            "label": kind_label(kind),
            "total": sum(c.values()),
            "dismissed": c[DISMISSED],
            "confirmed": c[CONFIRMED] + c[CONVERTED],
            "unreviewed": c[UNREVIEWED],
        }
        for kind, c in sorted(counts.items())
    ]
