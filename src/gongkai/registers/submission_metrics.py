"""The information-submissions register's metrics (providers of registers.metrics), counted by
gongkai.tallies.submissions over the window (报送日期 in start..end, both days included).

The register has data for the window's units once any of them has an item submitted on or before
the window's end: then every unit of the window gets a value, 0 for a unit that submitted nothing
(seed 002 scores and ranks its 零报送 units). When none has, the register is not kept for these
units and nothing is provided (typed or imported values are used).

- 报送信息 (商南): items submitted in the window; 采用信息: those of them adopted;
- 国办采用, 省级采用, 市级采用 (莒南 highlights): adopted items of the window at that level.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from gongkai.registers.metrics_records import Counted, Record, counted
from gongkai.registers.models import Submission
from gongkai.registers.submissions_services import item
from gongkai.tallies import submissions as tally

if TYPE_CHECKING:  # registers.metrics imports this module to fill its provider table
    from gongkai.registers.metrics import Window

REGISTER = "submissions"


@dataclass(frozen=True, slots=True)
class _Unit:
    row: dict  # tally.stats's row
    items: tuple[Submission, ...]  # the unit's items of the window, by date and number


def _rows(window: Window) -> dict[int, _Unit]:
    units = Submission.objects.filter(unit_id__in=window.unit_ids)
    if not units.filter(submitted__lte=window.end).exists():
        return {}
    counted = list(
        units.filter(submitted__gte=window.start, submitted__lte=window.end).order_by("submitted", "number")
    )
    rows = tally.stats(
        [item(s) for s in counted], window.start, window.end, [str(pk) for pk in window.unit_ids]
    )
    return {
        int(row["unit"]): _Unit(row, tuple(s for s in counted if s.unit_id == int(row["unit"])))
        for row in rows
    }


def _stats(window: Window) -> dict[int, _Unit]:
    return window.once("submissions", _rows)


def _record(submission: Submission) -> Record:
    return Record(submission.number, submission.title, submission.pk)


def _provide(window: Window, value, chosen) -> dict[int, Counted]:
    return {
        pk: counted(REGISTER, [_record(s) for s in unit.items if chosen(s)], Decimal(value(unit.row)))
        for pk, unit in _stats(window).items()
    }


def submitted(window: Window) -> dict[int, Counted]:
    return _provide(window, lambda row: row["submitted"], lambda s: True)


def adopted(window: Window) -> dict[int, Counted]:
    return _provide(window, lambda row: row["adopted"], lambda s: s.adopted)


def _level(level: str):
    def provider(window: Window) -> dict[int, Counted]:
        return _provide(
            window, lambda row: row["adopted_by_level"][level], lambda s: s.adopted and s.level == level
        )

    provider.__name__ = f"adopted_{level}"
    provider.__doc__ = f"Adopted items of the window at level {level}."
    return provider


adopted_guoban = _level("国办")
adopted_province = _level("省")
adopted_city = _level("市")
