"""Issue 16.6 / seed 003: rectification results as metrics (followup.metrics), counted over the
problems whose deadline lies in the period: verified fixed by the deadline, or not."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gongkai.followup.models import Problem
from gongkai.registers.metrics import provided, register_metrics
from gongkai.registry.models import Unit
from tests.assessment.conftest import make_period

NAMES = ["整改问题数", "按期整改问题数", "未按期整改问题数"]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 16, 0))


@pytest.mark.django_db
def test_problems_fixed_by_their_deadline_and_the_others(sample_county, users):
    yanshi = sample_county["偃师市"]
    edu = Unit.objects.get(region=yanshi, name="教育体育局")
    police = Unit.objects.get(region=yanshi, name="公安局")
    period = make_period(yanshi, "guoban-2019", user=users["supervisor"], units=[edu, police])
    deadline = date(2026, 11, 10)  # in the window 2026-11-01..30
    rows = [
        ("a", Problem.Status.VERIFIED, _at(date(2026, 11, 10)), deadline),  # fixed on the day: on time
        ("b", Problem.Status.VERIFIED, _at(date(2026, 11, 12)), deadline),  # fixed late
        ("c", Problem.Status.FIXED, _at(date(2026, 11, 5)), deadline),  # reported, not yet verified
        ("d", Problem.Status.OVERDUE, None, deadline),
        ("e", Problem.Status.OPEN, None, date(2026, 12, 15)),  # deadline after the window
    ]
    for key, status, fixed_at, day in rows:
        Problem.objects.create(
            period=period,
            unit=edu,
            kind="manual_other",
            manual=True,
            key=key,
            message=f"问题{key}",
            deadline=day,
            status=status,
            fixed_at=fixed_at,
        )
    assert provided(NAMES) == NAMES  # the follow-up app put its providers in the table
    values = register_metrics(NAMES, [edu.pk, police.pk], period.start, period.end)
    assert values[edu.pk] == {
        "整改问题数": Decimal(4),
        "按期整改问题数": Decimal(1),
        "未按期整改问题数": Decimal(3),
    }
    assert values[police.pk] == dict.fromkeys(NAMES, Decimal(0))  # follow-up in use: 0, not absent
    # no problem due in a window: nothing provided (typed values or the default are used)
    assert register_metrics(NAMES, [edu.pk, police.pk], date(2026, 1, 1), date(2026, 1, 31)) == {}
