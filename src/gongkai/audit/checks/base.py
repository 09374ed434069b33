"""The base class of every check (see :mod:`gongkai.audit.checks` for the interface)."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.audit.context import AuditContext
from gongkai.audit.findings import Finding
from gongkai.audit.page import Page


class Check:
    """A family of findings. Override one or both hooks; the defaults find nothing."""

    name = "check"

    def check_page(self, page: Page, ctx: AuditContext) -> Iterable[Finding]:
        """Called once per crawled HTML page, synchronously, before the page body is dropped."""
        return ()

    async def finish(self, ctx: AuditContext) -> Iterable[Finding]:
        """Called once after the crawl (and the re-check of broken targets)."""
        return ()
