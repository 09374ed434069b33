"""Review of a period's findings: confirm them, or dismiss them as false positives with a reason.

The findings reviewed are exactly those scoring looks at (assessment.services.latest_runs). A
dismissal is stored on the finding's identity and page fingerprint, so the same finding in a
later run stays dismissed until its page changes; scoring skips dismissed findings
(assessment.services.unit_audit_input). Every decision is logged and recomputes the period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from gongkai.assessment import services
from gongkai.assessment.models import Period
from gongkai.audit.kinds import is_units_problem, kind_label
from gongkai.followup.dismissals import active_dismissals, finding_identity
from gongkai.followup.models import Decision, Dismissal, ReviewDecision
from gongkai.monitoring.models import Finding
from gongkai.oversight import events
from gongkai.oversight.models import Event
from gongkai.registry.models import Unit


class ReviewError(ValueError):
    """A review decision that cannot be taken; the message is Chinese."""


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


def period_findings(period: Period, unit_id: int | None = None) -> list[ReviewRow]:
    """Every finding of the latest runs of the period's units (one unit if ``unit_id``), each
    with its review state: dismissed (an active dismissal covers it), confirmed (its last
    decision) or not yet reviewed."""
    memberships = period.memberships.select_related("unit").order_by("unit__order", "unit__name")
    if unit_id is not None:
        memberships = memberships.filter(unit_id=unit_id)
    unit_of_run, runs = {}, []
    for membership in memberships:
        for run in services.latest_runs(membership.unit, period.check_date):
            unit_of_run[run.pk] = membership.unit
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


def review_row(period: Period, finding: Finding) -> ReviewRow:
    """The current review row of one finding of the period (ReviewError if it is not one)."""
    unit = finding.run.site.unit
    for row in period_findings(period, unit.pk):
        if row.finding.pk == finding.pk:
            return row
    raise ReviewError("该检查发现不属于本考评期采用的最新检查结果，无法复核。")


def review_finding(
    period: Period, finding: Finding, decision: str, *, reason: str = "", user: AbstractBaseUser | None
) -> ReviewRow:
    """Confirm, dismiss or convert one finding of the period, log the decision and recompute the
    period when the findings that count changed. Dismissing needs a reason; confirming a
    dismissed finding withdraws the dismissal. Converting makes a finding of a review-only kind
    (our own failure, see audit.kinds) the unit's problem, with a reason, in the audit log;
    confirming it afterwards takes that back."""
    if period.frozen:
        raise ReviewError(f"考评期“{period.name}”已发布，得分已冻结，不能再复核。")
    if decision not in Decision.values:
        raise ReviewError("复核结论只能是“确认”“误报”或“认定为单位问题”。")
    reason = reason.strip()
    if decision == Decision.DISMISS and not reason:
        raise ReviewError("认定为误报必须填写原因。")
    if decision == Decision.CONVERT and is_units_problem(finding.kind):
        raise ReviewError(f"“{kind_label(finding.kind)}”本来就是单位的问题，无需认定。")
    if decision == Decision.CONVERT and not reason:
        raise ReviewError("认定为单位问题必须填写理由。")
    before = review_row(period, finding)  # refuses findings outside the period
    ident, key, page_hash = finding_identity(finding)
    site_id = finding.run.site_id
    with transaction.atomic():
        ReviewDecision.objects.create(
            period=period, finding=finding, decision=decision, reason=reason, user=user
        )
        if decision == Decision.DISMISS:
            Dismissal.objects.update_or_create(
                site_id=site_id,
                key=key,
                page_hash=page_hash,
                defaults={
                    "kind": finding.kind,
                    "page": finding.page,
                    "ident": ident,
                    "reason": reason,
                    "active": True,
                    "user": user,
                },
            )
            why = f"复核认定误报：{finding.message[:60]}（{reason}）"
            changed = True
        elif decision == Decision.CONVERT:
            why = f"复核认定为单位问题：{kind_label(finding.kind)} {finding.message[:60]}（{reason}）"
            events.record(
                Event.Kind.REVIEW_CONVERT,
                f"{period.name}：{finding.run.site.unit.name} {why}",
                user=user,
                region=period.region,
            )
            changed = before.state != CONVERTED
        else:
            changed = bool(
                Dismissal.objects.filter(site_id=site_id, key=key, page_hash=page_hash, active=True).update(
                    active=False
                )
            )
            changed = changed or before.state == CONVERTED
            why = f"复核确认：{finding.message[:60]}" + (f"（{reason}）" if reason else "")
        # confirming a finding nobody dismissed changes no input of the scores
        if changed:
            services.recompute(period, user=user, reason=why)
    return review_row(period, finding)
