"""Review of a period's findings: the findings of the latest runs of the period's units at its
check date (gongkai.review.rows) and one decision on one of them (gongkai.review.decisions),
taken for the period: a published period refuses it, every decision is logged and recomputes the
period when the findings that count in its scores changed, and making a finding the unit's
problem goes to the audit log.

The review page (gongkai.followup.views) and the issuing of problems use this module; its names
are those of the finding level plus the period-level functions.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from gongkai.assessment import services
from gongkai.assessment.models import Period
from gongkai.monitoring.models import Finding
from gongkai.oversight import events
from gongkai.oversight.models import Event
from gongkai.review.decisions import ReviewError, checked_reason, decide
from gongkai.review.models import Decision
from gongkai.review.rows import (
    CONFIRMED,
    CONVERTED,
    DISMISSED,
    UNREVIEWED,
    ReviewRow,
    counts_by_kind,
    unit_rows,
)

__all__ = [
    "CONFIRMED",
    "CONVERTED",
    "DISMISSED",
    "UNREVIEWED",
    "ReviewError",
    "ReviewRow",
    "counts_by_kind",
    "period_findings",
    "review_finding",
    "review_row",
]


def period_findings(period: Period, unit_id: int | None = None) -> list[ReviewRow]:
    """Every finding of the latest runs of the period's units (one unit if ``unit_id``), each
    with its review state: dismissed (an active dismissal covers it), confirmed (its last
    decision) or not yet reviewed."""
    memberships = period.memberships.select_related("unit").order_by("unit__order", "unit__name")
    if unit_id is not None:
        memberships = memberships.filter(unit_id=unit_id)
    return unit_rows([membership.unit for membership in memberships], period.check_date)


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
    reason = checked_reason(finding, decision, reason)
    before = review_row(period, finding)  # refuses findings outside the period
    with transaction.atomic():
        decided = decide(finding, decision, reason, state=before.state, period_id=period.pk, user=user)
        if decision == Decision.CONVERT:
            events.record(
                Event.Kind.REVIEW_CONVERT,
                f"{period.name}：{finding.run.site.unit.name} {decided.why}",
                user=user,
                region=period.region,
            )
        if decided.changed:
            services.recompute(period, user=user, reason=decided.why)
    return review_row(period, finding)
