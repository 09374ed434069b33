"""Shared fixtures: the sample county and one signed-in client per role."""

from __future__ import annotations

import os

import pytest


@pytest.fixture
def sample_county(db):
    from gongkai.registry.sample import load_sample_county

    return load_sample_county()


@pytest.fixture
def users(sample_county):
    """One user per role, scoped to 偃师市; `unit_admin` runs 教育体育局, `other_admin` a unit of
    the same county (公安局), `shangnan_supervisor` another county."""
    from django.contrib.auth.models import User

    from gongkai.accounts.models import Profile, Role
    from gongkai.registry.models import Unit

    yanshi = sample_county["偃师市"]
    shangnan = sample_county["商南县"]
    spec = {
        "supervisor": (Role.SUPERVISOR, yanshi, None),
        "assessor": (Role.ASSESSOR, yanshi, None),
        "leader": (Role.LEADER, yanshi, None),
        "unit_admin": (Role.UNIT_ADMIN, None, Unit.objects.get(region=yanshi, name="教育体育局")),
        "other_admin": (Role.UNIT_ADMIN, None, Unit.objects.get(region=yanshi, name="公安局")),
        "shangnan_supervisor": (Role.SUPERVISOR, shangnan, None),
    }
    made = {}
    for name, (role, region, unit) in spec.items():
        # no password: tests sign in with force_login, and hashing would cost a second per user
        user = User.objects.create_user(name, password=None, is_staff=role == Role.SUPERVISOR)
        Profile.objects.create(user=user, role=role, region=region, unit=unit)
        made[name] = user
    return made


def pytest_collection_modifyitems(config, items):
    """With GONGKAI_DB_TESTS_ONLY=1 (the PostgreSQL pass of scripts/test.sh) keep only the tests
    that use the database: the engine tests do not depend on it and already ran on SQLite. The
    browser tests are left out too: they drive, through chromium, the same views whose queries
    the test-client tests run on PostgreSQL, and they cost a third of that pass's time."""
    if os.environ.get("GONGKAI_DB_TESTS_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
            getattr(item, "fixturenames", ())
        )
        (keep if uses_db and not item.get_closest_marker("browser") else drop).append(item)
    items[:] = keep
    config.hook.pytest_deselected(items=drop)
