"""Helpers that build valid personal numbers for the text engine tests."""

from __future__ import annotations

from gongkai.text.privacy import id_check_character, luhn


def make_id(first17: str) -> str:
    """A resident ID number with its GB 11643 check character."""
    return first17 + id_check_character(first17)


def luhn_complete(prefix: str) -> str:
    """``prefix`` plus the Luhn check digit."""
    return next(prefix + digit for digit in "0123456789" if luhn(prefix + digit))
