"""The roll-up arithmetic without a database: year scores, dense ranks, bands, rates, full marks,
the year-on-year change, and the workbook read back with openpyxl."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from gongkai.rollup import PeriodScore, compare_blocks, region_block, year_scores
from gongkai.rollup.excel import write_workbook
from gongkai.rollup.year import unit_year


def period(pid: int, total: str, category: str = "市直单位", vetoes=(), indicators=None) -> PeriodScore:
    return PeriodScore(
        pid, f"2021年{pid}月", date(2021, pid, 1), date(2021, pid, 28), category, Decimal(total), None,
        list(vetoes), indicators or {},
    )  # fmt: skip


def test_mean_of_the_periods_and_dense_rank_per_category():
    units = year_scores(
        {
            "教育体育局": [period(1, "51"), period(2, "49")],
            "公安局": [period(2, "45"), period(1, "55")],
            "交通运输局": [period(1, "32")],
            "商城街道": [period(1, "30", "镇街道")],
        },
        decimals=1,
        categories=["市直单位", "镇街道"],
    )
    assert [(u.unit, u.score, u.rank) for u in units] == [
        ("教育体育局", Decimal("50.0"), 1),
        ("公安局", Decimal("50.0"), 1),  # tie: dense, next one is 2
        ("交通运输局", Decimal("32.0"), 2),
        ("商城街道", Decimal("30.0"), 1),
    ]
    # periods in time order, whatever order they came in
    assert [p.period_id for p in units[1].periods] == [1, 2]
    assert "2期平均" in units[0].note


def test_late_zero_rule_zeroes_the_year_of_a_vetoed_unit():
    periods = [period(1, "47"), period(2, "0", vetoes=["网站日常信息发布不及时、工作拖拉，按零分计算"])]
    assert unit_year("公安局", periods, "mean", 1).score == Decimal("23.5")
    late = unit_year("公安局", periods, "late_zero", 1)
    assert late.score == 0 and "全年按零分计算" in late.note and "2021年2月" in late.note
    assert unit_year("教育体育局", [period(1, "51")], "late_zero", 1).score == Decimal("51.0")
    with pytest.raises(ValueError, match="未知的年度得分规则"):
        unit_year("公安局", periods, "median")


def test_bands_and_the_excellent_rate_on_the_scale_of_100():
    units = year_scores(
        {f"u{i}": [period(1, s)] for i, s in enumerate(["95", "90", "85", "80", "79.9", "59"])}
    )
    block = region_block(units)
    assert block["bands"] == {"90+": 2, "80-90": 2, "60-80": 1, "<60": 1}
    assert block["excellent_rate"] == 0.6667
    # a scheme out of 60 (甘肃's 网站 assessment, "58分（总分60分）"): 58 is 96.7 on 100, 47 is 78.3
    sixty = region_block(year_scores({"a": [period(1, "58")], "b": [period(1, "47")]}), Decimal(60))
    assert sixty["bands"] == {"90+": 1, "80-90": 0, "60-80": 1, "<60": 0}
    assert sixty["excellent_rate"] == 0.5
    assert region_block([])["excellent_rate"] is None


def test_full_marks_need_full_points_in_every_period():
    full = {"网站运行情况": (Decimal(20), Decimal(20)), "常态化监管": (Decimal(10), Decimal(10))}
    short = {"网站运行情况": (Decimal(18), Decimal(20)), "常态化监管": (Decimal(10), Decimal(10))}
    units = year_scores(
        {
            "武威市": [period(1, "90", indicators=full), period(2, "90", indicators=full)],
            "天水市": [period(1, "90", indicators=full), period(2, "88", indicators=short)],
        }
    )
    assert region_block(units)["full_marks"] == {"网站运行情况": 1, "常态化监管": 2}


def test_year_on_year_change():
    now = region_block(year_scores({"a": [period(1, "91")], "b": [period(1, "85")], "c": [period(1, "50")]}))
    then = region_block(year_scores({"a": [period(1, "70")], "b": [period(1, "85")]}))
    change = compare_blocks(now, then)
    assert change["bands"] == {"90+": 1, "80-90": 0, "60-80": -1, "<60": 1}
    assert change["excellent_rate"] == round(2 / 3 - 0.5, 4)


def test_workbook_has_the_chinese_headers_and_one_column_per_period(tmp_path):
    units = year_scores(
        {"教育体育局": [period(1, "51"), period(2, "49")], "公安局": [period(1, "47")]}, decimals=1
    )
    data = {
        "year": 2021,
        "units": [u.to_dict() for u in units],
        "region": {**region_block(units), "previous_year": None},
    }
    target = tmp_path / "year.xlsx"
    write_workbook(data, target)
    sheet = load_workbook(target)["年度得分"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("排名", "单位", "类别", "年度得分", "2021年1月", "2021年2月", "说明")
    assert rows[1][:6] == (1, "教育体育局", "市直单位", 50, 51, 49)
    assert rows[2][:6] == (2, "公安局", "市直单位", 47, 47, None)
    summary = {r[0]: r[1] for r in load_workbook(target)["地区汇总"].iter_rows(values_only=True)}
    assert summary["60分以下（个）"] == 2 and summary["优良率（80分以上占比）"] == 0
