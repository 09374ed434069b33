"""Registering, editing and moving applications: every change leaves a step in the application's
history and an event in the audit log (gongkai.oversight.events)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from gongkai.disclosure import annual_table, clock
from gongkai.oversight import events
from gongkai.registers import states
from gongkai.registers.models import Application, Consultation, ReplyDocument, State
from gongkai.registers.states import TransitionRefused
from gongkai.uploads import CheckedFile

WITHDRAWN_RESULT = "其他处理-其他"
NO_CORRECTION_RESULT = "其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
UNPAID_FEE_RESULT = "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"


def canonical_result(text: str) -> str | None:
    """The table 三 row label of ``text`` (None when it names no row)."""
    try:
        return annual_table.parse_result(text)
    except ValueError:
        return None


def result_labels() -> list[str]:
    """The table 三 result rows a reply may have (sub-rows where a row has them)."""
    return list(annual_table.RESULTS)


def record(
    application: Application, action: str, note: str, user: AbstractBaseUser | None, *, kind=None
) -> None:
    if user is not None and not user.is_authenticated:
        user = None
    application.steps.create(action=action, note=note, user=user)
    events.record(
        kind or events.Event.Kind.APPLICATION_STEP,
        f"{application.unit.name} 依申请公开申请 {application.number}：{action}{'，' + note if note else ''}",
        user=user,
        region=application.unit.region,
    )


@transaction.atomic
def save_application(
    application: Application,
    user: AbstractBaseUser | None,
    *,
    created: bool,
    changed: list[str] | None = None,
) -> None:
    """Save a registered or edited application; ``changed``: the labels of the edited fields."""
    application.save()
    if created:
        note = f"收到日期 {application.received}，{application.applicant_type}，{application.channel}"
    else:
        note = f"修改了{'、'.join(changed)}" if changed else "未修改内容"
    record(application, "登记" if created else "修改", note, user, kind=events.Event.Kind.APPLICATION)


def _not_before(day: date, earliest: date | None, what: str, than: str) -> None:
    if earliest is not None and day < earliest:
        raise TransitionRefused(f"{what}（{day}）不能早于{than}（{earliest}）。")


@transaction.atomic
def transition(
    application: Application,
    action: str,
    user: AbstractBaseUser | None,
    *,
    on: date,
    result: str = "",
    approver: str = "",
    note: str = "",
    documents: list[CheckedFile] | tuple[CheckedFile, ...] = (),
) -> Application:
    """Make the move ``action`` on day ``on``; TransitionRefused (Chinese) when it is not allowed.
    ``documents``: the reply documents of a reply, already checked (gongkai.uploads)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    move = states.check(application, action)
    _not_before(on, application.received, "日期", "收到日期")
    detail = f"{on}"
    if action == "request_correction":
        application.correction_requested = on
    elif action == "correction_received":
        _not_before(on, application.correction_requested, "补正收到日期", "补正告知日期")
        application.correction_received = on
    elif action == "start_consultation":
        last = application.consultations.exclude(ended=None).order_by("-ended").first()
        _not_before(on, last.ended if last else None, "征求意见开始日期", "上次征求意见结束日期")
        Consultation.objects.create(application=application, started=on)
    elif action == "end_consultation":
        running = application.consultations.filter(ended=None).order_by("-started").first()
        if running is not None:
            _not_before(on, running.started, "征求意见结束日期", "开始日期")
            running.ended = on
            running.save(update_fields=["ended"])
    elif action == "extend":
        if not approver.strip():
            raise TransitionRefused("延期须经批准：请填写批准人。")
        application.extended = True
        application.extension_approver = approver.strip()
        application.extension_date = on
        detail += f"，批准人 {application.extension_approver}"
    elif action == "reply":
        label = canonical_result(result)
        if label is None:
            raise TransitionRefused(f"办理结果“{result}”不是年报表三的一行，请从列表中选择。")
        _not_before(on, application.correction_received, "答复日期", "补正收到日期")
        application.replied, application.result = on, label
        detail += f"，{label}"
        for checked in documents:
            ReplyDocument.store(
                checked, user=user if user and user.is_authenticated else None, application=application
            )
        if documents:
            detail += f"，答复书 {'、'.join(c.name for c in documents)}"
    elif action in ("withdraw", "abandon"):
        if action == "withdraw":
            reason = WITHDRAWN_RESULT
        elif application.state == State.CORRECTION:
            reason = NO_CORRECTION_RESULT
        else:
            last_day = clock.payment_due(application.fee_notice)
            if on <= last_day:
                raise TransitionRefused(
                    f"缴费期限（收费通知后第20个工作日，{last_day}）尚未届满，不能视为放弃。"
                )
            reason = UNPAID_FEE_RESULT
        application.replied, application.result = on, canonical_result(reason) or reason
    if move.target is not None:
        application.state = move.target
    application.save()
    record(application, move.label, f"{detail}{'；' + note.strip() if note.strip() else ''}", user)
    return application
