"""The plug-in interface: extra checks see every page and finish once; a failing check is a finding."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from gongkai.audit.checks import Check, default_checks
from gongkai.audit.context import AuditContext
from gongkai.audit.engine import audit
from gongkai.audit.findings import Finding
from gongkai.audit.page import Page
from tests.audit.conftest import fast_config
from tests.audit.testsite import GovSite


class TitleCheck(Check):
    """Example plug-in: records every page title, adds a column, reports a page without a title."""

    name = "titles"

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def check_page(self, page: Page, ctx: AuditContext) -> Iterable[Finding]:
        self.seen[page.url] = page.title
        assert page.text and page.links is not None and page.tree is not None
        if not page.title:
            yield Finding("no_title", page.url, "页面没有标题。")

    async def finish(self, ctx: AuditContext) -> Iterable[Finding]:
        ctx.columns.append({"url": ctx.home, "name": "测试栏目", "items": len(self.seen)})
        return []


class Exploding(Check):
    name = "exploding"

    def check_page(self, page: Page, ctx: AuditContext) -> Iterable[Finding]:
        raise ValueError("boom")

    async def finish(self, ctx: AuditContext) -> Iterable[Finding]:
        raise RuntimeError("late boom")


def test_plugged_in_check_sees_every_page_and_fills_columns(site: GovSite) -> None:
    titles = TitleCheck()
    result = asyncio.run(audit(fast_config(site.url("/bare/")), checks=[*default_checks(), titles]))
    assert site.url("/bare/") in titles.seen and site.url("/col/news/") in titles.seen
    assert len(titles.seen) == result.pages_crawled
    assert result.columns == [{"url": site.url("/bare/"), "name": "测试栏目", "items": result.pages_crawled}]


def test_failing_check_becomes_page_error_and_audit_goes_on(site: GovSite) -> None:
    result = asyncio.run(audit(fast_config(site.url("/bare/")), checks=[Exploding(), *default_checks()]))
    errors = [f for f in result.findings if f.kind == "page_error"]
    assert len(errors) == result.pages_crawled + 1  # every page, plus finish()
    assert any(f.kind == "footer" for f in result.findings)
    assert result.error is None and "出错" in errors[0].message
