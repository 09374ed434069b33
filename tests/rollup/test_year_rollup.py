"""The year and region roll-ups over periods scored and published through the services, and
`gongkai rollup` writing the contract's JSON and the workbook."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.rollup.conftest import guoban_period

pytestmark = pytest.mark.django_db


def _by_unit(data):
    return {u["unit"]: u for u in data["units"]}


def test_year_scores_ranks_and_periods_of_yanshi(yanshi_year, sample_county):
    from gongkai.assessment.rollup import year_rollup

    data = year_rollup(sample_county["偃师市"], 2021)
    assert set(data) == {"year", "units", "region"}  # 偃师市 has no sub-regions
    assert data["year"] == 2021
    units = _by_unit(data)
    # January 51 / 47 / 32 / 49 / 49, February 49 / 0 (vetoed: flagged late) / 34 / 39 / 50
    assert {name: (u["score"], u["rank"], u["category"]) for name, u in units.items()} == {
        "教育体育局": (50, 1, "市直单位"),
        "交通运输局": (33, 2, "市直单位"),
        "公安局": (23.5, 3, "市直单位"),
        "首阳山街道": (49.5, 1, "镇街道"),
        "商城街道": (44, 2, "镇街道"),
    }
    assert [u["unit"] for u in data["units"]] == [
        "教育体育局",
        "交通运输局",
        "公安局",
        "首阳山街道",
        "商城街道",
    ]
    assert set(data["units"][0]) >= {"unit", "category", "score", "rank", "periods"}
    feb = units["公安局"]["periods"][1]
    assert [p["name"] for p in units["公安局"]["periods"]] == ["2021年1月考评", "2021年2月考评"]
    assert feb["score"] == 0 and feb["vetoes"]
    region = data["region"]
    assert set(region) == {"bands", "excellent_rate", "full_marks", "previous_year"}
    assert region["bands"] == {"90+": 0, "80-90": 0, "60-80": 0, "<60": 5}
    assert region["excellent_rate"] == 0
    assert region["full_marks"] == {}  # yanshi-monthly's parts have no full points
    # 2020 has February only: the same block for the year before, and the change
    previous = region["previous_year"]
    assert previous["year"] == 2020 and previous["bands"]["<60"] == 5
    assert previous["change"]["bands"] == {"90+": 0, "80-90": 0, "60-80": 0, "<60": 0}


def test_late_publisher_scores_zero_for_the_year_when_the_period_says_so(yanshi_year, sample_county):
    from gongkai.assessment.models import Period
    from gongkai.assessment.rollup import year_rollup

    Period.objects.filter(pk=yanshi_year["feb"].pk).update(year_rule=Period.YearRule.LATE_ZERO)
    units = _by_unit(year_rollup(sample_county["偃师市"], 2021))
    assert units["公安局"]["score"] == 0 and "全年按零分计算" in units["公安局"]["note"]
    assert units["公安局"]["rank"] == 3 and units["教育体育局"]["score"] == 50


def test_each_period_carries_its_comparison_环比_or_同比(yanshi_year, sample_county):
    from gongkai.assessment.rollup import RollupError, year_rollup

    yanshi = sample_county["偃师市"]
    feb = _by_unit(year_rollup(yanshi, 2021))["教育体育局"]["periods"][1]
    assert feb["previous"] == {"relation": "环比", "period": "2021年1月考评", "score": 51, "change": -2}
    feb = _by_unit(year_rollup(yanshi, 2021, compare="同比"))["教育体育局"]["periods"][1]
    assert feb["previous"] == {"relation": "同比", "period": "2020年2月考评", "score": 39, "change": 10}
    jan = _by_unit(year_rollup(yanshi, 2021, compare="同比"))["教育体育局"]["periods"][0]
    assert "previous" not in jan  # no January 2020
    with pytest.raises(RollupError, match="对比方式“上年”无效"):
        year_rollup(yanshi, 2021, compare="上年")


def test_no_previous_year_is_null(yanshi_year, sample_county):
    from gongkai.assessment.rollup import year_rollup

    data = year_rollup(sample_county["偃师市"], 2020)
    assert data["region"]["previous_year"] is None
    assert [(u["unit"], u["score"], u["rank"]) for u in data["units"]][:2] == [
        ("公安局", 47, 1),
        ("教育体育局", 39, 2),
    ]


def test_full_marks_bands_and_rate_of_a_scheme_with_points(sample_county, users):
    from gongkai.assessment.rollup import year_rollup

    region = sample_county["偃师市"]
    user = users["supervisor"]
    guoban_period(region, user, 2020, {"教育体育局": (100, 10), "公安局": (70, 0), "交通运输局": (50, 0)})
    guoban_period(region, user, 2021, {"教育体育局": (100, 30), "公安局": (95, 0), "交通运输局": (85, 0)})
    data = year_rollup(region, 2021)
    assert [(u["unit"], u["score"], u["rank"]) for u in data["units"]] == [
        ("教育体育局", 130, 1), ("公安局", 95, 2), ("交通运输局", 85, 3),
    ]  # fmt: skip
    region_block = data["region"]
    assert region_block["bands"] == {"90+": 2, "80-90": 1, "60-80": 0, "<60": 0}
    assert region_block["excellent_rate"] == 1
    assert region_block["full_marks"] == {"扣分指标": 1}
    change = region_block["previous_year"]["change"]
    assert change["excellent_rate"] == round(1 - 1 / 3, 4)
    assert change["full_marks"] == {"扣分指标": 0}


def test_sub_regions_of_a_city(yanshi_year, sample_county, users):
    from gongkai.assessment.rollup import year_rollup

    guoban_period(
        sample_county["偃师市"], users["supervisor"], 2021, {"教育体育局": (100, 5), "公安局": (90, 0)}
    )
    data = year_rollup(sample_county["偃师市"].parent, 2021)  # 洛阳市
    assert data["units"] == [] and data["region"]["previous_year"] is None
    [yanshi] = data["sub_regions"]
    assert yanshi["region"] == "偃师市"
    schemes = {a["scheme"]: a for a in yanshi["assessments"]}
    assert set(schemes) == {"guoban-2019", "yanshi-monthly"}
    site = schemes["guoban-2019"]
    assert site["total"] == 100 and site["units"] == 2 and site["mean"] == 97.5
    assert site["bands"]["90+"] == 2 and site["full_marks"] == {"扣分指标": 1}
    monthly = schemes["yanshi-monthly"]
    assert monthly["mean"] == 40 and monthly["total"] is None  # (50 + 33 + 23.5 + 49.5 + 44) / 5
    assert monthly["previous_year"]["year"] == 2020 and monthly["previous_year"]["mean"] == 39.2
    assert monthly["previous_year"]["change"]["mean"] == 0.8
    assert site["previous_year"] is None
    rates = yanshi["rates"]
    assert rates["第三方评估优良率"]["value"] is None and "第三方" in rates["第三方评估优良率"]["reason"]
    assert rates["新媒体抽查合格率"]["value"] is None and rates["新媒体抽查合格率"]["reason"]
    assert rates["年报优良率"]["value"] is None and "年报" in rates["年报优良率"]["reason"]


def test_command_writes_the_json_and_the_workbook(yanshi_year, tmp_path):
    out, book = tmp_path / "y.json", tmp_path / "y.xlsx"
    call_command("rollup", year=2021, region="偃师市", compare="同比", json_out=str(out), xlsx_out=str(book))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["units"][0]["unit"] == "教育体育局" and data["units"][0]["score"] == 50
    assert data["units"][0]["periods"][1]["previous"]["relation"] == "同比"
    rows = list(load_workbook(book)["年度得分"].iter_rows(values_only=True))
    assert rows[0][:6] == ("排名", "单位", "类别", "年度得分", "2021年1月考评", "2021年2月考评")
    assert rows[3][:6] == (3, "公安局", "市直单位", 23.5, 47, 0)


def test_command_refuses_bad_input_in_chinese(yanshi_year, sample_county, users, tmp_path):
    out = tmp_path / "y.json"
    with pytest.raises(CommandError, match="未找到地区“不存在县”"):
        call_command("rollup", year=2021, region="不存在县", json_out=str(out))
    with pytest.raises(CommandError, match="2019年没有已发布的考评期"):
        call_command("rollup", year=2019, json_out=str(out))
    guoban_period(sample_county["偃师市"], users["supervisor"], 2021, {"教育体育局": (100, 5)})
    with pytest.raises(CommandError, match="多个指标方案.*--scheme"):
        call_command("rollup", year=2021, region="偃师市", json_out=str(out))
    with pytest.raises(CommandError, match="没有指标方案“pucha-2015”"):
        call_command("rollup", year=2021, region="偃师市", scheme="pucha-2015", json_out=str(out))
    assert not out.exists()
    call_command("rollup", year=2021, region="偃师市", scheme="guoban-2019", json_out=str(out))
    assert [u["unit"] for u in json.loads(out.read_text(encoding="utf-8"))["units"]] == ["教育体育局"]
