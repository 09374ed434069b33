"""Built-in schemes add up as their documents say, every number carries its source, and bad
schemes are refused with a Chinese message naming the file and the indicator path."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from gongkai.scoring import SchemeError, builtin_ids, load_scheme, parse_scheme
from gongkai.scoring.scheme import builtin_dir

IDS = [
    "guoban-2019",
    "pucha-2015",
    "jingzhou-2021-county",
    "jingzhou-2021-dept",
    "yanshi-monthly",
    "shangnan-quarterly",
    "junan-content",
]


def raw(scheme_id: str) -> dict:
    return yaml.safe_load((builtin_dir() / f"{scheme_id}.yaml").read_text(encoding="utf-8"))


def points(node: dict) -> Decimal:
    return Decimal(str(node["points"]))


def test_all_seven_ids_ship_and_load():
    assert sorted(IDS) == builtin_ids()
    for scheme_id in IDS:
        assert load_scheme(scheme_id).id == scheme_id


@pytest.mark.parametrize("scheme_id", ["jingzhou-2021-county", "jingzhou-2021-dept"])
def test_jingzhou_adds_up_as_the_seed_says(scheme_id):
    """Checked on the raw YAML, independently of the loader: 15 + 50 + 25 + 10 = 100, bonus 20,
    every parent equal to the sum of its children."""
    data = raw(scheme_id)
    tops = data["indicators"]
    assert [(t["name"], points(t)) for t in tops] == [
        ("日常工作", 15),
        ("政务公开", 50),
        ("网站建设", 25),
        ("政务新媒体", 10),
    ]
    assert sum(points(t) for t in tops) == data["total"] == 100
    assert data["bonus"]["cap"] == 20 == sum(points(b) for b in data["bonus"]["indicators"])

    def check(node):
        if "children" in node:
            assert sum(points(c) for c in node["children"]) == points(node), node["name"]
            for child in node["children"]:
                check(child)

    for top in tops:
        check(top)
    assert len(data["penalties"]) == 7  # 国办/省/市 websites, 国办/省/市 new media, 纠错 overdue


def test_jingzhou_second_level_points_from_the_seed():
    county = {c["name"]: points(c) for c in raw("jingzhou-2021-county")["indicators"][2]["children"]}
    assert county == {
        "日常更新": 4,
        "概况信息": 2,
        "动态要闻": 2,
        "数据发布": 4,
        "互动交流": 3,
        "征集调查": 2,
        "在线访谈": 1,
        "链接可用性": 1,
        "基层政府信息公开平台建设": 5,
        "规范建设": 1,
    }
    dept = {c["name"]: points(c) for c in raw("jingzhou-2021-dept")["indicators"][1]["children"]}
    assert dept["重点领域信息公开"] == 6 and dept["规划信息"] == 6 and dept["政策解读"] == 7
    decisions = raw("jingzhou-2021-county")["indicators"][1]["children"][0]
    assert decisions["name"] == "重大决策预公开" and [points(c) for c in decisions["children"]] == [
        1,
        2,
        3,
        1,
    ]


def test_national_schemes_totals_and_thresholds():
    guoban = load_scheme("guoban-2019")
    assert (guoban.total, guoban.pass_mark, guoban.bonus_above, guoban.bonus_cap) == (100, 60, 80, 30)
    assert {v.id for v in guoban.vetoes} >= {
        "unreachable",
        "home_not_updated",
        "columns_a",
        "columns_b",
        "columns_c",
        "serious_errors",
        "poor_response",
        "no_service",
    }
    pucha = load_scheme("pucha-2015")
    assert pucha.total == 100 and len(pucha.indicators[0].rules) == 20


def test_every_number_has_its_source_beside_it():
    """Each line that sets points, a rate, a formula, a cap or a threshold has a comment on the line
    or in the comment block just above it (the seed file and its wording, or rules.md)."""
    keys = re.compile(r"\b(points|each|formula|cap|total|pass_mark|bonus_above|when):")
    for path in sorted(builtin_dir().glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert "seed" in lines[1] or "rules.md" in "".join(lines[:4]), path.name
        for number, line in enumerate(lines):
            if not keys.search(line) or "#" in line:
                continue
            above = number - 1
            while (
                above >= 0
                and "#" not in lines[above]
                and lines[above]
                .strip()
                .startswith(
                    (
                        "- name:",
                        "name:",
                        "- id:",
                        "id:",
                        "points:",
                        "deduct:",
                        "manual:",
                        "note:",
                        "- {",
                        "children:",
                        "cap:",
                        "indicators:",
                    )
                )
            ):
                above -= 1
            assert above >= 0 and "#" in lines[above], f"{path.name}:{number + 1}: {line.strip()}"


def bad(text: str) -> list[str]:
    with pytest.raises(SchemeError) as info:
        parse_scheme(yaml.safe_load(text), "坏方案.yaml")
    return info.value.errors


BASE = """
id: t
name: 测试
total: 10
metrics: {甲: 说明}
counts: {空白: {kind: empty_column}}
indicators:
  - name: 网站建设
    points: 10
    children:
      - {name: 日常更新, points: 4, deduct: [{name: 空白, each: 1, of: 空白}]}
      - {name: 数据发布, points: 6, manual: true}
