"""The crawler against the loopback test site: links, failures, encodings, caps, robots."""

from __future__ import annotations

import asyncio

import pytest

from gongkai.audit.cli import summary
from gongkai.audit.engine import AuditResult, audit
from gongkai.audit.findings import Finding
from tests.audit.conftest import fast_config
from tests.audit.testsite import GovSite


@pytest.fixture(scope="module")
def result(site: GovSite) -> AuditResult:
    return asyncio.run(audit(fast_config(site.url("/"))))


def of_kind(result: AuditResult, kind: str) -> list[Finding]:
    return [f for f in result.findings if f.kind == kind]


def broken(result: AuditResult, site: GovSite, path: str) -> list[Finding]:
    return [f for f in of_kind(result, "broken_link") if f.fields["target"] == site.url(path)]


def test_home_page_broken_link_is_reported_once_with_its_text(result: AuditResult, site: GovSite) -> None:
    (finding,) = broken(result, site, "/missing.html")
    assert finding.page == site.url("/")
    fields = dict(finding.fields)
    assert len(fields.pop("page_hash")) == 16  # every finding carries the hash of its page's main text
    assert fields.pop("first_seen") == "2025-12-01"  # no page state: first seen by this audit (as_of)
    assert fields == {
        "target": site.url("/missing.html"),
        "status": 404,
        "error": "http",
        "text": "失效的首页链接",
        "element": "a",
        "home": True,
    }
    assert "无法打开" in finding.message and site.url("/missing.html") in finding.message


def test_broken_image_on_home_page(result: AuditResult, site: GovSite) -> None:
    (finding,) = broken(result, site, "/img/missing.png")
    assert finding.fields["element"] == "img" and finding.fields["text"] == "失效图片"


def test_broken_link_on_other_page_is_not_home(result: AuditResult, site: GovSite) -> None:
    (finding,) = broken(result, site, "/gone-from-column.html")
    assert finding.page == site.url("/col/news/") and finding.fields["home"] is False


def test_one_finding_per_page_and_target(result: AuditResult, site: GovSite) -> None:
    pages = sorted(f.page for f in broken(result, site, "/gbk-target-404.html"))
    assert pages == [site.url("/gbk-undeclared.html"), site.url("/gbk-wrong.html")]
    pairs = [(f.page, f.fields["target"]) for f in of_kind(result, "broken_link")]
    assert len(pairs) == len(set(pairs))


def test_working_links_and_resources_are_not_reported(result: AuditResult, site: GovSite) -> None:
    for path in (
        "/col/news/",
        "/img/logo.png",
        "/js/app.js",
        "/css/site.css",
        "/frame.html",
        "/redirect-ok",
        "/art/2025/11/t20251111_1.html",
    ):
        assert broken(result, site, path) == [], path


def test_referer_is_sent_for_hotlink_protected_images(result: AuditResult, site: GovSite) -> None:
    assert broken(result, site, "/img/protected.png") == []
    assert not [f for f in result.findings if f.fields.get("target") == site.url("/img/protected.png")]


def test_head_refused_falls_back_to_get(result: AuditResult, site: GovSite) -> None:
    assert broken(result, site, "/files/report.pdf") == []
    methods = site.methods["/files/report.pdf"]  # an attachment is checked with HEAD, refused with 405
    assert "HEAD" in methods and methods[methods.index("HEAD") + 1] == "GET"


def test_timeout_is_a_named_failure_after_retries(result: AuditResult, site: GovSite) -> None:
    (finding,) = broken(result, site, "/slow")
    assert finding.fields["error"] == "timeout" and finding.fields["status"] is None
    assert len(site.hits["/slow"]) >= 3  # first try, one retry, the re-check


def test_redirect_loop_is_broken_not_endless(result: AuditResult, site: GovSite) -> None:
    (finding,) = broken(result, site, "/loop1")
    assert "重定向循环" in finding.message
    assert len(site.hits["/loop1"]) <= 5


def test_server_error_is_broken(result: AuditResult, site: GovSite) -> None:
    (finding,) = broken(result, site, "/error500")
    assert finding.fields["status"] == 500


def test_transient_503_is_retried_and_not_broken(result: AuditResult, site: GovSite) -> None:
    assert broken(result, site, "/flaky") == []
    assert len(site.hits["/flaky"]) >= 2


def test_target_that_recovers_on_the_recheck_is_not_broken(result: AuditResult, site: GovSite) -> None:
    assert broken(result, site, "/recovers") == []
    assert len(site.hits["/recovers"]) == 3  # first try, one retry, the re-check after the crawl
    first, retry, recheck = site.hits["/recovers"]
    assert recheck - retry >= 0.1  # recheck_delay after the target failed (fast_config), no sooner


def test_retry_after_is_honoured(result: AuditResult, site: GovSite) -> None:
    assert broken(result, site, "/ratelimited") == []
    first, second = site.hits["/ratelimited"][:2]
    assert second - first >= 0.9


def test_walls_are_reported_as_blocked_not_broken(result: AuditResult, site: GovSite) -> None:
    blocked = {f.fields["target"]: f for f in of_kind(result, "blocked")}
    for path, status in (("/challenge", 403), ("/always429", 429), ("/js-wall", 200), ("/waf412", 412)):
        assert broken(result, site, path) == [], path
        finding = blocked[site.url(path)]
        assert finding.fields["error"] == "blocked" and finding.fields["status"] == status
        assert "人工" in finding.message


def test_gbk_pages_with_wrong_or_missing_declaration_are_decoded(result: AuditResult, site: GovSite) -> None:
    texts = {f.fields["text"] for f in broken(result, site, "/gbk-target-404.html")}
    assert texts == {"国务院文件"}


