"""A seed-002-shaped period (商南县, 2021年二季度, shangnan-quarterly) with the seed's metrics
imported through the assessment services, the seed's heading and table note as circular settings,
audit findings on two units' sites, and unit administrators with e-mail addresses."""

from __future__ import annotations

import io
from datetime import date

import pytest

from tests.assessment.conftest import contract, make_period
from tests.scoring.conftest import seed_rows

SEED_NOTE = "注:每上报一条信息计0.2分,采用一条信息计1分。"
SEED_TITLE = "商南县人民政府办公室关于2021年二季度县政府网站信息报送及采用情况的通报"
Q2_CHECK = date(2021, 7, 10)
FINDING_UNITS = {"过风楼镇": 2, "县融媒体中心": 1}  # unit -> number of empty columns found
ADMINS = {"gfl_admin": "过风楼镇", "rm_admin": "县融媒体中心", "zc_admin": "赵川镇"}


def seed_csv(rows: list[dict[str, str]], scale: int = 1) -> bytes:
    """Seed 002's table as the metric import reads it; ``scale`` multiplies 采用信息 (another quarter)."""
    lines = ["单位,类别,报送信息,采用信息"]
    lines += [f"{r['单位']},{r['类别']},{r['报送信息']},{int(r['采用信息']) * scale}" for r in rows]
    return "\n".join(lines).encode("utf-8")


def quarter_period(region, user, *, name: str, start: date, check: date, scale: int = 1):
    from gongkai.assessment import services
    from gongkai.assessment.models import Period

    period = make_period(region, "shangnan-quarterly", user=user, name=name)
    Period.objects.filter(pk=period.pk).update(
        kind="季度", start=start, end=date(start.year, start.month + 2, 28), check_date=check
    )
    period.refresh_from_db()
    result = services.import_metrics(
        period, io.BytesIO(seed_csv(seed_rows("seed002_shangnan_2021q2.csv"), scale)), "q.csv", user=user
    )
    assert result.ok, result.problems
    return period


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR


@pytest.fixture
def shangnan_people(users, sample_county):
    """Shangnan's assessor, leader and three unit administrators (with e-mail), next to `users`."""
    from django.contrib.auth.models import User

    from gongkai.accounts.models import Profile, Role
    from gongkai.registry.models import Unit

    region = sample_county["商南县"]
    people = dict(users)
    for name, role in (("sn_assessor", Role.ASSESSOR), ("sn_leader", Role.LEADER)):
        people[name] = User.objects.create_user(name, password=None)
        Profile.objects.create(user=people[name], role=role, region=region)
    for name, unit in ADMINS.items():
        people[name] = User.objects.create_user(name, email=f"{name}@example.gov.cn", password=None)
        Profile.objects.create(
            user=people[name], role=Role.UNIT_ADMIN, unit=Unit.objects.get(region=region, name=unit)
        )
    return people


@pytest.fixture
def seed002(sample_county, shangnan_people, data_dir):
    """The seed-002 period, ready to publish."""
    from gongkai.circulars.models import CircularSettings
    from gongkai.monitoring.store import record_run
    from gongkai.registry.models import Unit

    region = sample_county["商南县"]
    for unit_name, empty in FINDING_UNITS.items():
        site = Unit.objects.get(region=region, name=unit_name).sites.first()
        findings = [
            {"kind": "empty_column", "page": f"{site.url}col{i}/", "column": f"{site.url}col{i}/",
             "message": f"栏目“通知公告{i}”没有任何内容"}
            for i in range(empty)
        ]  # fmt: skip
        record_run(site, contract(site.url, findings, as_of=date(2021, 7, 5)))
    period = quarter_period(
        region, shangnan_people["shangnan_supervisor"], name="2021年第二季度信息报送",
        start=date(2021, 4, 1), check=Q2_CHECK,
    )  # fmt: skip
    CircularSettings.objects.create(
        period=period,
        issuing_office="商南县人民政府办公室",
        document_number="商南政办函〔2021〕56号",
        title=SEED_TITLE,
        recipients="各镇人民政府、城关街道办事处,县政府各工作部门、事业机构,市级驻商各单位",
        notes=SEED_NOTE,
        table_title="{period}{category}向县政府网站报送政务信息情况统计表",
        disclosure_note="此件公开发布",
    )
    return period
