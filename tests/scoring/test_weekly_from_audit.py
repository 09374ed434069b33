"""Seed 003's weekly rule fed from the audit: the 动态 columns' missed weeks (a real audit of a
loopback site) fill 每周更新未达标次数, counted only from the scheme's start date ("从二季度开始"),
a week missed only when every 动态 column missed it; the typed value stays without an audit."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from decimal import Decimal

import pytest

from gongkai.audit.config import AuditConfig
from gongkai.audit.engine import audit
from gongkai.scoring import load_scheme, score_unit
from gongkai.scoring.cli import main
from gongkai.scoring.engine import UnitInput
from gongkai.scoring.scheme import SchemeError, parse_scheme
from gongkai.workdays import weekly_misses
from tests.loopback import LOOPBACK_AUDIT, serve_pages

AS_OF = date(2019, 5, 30)
# 工作动态: nothing in Q1, then weeks of 8 and 22 April; 乡镇动态: the week of 6 May only
NEWS_A = [date(2019, 4, 10), date(2019, 4, 23)]
NEWS_B = [date(2019, 5, 8)]


def _list_page(title: str, dates: list[date]) -> str:
    items = "".join(
        f'<li><a href="./t{d:%Y%m%d}_{i}.html">{title}信息第{i}条</a><span class="date">{d.isoformat()}</span></li>'
        for i, d in enumerate(sorted(dates, reverse=True))
    )
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f'<ul class="list">{items}</ul></body></html>'
    )


PAGES = {
    "/": (
        200,
        '<html><head><meta charset="utf-8"><title>莒南县某镇</title></head><body><div class="nav"><ul>'
        '<li><a href="/gzdt/">工作动态</a></li><li><a href="/xzdt/">乡镇动态</a></li></ul></div>'
        '<ul class="list"><li><a href="/gzdt/x.html">首页信息</a><span>2019-05-29</span></li></ul></body></html>',
    ),
    "/gzdt/": (200, _list_page("工作动态", NEWS_A)),
    "/xzdt/": (200, _list_page("乡镇动态", NEWS_B)),
}


@pytest.fixture(scope="module")
def audited() -> dict:
    with serve_pages(PAGES) as base:
        config = AuditConfig(
            start=base + "/",
            as_of=AS_OF,
            **LOOPBACK_AUDIT,
            columns=[(base + "/gzdt/", "动态"), (base + "/xzdt/", "动态")],
        )
        return asyncio.run(audit(config)).to_dict()


def test_the_misses_come_from_the_audit_from_the_second_quarter(audited):
    scheme = load_scheme("junan-content")
    records = [c for c in audited["columns"] if c["weekly"]]
    assert len(records) == 2 and all(c["weekly"]["start"] == "2019-01-01" for c in records)
    # the audit itself reports Q1 too: 工作动态 misses every week of January to March
    assert records[0]["weekly"]["misses"] > 12
    expected = weekly_misses(NEWS_A + NEWS_B, date(2019, 4, 1), AS_OF)
    unit = UnitInput(
        "十字路街道",
        "镇街园区",
        {"信息公开": 421, "动态信息": 70, "每周更新未达标次数": 99, "省级采用": 1, "市级采用": 1},
        audited["findings"],
        columns=audited["columns"],
    )
    result = score_unit(scheme, unit)
    penalty = result.penalties[0]
    used = penalty.inputs[0]
    assert used.name == "每周更新未达标次数" and used.source == "audit"
    assert used.value == len(expected) == 6  # 9 weeks from 1 April, 3 of them with news
    assert [w["start"] for w in used.findings] == [w.start.isoformat() for w in expected]
    assert result.total == Decimal("2.5") - Decimal("0.2") * len(expected)
    assert any("取自网站检查" in n and "2019-04-01" in n and "未采用录入的值 99" in n for n in result.notes)
    assert used.to_dict()["findings"][0]["start"] == "2019-04-01"


def test_without_an_audit_the_typed_number_counts():
    scheme = load_scheme("junan-content")
    unit = UnitInput("板泉镇", "镇街园区", {"信息公开": 414, "动态信息": 111, "每周更新未达标次数": 7})
    result = score_unit(scheme, unit)
    assert result.total == Decimal("-1.4") and result.penalties[0].inputs[0].source == "metric"


def test_an_audit_without_news_columns_keeps_the_typed_number():
    unit = UnitInput(
        "板泉镇", "镇街园区", {"信息公开": 414, "动态信息": 111, "每周更新未达标次数": 7}, [], columns=[]
    )
    result = score_unit(load_scheme("junan-content"), unit)
    assert result.total == Decimal("-1.4")
    assert any("未读到动态类栏目" in n for n in result.notes)


def test_a_full_date_and_bad_entries_in_the_scheme():
    base = {
        "id": "w",
        "name": "周更",
        "metrics": {"未达标": "次数"},
        "indicators": [{"name": "x", "formula": "0"}],
        "penalties": [{"name": "未达标", "each": 0.2, "of": "未达标"}],
    }
    scheme = parse_scheme(base | {"weekly_misses": {"metric": "未达标", "from": date(2019, 5, 6)}})
    assert scheme.weekly.start_in(2030) == date(2019, 5, 6)
    week = {"week": "2019-W18", "start": "2019-04-29", "end": "2019-05-05"}
    later = {"week": "2019-W19", "start": "2019-05-06", "end": "2019-05-12"}
    columns = [
        {
            "name": "动态",
            "weekly": {"start": "2019-01-01", "end": "2019-05-30", "missed_weeks": [week, later]},
        }
    ]
    result = score_unit(scheme, UnitInput("u", "", {}, [], columns=columns))
    assert result.penalty_total == Decimal("0.2")
    with pytest.raises(SchemeError) as error:
        parse_scheme(base | {"weekly_misses": {"metric": "未声明", "from": "13-01", "since": 1}})
    text = "\n".join(error.value.errors)
    assert "未知的键“since”" in text and "13-01" in text and "未声明" in text


def test_the_cli_reads_the_columns_of_the_check_json(tmp_path, audited):
    findings = tmp_path / "findings"
    findings.mkdir()
    (findings / "十字路街道.json").write_text(json.dumps(audited, ensure_ascii=False), encoding="utf-8")
    table = tmp_path / "in.csv"
    table.write_text(
        "类别,单位,信息公开,动态信息,省级采用,市级采用\n镇街园区,十字路街道,421,70,1,1\n", encoding="utf-8"
    )
    out = tmp_path / "out.json"
    assert (
        main(
            [
                "--scheme",
                "junan-content",
                "--input",
                str(table),
                "--output",
                str(out),
                "--findings",
                str(findings),
            ]
        )
        == 0
    )
    row = json.loads(out.read_text(encoding="utf-8"))["rows"][0]
    assert row["得分"] == pytest.approx(2.5 - 0.2 * 6)
    # without an audit the column is required again
    assert (
        main(["--scheme", "junan-content", "--input", str(table), "--output", str(out), "--no-findings"]) == 1
    )


def test_no_findings_uses_the_typed_number_and_says_so(tmp_path, capsys):
    table = tmp_path / "in.csv"
    table.write_text(
        "类别,单位,信息公开,动态信息,每周更新未达标次数\n镇街园区,板泉镇,414,111,7\n", encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    argv = ["--scheme", "junan-content", "--input", str(table), "--output", str(out)]
    assert main(argv) == 2  # the weekly misses are read from audit results
    assert main([*argv, "--no-findings"]) == 0
    printed = capsys.readouterr().out.replace("\n", "")
    assert "“每周更新未达标次数”使用输入表格中的值" in printed
    text = out.read_text(encoding="utf-8-sig")
    assert "-1.4" in text and "“每周更新未达标次数”使用输入表格中的值" in text and "按 0 计" not in text
