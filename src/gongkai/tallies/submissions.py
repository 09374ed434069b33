"""Counting rules of the information-submissions register (信息报送, registers-contract §4).

Pure: items in, numbers out; no Django.

- Which items count: those whose 报送日期 (``submitted``) lies in the window ``[start, end]``, both
  ends included. The adoption is counted with the item it belongs to (an item submitted on the
  window's last day and adopted later counts as adopted once it is marked so).
- ``stats``: per unit ``{"unit", "submitted", "adopted", "adopted_by_level", "key_area"}``;
  ``adopted_by_level`` always has the four levels 国办, 省, 市, 县 (an adopted item without a level
  counts in ``adopted`` only); ``key_area`` counts the submitted items marked 重点领域, adopted or
  not. Every unit asked for gets a row, with zeros when it submitted nothing (seed 002 lists its
  零报送 units). Duplicates and late items are flagged, not dropped: they are still submissions,
  and the office decides whether to adopt them.
- Duplicates: two items of the same unit whose titles, normalised (full-width → half-width,
  punctuation and spaces removed, lower case), are equal or at least ``DUPLICATE_SIMILARITY``
  similar (difflib ratio). The later one (by date, then number) is the duplicate of the earlier.
- Late: submitted more than ``late_after_days`` calendar days after the event (or publication) date
  the item gives; an item without an event date is never late. Default ``LATE_AFTER_DAYS``.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

LEVELS = ("国办", "省", "市", "县")
DUPLICATE_SIMILARITY = 0.9
LATE_AFTER_DAYS = 3


@dataclass(frozen=True)
class Item:
    unit: str
    number: str
    title: str
    submitted: date
    adopted: bool = False
    level: str = ""
    key_area: bool = False
    event_date: date | None = None


def in_window(item: Item, start: date, end: date) -> bool:
    return start <= item.submitted <= end


def stats(items: Iterable[Item], start: date, end: date, units: Sequence[str] = ()) -> list[dict]:
    """One row per unit: the ``units`` given, in that order, then any other unit with items in the
    window (sorted by name)."""
    if start > end:
        raise ValueError(f"起始日期 {start} 晚于截止日期 {end}。")
    rows: dict[str, dict] = {unit: _empty(unit) for unit in units}
    extra: dict[str, dict] = {}
    for item in items:
        if not in_window(item, start, end):
            continue
        if item.level and item.level not in LEVELS:
            raise ValueError(f"{item.unit} {item.number}：采用级别“{item.level}”无效。")
        row = rows.get(item.unit) or extra.setdefault(item.unit, _empty(item.unit))
        row["submitted"] += 1
        row["key_area"] += item.key_area
        if item.adopted:
            row["adopted"] += 1
            if item.level:
                row["adopted_by_level"][item.level] += 1
    return [*rows.values(), *(extra[name] for name in sorted(extra))]


def _empty(unit: str) -> dict:
    return {
        "unit": unit,
        "submitted": 0,
        "adopted": 0,
        "adopted_by_level": dict.fromkeys(LEVELS, 0),
        "key_area": 0,
    }


def totals(rows: Iterable[dict]) -> dict:
    """The rows of :func:`stats` added up (the circular's headline numbers)."""
    total = _empty("")
    for row in rows:
        for key in ("submitted", "adopted", "key_area"):
            total[key] += row[key]
        for level in LEVELS:
            total["adopted_by_level"][level] += row["adopted_by_level"][level]
    del total["unit"]
    return total


_DROPPED = {"P", "Z", "C", "S"}  # punctuation, separators (spaces), control, symbols


def normalise_title(title: str) -> str:
    """The title as compared: NFKC (full-width → half-width), lower case, without punctuation,
    symbols or spaces. “关于做好2025年防汛工作的通知。” == “关于做好 2025 年防汛工作的通知”."""
    text = unicodedata.normalize("NFKC", title).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in _DROPPED)


def similarity(first: str, second: str) -> float:
    """How alike two titles are once normalised: 1.0 the same, 0.0 nothing in common."""
    a, b = normalise_title(first), normalise_title(second)
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def duplicates(
    items: Iterable[Item], threshold: float = DUPLICATE_SIMILARITY
) -> dict[tuple[str, str], tuple[str, str]]:
    """{(unit, number) of a duplicate: (unit, number) of the earlier item it repeats}. Items are
    compared within their unit only; the earliest of a group is the original."""
    by_unit: dict[str, list[Item]] = {}
    for item in items:
        by_unit.setdefault(item.unit, []).append(item)
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for unit_items in by_unit.values():
        unit_items.sort(key=lambda i: (i.submitted, i.number))
        keys = [normalise_title(i.title) for i in unit_items]
        for later in range(1, len(unit_items)):
            for earlier in range(later):
                if _alike(keys[earlier], keys[later], threshold):
                    original = unit_items[earlier]
                    found[(unit_items[later].unit, unit_items[later].number)] = (
                        original.unit,
                        original.number,
                    )
                    break
    return found


def _alike(a: str, b: str, threshold: float) -> bool:
    if a == b:
        return bool(a)
    if not a or not b:
        return False
    shorter, longer = sorted((len(a), len(b)))
    if 2 * shorter / (shorter + longer) < threshold:  # the best ratio two lengths allow
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold


def days_late(item: Item, late_after_days: int = LATE_AFTER_DAYS) -> int | None:
    """Days past the allowed delay (None when not late, or no event date)."""
    if item.event_date is None:
        return None
    delay = (item.submitted - item.event_date).days
    return delay - late_after_days if delay > late_after_days else None


def is_late(item: Item, late_after_days: int = LATE_AFTER_DAYS) -> bool:
    return days_late(item, late_after_days) is not None
