"""Exact decimal numbers for scores: parsing cells, rounding totals, printing and JSON.

Scores are published to one decimal place in the seeds (30.4, 4.2); binary floats would print
30.400000000000002, so every score is a Decimal from input to output.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

# spaces (also full-width and no-break) and thousands separators people type into cells
_IGNORED = str.maketrans("", "", " \u3000\u00a0,，")


def to_decimal(value: Any) -> Decimal:
    """Convert a cell or YAML value to Decimal; raises ValueError for anything non-numeric.

    Floats go through ``str`` so 0.2 read from a spreadsheet becomes Decimal("0.2")."""
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(value)
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.translate(_IGNORED)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(value) from None
        if not number.is_finite():
            raise ValueError(value)
        return number
    raise ValueError(value)


def quantize(value: Decimal, decimals: int) -> Decimal:
    """Round half up (the way people round scores by hand) to ``decimals`` places."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def fmt(value: Decimal | None) -> str:
    """Print a score the way a circular does: 30.4, 66, 0 (no trailing zeros, no exponent)."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def plain(value: Decimal | None) -> int | float | None:
    """A JSON/spreadsheet number: int when integral, else the float whose repr is the decimal."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(fmt(value))
