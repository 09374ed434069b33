"""JavaScript-rendered pages and WAF walls (issue 18 item 4), against real loopback servers and
Debian's chromium: a column filled by a script from a JSON endpoint is checked through the
browser only; a Ruishu 412 home page is ``blocked`` (监测受阻), never unreachable; a 加速乐-style
cookie wall that a browser passes lets the audit continue; a static site never starts a browser."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from gongkai.audit.cli import check_main
from gongkai.audit.content import parse_list_page
from gongkai.audit.engine import AuditResult, audit
from gongkai.audit.jsrender import PAST_WALL_NOTE, RENDERED_NOTE, looks_like_shell
from tests.audit.conftest import fast_config
from tests.audit.jssite import (
    NOTICE_ITEMS,
    WORK_ITEMS,
    LoopbackSite,
    js_column_site,
    js_home_site,
    jsl_site,
    page,
    ruishu_site,
    scripted_column,
    static_list,
)
from tests.loopback import serve_pages

NAV_TEXT = (
    "<div class='nav'>"
    + "".join(f"<a href='/c{i}/'>栏目{i}</a>" for i in range(8))
    + "</div>"
    + ("<p>" + "某某县人民政府办公室主办，某某县大数据中心承办。" * 10 + "</p>")
)
BROWSER = dict(total_timeout=5.0, read_timeout=5.0, connect_timeout=5.0, js_render_timeout=15.0)


@pytest.fixture(scope="module")
def js_site() -> Iterator[LoopbackSite]:
    server = js_column_site().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def js_result(js_site: LoopbackSite, tmp_path_factory: pytest.TempPathFactory) -> AuditResult:
    evidence = tmp_path_factory.mktemp("js-evidence")
    result = asyncio.run(audit(_js_config(js_site, evidence_dir=str(evidence))))
    js_site.seen_by_first_audit = list(js_site.hits)
    return result


def _js_config(js_site: LoopbackSite, **overrides: object):  # noqa: ANN202
    columns = [(js_site.url("/col/work/"), "工作动态"), (js_site.url("/col/hidden/"), "人事")]
    return fast_config(js_site.url(), columns=columns, **{**BROWSER, **overrides})


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
    # its evidence is the page as fetched (the empty list), screenshot rendered with its script
    assert js_result.evidence is not None
    html = (js_result.evidence.root / stale.fields["evidence"]["html"]).read_bytes()
    assert b'<ul id="list" class="news-list"></ul>' in html and "春季植树".encode() not in html
    assert stale.fields["evidence"]["screenshot"]
    # the JSON endpoints were asked for by the browser only (the crawler never runs scripts):
    # once for 通知公告, once for each of the two registered columns; the evidence screenshots
    # (chromium's own User-Agent) ask again for the pages with findings
    api = [hit for hit in js_site.seen_by_first_audit if hit.path.startswith("/api/")]
    checked = [hit.path for hit in api if hit.user_agent == fast_config("http://x/").user_agent]
    assert sorted(checked) == ["/api/notice.json", "/api/work.json", "/api/work.json"]
    assert {hit.path for hit in api if "HeadlessChrome" in hit.user_agent} <= {
        "/api/notice.json",
        "/api/work.json",
    }


@pytest.mark.browser
def test_registered_column_rendered_and_static_column_not(
    js_result: AuditResult, js_site: LoopbackSite
) -> None:
    work = _column(js_result, js_site.url("/col/work/"))  # registered (--column): recent items
    assert work["rendered"] is True and work["status"] == "ok" and work["newest"] == "2025-11-28"
    # registered and linked from nowhere: fetched after the crawl, rendered all the same
    hidden = _column(js_result, js_site.url("/col/hidden/"))
    assert hidden["rendered"] is True and hidden["items"] == 2 and hidden["status"] == "ok"
    static = _column(js_result, js_site.url("/col/static/"))  # items in its HTML: no browser
    assert "rendered" not in static and static["items"] == 2
    scripted = sorted(js_site.url(f"/col/{name}/") for name in ("hidden", "notice", "work"))
    assert sorted(js_result.js_render["pages"]) == scripted
    assert js_result.js_render["renders"] == 3 and js_result.js_render["note"] is None
    data = js_result.to_dict()
    assert data["js_render"]["pages"] == js_result.js_render["pages"]
    # findings of pages read as fetched do not say rendered
    assert all("rendered" not in f.fields for f in js_result.findings if f.page not in scripted)


@pytest.mark.browser
def test_render_budget_is_bounded(js_site: LoopbackSite) -> None:
    """js_render_max 1: the other script-filled columns are checked as fetched, with a note."""
    result = asyncio.run(audit(_js_config(js_site, js_render_max=1)))
    assert result.js_render["renders"] == 1 and len(result.js_render["pages"]) == 1
    assert "超过浏览器渲染上限(1 个页面),另有 2 个" in result.js_render["note"]
    unrendered = [
        c for c in result.columns if c["url"] not in result.js_render["pages"] and c["script_loaded"]
    ]
    assert len(unrendered) == 2 and {c["status"] for c in unrendered} == {"empty"}


@pytest.mark.browser
def test_script_built_home_page_is_audited_from_its_rendered_dom() -> None:
    with serve_pages(js_home_site()) as base:
        result = asyncio.run(audit(fast_config(base + "/", **BROWSER)))
    assert result.error is None and result.js_render["pages"] == [base + "/"]
    assert result.pages_crawled == 3  # the articles are linked only from what the script wrote
    assert not [f for f in result.findings if f.kind == "home_not_updated"]  # its dates were read
    home = [f for f in result.findings if f.page == base + "/" and f.kind == "missing_meta"]
    assert home and all(f.fields["rendered"] is True and f.message.endswith(RENDERED_NOTE) for f in home)


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
def test_a_wall_waiting_for_a_person_is_given_up_early() -> None:
    """A captcha page (403, 人机验证) that never reloads: the browser stops after a few seconds
    of nothing happening, not at the render timeout."""
    captcha = page("人机验证", "<p>请完成人机验证后继续访问</p><script src='/captcha.js'></script>")
    with serve_pages({"/": (403, captcha)}) as base:
        began = time.monotonic()
        result = asyncio.run(audit(fast_config(base + "/", **{**BROWSER, "js_render_timeout": 30.0})))
        took = time.monotonic() - began
    assert [(f.kind, f.fields["waf"]) for f in result.findings] == [("blocked", "防爬虫验证页")]
    assert result.js_render["renders"] == 1 and took < 20


@pytest.mark.browser
def test_a_refusal_with_a_menu_is_not_taken_for_the_home_page() -> None:
    """403 to the browser as well, on a page with the site's menu: still blocked, not audited."""
    refused = page("访问被拒绝", "<p>您的访问被拒绝。</p>")
    with serve_pages({"/": (403, refused)}) as base:
        result = asyncio.run(audit(fast_config(base + "/", **BROWSER)))
    assert result.js_render["renders"] == 1 and result.js_render["pages"] == [] and result.pages_crawled == 0
    (finding,) = result.findings
    assert finding.kind == "blocked" and finding.fields["waf"] == "防火墙(HTTP 403)"


