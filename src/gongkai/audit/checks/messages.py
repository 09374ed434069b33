"""messages_unanswered: a message the site's own message list (网上问政, 互动交流…) shows without a
reply more than 3 calendar months before the check date (the national veto 互动回应差, 国办
2019). The lists are read while the site is crawled (``audit.content.messages``: title, 留言时间,
回复时间 or 状态); every message read is also in the JSON's ``messages`` list (docs/audit-json.md)
so the platform can check or fill the unit's messages register with it."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.audit.checks.base import Check
from gongkai.audit.content import messages as M
from gongkai.audit.context import AuditContext
from gongkai.audit.findings import Finding
from gongkai.audit.page import Page

MAX_MESSAGES = 2000  # messages kept from one site (a long 问政 archive is paged through by the crawl)


class MessagesCheck(Check):
    name = "messages"
    replayable = True  # message lists are parsed in every audit (``needs_page``)

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], tuple[M.ListedMessage, str]] = {}
        self._lists: set[str] = set()  # pages that may list messages

    def needs_page(self, url: str) -> bool:
        return url in self._lists

    def check_page(self, page: Page, ctx: AuditContext) -> Iterable[Finding]:
        if "<table" not in page.text or not M.HINT.search(page.text):
            return ()
        self._lists.add(page.url)
        for message in M.parse_message_list(page.tree, page.url, as_of=ctx.config.as_of):
            key = (message.title, message.received.isoformat())
            if key not in self._seen and len(self._seen) < MAX_MESSAGES:
                self._seen[key] = (message, page.url)
        return ()

    async def finish(self, ctx: AuditContext) -> Iterable[Finding]:
        as_of = ctx.config.as_of
        findings = []
        for message, page in self._seen.values():
            ctx.messages.append(message.record(page))
            if M.unanswered_over_3_months(message, as_of):
                findings.append(
                    Finding(
                        "messages_unanswered",
                        page,
                        f"留言“{message.title[:40]}”（{message.received:%Y-%m-%d}）超过3个月未回复（互动回应差）",
                        {
                            "title": message.title,
                            "received": message.received.isoformat(),
                            "url": message.url,
                        },
                    )
                )
        return findings
