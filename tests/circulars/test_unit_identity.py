"""Two units with the same name in different counties of one period (偃师市统计局 and 孟津区统计局,
in a 洛阳市 period): each gets its own rectification notice with its own problems, file names that
tell them apart, its own e-mail, and each administrator downloads only its own notice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from gongkai.accounts.models import Profile, Role
from gongkai.assessment import access
from gongkai.assessment import services as assessment
from gongkai.circulars.services import publish
from gongkai.monitoring.store import record_run
from gongkai.registry.models import Region, Site, Unit, UnitCategory
from tests.assessment.conftest import contract, make_period


@pytest.fixture
def twin_units(sample_county, data_dir):
    """{period, units: {county: unit}, admins: {county: user}, boss}: a published-ready 洛阳市
    period over two 统计局, each with one empty column found on its site."""
    yanshi = sample_county["偃师市"]
    luoyang = yanshi.parent
    mengjin = Region.objects.create(name="孟津区", parent=luoyang, level="county", code="410308")
    county_dept = UnitCategory.objects.get(name="县直部门")
    other = Unit.objects.create(region=mengjin, category=county_dept, name="统计局")
    Site.objects.create(unit=other, name="孟津区统计局", url="http://www.mengjin.gov.cn/tjj/")
    units = {"偃师市": Unit.objects.get(region=yanshi, name="统计局"), "孟津区": other}
    Unit.objects.filter(pk__in=[u.pk for u in units.values()]).update(category=county_dept)
    boss = User.objects.create_user("ly_supervisor", password=None, is_staff=True)
    Profile.objects.create(user=boss, role=Role.SUPERVISOR, region=luoyang)
    admins = {}
    for county, unit in units.items():
        site = unit.sites.get()
        finding = {
            "kind": "empty_column",
            "page": f"{site.url}col/",
            "column": f"{site.url}col/",
            "message": f"栏目“{county}专栏”没有任何内容",
        }
        record_run(site, contract(site.url, [finding], as_of=date(2026, 11, 15)))
        admins[county] = User.objects.create_user(
            f"tj_{unit.pk}", email=f"tj{unit.pk}@example.gov.cn", password=None
        )
        Profile.objects.create(user=admins[county], role=Role.UNIT_ADMIN, unit=unit)
    period = make_period(luoyang, "shangnan-quarterly", user=boss, units=list(units.values()))
    assessment.set_metrics(
        period,
        {u.pk: {"报送信息": Decimal(n), "采用信息": Decimal(1)} for n, u in enumerate(units.values(), 3)},
        user=boss,
        reason="录入",
    )
    return {"period": period, "units": units, "admins": admins, "boss": boss}


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR


def _text(path: Path) -> str:
    document = docx.Document(path)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.django_db
def test_same_name_units_get_separate_notices_and_permissions(twin_units):
    period, units, admins = twin_units["period"], twin_units["units"], twin_units["admins"]
    record = publish(period, user=twin_units["boss"], pdf=False)
    notices = [f for f in record.files if f["kind"] == "notice"]
    assert len(notices) == 2, notices
    assert {f["unit_id"] for f in notices} == {u.pk for u in units.values()}
    assert len({f["name"] for f in notices}) == 2
    directory = Path(record.directory)
    for county, unit in units.items():
        (entry,) = [f for f in notices if f["unit_id"] == unit.pk]
        assert county in entry["name"] and "统计局" in entry["name"]
        text = _text(directory / entry["name"])
        assert f"{county}专栏" in text
        other = next(c for c in units if c != county)
        assert f"{other}专栏" not in text  # never the other 统计局's problems

    for county, unit in units.items():
        client = Client()
        client.force_login(admins[county])
        for index, entry in enumerate(record.files):
            if entry["kind"] != "notice":
                continue
            mine = entry["unit_id"] == unit.pk
            assert (
                access.can_download_circular_file(admins[county], period, "notice", entry["unit_id"]) is mine
            )
            response = client.get(f"/circulars/{period.pk}/files/{index}/")
            assert response.status_code == (200 if mine else 403), (county, entry)
        page = client.get("/circulars/").content.decode()
        assert page.count("整改通知") == 1

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {u.email for u in admins.values()}
    for county in units:
        message = by_address[admins[county].email]
        assert f"{county}统计局" in message.subject
        assert "问题1个" in message.body


@pytest.mark.django_db
def test_old_records_get_unit_ids_only_where_the_name_is_unambiguous(twin_units):
    """Circulars published before notices carried ids: the migration tags the unambiguous ones."""
    import importlib

    from django.apps import apps
    from django.utils import timezone

    from gongkai.circulars.models import PublishedCircular

    period = twin_units["period"]
    lone = Unit.objects.get(region__name="偃师市", name="公安局")
    assessment.set_period_units(
        period, [*twin_units["units"].values(), lone], user=twin_units["boss"], reason="加入"
    )
    files = [
        {"key": "notice:统计局", "name": "notices/a.docx", "kind": "notice", "label": "", "unit": "统计局"},
        {"key": "notice:公安局", "name": "notices/b.docx", "kind": "notice", "label": "", "unit": "公安局"},
        {"key": "circular.docx", "name": "circular.docx", "kind": "circular", "label": "", "unit": ""},
    ]
    record = PublishedCircular.objects.create(
        period=period, published_at=timezone.now(), title="旧通报", directory="/nowhere", files=files
    )
    migration = importlib.import_module("gongkai.circulars.migrations.0002_notice_unit_ids")
    migration.tag_notices(apps, None)
    record.refresh_from_db()
    assert [f.get("unit_id", "absent") for f in record.files] == [None, lone.pk, "absent"]
