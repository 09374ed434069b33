"""The year roll-up page and its download: who may open them (supervisors, assessors and leaders of
the region or above; unit administrators and other counties refused), what the page shows, and
the .xlsx read back with openpyxl."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

ROLES = ["supervisor", "assessor", "leader", "unit_admin", "other_admin", "shangnan_supervisor"]


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_yanshi_year(role, yanshi_year, sample_county, users):
    region = sample_county["偃师市"]
    expected = 200 if role in ("supervisor", "assessor", "leader") else 403
    client = _client(users[role])
    page = client.get(f"/assessment/rollup/?region={region.pk}&year=2021")
    download = client.get(f"/assessment/rollup/download/?region={region.pk}&year=2021")
    assert (page.status_code, download.status_code) == (expected, expected)
    if expected == 403:
        assert "年度汇总" in page.content.decode() or "无权" in page.content.decode()


def test_anonymous_is_sent_to_sign_in(yanshi_year):
    assert _client().get("/assessment/rollup/").status_code == 302


def test_page_shows_the_year_table_and_the_region_block(yanshi_year, sample_county, users):
    region = sample_county["偃师市"]
    page = _client(users["leader"]).get(f"/assessment/rollup/?region={region.pk}&year=2021").content.decode()
    assert "市直单位" in page and "镇街道" in page
    # each month against the previous published one (January 2021 against February 2020)
    assert (
        '<td>1</td><td>教育体育局</td><td>50</td><td>51 <span class="muted">（环比+12）</span></td>'
        '<td>49 <span class="muted">（环比-2）</span></td>'
    ) in page
    assert '<td>3</td><td>公安局</td><td>23.5</td><td>47 <span class="muted">（环比0）</span></td>' in page
    assert '<td>0 <span class="muted">（环比-47）</span></td>' in page
    assert "60分以下（个）</td><td>5</td><td>5</td>" in page  # 2021 and 2020
    assert "下载 Excel 表" in page
    same = _client(users["leader"]).get(f"/assessment/rollup/?region={region.pk}&year=2021&compare=同比")
    assert "（同比+10）" in same.content.decode()  # 教育体育局: February 2020 39, February 2021 49
    # a leader reads only: no form that changes anything
    assert page.count('method="post"') == 1  # the sign-out button of the page header only


def test_download_is_the_year_table_as_a_workbook(yanshi_year, sample_county, users):
    region = sample_county["偃师市"]
    response = _client(users["supervisor"]).get(f"/assessment/rollup/download/?region={region.pk}&year=2021")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content))["年度得分"].iter_rows(values_only=True))
    assert rows[0][:4] == ("排名", "单位", "类别", "年度得分")
    assert [r[1] for r in rows[1:]] == ["教育体育局", "交通运输局", "公安局", "首阳山街道", "商城街道"]


def test_a_city_supervisor_sees_its_sub_regions(yanshi_year, sample_county, users):
    from django.contrib.auth.models import User

    from gongkai.accounts.models import Profile, Role

    city = sample_county["偃师市"].parent
    user = User.objects.create_user("luoyang", password=None)
    Profile.objects.create(user=user, role=Role.SUPERVISOR, region=city)
    page = _client(user).get(f"/assessment/rollup/?region={city.pk}&year=2021").content.decode()
    assert "下级地区" in page and "偃师市" in page and "偃师市政府网站管理和政务信息公开情况（月度）" in page
    # 偃师's supervisor may not open the city above it
    refused = _client(users["supervisor"]).get(f"/assessment/rollup/?region={city.pk}&year=2021")
    assert refused.status_code == 403


def test_several_schemes_ask_for_one_in_chinese(yanshi_year, sample_county, users):
    from tests.rollup.conftest import guoban_period

    region = sample_county["偃师市"]
    guoban_period(region, users["supervisor"], 2021, {"教育体育局": (100, 5)})
    client = _client(users["supervisor"])
    page = client.get(f"/assessment/rollup/?region={region.pk}&year=2021").content.decode()
    assert "多个指标方案" in page
    bad = client.get(f"/assessment/rollup/download/?region={region.pk}&year=2021")
    assert bad.status_code == 400 and "多个指标方案" in bad.content.decode()
    chosen = client.get(
        f"/assessment/rollup/?region={region.pk}&year=2021&scheme=guoban-2019"
    ).content.decode()
    assert "<td>1</td><td>教育体育局</td><td>105</td>" in chosen
    wrong = client.get(f"/assessment/rollup/?region={region.pk}&year=2021&compare=x").content.decode()
    assert "对比方式“x”无效" in wrong


@pytest.mark.parametrize(
    ("query", "message"),
    [("region=99999999999999999999999", "参数“region”"), ("region=abc", "参数“region”"),
     ("year=99999", "四位年份"), ("year=20x1", "四位年份")],
)  # fmt: skip
def test_bad_parameters_are_a_400_in_chinese(yanshi_year, users, query, message):
    client = _client(users["supervisor"])
    for path in ("/assessment/rollup/", "/assessment/rollup/download/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400 and message in response.content.decode()
