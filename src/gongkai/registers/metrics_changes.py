"""Whether the registers feeding some metrics changed after a time, for the units and days of a
period: scores computed before such a change may no longer match the registers.

Computed from the records' timestamps (``updated`` of applications, submissions and messages,
``checked_at`` of a reply check, ``created_at`` of a new-media post), nothing else is stored.
A record counts when its date can move the period's values:

- submissions and new-media posts: 报送日期 / 发布日期 within start..end (only those are counted);
- messages and applications: 收到日期 on or before end (an older one still open is counted too:
  the 3-month veto, an overdue application).

A deleted record leaves no timestamp behind and is not noticed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import QuerySet

from gongkai.registers.metrics import REGISTER_OF
from gongkai.registers.models import Application, Message, Post, ReplyCheck, Submission

NAMES = {
    "applications": "依申请公开登记簿",
    "submissions": "信息报送登记簿",
    "messages": "网民留言登记簿",
    "newmedia": "政务新媒体发布记录",
}


def _changed(register: str, unit_ids: list[int], start: date, end: date, since: datetime) -> QuerySet:
    if register == "applications":
        return Application.objects.filter(unit_id__in=unit_ids, received__lte=end, updated__gt=since)
    if register == "submissions":
        return Submission.objects.filter(
            unit_id__in=unit_ids, submitted__gte=start, submitted__lte=end, updated__gt=since
        )
    if register == "messages":
        return Message.objects.filter(unit_id__in=unit_ids, received__lte=end, updated__gt=since)
    return Post.objects.filter(
        account__unit_id__in=unit_ids, date__gte=start, date__lte=end, created_at__gt=since
    )


def changed_registers(
    names: Iterable[str], unit_ids: Iterable[int], start: date, end: date, since: datetime
) -> list[str]:
    """The Chinese names of the registers computing ``names`` (metric names; others ignored)
    with a record of the units changed after ``since`` that can move the values over
    start..end, in the order of ``NAMES``."""
    unit_ids = list(unit_ids)
    wanted = {REGISTER_OF[name] for name in names if name in REGISTER_OF}
    changed = []
    for register in NAMES:
        if register not in wanted:
            continue
        found = _changed(register, unit_ids, start, end, since).exists()
        if not found and register == "applications":
            found = ReplyCheck.objects.filter(
                application__unit_id__in=unit_ids, application__received__lte=end, checked_at__gt=since
            ).exists()
        if found:
            changed.append(NAMES[register])
    return changed
