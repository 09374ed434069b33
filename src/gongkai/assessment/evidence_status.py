"""Where each unit stands with the 佐证材料 it uploads itself (issue 16.6, seed 004), read from
UnitEvidence rows: per item and unit 按时, 逾期已认可, 逾期待认可 or 未上传; and, for scoring, the items
needing evidence (``evidence: true``) that count as absent. No deadline on the period: no
evidence collection, nothing is absent."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from gongkai.assessment.models import Period, UnitEvidence
from gongkai.scoring import Scheme
from gongkai.scoring.scheme import Indicator

ON_TIME, ACCEPTED, LATE, MISSING = "按时", "逾期已认可", "逾期待认可", "未上传"


def upload_items(scheme: Scheme) -> list[Indicator]:
    """The items units upload evidence for: those the scheme says need it, or, in a scheme
    without any, every item scored by hand."""
    return scheme.evidence_items() or [
        node for node in scheme.all_indicators() if node.accepts_manual and not node.children
    ]


@dataclass(slots=True)
class ItemEvidence:
    """One unit's files for one item."""

    files: list[UnitEvidence] = field(default_factory=list)

    @property
    def status(self) -> str:
        if any(not f.late for f in self.files):
            return ON_TIME
        if any(f.counts for f in self.files):
            return ACCEPTED
        return LATE if self.files else MISSING

    @property
    def counts(self) -> bool:
        return self.status in (ON_TIME, ACCEPTED)


def evidence_by_unit(period: Period) -> dict[int, dict[str, ItemEvidence]]:
    """{unit id: {indicator id: ItemEvidence}} for the files uploaded in the period."""
    found: dict[int, dict[str, ItemEvidence]] = defaultdict(lambda: defaultdict(ItemEvidence))
    for row in UnitEvidence.objects.filter(period=period).select_related("accepted_by", "uploaded_by"):
        found[row.unit_id][row.indicator].files.append(row)
    return found


def absent_reason(status: str, deadline) -> str:
    day = deadline.strftime("%Y-%m-%d")
    if status == LATE:
        return f"佐证材料逾期上传（截止日 {day}），监管人员未认可"
    return f"未在截止日 {day} 前上传佐证材料"


def evidence_absent(period: Period, scheme: Scheme) -> dict[int, dict[str, str]]:
    """{unit id: {indicator id: reason}}: the ``evidence: true`` items each unit of the period has
    no counting evidence for (none, or only late files not accepted). For the engine's
    ``UnitInput.evidence_absent``."""
    if period.evidence_deadline is None:
        return {}
    items = scheme.evidence_items()
    if not items:
        return {}
    found = evidence_by_unit(period)
    absent: dict[int, dict[str, str]] = {}
    for unit_id in period.memberships.values_list("unit_id", flat=True):
        own = found.get(unit_id, {})
        for node in items:
            item = own.get(node.id, ItemEvidence())
            if not item.counts:
                absent.setdefault(unit_id, {})[node.id] = absent_reason(item.status, period.evidence_deadline)
    return absent
