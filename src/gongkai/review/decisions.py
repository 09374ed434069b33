"""Deciding one finding: confirm it, dismiss it as a false positive with a reason, or make a
finding of a review-only kind (our own failure, see audit.kinds) the unit's problem.

A dismissal is stored on the finding's identity and page fingerprint, so the same finding in a
later run stays dismissed until its page changes; confirming a dismissed finding withdraws the
dismissal, and confirming a converted one takes the conversion back. What the decision means for
a period (a published one refuses it, the scores are recomputed, the audit log) is the caller's:
gongkai.assessment.review.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from gongkai.audit.kinds import is_units_problem, kind_label
from gongkai.monitoring.models import Finding
from gongkai.review.dismissals import finding_identity
from gongkai.review.models import Decision, Dismissal, ReviewDecision
from gongkai.review.rows import CONVERTED


class ReviewError(ValueError):
    """A review decision that cannot be taken; the message is Chinese."""


@dataclass(frozen=True, slots=True)
class Decided:
    changed: bool  # whether the findings that count in the scores changed
    why: str  # the decision in words, for the score log and the audit log


def checked_reason(finding: Finding, decision: str, reason: str) -> str:
    """The reason of a decision on ``finding``, stripped; ReviewError when the decision cannot be
    taken: an unknown decision, dismissing or converting without a reason, converting a finding
    that already is the unit's problem."""
    if decision not in Decision.values:
        raise ReviewError("复核结论只能是“确认”“误报”或“认定为单位问题”。")
    reason = reason.strip()
    if decision == Decision.DISMISS and not reason:
        raise ReviewError("认定为误报必须填写原因。")
    if decision == Decision.CONVERT and is_units_problem(finding.kind):
        raise ReviewError(f"“{kind_label(finding.kind)}”本来就是单位的问题，无需认定。")
    if decision == Decision.CONVERT and not reason:
        raise ReviewError("认定为单位问题必须填写理由。")
    return reason


@transaction.atomic
def decide(
    finding: Finding, decision: str, reason: str, *, state: str, period_id: int, user: AbstractBaseUser | None
) -> Decided:
    """Record a decision that checked_reason accepted on a finding whose review state is ``state``
    (rows.py), taken on the review page of period ``period_id``: the ReviewDecision, and the
    Dismissal it creates or withdraws."""
    ident, key, page_hash = finding_identity(finding)
    site_id = finding.run.site_id
    ReviewDecision.objects.create(
        period_id=period_id, finding=finding, decision=decision, reason=reason, user=user
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
        return Decided(True, f"复核认定误报：{finding.message[:60]}（{reason}）")
    if decision == Decision.CONVERT:
        why = f"复核认定为单位问题：{kind_label(finding.kind)} {finding.message[:60]}（{reason}）"
        return Decided(state != CONVERTED, why)
    withdrawn = Dismissal.objects.filter(site_id=site_id, key=key, page_hash=page_hash, active=True).update(
        active=False
    )
    why = f"复核确认：{finding.message[:60]}" + (f"（{reason}）" if reason else "")
    # confirming a finding nobody dismissed changes no input of the scores
    return Decided(bool(withdrawn) or state == CONVERTED, why)
