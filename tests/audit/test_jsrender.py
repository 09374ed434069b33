"""JavaScript-rendered pages and WAF walls (issue 18 item 4), against real loopback servers and
Debian's chromium: a column filled by a script from a JSON endpoint is checked through the
browser only; a Ruishu 412 home page is ``blocked`` (监测受阻), never unreachable; a 加速乐-style
cookie wall that a browser passes lets the audit continue; a static site never starts a browser."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date

import pytest

from gongkai.audit.content import parse_list_page
from gongkai.audit.engine import AuditResult, audit
from gongkai.audit.jsrender import PAST_WALL_NOTE, RENDERED_NOTE
from tests.audit.conftest import fast_config
from tests.audit.jssite import (
    NOTICE_ITEMS,
    WORK_ITEMS,
    LoopbackSite,
    js_column_site,
    jsl_site,
    page,
    ruishu_site,
    scripted_column,
    static_list,
)
from tests.loopback import serve_pages

BROWSER = dict(total_timeout=5.0, read_timeout=5.0, connect_timeout=5.0, js_render_timeout=15.0)


@pytest.fixture(scope="module")
def js_site() -> Iterator[LoopbackSite]:
    server = js_column_site().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def js_result(js_site: LoopbackSite) -> AuditResult:
    config = fast_config(js_site.url(), columns=[(js_site.url("/col/work/"), "工作动态")], **BROWSER)
    return asyncio.run(audit(config))


def _column(result: AuditResult, url: str) -> dict:
    (column,) = [c for c in result.columns if c["url"] == url]
    return column


@pytest.mark.browser
def test_script_filled_column_is_checked_through_the_browser(
    js_result: AuditResult, js_site: LoopbackSite
) -> None:
    # the HTML as served has no item at all: only the browser can see the dates
    static = parse_list_page(
        scripted_column("通知公告", "/api/notice.json"), js_site.url("/col/notice/"), as_of=date(2025, 12, 1)
    )
    assert static.items == []
    notice = _column(js_result, js_site.url("/col/notice/"))  # discovered from the home page's menu
    assert notice["rendered"] is True and notice["script_loaded"] is False
    assert notice["items"] == 3 and notice["newest"] == "2025-03-01" and notice["status"] == "stale"
    (stale,) = [f for f in js_result.findings if f.kind == "stale_column"]
    assert stale.page == js_site.url("/col/notice/") and stale.fields["newest"] == "2025-03-01"
    assert stale.fields["rendered"] is True and stale.message.endswith(RENDERED_NOTE)
    assert "2025-03-01" in stale.message
    # the JSON endpoints were asked for by the browser (the crawler never runs scripts), once each
    api = [hit for hit in js_site.hits if hit.path.startswith("/api/")]
    assert sorted(hit.path for hit in api) == ["/api/notice.json", "/api/work.json"]


@pytest.mark.browser
def test_registered_column_rendered_and_static_column_not(
    js_result: AuditResult, js_site: LoopbackSite
) -> None:
    work = _column(js_result, js_site.url("/col/work/"))  # registered (--column): recent items
    assert work["rendered"] is True and work["status"] == "ok" and work["newest"] == "2025-11-28"
    static = _column(js_result, js_site.url("/col/static/"))  # items in its HTML: no browser
    assert "rendered" not in static and static["items"] == 2
    assert sorted(js_result.js_render["pages"]) == [js_site.url("/col/notice/"), js_site.url("/col/work/")]
    assert js_result.js_render["renders"] == 2 and js_result.js_render["note"] is None
    data = js_result.to_dict()
    assert data["js_render"]["pages"] == js_result.js_render["pages"]
    # findings of pages read as fetched do not say rendered
    assert all(
        "rendered" not in f.fields for f in js_result.findings if f.page not in js_result.js_render["pages"]
    )


@pytest.mark.browser
def test_render_budget_is_bounded(js_site: LoopbackSite) -> None:
    """js_render_max 1: the second script-filled column is checked as fetched, with a note."""
    config = fast_config(
        js_site.url(), columns=[(js_site.url("/col/work/"), "工作动态")], js_render_max=1, **BROWSER
    )
    result = asyncio.run(audit(config))
    assert result.js_render["renders"] == 1 and len(result.js_render["pages"]) == 1
    assert "超过浏览器渲染上限(1 个页面)" in result.js_render["note"]
    unrendered = [
        c for c in result.columns if c["url"] not in result.js_render["pages"] and c.get("script_loaded")
    ]
    assert len(unrendered) == 1 and unrendered[0]["status"] == "empty"


def test_missing_browser_is_a_note_not_a_crash(js_site: LoopbackSite, tmp_path) -> None:
    config = fast_config(js_site.url(), evidence_browser=str(tmp_path / "no-chromium"), **BROWSER)
    result = asyncio.run(audit(config))
    assert result.error is None and not [f for f in result.findings if f.kind == "page_error"]
    assert result.js_render["pages"] == [] and "无法启动浏览器" in result.js_render["note"]
    notice = _column(result, js_site.url("/col/notice/"))
    assert notice["script_loaded"] is True and notice["status"] == "empty" and "rendered" not in notice


@pytest.mark.browser
def test_ruishu_412_home_page_is_blocked_not_unreachable() -> None:
    server = ruishu_site().start()
    try:
        result = asyncio.run(audit(fast_config(server.url(), **BROWSER)))
    finally:
        server.stop()
    assert result.error and "拦截" in result.error
    assert [f.kind for f in result.findings] == ["blocked"]
    (finding,) = result.findings
    assert finding.fields["check"] == "home" and finding.fields["waf"] == "瑞数"
    assert finding.fields["detail"] == "HTTP 412" and finding.page == server.url()
    assert "监测受阻" in finding.message and "已用浏览器重试一次" in finding.message
    assert not [f for f in result.findings if f.kind == "site" or f.fields.get("check") == "unreachable"]
    # tried once in the browser: the browser's own request for the page reached the server
    assert result.js_render["renders"] == 1 and result.js_render["pages"] == []
    assert len([h for h in server.hits if h.path == "/"]) == 2  # the crawler's request, the browser's
    assert [h.path for h in server.hits if h.path.endswith(".js")] == ["/4QbVtADbnLVIc/c.FxJzG50F.a1b2c3.js"]


@pytest.mark.browser
def test_cookie_wall_passed_by_the_browser_lets_the_audit_continue() -> None:
    server = jsl_site().start()
    try:
        result = asyncio.run(audit(fast_config(server.url(), **BROWSER)))
    finally:
        server.stop()
    assert result.error is None
    assert not [f for f in result.findings if f.kind == "blocked"]
    assert result.js_render["pages"] == [server.url()]
    # the crawler went on with the cookie the browser earned: the articles and columns were read
    assert result.pages_crawled >= 6
    crawled = {h.path for h in server.hits if h.cookie}
    assert {"/news/1.html", "/news/2.html", "/col/notice/"} <= crawled
    # the home page's findings come from the rendered page and say so
    (dead,) = [f for f in result.findings if f.kind == "broken_link"]
    assert dead.page == server.url() and dead.fields["target"] == server.url("/missing.html")
    assert dead.fields["rendered"] is True and dead.message.endswith(PAST_WALL_NOTE)
    assert not [f for f in result.findings if f.kind == "home_not_updated"]  # its dates were read
    https = [f for f in result.findings if f.kind == "site" and f.fields["check"] == "https"]
    assert https and "rendered" not in https[0].fields  # about the server, not the page


def test_static_site_never_starts_the_browser() -> None:
    """Scripts of its own (a counter, a menu script) but lists in the HTML: no render at all."""
    column = page(
        "通知公告",
        '<ul class="list">' + static_list(NOTICE_ITEMS) + '</ul><script src="/js/menu.js"></script>'
        "<script>$.ajax({url: '/visit/count'})</script>",
    )
    pages = {
        "/": (
            200,
            page(
                "首页",
                '<ul class="news">' + static_list(WORK_ITEMS) + '</ul><script src="/js/menu.js"></script>',
            ),
        ),
        "/col/notice/": (200, column),
        **{item["url"]: (200, page("正文", f"<p>{item['title']}</p>")) for item in NOTICE_ITEMS + WORK_ITEMS},
    }
    with serve_pages(pages) as base:
        result = asyncio.run(audit(fast_config(base + "/", **BROWSER)))
    assert result.error is None and result.pages_crawled >= 6
    assert result.js_render == {"pages": [], "renders": 0, "note": None}
    assert not [f for f in result.findings if "rendered" in f.fields]
    notice = _column(result, base + "/col/notice/")
    assert notice["status"] == "stale" and notice["newest"] == "2025-03-01" and "rendered" not in notice
