"""Which stored findings are covered by an active dismissal, and which findings of review-only
kinds the supervisor made the unit's problem: what scoring (gongkai.assessment.services) asks
of review.
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.audit.identity import finding_key, identifying_value, page_hash_of
from gongkai.audit.kinds import is_units_problem
from gongkai.monitoring.models import AuditRun, Finding
from gongkai.review.models import Decision, Dismissal, ReviewDecision


def finding_identity(finding: Finding) -> tuple[str, str, str]:
    """(identifying value, key, page_hash) of a stored finding."""
    ident = identifying_value(finding.kind, finding.data, finding.message)
    return ident, finding_key(finding.kind, finding.page, ident), page_hash_of(finding.data)


def active_dismissals(findings: Iterable[Finding]) -> dict[int, Dismissal]:
    """{finding id: the active dismissal covering it} (same site, key and page fingerprint)."""
    findings = list(findings)
    if not findings:
        return {}
    site_of = dict(AuditRun.objects.filter(pk__in={f.run_id for f in findings}).values_list("id", "site_id"))
    wanted = {}
    for f in findings:
        _ident, key, page_hash = finding_identity(f)
        wanted[f.pk] = (site_of[f.run_id], key, page_hash)
    rows = Dismissal.objects.filter(
        active=True, site_id__in=set(site_of.values()), key__in={k for _s, k, _h in wanted.values()}
    )
    by_key = {(d.site_id, d.key, d.page_hash): d for d in rows}
    return {pk: by_key[ident] for pk, ident in wanted.items() if ident in by_key}


def converted_ids(findings: Iterable[Finding]) -> set[int]:
    """Ids of the findings of review-only kinds (audit.kinds) whose latest review decision made
    them the unit's problem ("认定为单位问题")."""
    candidates = [f.pk for f in findings if not is_units_problem(f.kind)]
    if not candidates:
        return set()
    last: dict[int, str] = {}
    for finding_id, decision in (
        ReviewDecision.objects.filter(finding_id__in=candidates)
        .order_by("at", "id")
        .values_list("finding_id", "decision")
    ):
        last[finding_id] = decision
    return {pk for pk, decision in last.items() if decision == Decision.CONVERT}


def dismissed_ids(findings: Iterable[Finding]) -> set[int]:
    """Ids of the findings that an active dismissal excludes from scoring."""
    return set(active_dismissals(findings))
