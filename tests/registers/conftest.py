"""Fixtures of the register tests: the sample county's users (tests/conftest.py) and a helper that
registers an application."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def units(users):
    from gongkai.registry.models import Unit

    return {
        "own": Unit.objects.get(region__name="偃师市", name="教育体育局"),
        "other": Unit.objects.get(region__name="偃师市", name="公安局"),
    }


@pytest.fixture
def make_app(units):
    from gongkai.registers.models import Application

    def make(unit="own", number="2025-001", received=date(2025, 3, 3), **values):
        values.setdefault("applicant_type", "自然人")
        return Application.objects.create(unit=units[unit], number=number, received=received, **values)

    return make
