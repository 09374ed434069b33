"""Counting rules of the messages register (网民留言 / 网上问政 / 找错, registers-contract §3).

Pure: messages in, numbers out; no Django.

- Which messages count: those received (``received``) in the window ``[start, end]``, both ends
  included.
- ``handled``: 办结 on or before ``end`` (a message closed after the window's end is still open
  at ``end``); ``completion_rate`` = handled / received.
- ``on_time``: handled (as above) within its limit, counted in working days after the day received
  (the day received is day 0, as gongkai.workdays counts): 找错 3, 咨询 5, the other channels
  (留言, 投诉, 建议) the limit configured for the unit's region (default ``DEFAULT_LIMIT``);
  ``on_time_rate`` = on_time / received.
- Rates are fractions rounded to 4 places, ``None`` when nothing was received.
- ``overdue_open``: messages received in the window, not handled at ``end`` and past their limit
  at ``end``.
- ``unanswered_over_3_months``: the unit's messages received at ANY date (on or before ``end``)
  and not handled at ``end``, when ``end`` is more than 3 calendar months after receipt: the
  national veto 互动回应差. "3 calendar months after" 2025-01-15 is 2025-04-15 (not counted on that
  day, counted from 04-16); a day the month lacks falls back to its last day (11-30 → 02-28).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from gongkai import workdays

CHANNELS = ("留言", "咨询", "投诉", "建议", "找错")
FIXED_LIMITS = {"找错": 3, "咨询": 5}
DEFAULT_LIMIT = 15
VETO_MONTHS = 3
KEYS = (
    "received",
    "handled",
    "completion_rate",
    "on_time",
    "on_time_rate",
    "overdue_open",
    "unanswered_over_3_months",
)


@dataclass(frozen=True)
class Message:
    unit: str
    number: str
    channel: str
    received: date
    handled: date | None = None
    others_limit: int = DEFAULT_LIMIT  # the limit of 留言/投诉/建议 in the unit's region


def limit(channel: str, others_limit: int = DEFAULT_LIMIT) -> int:
    """Working days a message of ``channel`` has to be handled in."""
    if channel not in CHANNELS:
        raise ValueError(f"渠道“{channel}”无效，只能是：{'、'.join(CHANNELS)}。")
    return FIXED_LIMITS.get(channel, others_limit)


def due(message: Message, *, estimate: bool = False) -> date:
    """The last day the message may be handled on time."""
    return workdays.add_workdays(
        message.received, limit(message.channel, message.others_limit), estimate=estimate
    )


def handled_by(message: Message, day: date) -> bool:
    return message.handled is not None and message.handled <= day


def on_time(message: Message, end: date, *, estimate: bool = False) -> bool:
    """Handled on or before ``end`` and within its limit."""
    if not handled_by(message, end):
        return False
    allowed = limit(message.channel, message.others_limit)
    return workdays.workdays_between(message.received, message.handled, estimate=estimate) <= allowed


def overdue_at(message: Message, day: date, *, estimate: bool = False) -> bool:
    """Not handled at ``day`` and past its limit then."""
    if handled_by(message, day) or day <= message.received:
        return False
    allowed = limit(message.channel, message.others_limit)
    return workdays.workdays_between(message.received, day, estimate=estimate) > allowed


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, or the month's last day when it has fewer."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def unanswered_over_3_months(message: Message, at: date) -> bool:
    """Received, not handled at ``at``, and ``at`` more than 3 calendar months after receipt."""
    return (
        message.received <= at
        and not handled_by(message, at)
        and at > add_months(message.received, VETO_MONTHS)
    )


def rate(part: int, whole: int) -> float | None:
    return None if not whole else round(part / whole, 4)


def stats(
    messages: Iterable[Message], start: date, end: date, units: Sequence[str] = (), *, estimate: bool = False
) -> list[dict]:
    """One row per unit: the ``units`` given, in that order, then any other unit with a message
    counted (sorted by name). ``messages`` may hold messages of any date: the window picks."""
    if start > end:
        raise ValueError(f"起始日期 {start} 晚于截止日期 {end}。")
    counts: dict[str, dict] = {unit: _empty() for unit in units}
    extra: dict[str, dict] = {}
    for message in messages:
        limit(message.channel, message.others_limit)  # a bad channel is an error, not a zero
        inside = start <= message.received <= end
        veto = unanswered_over_3_months(message, end)
        if not inside and not veto:
            continue
        row = counts.get(message.unit) or extra.setdefault(message.unit, _empty())
        row["unanswered_over_3_months"] += veto
        if inside:
            row["received"] += 1
            row["handled"] += handled_by(message, end)
            row["on_time"] += on_time(message, end, estimate=estimate)
            row["overdue_open"] += overdue_at(message, end, estimate=estimate)
    ordered = [*counts.items(), *sorted(extra.items())]
    return [_row(unit, row) for unit, row in ordered]


def _empty() -> dict:
    return {"received": 0, "handled": 0, "on_time": 0, "overdue_open": 0, "unanswered_over_3_months": 0}


def _row(unit: str, counts: dict) -> dict:
    return {
        "unit": unit,
        "received": counts["received"],
        "handled": counts["handled"],
        "completion_rate": rate(counts["handled"], counts["received"]),
        "on_time": counts["on_time"],
        "on_time_rate": rate(counts["on_time"], counts["received"]),
        "overdue_open": counts["overdue_open"],
        "unanswered_over_3_months": counts["unanswered_over_3_months"],
    }


def totals(rows: Iterable[dict]) -> dict:
    """The rows of :func:`stats` added up, rates recomputed (the circular's headline)."""
    total = _empty()
    for row in rows:
        for key in total:
            total[key] += row[key]
    result = _row("", total)
    del result["unit"]
    return result


def overdue_corrections(
    messages: Iterable[Message], start: date, end: date, *, estimate: bool = False
) -> int:
    """荆州's 纠错留言过期次数: 找错 messages received in the window not handled within their 3
    working days (handled late, or still open past the limit at ``end``)."""
    count = 0
    for message in messages:
        if message.channel != "找错" or not start <= message.received <= end:
            continue
        if handled_by(message, end):
            count += not on_time(message, end, estimate=estimate)
        else:
            count += overdue_at(message, end, estimate=estimate)
    return count


def days_left(message: Message, today: date, *, estimate: bool = True) -> int | None:
    """Working days left until the limit (negative: overdue by that many); None when handled."""
    if message.handled is not None:
        return None
    return workdays.workdays_between(today, due(message, estimate=estimate), estimate=estimate)
