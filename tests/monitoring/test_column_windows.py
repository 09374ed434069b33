"""A registered column's own update window (Column.window_days: seed 003's 月更/季更 columns)
reaches the audit with its URL and type, and the stale-column finding says which window it was
held to; a column without its own window keeps its type's default."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from gongkai.audit.cli import _column
from gongkai.audit.engine import audit
from gongkai.monitoring.store import config_for
from gongkai.registry.models import Column, ColumnType, Site, Unit
from tests.loopback import LOOPBACK_AUDIT, serve_pages

AS_OF = date(2026, 6, 30)


def _list_page(title: str, dates: list[str]) -> str:
    items = "".join(
        f'<li><a href="./a{i}.html">{title}第{i}条信息标题</a><span class="date">{d}</span></li>'
        for i, d in enumerate(dates)
    )
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f'<div class="list"><ul class="list">{items}</ul></div></body></html>'
    )


PAGES = {
    "/": (
        200,
        '<html><head><meta charset="utf-8"><title>测试县人民政府</title></head><body>'
        '<div class="nav"><ul><li><a href="/yg/">财政预决算</a></li><li><a href="/jg/">统计数据</a></li>'
        '<li><a href="/jg2/">规划信息</a></li><li><a href="/qt/">机构职能</a></li></ul></div>'
        '<ul class="list"><li><a href="/yg/a0.html">首页新闻一条</a><span>2026-06-29</span></li></ul>'
        "</body></html>",
    ),
    # 41 days old: stale for a 30-day (月更) column, fine for the type's default of a year
    "/yg/": (200, _list_page("财政预决算", ["2026-05-20", "2026-04-10"])),
    # 76 days old: fine for a 90-day (季更) column
    "/jg/": (200, _list_page("统计数据", ["2026-04-15", "2026-01-10"])),
    # 149 days old: stale for a 90-day column
    "/jg2/": (200, _list_page("规划信息", ["2026-02-01", "2025-11-02"])),
    # 149 days old, no own window: the default of 其他 (1 year) applies, not stale
    "/qt/": (200, _list_page("机构职能", ["2026-02-01"])),
}


@pytest.mark.django_db
def test_the_columns_own_window_reaches_the_audit_and_its_finding(sample_county):
    unit = Unit.objects.filter(region=sample_county["偃师市"]).first()
    with serve_pages(PAGES) as base:
        site = Site.objects.create(unit=unit, name="测试网站", url=base + "/")
        Column.objects.create(site=site, name="财政预决算", url=base + "/yg/", window_days=30)
        Column.objects.create(site=site, name="统计数据", url=base + "/jg/", window_days=90)
        Column.objects.create(site=site, name="规划信息", url=base + "/jg2/", window_days=90)
        Column.objects.create(site=site, name="机构职能", url=base + "/qt/", column_type=ColumnType.OTHER)
        config = config_for(
            site,
            as_of=AS_OF,
            concurrency=4,
            **LOOPBACK_AUDIT,
        )
        assert (base + "/yg/", "其他", 30) in config.columns
        assert (base + "/qt/", "其他", None) in config.columns
        result = asyncio.run(audit(config))
    records = {c["url"].removeprefix(base): c for c in result.columns}
    assert {path: records[path]["window_days"] for path in ("/yg/", "/jg/", "/jg2/", "/qt/")} == {
        "/yg/": 30,
        "/jg/": 90,
        "/jg2/": 90,
        "/qt/": 365,
    }
    assert {path: records[path]["status"] for path in ("/yg/", "/jg/", "/jg2/", "/qt/")} == {
        "/yg/": "stale",
        "/jg/": "ok",
        "/jg2/": "stale",
        "/qt/": "ok",
    }
    stale = {f.page.removeprefix(base): f for f in result.findings if f.kind == "stale_column"}
    assert set(stale) == {"/yg/", "/jg2/"}
    assert stale["/yg/"].fields["window_days"] == 30
    assert "超过30天未更新" in stale["/yg/"].message and "应每30天更新" in stale["/yg/"].message
    assert "月更" in stale["/yg/"].message
    assert "应每90天更新" in stale["/jg2/"].message and "季更" in stale["/jg2/"].message


def test_the_cli_declares_a_window_too():
    assert _column("http://x.gov.cn/yg/=其他,30") == ("http://x.gov.cn/yg/", "其他", 30)
    assert _column("http://x.gov.cn/yg/=通知公告") == ("http://x.gov.cn/yg/", "通知公告")
    with pytest.raises(ValueError):
        _column("http://x.gov.cn/yg/=其他,三十")