"""


def test_points_that_do_not_add_up_name_the_file_and_path():
    errors = bad(BASE.replace("points: 6, manual", "points: 5, manual"))
    assert len(errors) == 1
    assert errors[0].startswith("方案文件 坏方案.yaml：指标“网站建设”（1）")
    assert "4 + 5 = 9，不等于本级分值 10" in errors[0]
    errors = bad(BASE.replace("total: 10", "total: 12"))
    assert errors == [
        "方案文件 坏方案.yaml：顶层 total（基础分）：下级分值合计 10 = 10，不等于本级分值 12"
        "（如确属例外，请写 sum: free）"
    ]


def test_free_sum_allows_a_declared_exception():
    text = BASE.replace("points: 6, manual", "points: 5, manual").replace(
        "    points: 10\n", "    points: 10\n    sum: free\n"
    )
    assert parse_scheme(yaml.safe_load(text.replace("total: 10", "total: 10"))).indicators[0].points == 10


def test_unknown_metric_in_a_formula_is_named():
    errors = bad(BASE.replace("of: 空白}", "of: 乙}"))
    assert any("网站建设 / 日常更新" in e and "未声明的数据“乙”" in e for e in errors)


def test_unknown_finding_kind_and_field_are_refused():
    assert any(
        "未知的问题类型“dead_link”" in e for e in bad(BASE.replace("kind: empty_column", "kind: dead_link"))
    )
    text = BASE.replace("{kind: empty_column}", "{kind: broken_link, homepage: true}")
    assert any("没有字段“homepage”" in e for e in bad(text))


def test_other_mistakes_are_all_reported_together():
    text = BASE.replace("manual: true}", "manual: true, pointz: 1}").replace(
        "indicators:", "vetoes: [{name: 否决, when: 甲 >, scope: nope}]\nindicators:"
    )
    errors = bad(text)
    joined = "\n".join(errors)
    assert "未知的键“pointz”" in joined
    assert "scope 指向不存在的指标编号“nope”" in joined
    assert "否决项 vetoes 第 1 项“否决”" in joined


def test_decimals_must_be_a_small_integer():
    assert any("decimals" in e for e in bad(BASE.replace("total: 10", "total: 10\ndecimals: two")))


def test_deduct_needs_points_and_leaf_needs_one_kind():
    assert any("扣分指标必须有分值" in e for e in bad(BASE.replace("points: 4, deduct", "deduct")))
    text = BASE.replace("points: 6, manual: true", "points: 6, manual: true, formula: 甲")
    assert any("只能有 children、manual、formula、deduct 之一" in e for e in bad(text))


def test_load_scheme_errors(tmp_path: Path):
    with pytest.raises(SchemeError, match="没有编号为“nope”的内置方案"):
        load_scheme("nope")
    broken = tmp_path / "x.yaml"
    broken.write_text("id: [", encoding="utf-8")
    with pytest.raises(SchemeError, match="不是有效的 UTF-8 YAML"):
        load_scheme(broken)


def test_table_columns_name_the_seed_headers_and_are_checked():

    assert load_scheme("yanshi-monthly").table_columns == {
        "公共服务": "公共服务得分",
        "交流互动": "交流互动得分",
        "网站建设及安全": "网站建设及安全得分",
        "政务信息公开": "政务信息公开得分",
        "total": "总分",
    }
    assert list(load_scheme("junan-content").table_columns.values())[-2:] == ["累计加分", "得分"]
    base = {
        "id": "t",
        "name": "测试",
        "metrics": {"报送": "报送条数"},
        "indicators": [{"id": "a", "name": "得分项", "formula": "报送"}],
    }
    assert parse_scheme(base).table_columns == {}
    with pytest.raises(SchemeError) as error:
        parse_scheme(base | {"table_columns": {"采用": "采用数", "a": "", "报送": "排名"}})
    text = str(error.value)
    assert "“采用”不是本方案的数据项、指标编号或 total" in text
    assert "“a”的表头必须是非空文字" in text
    assert "必须列出总分列" in text and "表头“排名”由通报自动生成" in text
