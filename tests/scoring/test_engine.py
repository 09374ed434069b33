"""The engine's rules: caps, vetoes, rescaling, thresholds, bonus, manual items, penalties, traces."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import yaml

from gongkai.scoring import ScoringInputError, UnitInput, load_scheme, parse_scheme, score_unit

SMALL = """
id: small
name: 测试方案
total: 100
pass_mark: 60
bonus_above: 80
metrics:
  通报次数: {default: 0}
  批示次数: {default: 0}
counts:
  空白栏目数: {kind: empty_column}
  首页断链数: {kind: broken_link, home: true}
  其他断链数: {kind: broken_link, home: false}
indicators:
  - id: site
    name: 网站建设
    points: 25
    children:
      - {id: site.empty, name: 空白栏目, points: 2, deduct: [{name: 空白栏目, each: 1, of: 空白栏目数}]}
      - id: site.links
        name: 链接可用性
        points: 1
        deduct:
          - {name: 首页链接打不开, each: 1, of: 首页断链数}
          - {name: 其他页面链接打不开, each: 0.1, of: 其他断链数}
      - {id: site.other, name: 其他, points: 22, manual: true}
  - {id: work, name: 日常工作, points: 75, manual: true}
bonus:
  cap: 20
  indicators:
    - {id: bonus.lead, name: 领导重视, points: 4, formula: 2 * 批示次数}
    - {id: bonus.case, name: 创新案例, points: 16, manual: true}
penalties:
  - {name: 被通报, each: 10, of: 通报次数}
vetoes:
  - {id: empty, name: 空白栏目超过5个, when: 空白栏目数 > 5, effect: zero, scope: site}