def test_gzip_page_is_parsed(result: AuditResult, site: GovSite) -> None:
    (finding,) = broken(result, site, "/from-gzip-404.html")
    assert finding.page == site.url("/gzip.html")


def test_huge_page_is_cut_at_the_size_cap_and_still_checked(result: AuditResult, site: GovSite) -> None:
    (finding,) = broken(result, site, "/from-huge-404.html")
    assert finding.page == site.url("/huge.html")


def test_robots_txt_is_obeyed(result: AuditResult, site: GovSite) -> None:
    assert "/private/secret.html" not in site.hits
    assert broken(result, site, "/private/secret.html") == []
    assert result.robots_excluded == 1


def test_endless_calendar_is_capped(result: AuditResult, site: GovSite) -> None:
    assert 5 <= len(site.hits["/calendar"]) <= 11
    (trap,) = of_kind(result, "trap")  # and reported: the audit did not see all of it
    assert trap.fields["pattern"] == site.url("/calendar?month=*")
    assert result.incomplete == ["trap"]


def test_external_links_are_not_checked_by_default(result: AuditResult, site: GovSite) -> None:
    outside = f"http://127.0.0.1:{site.unreachable_port}/outside.html"
    assert not [f for f in result.findings if f.fields.get("target") == outside]


def test_malformed_page_does_not_stop_the_audit(result: AuditResult, site: GovSite) -> None:
    assert broken(result, site, "/bad-target-404.html")
    assert result.error is None and not of_kind(result, "page_error")


def test_result_json_shape(result: AuditResult, site: GovSite) -> None:
    data = result.to_dict()
    assert list(data)[:12] == [
        "start",
        "as_of",
        "started_at",
        "finished_at",
        "pages_crawled",
        "truncated",
        "error",
        "site",
        "columns",
        "findings",
        "complete",
        "incomplete",
    ]  # the last two: additions (docs/audit-json.md)
    assert {"encodings", "encoding_notes", "annual_reports"} <= set(data)  # additions, docs/audit-json.md
    assert data["annual_reports"] == []  # its 年度报告 link is a PDF without a year: not a report
    assert data["as_of"] == "2025-12-01" and data["columns"] == [] and data["truncated"] is False
    # the contract's four, and what the policy check read (additions, docs/audit-json.md)
    assert set(data["site"]) == {"SiteIDCode", "https", "ipv6", "search", "policy_files", "interpretations"}
    assert data["pages_crawled"] >= 15
    assert all({"kind", "page", "message"} <= set(f) for f in data["findings"])
    # the stored record adds the pages read (follow-up needs them), the contract's JSON does not
    record = result.to_record()
    assert {k: v for k, v in record.items() if k != "pages"} == data
    assert record["pages"] == sorted(record["pages"]) and site.url("/") in record["pages"]
    assert len(record["pages"]) >= data["pages_crawled"]
    assert site.url("/private/secret.html") not in record["pages"]  # robots.txt kept us out


def test_ignore_robots_and_external_switches(site: GovSite) -> None:
    result = asyncio.run(audit(fast_config(site.url("/"), obey_robots=False, external=True, max_depth=1)))
    assert broken(result, site, "/private/secret.html")
    outside = f"http://127.0.0.1:{site.unreachable_port}/outside.html"
    (finding,) = [f for f in of_kind(result, "broken_link") if f.fields["target"] == outside]
    assert finding.fields["error"] == "connect"


def test_page_and_depth_caps_truncate(site: GovSite, result: AuditResult) -> None:
    full = result
    result = asyncio.run(audit(fast_config(site.url("/"), max_pages=3)))
    assert result.pages_crawled == 3 and result.truncated is True
    # links beyond the cap are still checked for availability
    assert broken(result, site, "/missing.html")
    shallow = asyncio.run(audit(fast_config(site.url("/"), max_depth=1)))
    assert shallow.truncated is True and shallow.pages_crawled < full.pages_crawled
    assert broken(shallow, site, "/gone-from-column.html")  # links of the last level are still checked


def test_chinese_summary_counts_findings(result: AuditResult) -> None:
    text = summary(result, 1.5)
    links = of_kind(result, "broken_link")
    home = sum(1 for f in links if f.fields["home"])
    assert home >= 3 and f"链接不可用 {len(links)} 个(其中首页 {home} 个)" in text
    assert f"监测受阻（被拦截无法检查） {len(of_kind(result, 'blocked'))} 个" in text
    assert f"抓取页面 {result.pages_crawled} 个" in text and "robots.txt 禁止抓取的本站地址 1 个" in text
    assert "网站标识码 3609000002" in text and "站内搜索 是" in text


def test_a_link_that_is_gone_is_rechecked_without_the_pause() -> None:
    """A 404 is the server's definite answer: re-checked at once, not after recheck_delay (the
    pause is for passing failures such as /recovers above)."""
    import time

    from tests.loopback import serve_pages

    home = "<html><body><a href='/gone.html'>已删除</a><a href='/a.html'>一</a></body></html>"
    with serve_pages({"/": (200, home), "/a.html": (200, "<p>一</p>")}) as base:
        began = time.monotonic()
        result = asyncio.run(audit(fast_config(base + "/", recheck_delay=30.0)))
        elapsed = time.monotonic() - began
    (finding,) = [f for f in result.findings if f.kind == "broken_link"]
    assert finding.fields["status"] == 404 and finding.fields["target"].endswith("/gone.html")
    assert elapsed < 15.0  # not the 30 s pause
