"""Acceptance from the seeds: the built-in schemes reproduce the published tables exactly."""

from __future__ import annotations

import random
from decimal import Decimal

from gongkai.scoring import UnitInput, load_scheme, score_units
from tests.scoring.conftest import seed_rows

SHANGNAN = "seed002_shangnan_2021q2.csv"
YANSHI = "seed000_yanshi_2021_02.csv"
JUNAN = "seed003_junan_2019_01_05.csv"


def _inputs(rows, unit_column, metric_names):
    return [UnitInput(row[unit_column], row["类别"], {m: row[m] for m in metric_names}) for row in rows]


def test_seed002_every_score_and_dense_rank():
    rows = seed_rows(SHANGNAN)
    assert len(rows) == 10 + 52
    results = score_units(load_scheme("shangnan-quarterly"), _inputs(rows, "单位", ["报送信息", "采用信息"]))
    expected = {row["单位"]: (Decimal(row["通报得分"]), int(row["通报排名"])) for row in rows}
    got = {r.unit: (r.total, r.rank) for r in results}
    assert got == expected
    # the exact Decimal, not a float that happens to print the same
    assert next(r.total for r in results if r.unit == "过风楼镇") == Decimal("30.4")


def test_seed002_output_order_is_category_then_rank_then_input_order():
    rows = seed_rows(SHANGNAN)
    shuffled = rows[:]
    random.Random(5).shuffle(shuffled)
    results = score_units(
        load_scheme("shangnan-quarterly"), _inputs(shuffled, "单位", ["报送信息", "采用信息"])
    )
    categories = [r.category for r in results]
    assert categories == sorted(categories, key=categories.index)  # grouped
    for category in set(categories):
        ranks = [r.rank for r in results if r.category == category]
        assert ranks == sorted(ranks)
    # shuffled input still ranks every unit as the seed does
    assert {r.unit: r.rank for r in results} == {row["单位"]: int(row["通报排名"]) for row in rows}


def test_seed000_every_total_and_the_order_of_both_tables():
    rows = seed_rows(YANSHI)
    parts = ["公共服务", "交流互动", "网站建设及安全", "政务信息公开"]
    results = score_units(load_scheme("yanshi-monthly"), _inputs(rows, "单位名称", parts))
    assert {r.unit: r.total for r in results} == {row["单位名称"]: Decimal(row["总分"]) for row in rows}
    # the seed lists each table by total, ties in the seed's own order: input order is kept
    assert [(r.category, r.unit) for r in results] == [(row["类别"], row["单位名称"]) for row in rows]


def test_seed000_ties_keep_input_order_when_input_is_reversed():
    rows = list(reversed(seed_rows(YANSHI)))
    parts = ["公共服务", "交流互动", "网站建设及安全", "政务信息公开"]
    results = score_units(load_scheme("yanshi-monthly"), _inputs(rows, "单位名称", parts))
    towns = [r for r in results if r.category == "镇街道"]
    assert [r.total for r in towns] == sorted((r.total for r in towns), reverse=True)
    tied = [r.unit for r in towns if r.total == 24]
    assert tied == ["山化镇", "伊洛街道", "岳滩镇"]  # reversed input → reversed tie order
    assert [r.rank for r in towns][:4] == [1, 2, 3, 4]


def test_seed003_every_cumulative_bonus_and_the_weekly_deduction():
    rows = seed_rows(JUNAN)
    metrics = ["信息公开", "动态信息", "每周更新未达标次数", "国办采用", "省级采用", "市级采用"]
    results = score_units(load_scheme("junan-content"), _inputs(rows, "单位", metrics))
    by_unit = {r.unit: r for r in results}
    for row in rows:
        result = by_unit[row["单位"]]
        highlights = next(i for i in result.indicators if i.id == "highlights")
        expected_bonus = Decimal(row["累计加分"] or "0")
        assert highlights.score == expected_bonus, row["单位"]
        misses = Decimal(row["每周更新未达标次数"])
        assert result.total == expected_bonus - Decimal("0.2") * misses
    assert next(i for i in by_unit["十字路街道"].indicators if i.id == "highlights").score == Decimal("2.5")
    assert next(i for i in by_unit["行政审批服务局"].indicators if i.id == "highlights").score == Decimal(
        "3.5"
    )


def test_seed003_order_follows_the_information_count_as_the_seed_says():
    rows = seed_rows(JUNAN)
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    metrics = ["信息公开", "动态信息", "每周更新未达标次数", "国办采用", "省级采用", "市级采用"]
    results = score_units(load_scheme("junan-content"), _inputs(shuffled, "单位", metrics))
    for category in ("镇街园区", "部门单位"):
        counts = [r.rank_value for r in results if r.category == category]
        assert counts == sorted(counts, reverse=True)
    # 附件1 has no ties, so its order is the seed's 序号 exactly
    towns = [r.unit for r in results if r.category == "镇街园区"]
    assert towns == [row["单位"] for row in rows if row["类别"] == "镇街园区"]
