"""The demo register: a few dozen applications of the 偃师 units, some overdue, consistent
enough for the clock and table 三 (the identity holds)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.registers import annual, deadlines, demo
from gongkai.registers.models import Application, State
from gongkai.registry.models import Unit

pytestmark = pytest.mark.django_db


def test_the_demo_register_is_believable_and_filled_once(sample_county):
    yanshi, as_of = sample_county["偃师市"], date(2026, 11, 16)
    statistics = Unit.objects.get(region=yanshi, name="统计局")
    count, overdue = demo.fill(yanshi, as_of, include=statistics)
    assert count == Application.objects.count() == 36 and overdue >= 3
    assert demo.fill(yanshi, as_of) == (0, 0)
    apps = list(Application.objects.prefetch_related("consultations"))
    states = {app.state for app in apps}
    assert {State.REPLIED, State.IN_PROGRESS, State.WITHDRAWN} <= states
    assert len({app.unit_id for app in apps}) == 12 and statistics.applications.count() == 3
    clocks = [deadlines.deadline(app, on=as_of) for app in apps]
    assert all(clocks) and sum(d.overdue for d in clocks) >= overdue
    for year in (2025, 2026):
        table = annual.build(annual.units_of_region(yanshi), year)
        assert table.identity_ok, table.identity_breaks
    assert annual.build(annual.units_of_region(yanshi), 2026).value("（七）总计") > 10
