"""The base class of every check (see :mod:`gongkai.audit.checks` for the interface)."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.audit.context import AuditContext
from gongkai.audit.findings import Finding
from gongkai.audit.page import Page


class Check:
    """A family of findings. Override one or both hooks; the defaults find nothing."""

    name = "check"
    # True: ``finish`` reads the answers of link targets (``ctx.links``), so it runs after the
    # re-check of failed targets; other checks finish while that re-check waits out its pause
    needs_recheck = False

    def check_page(self, page: Page, ctx: AuditContext) -> Iterable[Finding]:
        """Called once per crawled HTML page, synchronously, before the page body is dropped."""
        return ()

    async def finish(self, ctx: AuditContext) -> Iterable[Finding]:
        """Called once after the crawl (and, when ``needs_recheck``, the re-check of broken targets)."""
        return ()
