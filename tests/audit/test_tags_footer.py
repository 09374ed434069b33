"""missing_meta (page tags by page type) and footer identification."""

from __future__ import annotations

import asyncio

import pytest

from gongkai.audit.checks.footer import SITE_ID_FORMAT, FooterCheck
from gongkai.audit.checks.tags import REQUIRED, TagCheck, page_type
from gongkai.audit.engine import AuditResult, audit
from gongkai.audit.page import Page
from tests.audit.conftest import fast_config
from tests.audit.testsite import (
    ARTICLE_FULL,
    ARTICLE_PART,
    BARE_COLUMN,
    FOOTER,
    NEWS,
    SITE_TAGS,
    GovSite,
    home,
    page,
)


def make(url: str, html: str, start: bool = False) -> Page:
    return Page(url, 200, "text/html", html, 0 if start else 1, start)


def missing(p: Page) -> list[str]:
    return [f.fields["name"] for f in TagCheck().check_page(p, None)]  # type: ignore[arg-type]


def test_required_tag_counts_follow_the_guideline() -> None:
    assert {k: len(v) for k, v in REQUIRED.items()} == {"home": 3, "column": 7, "article": 10}


@pytest.mark.parametrize(
    ("url", "html", "start", "expected"),
    [
        ("http://x/", "<p>home</p>", True, "home"),
        ("http://x/a/b.html", ARTICLE_PART, False, "article"),
        ("http://x/col/news/", "<p>x</p>", False, "column"),
        ("http://x/col/list_2.html", "<p>x</p>", False, "column"),
        ("http://x/art/2025/t20251111_123.html", "<p>x</p>", False, "article"),
        (
            "http://x/news/detail.html",
            "<ul>" + "<li><a href=a>x</a> 2025-11-01</li>" * 5 + "</ul>",
            False,
            "column",
        ),
        ("http://x/news/detail.html", "<p>正文</p>", False, "article"),
        ("http://x/p.html", '<meta name="ColumnName" content="动态">', False, "column"),
    ],
)
def test_page_type_heuristic(url: str, html: str, start: bool, expected: str) -> None:
    assert page_type(make(url, html, start)) == expected


def test_home_with_site_tags_has_no_missing_meta() -> None:
    assert missing(make("http://x/", home(80), start=True)) == []


def test_home_without_tags_misses_three() -> None:
    assert missing(make("http://x/", "<p>x</p>", start=True)) == ["SiteName", "SiteDomain", "SiteIDCode"]


def test_column_without_column_tags() -> None:
    assert missing(make("http://x/col/bare/", BARE_COLUMN)) == [
        "ColumnName",
        "ColumnDescription",
        "ColumnKeywords",
        "ColumnType",
    ]
    assert missing(make("http://x/col/news/", NEWS)) == []


def test_article_tags_empty_counts_as_missing() -> None:
    assert missing(make("http://x/art/t20251112_2.html", ARTICLE_PART)) == ["PubDate", "ContentSource"]
    assert missing(make("http://x/art/t20251111_1.html", ARTICLE_FULL)) == []


def footer(html: str) -> list:
    check = FooterCheck()
    ctx = type("Ctx", (), {"site": {"SiteIDCode": None}})()
    return list(check.check_page(make("http://x/", html, start=True), ctx))  # type: ignore[arg-type]


def test_complete_footer_has_no_finding() -> None:
    assert footer(page("首页", "<p>内容</p>" + FOOTER, SITE_TAGS)) == []


def test_footer_missing_items() -> None:
    (finding,) = footer(page("首页", '<div id="bottom">主办单位:某某市政府 电话:0795-1234567</div>'))
    assert finding.fields["missing"] == ["网站标识码", "ICP备案号", "公安机关备案号", "党政机关网站标识"]
    assert "网站标识码" in finding.message


def test_footer_site_id_code_with_wrong_format() -> None:
    bad = FOOTER.replace("3609000002", "12345")
    (finding,) = footer(page("首页", bad))
    assert finding.fields["missing"] == [] and finding.fields["invalid"] == {"网站标识码": "12345"}
    assert "格式错误" in finding.message


def test_site_id_code_after_a_full_width_colon() -> None:
    """网站标识码：4103810001 (full-width colon, as most Chinese footers write it) is read, then checked."""
    ctx = type("Ctx", (), {"site": {"SiteIDCode": None}})()
    good = FOOTER.replace("网站标识码:3609000002", "网站标识码：4103810001")
    assert list(FooterCheck().check_page(make("http://x/", page("首页", good), start=True), ctx)) == []  # type: ignore[arg-type]
    assert ctx.site["SiteIDCode"] == "4103810001"
    (finding,) = footer(page("首页", FOOTER.replace("网站标识码:3609000002", "网站标识码： 9903810001")))
    assert finding.fields["invalid"] == {"网站标识码": "9903810001"}


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("3609000002", True),
        ("bm55000001", True),
        ("1100000001", True),
        ("0000000001", False),
        ("360900000", False),
        ("bm5500000", False),
        ("36090000021", False),
        ("9909000002", False),
    ],
)
def test_site_id_code_format(code: str, valid: bool) -> None:
    assert bool(SITE_ID_FORMAT.match(code)) is valid


def test_footer_only_checked_on_the_start_page() -> None:
    ctx = type("Ctx", (), {"site": {"SiteIDCode": None}})()
    assert list(FooterCheck().check_page(make("http://x/a.html", "<p>x</p>"), ctx)) == []  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def bare(site: GovSite) -> AuditResult:
    return asyncio.run(audit(fast_config(site.url("/bare/"))))


def test_audit_of_bare_site_reports_footer_and_tags(bare: AuditResult, site: GovSite) -> None:
    (finding,) = [f for f in bare.findings if f.kind == "footer"]
    assert finding.page == site.url("/bare/") and len(finding.fields["missing"]) == 6
    names = [
        f.fields["name"] for f in bare.findings if f.kind == "missing_meta" and f.page == site.url("/bare/")
    ]
    assert names == ["SiteName", "SiteDomain", "SiteIDCode"]
    assert bare.site["SiteIDCode"] is None


def test_audit_of_complete_site_has_no_footer_finding(site: GovSite) -> None:
    result = asyncio.run(audit(fast_config(site.url("/col/news/"), max_depth=1)))
    assert [f for f in result.findings if f.kind == "footer"] == []
    assert result.site["SiteIDCode"] == "3609000002"
