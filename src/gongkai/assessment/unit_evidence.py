"""佐证材料 that units upload themselves (issue 16.6, seed 004: "日常工作测评佐证材料按考核项目做好
分类…于2021年1月10日前报…逾期未报视为无相关工作内容"): the upload by a unit's administrator against an
item of the period's scheme, and a supervisor's acceptance of a late file.

Files pass the shared checks (gongkai.uploads: size cap, type by content, extension, zip bombs)
before anything is stored. A file uploaded after the period's evidence deadline (the day
included is on time) is stored marked 逾期 and does not count for scoring until a supervisor
accepts it with a reason. Every upload and acceptance is in the audit log (ScoreChange) and
recomputes the period when it can move a score.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.assessment.evidence_status import upload_items
from gongkai.assessment.models import Period, ScoreChange, UnitEvidence
from gongkai.assessment.services import AssessmentError, User, check_not_frozen, recompute, scheme_for
from gongkai.registry.models import Unit
from gongkai.scoring.scheme import Indicator
from gongkai.uploads import UploadError, check_uploads


def upload_item(period: Period, indicator_id: str) -> Indicator:
    """The item of the period's scheme units may upload evidence for (AssessmentError if none)."""
    for node in upload_items(scheme_for(period.scheme)):
        if node.id == indicator_id:
            return node
    raise AssessmentError(f"指标“{indicator_id}”不是本考评期需要上传佐证材料的指标。")


def upload_unit_evidence(
    period: Period, unit: Unit, indicator_id: str, files: Iterable[Any], *, user: User
) -> list[UnitEvidence]:
    """Store a unit's evidence files for one item; late after the deadline. Refuses (AssessmentError,
    nothing stored) a period without evidence collection or already published, an item or unit
    not in the period, no file, or any refused file."""
    check_not_frozen(period)
    if period.evidence_deadline is None:
        raise AssessmentError(f"考评期“{period.name}”未设置佐证材料截止日，不收集单位佐证材料。")
    node = upload_item(period, indicator_id)
    if not period.memberships.filter(unit=unit).exists():
        raise AssessmentError(f"“{unit.name}”不是本考评期的考评对象。")
    files = list(files)
    if not files:
        raise AssessmentError("请选择要上传的佐证材料文件。")
    try:
        checked = check_uploads(files)
    except UploadError as exc:
        raise AssessmentError(str(exc)) from None
    late = timezone.localdate() > period.evidence_deadline
    names = "、".join(item.name for item in checked)
    when = f"逾期上传（截止日 {period.evidence_deadline:%Y-%m-%d}）" if late else "按时上传"
    with transaction.atomic():
        stored = [
            UnitEvidence.store(item, user=user, period=period, unit=unit, indicator=node.id, late=late)
            for item in checked
        ]
        why = f"单位上传佐证材料：{names}"
        ScoreChange.objects.create(
            period=period,
            unit=unit,
            what=node.id,
            label=f"佐证材料：{node.path}"[:300],
            new=f"{when} {len(stored)} 个文件"[:200],
            reason=why,
            user=user,
        )
        if node.evidence:  # a late file moves no score, but the trace then says why
            recompute(period, user=user, reason=why)
    return stored


def accept_late_evidence(evidence: UnitEvidence, *, user: User, reason: str) -> UnitEvidence:
    """A supervisor accepts a late file: it then counts for scoring. The reason is required; who,
    when and why are kept on the file and in the audit log."""
    period = evidence.period
    check_not_frozen(period)
    reason = reason.strip()
    if not reason:
        raise AssessmentError("请填写认可逾期佐证材料的理由。")
    if not evidence.late:
        raise AssessmentError(f"“{evidence.original_name}”是按时上传的，无需认可。")
    if evidence.accepted_at is not None:
        raise AssessmentError(
            f"“{evidence.original_name}”已于 {timezone.localtime(evidence.accepted_at):%Y-%m-%d %H:%M} 认可。"
        )
    try:
        node = scheme_for(period.scheme).indicator(evidence.indicator)
        path = node.path
    except KeyError:
        node, path = None, evidence.indicator
    with transaction.atomic():
        evidence.accepted_by, evidence.accepted_at, evidence.accept_reason = user, timezone.now(), reason
        evidence.save(update_fields=["accepted_by", "accepted_at", "accept_reason"])
        why = f"认可逾期佐证材料“{evidence.original_name}”：{reason}"
        ScoreChange.objects.create(
            period=period,
            unit=evidence.unit,
            what=evidence.indicator,
            label=f"佐证材料：{path}"[:300],
            old="逾期待认可",
            new="逾期已认可",
            reason=why,
            user=user,
        )
        if node is not None and node.evidence:
            recompute(period, user=user, reason=why)
    return evidence


def refresh_lateness(period: Period) -> int:
    """After the deadline changed: mark each file late or on time by its upload day against the
    new deadline (an acceptance stays recorded). Returns the number of files that changed."""
    changed = 0
    for row in UnitEvidence.objects.filter(period=period):
        late = (
            period.evidence_deadline is not None
            and timezone.localdate(row.uploaded_at) > period.evidence_deadline
        )
        if row.late != late:
            row.late = late
            row.save(update_fields=["late"])
            changed += 1
    return changed
