"""Formula items with ``manual_when``: scored by the formula where there is data, by hand while
the condition holds, and an assessor's entry overriding the formula; the trace says which."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from gongkai.scoring import ManualScore, SchemeError, ScoringInputError, UnitInput, parse_scheme, score_unit

SCHEME = """
id: fallback
name: 测试方案
metrics:
  答复数: {default: 0}
  按时数: {default: 0}
indicators:
  - id: replies
    name: 依申请公开
    points: 4
    formula: 4 * 按时数 / 答复数
    manual_when: 答复数 == 0
    manual_reason: 台账无数据，人工评分
  - {id: plain, name: 其他, points: 2, formula: 答复数}
"""


def scheme(text: str = SCHEME):
    return parse_scheme(yaml.safe_load(text), "test.yaml")


def item(result, ident="replies"):
    return next(node for node in result.indicators if node.id == ident)


def test_the_formula_scores_where_there_is_data_and_labels_the_source():
    unit = UnitInput(
        "甲", metrics={"答复数": 4, "按时数": 3}, sources={"答复数": "register", "按时数": "register"}
    )
    node = item(score_unit(scheme(), unit))
    assert node.score == 3 and node.status == "scored"
    assert {q.source for q in node.steps[0].inputs} == {"register"}
    assert node.steps[0].reason == "按公式 4 * 按时数 / 答复数 计算（按时数 = 3，答复数 = 4）得 3 分"


def test_without_data_the_item_is_manual_and_pending_until_entered():
    result = score_unit(scheme(), UnitInput("乙"))
    node = item(result)
    assert node.status == "pending" and node.score == 0 and result.pending == ["replies"]
    assert node.steps[0].reason == "台账无数据，人工评分（条件 答复数 == 0；答复数 = 0）"
    entered = ManualScore(Decimal(2), "查阅纸质办件")
    node = item(score_unit(scheme(), UnitInput("乙", manual={"replies": entered})))
    assert node.score == 2 and node.status == "scored"
    assert node.steps[-1].reason == "人工评分 2 分（扣 2 分）：查阅纸质办件"


def test_an_entry_overrides_the_formula_and_the_trace_names_what_it_replaced():
    unit = UnitInput(
        "丙", metrics={"答复数": 2, "按时数": 2}, manual={"replies": {"points": 1, "reason": "抽查不规范"}}
    )
    node = item(score_unit(scheme(), unit))
    assert node.score == 1
    assert node.steps[0].amount is None  # the formula's result is shown, not counted
    assert node.steps[-1].reason == "人工评分 1 分（扣 3 分），取代按公式计算的 4 分：抽查不规范"
    assert node.to_dict()["steps"][0]["amount"] is None


def test_entries_stay_refused_for_a_formula_item_without_manual_when_and_out_of_range():
    with pytest.raises(ScoringInputError, match="不是人工评分项"):
        score_unit(scheme(), UnitInput("丁", manual={"plain": 1}))
    with pytest.raises(ScoringInputError, match="超出 0 至 4 分的范围"):
        score_unit(scheme(), UnitInput("丁", manual={"replies": 5}))


def test_manual_when_is_checked_when_the_scheme_loads():
    bad = SCHEME.replace("    points: 4\n", "").replace(
        "{id: plain, name: 其他, points: 2, formula: 答复数}",
        "{id: plain, name: 其他, points: 2, manual: true, manual_when: 答复数 > 0}",
    )
    bad = bad.replace("manual_when: 答复数 == 0", "manual_when: 收到数 == 0")
    with pytest.raises(SchemeError) as caught:
        scheme(bad)
    text = "\n".join(caught.value.errors)
    assert "公式“收到数 == 0”用到未声明的数据“收到数”" in text
    assert "写了 manual_when 的公式指标必须有分值 points" in text
    assert "指标“其他”（plain）：manual_when、manual_reason 只能用于公式指标（formula）" in text