"""


def scheme(text: str = SMALL, **changes):
    data = yaml.safe_load(text)
    data.update(changes)
    return parse_scheme(data, "small.yaml")


def broken(n: int, home: bool, start: int = 0) -> list[dict]:
    return [
        {
            "kind": "broken_link",
            "page": "http://127.0.0.1/" + ("" if home else f"p{i}.html"),
            "target": f"http://127.0.0.1/missing{start + i}.html",
            "status": 404,
            "home": home,
            "message": "链接打不开",
        }
        for i in range(n)
    ]


def empty(n: int) -> list[dict]:
    return [
        {
            "kind": "empty_column",
            "page": f"http://127.0.0.1/col{i}/",
            "column": f"栏目{i}",
            "message": "空白栏目",
        }
        for i in range(n)
    ]


FULL = {"site.other": 22, "work": {"points": 75, "reason": "材料齐全", "evidence": ["佐证.pdf"]}}


def node(result, ident):
    for top in (*result.indicators, *result.bonus):
        for item in top.walk():
            if item.id == ident:
                return item
    raise KeyError(ident)


def test_deductions_are_capped_at_the_indicator_and_never_below_zero():
    result = score_unit(
        scheme(), UnitInput("甲", findings=empty(4) + broken(3, True) + broken(7, False), manual=FULL)
    )
    assert node(result, "site.empty").score == 0  # 4 × 1 > 2: never below 0
    links = node(result, "site.links")
    assert links.score == 0
    assert any("扣完为止" in step.reason for step in links.steps)
    assert result.base == 100 - 2 - 1


def test_small_deductions_are_exact_decimals():
    result = score_unit(scheme(), UnitInput("甲", findings=broken(7, False), manual=FULL))
    assert node(result, "site.links").score == Decimal("0.3")  # 1 − 7 × 0.1, no float noise
    assert result.total == Decimal("99.30")


def test_every_deduction_is_traceable_to_its_findings():
    findings = [
        {"kind": "typo", "page": "http://127.0.0.1/a", "text": "x", "message": "m"},
        *broken(2, True),
        *empty(1),
    ]
    result = score_unit(scheme(), UnitInput("甲", findings=findings, manual=FULL))
    links = node(result, "site.links")
    step = next(s for s in links.steps if s.rule)
    assert step.amount == -2
    refs = step.inputs[0].findings
    assert [r["index"] for r in refs] == [1, 2]
    assert refs[0]["target"] == "http://127.0.0.1/missing0.html" and refs[0]["page"] == "http://127.0.0.1/"
    empty_step = node(result, "site.empty").steps[0]
    assert empty_step.inputs[0].findings[0] | {} == {
        "index": 3,
        "page": "http://127.0.0.1/col0/",
        "column": "栏目0",
    }
    # and the whole result survives a JSON round trip with the references in it
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert "missing1.html" in json.dumps(data, ensure_ascii=False)


def test_veto_zeroes_its_scope_and_is_flagged():
    result = score_unit(scheme(), UnitInput("甲", findings=empty(6), manual=FULL))
    assert [v.id for v in result.vetoes] == ["empty"]
    assert "空白栏目数 = 6" in result.vetoes[0].reason
    assert node(result, "site").score == 0 and node(result, "site").status == "vetoed"
    assert result.base == 75
    # exactly five is not "more than five"
    assert not score_unit(scheme(), UnitInput("甲", findings=empty(5), manual=FULL)).vetoes


def test_fail_veto_fails_the_unit_and_zeroes_the_total():
    data = yaml.safe_load(SMALL)
    data["vetoes"] = [{"name": "空白栏目≥5个", "when": "空白栏目数 >= 5", "effect": "fail"}]
    result = score_unit(parse_scheme(data), UnitInput("甲", findings=empty(5), manual=FULL))
    assert result.total == 0 and result.passed is False
    assert score_unit(parse_scheme(data), UnitInput("甲", findings=empty(4), manual=FULL)).passed is True


def test_pass_mark_fails_below_sixty():
    low = score_unit(scheme(), UnitInput("甲", manual={"site.other": 0, "work": 35}))
    assert low.base == Decimal("38") and low.passed is False  # 2 + 1 + 0 + 35
    edge = score_unit(scheme(), UnitInput("甲", manual={"site.other": 22, "work": 35}))
    assert edge.base == 60 and edge.passed is True


def test_bonus_only_above_eighty_and_capped():
    manual = {**FULL, "bonus.case": 16}
    high = score_unit(scheme(), UnitInput("甲", metrics={"批示次数": 5}, manual=manual))
    lead = node(high, "bonus.lead")
    assert lead.score == 4  # 2 × 5 = 10, capped at the indicator's 4
    assert high.bonus_raw == 20 and high.bonus_applied == 20 and high.total == 120
    at_80 = score_unit(scheme(), UnitInput("甲", metrics={"批示次数": 1}, manual={**manual, "work": 55}))
    assert at_80.base == 80 and at_80.bonus_raw == 18 and at_80.bonus_applied == 0
    assert any("未超过 80" in note for note in at_80.notes)


def test_bonus_cap_applies_to_the_sum():
    data = yaml.safe_load(SMALL)
    data["bonus"] = {
        "cap": 5,
        "sum": "free",
        "indicators": [
            {"id": "b1", "name": "甲", "points": 4, "formula": "2 * 批示次数"},
            {"id": "b2", "name": "乙", "points": 16, "manual": True},
        ],
    }
    result = score_unit(
        parse_scheme(data), UnitInput("甲", metrics={"批示次数": 2}, manual={**FULL, "b2": 3})
    )
    assert result.bonus_raw == 7 and result.bonus_applied == 5


def test_penalties_are_outside_the_base_and_uncapped():
    result = score_unit(scheme(), UnitInput("甲", metrics={"通报次数": 3}, manual=FULL))
    assert result.base == 100 and result.penalty_total == 30 and result.total == 70
    assert result.penalties[0].inputs[0].name == "通报次数" and result.penalties[0].inputs[0].value == 3


def test_not_applicable_items_rescale_the_base():
    # 75 applicable points, all earned: 75 × 100 / 75 = 100 (the "75 × 4/3" rule)
    result = score_unit(
        scheme(), UnitInput("甲", manual={"work": 75, "site": {"applicable": False, "reason": "未开设网站"}})
    )
    assert result.applicable_total == 75 and result.base_raw == 75 and result.base == 100
    assert node(result, "site").status == "na"
    # 60 of 75 → 80
    partial = score_unit(scheme(), UnitInput("甲", manual={"work": 60, "site": {"applicable": False}}))
    assert partial.base == 80


def test_applies_to_limits_an_indicator_to_categories():
    data = yaml.safe_load(SMALL)
    data["indicators"][1]["applies_to"] = ["县市区"]
    result = score_unit(parse_scheme(data), UnitInput("甲", "功能区", manual={"site.other": 22}))
    assert node(result, "work").status == "na"
    assert result.base == 100  # 25 of 25 applicable, rescaled


def test_manual_items_keep_reason_and_evidence_and_pending_is_listed():
    result = score_unit(
        scheme(),
        UnitInput("甲", manual={"work": {"points": 70, "reason": "缺会议纪要", "evidence": ["纪要.docx"]}}),
    )
    work = node(result, "work")
    assert work.score == 70
    assert work.steps[0].amount == -5 and "缺会议纪要" in work.steps[0].reason
    assert work.steps[0].evidence == ["纪要.docx"]
    assert result.pending == ["site.other", "bonus.case"]


def test_manual_score_out_of_range_is_refused_in_chinese():
    with pytest.raises(ScoringInputError, match="超出 0 至 75 分"):
        score_unit(scheme(), UnitInput("甲", manual={"work": 76}))
    with pytest.raises(ScoringInputError, match="不存在的指标编号"):
        score_unit(scheme(), UnitInput("甲", manual={"nope": 1}))
    with pytest.raises(ScoringInputError, match="不是人工评分项"):
        score_unit(scheme(), UnitInput("甲", manual={"site.empty": 2}))


def test_missing_required_metric_is_named():
    with pytest.raises(ScoringInputError, match="缺少数据：采用信息"):
        score_unit(load_scheme("shangnan-quarterly"), UnitInput("甲", metrics={"报送信息": 3}))
    with pytest.raises(ScoringInputError, match="不是数字"):
        score_unit(
            load_scheme("shangnan-quarterly"), UnitInput("甲", metrics={"报送信息": "三", "采用信息": 1})
        )


def test_formula_result_is_never_negative():
    data = {
        "id": "n",
        "name": "n",
        "metrics": {"甲": ""},
        "indicators": [{"id": "x", "name": "x", "formula": "甲 - 10"}],
    }
    result = score_unit(parse_scheme(data), UnitInput("u", metrics={"甲": 3}))
    assert result.total == 0 and any("低于 0" in s.reason for s in result.indicators[0].steps)


def test_jingzhou_county_from_audit_findings():
    county = load_scheme("jingzhou-2021-county")
    findings = (
        empty(3)
        + broken(1, True)
        + broken(4, False)
        + [
            {
                "kind": "stale_column",
                "page": f"http://127.0.0.1/s{i}/",
                "column": f"s{i}",
                "type": "动态",
                "newest": "2021-01-01",
                "window_days": 14,
                "message": "m",
            }
            for i in range(3)
        ]
    )
    result = score_unit(
        county,
        UnitInput(
            "荆州区",
            "县市区",
            findings=findings,
            metrics={"网站被省办通报次数": 1, "主要负责同志批示次数": 1},
        ),
    )
    assert node(result, "3.1.1").score == 0  # 3 empty columns × 1 > 2
    assert node(result, "3.1.2").score == Decimal("0.5")  # 2 − 3 × 0.5
    assert node(result, "3.8").score == 0  # one broken home link takes the point; others not counted
    assert result.penalty_total == 5 and node(result, "bonus.1").score == 2
    # the manual items and 1.3 依申请公开, manual without register data
    assert len(result.pending) == sum(1 for n in county.all_indicators() if n.accepts_manual)
    vetoed = score_unit(county, UnitInput("荆州区", "县市区", findings=empty(6)))
    assert node(vetoed, "3").score == 0 and vetoed.vetoes[0].id == "empty_columns"


def test_jingzhou_dept_counts_other_page_links_at_0_2():
    dept = load_scheme("jingzhou-2021-dept")
    result = score_unit(dept, UnitInput("市教育局", "市直部门", findings=broken(3, False)))
    links = next(n for n in result.indicators[2].children if n.name == "链接可用性")
    assert links.score == Decimal("0.4")


def test_guoban_vetoes_from_findings_and_probes():
    guoban = load_scheme("guoban-2019")
    manual = {"deductions": 85, "bonus": 10}
    clean = score_unit(
        guoban, UnitInput("站", site={"probe_failed_percent": Decimal("4.9")}, findings=[], manual=manual)
    )
    assert clean.total == 95 and clean.passed is True and not clean.vetoes
    typo = {
        "kind": "typo",
        "page": "http://127.0.0.1/",
        "text": "习近平总记书",
        "suggestion": "习近平总书记",
        "severity": "serious",
        "context": "…",
        "message": "m",
    }
    bad = score_unit(
        guoban, UnitInput("站", site={"probe_failed_percent": 5}, findings=[typo], manual=manual)
    )
    assert {v.id for v in bad.vetoes} == {"unreachable", "serious_errors"}
    assert bad.passed is False and bad.total == 0
    typo_count = next(q for q in bad.vetoes[1].inputs if q.name == "严重表述错误数")
    assert typo_count.value == 1 and typo_count.findings[0]["text"] == "习近平总记书"


def test_pucha_deducts_from_one_pool_of_100():
    pucha = load_scheme("pucha-2015")
    stale = [
        {
            "kind": "stale_column",
            "page": "http://127.0.0.1/n/",
            "column": "通知",
            "type": "通知公告",
            "message": "m",
        }
    ]
    result = score_unit(
        pucha,
        UnitInput(
            "站",
            site={"probe_failed_percent": Decimal("2.5")},
            findings=broken(2, True) + broken(3, False) + stale,
        ),
    )
    # 5 × floor(2.5) + 2 × 1 + 3 × 0.1 + 4
    assert result.base == Decimal("100") - Decimal("10") - 2 - Decimal("0.3") - 4
    assert result.passed is True
