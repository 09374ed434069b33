"""Ticking the elements of a reply document (models.reply_checks): who may, what is stored, and
the audit-log event that says what changed."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from gongkai.oversight import events
from gongkai.registers import access
from gongkai.registers.models import ELEMENTS, Application, ReplyCheck, State

FIELDS = ("by_email", *(name for name, _ in ELEMENTS))


class CheckRefused(ValueError):
    """The checklist cannot be saved; the message is Chinese."""


def summary(check: ReplyCheck | None) -> str:
    """One line for people: complete, or which elements are missing."""
    if check is None:
        return "答复书要素尚未核查"
    missing = check.missing()
    return "答复书要素齐全" if not missing else f"答复书缺少：{'、'.join(missing)}"


@transaction.atomic
def save_check(
    application: Application, values: Mapping[str, bool], *, user: AbstractBaseUser, note: str = ""
) -> ReplyCheck:
    """Store the ticks of ``application``'s reply document (``values``: field -> ticked) and log
    the change. Refused (CheckRefused) to a user who may not check, and before the reply."""
    if not access.can_check_reply(user, application):
        raise CheckRefused("只有本地区的监管人员和考评人员可以核查答复书要素。")
    if application.state != State.REPLIED:
        raise CheckRefused(f"申请状态为“{application.state}”，答复后才能核查答复书要素。")
    check = ReplyCheck.objects.select_for_update().filter(application=application).first()
    before = summary(check)
    if check is None:
        check = ReplyCheck(application=application)
    for name in FIELDS:
        setattr(check, name, bool(values.get(name, False)))
    if not check.by_email:
        check.gov_mailbox = False  # not applicable: not an e-mail reply
    check.note, check.checked_by = note.strip(), user
    check.save()
    after = summary(check)
    channel = "电子邮件答复" if check.by_email else "非电子邮件答复（gov 邮箱不适用）"
    events.record(
        events.Event.Kind.REPLY_CHECK,
        f"{application.unit.name} 依申请公开申请 {application.number}：核查答复书要素，{channel}；"
        f"{before} → {after}" + (f"；{check.note}" if check.note else ""),
        user=user,
        region=application.unit.region,
    )
    application.steps.create(action="答复书核查", note=after, user=user)
    return check
