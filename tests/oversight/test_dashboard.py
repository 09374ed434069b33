"""The leader dashboard: who may see it, rankings per category, the trend across periods, problems
by kind and unit, and the two charts as real PNG files."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from gongkai.assessment import access, services
from gongkai.assessment.models import Score
from gongkai.circulars.dashboard import build
from gongkai.monitoring.store import record_run
from gongkai.registry.models import Unit
from tests.assessment.conftest import contract, make_period

ROLES = ["anonymous", "supervisor", "assessor", "leader", "unit_admin", "other_admin", "shangnan_supervisor"]
PNG = b"\x89PNG\r\n\x1a\n"


def _broken(site, n: int) -> list[dict]:
    return [
        {
            "kind": "broken_link",
            "page": site.url,
            "target": f"{site.url}gone{i}.html",
            "status": 404,
            "error": None,
            "home": False,
            "message": "链接不可用",
        }
        for i in range(n)
    ]


@pytest.fixture
def two_periods(users, sample_county):
    """October and November of 偃师市 over three units; November finds more broken links."""
    yanshi = sample_county["偃师市"]
    units = list(Unit.objects.filter(region=yanshi, name__in=["教育体育局", "公安局", "财政局"]))
    periods = []
    for month, name, extra in ((10, "2026年10月考评", 0), (11, "2026年11月考评", 2)):
        as_of = date(2026, month, 20)
        for i, unit in enumerate(units):
            site = unit.sites.first()
            record_run(site, contract(site.url, _broken(site, i + extra), as_of=as_of))
        period = make_period(yanshi, "pucha-2015", user=users["supervisor"], units=units, name=name)
        type(period).objects.filter(pk=period.pk).update(check_date=as_of)
        period.refresh_from_db()
        services.recompute(period, reason="测试")
        periods.append(period)
    return periods


def _client(users, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_dashboard_matrix(two_periods, users, role):
    staff = {"anonymous": 302, "supervisor": 200, "assessor": 200, "leader": 200}
    client = _client(users, role)
    # another county's supervisor has a dashboard of their own (empty here), not 偃师's periods
    assert client.get("/dashboard/").status_code == {**staff, "shangnan_supervisor": 200}.get(role, 403)
    november = two_periods[1].pk
    chart_expected = {**staff, "shangnan_supervisor": 404}.get(role, 403)
    assert client.get(f"/dashboard/{november}/").status_code == chart_expected
    assert client.get(f"/dashboard/{november}/problems.png").status_code == chart_expected


@pytest.mark.django_db
def test_dashboard_shows_the_latest_period_its_trend_and_problems(two_periods, users):
    october, november = two_periods
    html = _client(users, "leader").get("/dashboard/").content.decode()
    assert "领导看板：2026年11月考评" in html
    scores = Score.objects.filter(period=november, total__isnull=False)
    assert scores.exists()
    for score in scores:
        assert score.unit.name in html
    assert "2026年10月考评" in html  # trend row
    board = build(november, access.visible_periods(users["leader"]))
    averages = [row["values"][0] for row in board.trend]
    stored = [
        sum(float(s.total) for s in Score.objects.filter(period=p, total__isnull=False))
        / Score.objects.filter(period=p, total__isnull=False).count()
        for p in (october, november)
    ]
    assert averages == pytest.approx(stored)
    assert averages[0] > averages[1], "十一月断链更多，平均分应更低"
    assert "链接不可用" in html
    # November counts 0+2, 1+2, 2+2 broken links over the three units = 9
    assert '<td class="num">9</td>' in html
    assert f"/dashboard/{november.pk}/trend.png" in html
    shangnan = _client(users, "shangnan_supervisor").get("/dashboard/").content.decode()
    assert "尚无已计算得分的考评期" in shangnan


@pytest.mark.django_db
def test_charts_are_png_files(two_periods, users, tmp_path):
    november = two_periods[1].pk
    client = _client(users, "assessor")
    for name in ("trend", "problems"):
        response = client.get(f"/dashboard/{november}/{name}.png")
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert response.content.startswith(PNG) and len(response.content) > 5000
        (tmp_path / f"{name}.png").write_bytes(response.content)


@pytest.mark.django_db
def test_unit_admin_is_refused_with_a_chinese_reason(two_periods, users):
    response = _client(users, "unit_admin").get("/dashboard/")
    assert response.status_code == 403 and "领导看板仅供" in response.content.decode()