@pytest.mark.browser
def test_cli_reports_a_blocked_home_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = ruishu_site().start()
    out = tmp_path / "r.json"
    try:
        status = check_main(
            [server.url(), "--json", str(out), "--rate", "0", "--timeout", "5", "--as-of", "2025-12-01"]
        )
    finally:
        server.stop()
    assert status == 1  # the site could not be audited
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["error"].startswith("监测受阻") and "瑞数" in data["error"]
    (finding,) = data["findings"]
    assert finding["kind"] == "blocked" and finding["check"] == "home" and finding["waf"] == "瑞数"
    assert data["js_render"]["renders"] == 1
    printed = capsys.readouterr().out
    assert "监测受阻" in printed and "不计为网站无法访问" in printed


@pytest.mark.browser
def test_cookie_wall_passed_by_the_browser_lets_the_audit_continue(tmp_path: Path) -> None:
    server = jsl_site().start()
    try:
        config = fast_config(server.url(), evidence_dir=str(tmp_path / "ev"), **BROWSER)
        result = asyncio.run(audit(config))
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
    # the evidence of the home page is the page the browser got past the wall, hashed as stored
    evidence = dead.fields["evidence"]
    html = (tmp_path / "ev" / evidence["html"]).read_bytes()
    assert "失效的链接".encode() in html and b"__jsl_clearance_s=" not in html
    assert hashlib.sha256(html).hexdigest() == evidence["sha256"] and evidence["screenshot"]
    assert (tmp_path / "ev" / evidence["screenshot"]).stat().st_size > 1000


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


@pytest.mark.parametrize(
    ("body", "shell"),
    [
        ('<div id="app"></div><script src="/js/app.3f2a.js"></script>', True),  # an application root
        (
            NAV_TEXT + '<ul class="list"><li v-for="a in items"><a :href="a.url">{{a.title}}</a></li></ul>'
            '<script src="/vue.js"></script>',
            True,
        ),  # a template
        (
            NAV_TEXT + "<div class='main'></div><script>$.ajax({url: '/api/list'})</script>",
            True,
        ),  # a data API
        (NAV_TEXT + '<ul id="newsList"></ul><script src="/js/list.js"></script>', True),  # an empty list box
        ("<p>加载中…</p><script src='/bundle.js'></script>", True),  # little text, no links
        (
            NAV_TEXT + "<ul class='list'><li><a href='/a'>关于开展冬季森林防火工作的通知</a></li></ul>"
            "<script src='/menu.js'></script>",
            False,
        ),  # a list in the HTML
        ('<div id="app"><p>县政府办公室负责全县政务公开工作。</p></div>', False),  # no script at all
        ("<p>加载中</p>" + "<a href='/x'>链接</a>" * 5 + "<script src='/m.js'></script>", False),  # links
    ],
)
def test_js_shell_heuristic(body: str, shell: bool) -> None:
    assert looks_like_shell(LexborHTMLParser(f"<html><body>{body}</body></html>")) is shell


def test_cli_without_js_render_reads_the_html_only(js_site: LoopbackSite, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    argv = [js_site.url(), "--json", str(out), "--rate", "0", "--timeout", "5", "--as-of", "2025-12-01"]
    assert check_main([*argv, "--no-js-render", "--quiet"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["js_render"] == {"pages": [], "renders": 0, "note": None}
    (notice,) = [c for c in data["columns"] if c["url"] == js_site.url("/col/notice/")]
    assert notice["script_loaded"] is True and notice["status"] == "empty" and "rendered" not in notice
    assert check_main([*argv, "--js-render-max", "0"]) == 2  # bad arguments
