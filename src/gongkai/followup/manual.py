"""Problems found by hand (issue 16.5): a supervisor issues one to a unit of a period — 三定
information not updated, off-topic content, a new-media account's problem, what was seen on a call
— with a deadline and evidence, and it follows the audit findings' flow (待整改 → 已整改待核验,
逾期, reminders, the unit portal and its 整改通知). No audit run can verify it: the supervisor
verifies the unit's answer by hand (已核实整改, or 重新打开 with the reason)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.assessment.models import Period
from gongkai.followup.models import MANUAL_KINDS, Problem, ProblemEvidence
from gongkai.followup.services import FollowupError, User, _event, default_deadline
from gongkai.registry.models import Unit
from gongkai.uploads import UploadError, check_uploads


@transaction.atomic
def issue_manual_problem(
    period: Period,
    unit: Unit,
    *,
    kind: str,
    message: str,
    deadline: date | None = None,
    page: str = "",
    files: Iterable[Any] = (),
    user: User = None,
) -> Problem:
    """Issue one problem found by hand to a unit of the period. Refuses everything (storing
    nothing) on a unit outside the period, an unknown kind, an empty description, a deadline
    before the check date, or a refused evidence file."""
    if not period.memberships.filter(unit=unit).exists():
        raise FollowupError(f"单位“{unit.name}”不在考评期“{period.name}”的考评对象中。")
    if kind not in MANUAL_KINDS:
        raise FollowupError(f"问题类型“{kind}”无效；可选：{'、'.join(MANUAL_KINDS.values())}")
    message = (message or "").strip()
    if not message:
        raise FollowupError("请填写问题说明。")
    deadline = deadline or default_deadline(period)
    if deadline < period.check_date:
        raise FollowupError(f"整改期限 {deadline:%Y-%m-%d} 早于检查基准日 {period.check_date:%Y-%m-%d}。")
    try:
        checked = check_uploads(files)
    except UploadError as exc:
        raise FollowupError(str(exc)) from None
    page = (page or "").strip()
    stamp = f"{unit.pk}|{kind}|{page}|{message}|{timezone.now().isoformat()}"
    problem = Problem.objects.create(
        period=period,
        unit=unit,
        site=None,
        finding=None,
        manual=True,
        kind=kind,
        page=page,
        key=hashlib.sha256(stamp.encode("utf-8")).hexdigest(),
        message=message,
        deadline=deadline,
        created_by=user,
    )
    for item in checked:
        ProblemEvidence.store(item, user=user, problem=problem)
    names = "、".join(item.name for item in checked)
    note = f"人工下发（{MANUAL_KINDS[kind]}），期限 {deadline:%Y-%m-%d}" + (
        f"（佐证材料：{names}）" if names else ""
    )
    _event(problem, Problem.Status.OPEN, note, user, old="").save()
    return problem


@transaction.atomic
def verify_by_hand(problem: Problem, *, accepted: bool, note: str, user: User) -> Problem:
    """The supervisor's decision on the unit's answer to a problem found by hand."""
    problem = Problem.objects.select_for_update().get(pk=problem.pk)
    if not problem.manual:
        raise FollowupError("检查发现的问题由下次检查自动核验，不能人工核验。")
    if problem.status != Problem.Status.FIXED:
        raise FollowupError(f"该问题当前状态为“{problem.status}”，单位尚未报送整改，不能核验。")
    note = (note or "").strip()
    if not accepted and not note:
        raise FollowupError("重新打开时请写明理由。")
    new = Problem.Status.VERIFIED if accepted else Problem.Status.REOPENED
    text = ("人工核验：整改已核实" if accepted else "人工核验：整改不到位，重新打开") + (
        f"。{note}" if note else ""
    )
    _event(problem, new, text, user).save()
    problem.status = new
    problem.save(update_fields=["status"])
    return problem


def manual_notice_rows(period: Period) -> list[tuple[int, str, str, date]]:
    """(unit id, description, page, deadline) of the period's problems found by hand, for the
    problem list and each unit's 整改通知 next to the audit findings."""
    rows = period.problems.filter(manual=True).order_by("unit__order", "unit__name", "id")
    return [(p.unit_id, f"{p.kind_label}：{p.message}", p.page, p.deadline) for p in rows]
