"""Shared fixtures: the sample county and one signed-in client per role."""

from __future__ import annotations

import os

import pytest


def pytest_configure(config):
    """Audits of registered sites keep evidence by default (settings.EVIDENCE): screenshots in a
    browser for every audit would cost the suite minutes, so it is off here, and the tests of
    evidence (tests/jobs/test_evidence_runs.py) turn it on. A home page that does not open is
    tried again after 0.1 s rather than the deployment's 30 s (tests/audit/test_recapture.py), and
    a transient failure retried after 0.05 s rather than 1 s (an unreachable site: 6 s -> 1 s)."""
    from django.conf import settings

    settings.EVIDENCE = False
    settings.VETO_RECHECK_DELAY = 0.1
    settings.RETRY_BACKOFF = 0.05


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


# Engine tests (no database) that scripts/test.sh runs in the PostgreSQL pass's process instead of
# the SQLite pass's: they do not depend on the database, and the two passes then take about as
# long as each other (the SQLite pass, which runs every other test, was the longer by minutes).
ENGINE_TESTS_IN_THE_POSTGRESQL_PASS = ("tests/audit/",)


def _uses_db(item) -> bool:
    return bool(
        item.get_closest_marker("django_db")
        or {"db", "transactional_db"} & set(getattr(item, "fixturenames", ()))
    )


def _in_postgresql_share(item) -> bool:
    return not _uses_db(item) and item.nodeid.startswith(ENGINE_TESTS_IN_THE_POSTGRESQL_PASS)


def pytest_collection_modifyitems(config, items):
    """GONGKAI_TEST_PASS says which of scripts/test.sh's two passes this is (unset: every test).

    - ``postgresql``: the tests that use the database, but the browser tests (they drive, through
      chromium, the same views whose queries the test-client tests run on PostgreSQL, and cost a
      third of that pass's time), plus the engine tests of ENGINE_TESTS_IN_THE_POSTGRESQL_PASS;
    - ``sqlite``: every test but those engine tests.

    So every test runs at least once, and every test that uses the database runs on SQLite and,
    the browser tests aside, on PostgreSQL."""
    which = os.environ.get("GONGKAI_TEST_PASS", "")
    if not which:
        return
    if which not in ("sqlite", "postgresql"):
        raise pytest.UsageError(f"GONGKAI_TEST_PASS 只能是 sqlite 或 postgresql，而不是“{which}”")
    keep, drop = [], []
    for item in items:
        if which == "postgresql":
            wanted = (_uses_db(item) and not item.get_closest_marker("browser")) or _in_postgresql_share(item)
        else:
            wanted = not _in_postgresql_share(item)
        (keep if wanted else drop).append(item)
    items[:] = keep
    config.hook.pytest_deselected(items=drop)
