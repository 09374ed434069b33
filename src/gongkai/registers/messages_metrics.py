"""The messages register's metrics (providers of registers.metrics), counted by
gongkai.tallies.messages over the window (收到日期 in start..end, both days included; 办结 counted
on or before the window's end).

The register has data for the window's units once any of them has a message received on or before
the window's end: then every unit of the window gets a value (0 for a unit without messages).
When none has, the register is not kept for these units and nothing is provided (typed or
imported values, or the scheme's default, are used).

- 超3个月未答复留言数 (guoban-2019, pucha-2015: the veto 互动回应差): the unit's messages received at
  any date and not handled at the window's end, more than 3 calendar months after receipt;
- 纠错留言过期次数 (荆州 county and dept): 找错 messages received in the window not handled within
  their 3 working days (handled late, or still open past the limit at the window's end);
- 网民留言数, 网民留言办结数, 网民留言按时办结数: received in the window, handled, handled on time;
- 网民留言办结率, 网民留言按时办结率: those in percent (no value for a unit without messages).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from gongkai.registers.messages_services import items
from gongkai.registers.models import Message
from gongkai.tallies import messages as tally

if TYPE_CHECKING:  # registers.metrics imports this module to fill its provider table
    from gongkai.registers.metrics import Window


def _messages(window: Window) -> dict[int, list[tally.Message]] | None:
    kept = Message.objects.filter(unit_id__in=window.unit_ids, received__lte=window.end)
    if not kept.exists():
        return None
    by_unit: dict[int, list[tally.Message]] = {pk: [] for pk in window.unit_ids}
    for message in items(kept.select_related("unit__region")):
        by_unit[int(message.unit)].append(message)
    return by_unit


def _rows(window: Window) -> dict[int, dict]:
    by_unit = window.once("messages", _messages)
    if by_unit is None:
        return {}
    rows = {}
    for pk, messages in by_unit.items():
        row = tally.stats(messages, window.start, window.end, [str(pk)], estimate=True)[0]
        row["overdue_corrections"] = tally.overdue_corrections(
            messages, window.start, window.end, estimate=True
        )
        rows[pk] = row
    return rows


def _stats(window: Window) -> dict[int, dict]:
    return window.once("messages_stats", _rows)


def _count(key: str, doc: str):
    def provider(window: Window) -> dict[int, Decimal]:
        return {pk: Decimal(row[key]) for pk, row in _stats(window).items()}

    provider.__name__, provider.__doc__ = key, doc
    return provider


def _percent(key: str, doc: str):
    def provider(window: Window) -> dict[int, Decimal]:
        return {
            pk: (Decimal(str(row[key])) * 100).quantize(Decimal("0.01"))
            for pk, row in _stats(window).items()
            if row[key] is not None
        }

    provider.__name__, provider.__doc__ = key, doc
    return provider


unanswered = _count("unanswered_over_3_months", "Messages unanswered for more than 3 months at the end.")
overdue_corrections = _count(
    "overdue_corrections", "找错 messages of the window not handled in 3 working days."
)
received = _count("received", "Messages received in the window.")
handled = _count("handled", "Messages of the window handled by its end.")
on_time = _count("on_time", "Messages of the window handled within their limit.")
completion_rate = _percent("completion_rate", "办结率 in percent.")
on_time_rate = _percent("on_time_rate", "按时办结率 in percent.")
