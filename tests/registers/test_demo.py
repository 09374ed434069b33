"""The demo registers: a few dozen applications of the 偃师 units, some overdue, consistent
enough for the clock and table 三 (the identity holds); the 商南 units' registers filled too."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.accounts.models import Profile, Role
from gongkai.registers import annual, deadlines, demo, newmedia_demo, submissions_demo
from gongkai.registers.models import Application, State, Submission
from gongkai.registry.models import NewMediaAccount, Region, Unit

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


def test_every_register_page_has_data_for_the_shangnan_users(users):
    """The demo fills the registers of 商南 too (`gongkai demo` calls the three ``fill`` for both
    counties): its supervisor and a unit admin of it find entries on every register page."""
    shangnan, today = Region.objects.get(name="商南县"), deadlines.today()
    statistics = Unit.objects.get(region=shangnan, name="县统计局")
    assert demo.fill(shangnan, today, include=statistics)[0] == 36
    assert submissions_demo.fill(shangnan, today, include=statistics) > 30
    assert newmedia_demo.fill(shangnan, today, include=statistics)[0] == 2 * shangnan.units.count()
    assert not Application.objects.exclude(unit__region=shangnan).exists()  # 偃师's are its own
    link = Submission.objects.filter(unit=statistics).first().link
    assert link.startswith("http://www.shangnan.gov.cn/xxbs/")
    names = set(NewMediaAccount.objects.filter(unit=statistics).values_list("name", flat=True))
    assert "商南县统计局" in names  # not 商南县县统计局

    supervisor = Client()
    supervisor.force_login(users["shangnan_supervisor"])
    admin = User.objects.create_user("sn_admin", password=None)
    Profile.objects.create(user=admin, role=Role.UNIT_ADMIN, unit=statistics)
    unit_admin = Client()
    unit_admin.force_login(admin)
    year = f"?year={today.year}"
    for client, expected in ((supervisor, "县融媒体中心"), (unit_admin, "县统计局")):
        register = client.get("/applications/").content.decode()
        assert register.count("/applications/") > 5 and expected in register
        assert client.get(f"/applications/annual/{year}").status_code == 200
        listing = client.get("/submissions/").content.decode()
        assert expected in listing and "统计局" in listing
        stats = client.get("/submissions/stats/?from=" + str(today.replace(day=1, month=1))).content.decode()
        assert "统计局" in stats
        media = client.get("/newmedia/").content.decode()
        assert "商南县统计局" in media and "两周未更新 <strong>1</strong> 个" in media
