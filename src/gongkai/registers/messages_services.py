"""Registering, replying to and closing (办结) messages, their limits and their statistics. Every
change goes to the audit log (gongkai.oversight.events); the counting rules are
gongkai.tallies.messages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from gongkai.oversight import events
from gongkai.registers.models import Message, MessageLimit
from gongkai.registers.submissions_services import NO, YES, parse_flag, unit_labels, units_of_region
from gongkai.registry.models import Region, Unit
from gongkai.tallies import messages as tally

__all__ = ["NO", "YES", "parse_flag", "units_of_region"]


def default_limit() -> int:
    return getattr(settings, "MESSAGE_LIMIT_DAYS", tally.DEFAULT_LIMIT)


def region_limits(regions: Iterable[Region]) -> dict[int, int]:
    """{region id: the limit of 留言/投诉/建议 there}: the nearest region up the tree that has a
    MessageLimit, else the default."""
    regions = list(regions)
    ancestors = {int(part) for r in regions for part in r.path.strip("/").split("/") if part}
    own = dict(MessageLimit.objects.filter(region_id__in=ancestors).values_list("region_id", "days"))
    result = {}
    for region in regions:
        chain = [int(part) for part in region.path.strip("/").split("/") if part]
        found = next((own[pk] for pk in reversed(chain) if pk in own), None)
        result[region.pk] = found or default_limit()
    return result


def unit_limit(unit: Unit) -> int:
    return region_limits([unit.region])[unit.region_id]


def item(message: Message, others_limit: int, unit_label: str | None = None) -> tally.Message:
    return tally.Message(
        unit=unit_label if unit_label is not None else str(message.unit_id),
        number=message.number,
        channel=message.channel,
        received=message.received,
        handled=message.handled,
        others_limit=others_limit,
    )


def items(messages: Iterable[Message], labels: dict[int, str] | None = None) -> list[tally.Message]:
    """The engine's messages (``messages`` with their unit and its region selected)."""
    messages = list(messages)
    limits = region_limits({m.unit.region_id: m.unit.region for m in messages}.values())
    return [
        item(m, limits[m.unit.region_id], labels[m.unit_id] if labels is not None else None) for m in messages
    ]


@dataclass(frozen=True)
class Clock:
    """A message's limit as shown on its unit's page."""

    limit: int
    due: date
    days_left: int | None  # working days; negative: overdue by that many; None: handled
    on_time: bool | None  # None while open
    unanswered_over_3_months: bool

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue else 0


def clocks(messages: Iterable[Message], today: date) -> dict[int, Clock]:
    messages = list(messages)
    result = {}
    for message, engine in zip(messages, items(messages), strict=True):
        result[message.pk] = Clock(
            limit=tally.limit(engine.channel, engine.others_limit),
            due=tally.due(engine, estimate=True),
            days_left=tally.days_left(engine, today),
            on_time=tally.on_time(engine, engine.handled, estimate=True) if engine.handled else None,
            unanswered_over_3_months=tally.unanswered_over_3_months(engine, today),
        )
    return result


def _user(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def _log(message: Message, text: str, user) -> None:
    events.record(
        events.Event.Kind.MESSAGE,
        f"{message.unit.name} {message.channel} {message.number}“{message.title[:40]}”：{text}",
        user=_user(user),
        region=message.unit.region,
    )


@transaction.atomic
def save_message(
    message: Message, user: AbstractBaseUser | None, *, created: bool, changed: list[str] | None = None
) -> Message:
    if created and message.created_by_id is None:
        message.created_by = _user(user)
    message.save()
    if created:
        text = f"登记，收到日期 {message.received}"
    else:
        text = f"修改了{'、'.join(changed)}" if changed else "未修改内容"
    _log(message, text, user)
    return message


class CloseRefused(ValueError):
    """A 办结 the rules do not allow (Chinese message)."""


@transaction.atomic
def close(message: Message, user: AbstractBaseUser | None, *, handled: date, reply: str = "") -> Message:
    """办结: the day the message was answered and closed, with the reply."""
    message = Message.objects.select_for_update().select_related("unit__region").get(pk=message.pk)
    if handled < message.received:
        raise CloseRefused(f"办结日期（{handled}）不能早于收到日期（{message.received}）。")
    message.handled = handled
    if reply:
        message.reply = reply
    message.save(update_fields=["handled", "reply"])
    _log(message, f"办结，办结日期 {handled}", user)
    return message


# -- statistics ------------------------------------------------------------------------------------
def stats(units: Iterable[Unit], start: date, end: date, *, estimate: bool = False) -> list[dict]:
    """The contract's rows (registers-contract §3) for ``units``, in their order; "unit" is the
    unit's name (with its region's name when two units of the list share a name). Messages of any
    date up to ``end`` are read: the 3-month veto counts old ones still open."""
    units = list(units)
    labels = unit_labels(units)
    rows = Message.objects.filter(unit__in=units, received__lte=end).select_related("unit__region")
    return tally.stats(items(rows, labels), start, end, [labels[u.pk] for u in units], estimate=estimate)


def stats_by_unit(units: Iterable[Unit], start: date, end: date) -> dict[int, dict]:
    units = list(units)
    rows = stats(units, start, end, estimate=True)
    return {unit.pk: row for unit, row in zip(units, rows, strict=True)}
