"""The base class of every check (see :mod:`gongkai.audit.checks` for the interface)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gongkai.audit.context import AuditContext
from gongkai.audit.findings import Finding
from gongkai.audit.page import Link, Page


class Check:
    """A family of findings. Override one or both hooks; the defaults find nothing."""

    name = "check"
    # True: ``finish`` reads the answers of link targets (``ctx.links``), so it runs after the
    # re-check of failed targets; other checks finish while that re-check waits out its pause
    needs_recheck = False
    # True: the check can take an unchanged page from the last audit's page state instead of the
    # page itself (``page_memo`` / ``replay_page`` / ``needs_page`` below); a check that keeps
    # state from pages and does not say how to replay it leaves it False, and every page is
    # parsed again (an incremental re-audit then only saves nothing)
    replayable = False

    def check_page(self, page: Page, ctx: AuditContext) -> Iterable[Finding]:
        """Called once per crawled HTML page, synchronously, before the page body is dropped."""
        return ()

    async def finish(self, ctx: AuditContext) -> Iterable[Finding]:
        """Called once after the crawl (and, when ``needs_recheck``, the re-check of broken targets)."""
        return ()

    # incremental re-audit (gongkai.audit.page_state): an unchanged page is not parsed again

    def page_memo(self, page: Page, ctx: AuditContext) -> Any:
        """Called right after ``check_page``: what (JSON) ``replay_page`` needs of this page
        besides its findings and links, or None."""
        return None

    def replay_page(
        self, url: str, memo: Any, findings: list[Finding], links: list[Link], ctx: AuditContext
    ) -> Iterable[Finding]:
        """Called instead of ``check_page`` for a page unchanged since the last audit, with what it
        found then (``findings``, each with its ``first_seen``) and the page's ``links``; returns
        the findings to keep. The default keeps them: right for a check whose page findings depend
        on the page alone."""
        return findings

    def needs_page(self, url: str) -> bool:
        """True when the check reads more of ``url`` than it can replay (a column's list with its
        dates, an annual report): the page is then fetched and parsed in full every time."""
        return False

    def replays(self, url: str, memo: Any, ctx: AuditContext) -> bool:
        """Whether an unchanged ``url`` may be replayed from ``memo`` (what ``page_memo`` kept of
        it, None when there is no stored page yet): by default when ``needs_page`` does not
        claim it. A check that can replay some of the pages it needs from their memo says so here."""
        return not self.needs_page(url)
