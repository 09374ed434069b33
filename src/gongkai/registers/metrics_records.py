"""The value a register metric provider returns (registers.metrics): the number with the register
records it counts, so the score trace can name the records behind each point."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Record:
    """A register record behind a value: its 编号 (an account: its name), title and row id."""

    number: str
    title: str = ""
    pk: int | None = None


@dataclass(frozen=True, slots=True)
class Counted:
    """A register's value for one unit, with the records it counts and the register's key
    ("applications", "submissions", "messages", "newmedia"), for links to the register pages."""

    value: Decimal
    records: tuple[Record, ...] = ()
    register: str = ""


def counted(register: str, records: Iterable[Record], value: Decimal | None = None) -> Counted:
    """A count of ``records`` (or ``value`` computed from them, e.g. a rate)."""
    records = tuple(records)
    return Counted(Decimal(len(records)) if value is None else value, records, register)
