"""Seed 004 (荆州) items found by the audit are scored from its findings (issue 16.3): 动态要闻
(2-week updates), 规范建设 (page tags, footer, site search), 文件完整性 (文件类型、文号、发文日期、
效力状态) and 文件与解读相互关联; an assessor's entry still overrides, its reason in the trace; with
nothing to score from (no audit, nothing of the kind read) the item is scored by hand."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

import pytest

from gongkai.audit.config import AuditConfig
from gongkai.audit.engine import audit
from gongkai.scoring import ManualScore, load_scheme, score_unit
from gongkai.scoring.engine import UnitInput
from tests.loopback import LOOPBACK_AUDIT, serve_pages

FULL_INFO = "<p>文件类型：通知</p><p>文号：荆政办发〔2021〕{n}号</p><p>发文日期：2021年11月{n}日</p><p>效力状态：有效</p>"
NO_TYPE = "<p>文号：荆政办发〔2021〕{n}号</p><p>发文日期：2021年11月{n}日</p><p>效力状态：有效</p>"
FILES = {
    1: (
        "荆州区人民政府办公室关于印发荆州区优化营商环境实施方案的通知",
        FULL_INFO,
        '<a href="/zcjd/t20211202_1.html">相关解读</a>',
    ),
    2: ("荆州区人民政府办公室关于加强城市供水管理的通知", NO_TYPE, ""),
    3: ("荆州区人民政府办公室关于做好冬季森林防火工作的通知", FULL_INFO, ""),
}


def _page(title: str, body: str) -> str:
    return f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>{body}</body></html>'


def _list(title: str, items: list[tuple[str, str, str]]) -> str:
    lis = "".join(
        f'<li><a href="{href}">{text}</a><span class="date">{day}</span></li>' for href, text, day in items
    )
    return _page(title, f'<h2>{title}</h2><ul class="list">{lis}</ul>')


def _site() -> dict[str, tuple[int, str]]:
    pages = {
        "/": (
            200,
            _page(
                "荆州区人民政府",
                '<div class="nav"><ul><li><a href="/gzdt/">工作动态</a></li><li><a href="/zcwj/">政策文件</a></li>'
                '<li><a href="/zcjd/">政策解读</a></li></ul></div>'
                '<ul class="list"><li><a href="/gzdt/t20211228_1.html">首页信息</a><span>2021-12-28</span></li></ul>',
            ),
        ),
        "/gzdt/": (200, _list("工作动态", [("/gzdt/t20211228_1.html", "荆州区召开工作会议", "2021-12-28")])),
        "/gzdt/t20211228_1.html": (
            200,
            _page("荆州区召开工作会议", "<h1>荆州区召开工作会议</h1><p>正文。</p>"),
        ),
        "/zcwj/": (
            200,
            _list(
                "政策文件",
                [
                    (f"/zcwj/t202111{n:02d}_{n}.html", title, f"2021-11-{n:02d}")
                    for n, (title, _, _) in FILES.items()
                ],
            ),
        ),
        "/zcjd/": (
            200,
            _list(
                "政策解读",
                [
                    ("/zcjd/t20211202_1.html", "《荆州区优化营商环境实施方案》政策解读", "2021-12-02"),
                    ("/zcjd/t20211203_2.html", "《荆州区城乡供水一体化规划》解读", "2021-12-03"),
                ],
            ),
        ),
        "/zcjd/t20211202_1.html": (
            200,
            _page(
                "《荆州区优化营商环境实施方案》政策解读",
                '<h1>《荆州区优化营商环境实施方案》政策解读</h1><p><a href="/zcwj/t20211101_1.html">原文：荆州区人民政府办公室关于印发荆州区优化营商环境实施方案的通知</a></p>',
            ),
        ),
        "/zcjd/t20211203_2.html": (
            200,
            _page(
                "《荆州区城乡供水一体化规划》解读",
                "<h1>《荆州区城乡供水一体化规划》解读</h1><p>解读正文，没有原文链接。</p>",
            ),
        ),
    }
    for n, (title, info, extra) in FILES.items():
        pages[f"/zcwj/t202111{n:02d}_{n}.html"] = (
            200,
            _page(title, f"<h1>{title}</h1>{info.format(n=n)}<p>正文。</p>{extra}"),
        )
    return pages


def _audit(as_of: date) -> dict:
    with serve_pages(_site()) as base:
        config = AuditConfig(
            start=base + "/",
            as_of=as_of,
            **LOOPBACK_AUDIT,
        )
        return asyncio.run(audit(config)).to_dict()


@pytest.fixture(scope="module")
def fresh() -> dict:
    return _audit(date(2021, 12, 31))


def _unit(result: dict, manual: dict | None = None) -> UnitInput:
    site = {"pages_crawled": result["pages_crawled"]} | {
        k: result["site"][k] for k in ("policy_files", "interpretations")
    }
    return UnitInput(
        "荆州区", "县市区", {}, result["findings"], site, manual or {}, columns=result["columns"]
    )


def _item(result, indicator_id: str):
    return next(r for top in result.indicators for r in top.walk() if r.id == indicator_id)


def test_the_automatic_items_come_from_the_findings(fresh):
    assert fresh["site"]["policy_files"] == 3 and fresh["site"]["interpretations"] == 2
    missing = {
        f["page"].rsplit("/", 1)[-1]: f["missing"]
        for f in fresh["findings"]
        if f["kind"] == "policy_metadata"
    }
    assert missing == {"t20211102_2.html": ["文件类型"]}
    unlinked = [f["page"] for f in fresh["findings"] if f["kind"] == "interpretation_unlinked"]
    assert [p.rsplit("/", 1)[-1] for p in unlinked] == ["t20211203_2.html"]
    result = score_unit(load_scheme("jingzhou-2021-county"), _unit(fresh))
    news, standard = _item(result, "3.3"), _item(result, "3.10")
    completeness, linked = _item(result, "2.2.2"), _item(result, "2.3.3")
    assert (news.score, news.status) == (Decimal(2), "scored")  # 工作动态 updated 3 days before
    assert (completeness.score, completeness.status) == (Decimal(2), "scored")  # 3 files, 1 lacks 文件类型
    assert (
        "政策文件要素不全数 = 1" in completeness.steps[0].reason
        and "政策文件页面数 = 3" in completeness.steps[0].reason
    )
    assert (linked.score, linked.status) == (Decimal(1), "scored")  # 2 interpretations, 1 not linked
    # the loopback site has neither page tags nor a complete footer: 0, the findings in the trace
    assert standard.score == 0 and standard.status == "scored"
    tag_input = next(q for q in standard.steps[0].inputs if q.name == "缺少页面标签数")
    assert tag_input.value > 0 and tag_input.findings


def test_a_stale_news_column_loses_the_item():
    later = _audit(date(2022, 1, 31))
    result = score_unit(load_scheme("jingzhou-2021-county"), _unit(later))
    news = _item(result, "3.3")
    assert news.score == 0 and "动态要闻栏目未更新数 = 1" in news.steps[0].reason
    dept = score_unit(load_scheme("jingzhou-2021-dept"), _dept(_unit(later)))
    assert (
        _item(dept, "3.2").score == 0 and _item(dept, "2.4.2").score == 0 and _item(dept, "2.5.3").score == 0
    )


def _dept(unit: UnitInput) -> UnitInput:
    return UnitInput("市教育局", "市直部门", {}, unit.findings, unit.site, {}, columns=unit.columns)


def test_the_manual_override_stays_with_its_reason(fresh):
    manual = {"3.3": ManualScore(Decimal(1), "未转载上级政府网站重要信息", ["截图.png"])}
    result = score_unit(load_scheme("jingzhou-2021-county"), _unit(fresh, manual))
    news = _item(result, "3.3")
    assert news.score == 1
    reasons = [s.reason for s in news.steps]
    assert any("得 2 分" in r for r in reasons)  # what the findings gave, shown for information
    assert any("取代按公式计算的 2 分" in r and "未转载上级政府网站重要信息" in r for r in reasons)
    assert news.to_dict()["steps"][-1]["evidence"] == ["截图.png"]


def test_without_an_audit_the_items_are_scored_by_hand():
    result = score_unit(load_scheme("jingzhou-2021-county"), UnitInput("荆州区", "县市区"))
    for indicator_id in ("3.3", "3.10", "2.2.2", "2.3.3"):
        item = _item(result, indicator_id)
        assert item.status == "pending" and item.score == 0, indicator_id
        assert "人工评分" in item.steps[0].reason
    # a complete check result with nothing wrong gives the full 规范建设 point
    clean = UnitInput("荆州区", "县市区", {}, [], {"pages_crawled": 30}, columns=[])
    assert _item(score_unit(load_scheme("jingzhou-2021-county"), clean), "3.10").score == 1
