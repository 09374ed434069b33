"""Shared fixtures for the text engine tests."""

from __future__ import annotations

import pytest

from gongkai.text import Scanner


@pytest.fixture(scope="session")
def scanner() -> Scanner:
    """One compiled scanner for the whole session (building one takes a second or two)."""
    return Scanner()
