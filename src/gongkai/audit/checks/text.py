"""typo, privacy, sensitive_word: the text engine (:mod:`gongkai.text`) over pages and attachments.

Each page's main text is scanned once, with the page's publication date for leader titles (article
pages only: the dates on a home or list page belong to the items). Template blocks (navigation,
footer… see :mod:`gongkai.audit.pagetext`) are scanned only the first time their text is seen on
the site, and a finding identical in kind, text, fields and context to one already reported (a
sidebar the template rules missed) is not repeated: a typo in the footer is reported once per site.
Personal data is the exception: it is reported once per (page, category, masked value), on every
page whose main text shows it, since each page must be fixed.

Attachments: .docx and .pdf links to the site itself, in crawl order, up to
``config.max_attachments`` files of at most ``config.attachment_max_bytes`` each, are fetched in
``finish``, their text extracted and scanned. Their findings have ``page`` = the attachment URL,
``in_attachment: true`` and ``linked_from`` (the first page linking to it). A file that does not
open, is too large or cannot be read is skipped (a dead one is already a ``broken_link``).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from gongkai.audit.checks.base import Check
from gongkai.audit.checks.tags import page_type
from gongkai.audit.content import page_pub_date, parse_date
from gongkai.audit.context import AuditContext
from gongkai.audit.findings import Finding
from gongkai.audit.page import Link, Page
from gongkai.audit.pagetext import text_hash

if TYPE_CHECKING:  # the text engine (jieba, pypdf, dictionaries) is imported on first use only, so
    from gongkai.text import Scanner, TextHit  # importing gongkai.audit stays light for the web app

log = logging.getLogger(__name__)
_MAYBE_ATTACHMENT = re.compile(r"\.(?:pdf|docx)(?:$|[?#&])", re.IGNORECASE)  # cheap test before the real one
_SCANNERS: dict[tuple[tuple[str, tuple[str, ...]], ...], Scanner] = {}


def scanner_for(sensitive_lists: dict[str, list[str]]) -> Scanner:
    """A scanner for these word lists, once per process (building takes 1–3 s, so it comes from
    the cache of compiled scanners when this machine built it before)."""
    from gongkai.text import TextConfig
    from gongkai.text.scanner import cached_scanner

    key = tuple(sorted((name, tuple(words)) for name, words in sensitive_lists.items()))
    if key not in _SCANNERS:
        _SCANNERS[key] = cached_scanner(
            TextConfig(sensitive_lists={name: list(words) for name, words in key})
        )
    return _SCANNERS[key]


def publication_date(page: Page, as_of: date) -> date | None:
    """The PubDate tag, else the date shown with the article; None for home and list pages."""
    if page_type(page) != "article":
        return None
    tagged = parse_date(page.meta.get("pubdate", ""), as_of=as_of)
    return tagged or page_pub_date(page.tree, as_of=as_of)


class TextCheck(Check):
    name = "text"
    replayable = True  # a page's hits are kept; its publication date is the memo

    def __init__(self) -> None:
        self._published: tuple[str, date | None] | None = None  # (URL, date) of the last page
        self._scanner: Scanner | None = None
        self._blocks: set[str] = set()  # hashes of template blocks already scanned
        self._reported: set[tuple[str, ...]] = set()
        self._attachments: dict[str, tuple[str, date | None]] = {}  # URL -> (linking page, its date)
        # the text of each distinct file (SHA-256 of its bytes): one copy linked at several
        # addresses is read once
        self._extracted: dict[str, asyncio.Task[str | None]] = {}

    def _scan(self, ctx: AuditContext, text: str, published: date | None, page: str) -> list[TextHit]:
        if self._scanner is None:
            self._scanner = scanner_for(ctx.config.sensitive_lists)
        hits = []
        for hit in self._scanner.scan(text, published=published):
            key = _report_key(hit, page)
            if key not in self._reported:
                self._reported.add(key)
                hits.append(hit)
        return hits

    def check_page(self, page: Page, ctx: AuditContext) -> Iterable[Finding]:
        parts = [page.page_text.main]
        for block in page.page_text.template:
            digest = text_hash(block)
            if digest not in self._blocks:
                self._blocks.add(digest)
                parts.append(block)
        published = publication_date(page, ctx.config.as_of)
        self._published = (page.url, published)
        for hit in self._scan(ctx, "\n".join(parts), published, page.url):
            yield _finding(hit, page.url)
        self._attachments_of(page.url, page.links, published, ctx)

    def _attachments_of(self, url: str, links: list[Link], published: date | None, ctx: AuditContext) -> None:
        from gongkai.text.attachments import attachment_type

        for link in links:
            if len(self._attachments) >= ctx.config.max_attachments:
                break
            if (
                link.element == "a"
                and _MAYBE_ATTACHMENT.search(link.target)
                and link.target not in self._attachments
                and ctx.is_internal(link.target)
                and attachment_type(link.target)
            ):
                self._attachments[link.target] = (url, published)

    def page_memo(self, page: Page, ctx: AuditContext) -> Any:
        if self._published is None or self._published[0] != page.url or self._published[1] is None:
            return None
        return self._published[1].isoformat()

    def replay_page(
        self, url: str, memo: Any, findings: list[Finding], links: list[Link], ctx: AuditContext
    ) -> Iterable[Finding]:
        """The page's hits, less those another page reported in this audit already (a template
        block's typo is reported once per site, on whichever page was read first)."""
        kept = []
        for finding in findings:
            key = _finding_key(finding.kind, finding.fields, url)
            if key not in self._reported:
                self._reported.add(key)
                kept.append(finding)
        self._attachments_of(url, links, date.fromisoformat(memo) if memo else None, ctx)
        return kept

    async def finish(self, ctx: AuditContext) -> Iterable[Finding]:
        texts = await asyncio.gather(*(self._attachment_text(ctx, url) for url in self._attachments))
        findings: list[Finding] = []
        for (url, (linked_from, published)), text in zip(self._attachments.items(), texts, strict=True):
            if text is None:
                continue
            ctx.stats["attachments_scanned"] = ctx.stats.get("attachments_scanned", 0) + 1
            digest = text_hash(text)
            ctx.page_hashes[url] = digest
            for hit in self._scan(ctx, text, published, url):
                finding = _finding(hit, url)
                finding.fields.update(in_attachment=True, linked_from=linked_from, page_hash=digest)
                findings.append(finding)
        return findings

    async def _attachment_text(self, ctx: AuditContext, url: str) -> str | None:
        """The text of an attachment, read once per distinct file; with a page state, the text an
        earlier audit extracted when the file did not change (304, or the same SHA-256)."""
        from gongkai.audit.page_state import body_sha256

        cap = ctx.config.attachment_max_bytes
        state = ctx.page_state
        known = state.attachment(url) if state is not None else None
        fetched = await ctx.fetcher.fetch(
            url,
            html_only=False,
            retries=0,
            referer=self._attachments[url][0],
            validators=known.validators() if known is not None else None,
        )
        if state is not None and known is not None and fetched.not_modified:
            etag, modified = fetched.etag or known.etag, fetched.last_modified or known.last_modified
            state.keep_attachment(url, etag, modified, known.sha256, known.text)  # still in use
            return known.text
        if not fetched.ok or fetched.body is None or fetched.truncated or len(fetched.body) > cap:
            return None
        sha = body_sha256(fetched.body)
        if state is not None and known is not None and sha == known.sha256:
            state.keep_attachment(url, fetched.etag, fetched.last_modified, sha, known.text)
            return known.text
        if sha not in self._extracted:
            self._extracted[sha] = asyncio.ensure_future(_extract(fetched.body, url, cap))
        text = await self._extracted[sha]
        if state is not None:  # also a file that cannot be read: not downloaded again while unchanged
            state.keep_attachment(url, fetched.etag, fetched.last_modified, sha, text)
        return text


async def _extract(body: bytes, url: str, cap: int) -> str | None:
    """The text of an attachment read in a worker thread; None (logged) when it cannot be read."""
    from gongkai.text.attachments import AttachmentError, extract_text

    try:
        return await asyncio.to_thread(extract_text, body, url, max_bytes=cap)
    except AttachmentError as exc:
        log.info("附件 %s 未检查:%s", url, exc)
    except Exception as exc:  # an untrusted file must never stop the audit
        log.info("附件 %s 读取出错:%s", url, exc)
    return None


def _report_key(hit: TextHit, page: str) -> tuple[str, ...]:
    """Findings with the same key are reported once.

    Personal data: once per page and masked value, on every page that shows it (each page must
    be fixed). Wording problems: once per site for the same text in the same context (a sidebar
    the template rules missed repeats it on every page; one fix in the template removes them all).
    """
    return _finding_key(hit.kind, hit.to_dict(), page)


def _finding_key(kind: str, fields: dict[str, Any], page: str) -> tuple[str, ...]:
    """:func:`_report_key` of a hit, or of a finding made from one (its fields)."""
    if kind == "privacy":
        return (kind, page, fields.get("category"), fields.get("text"))
    return (
        kind,
        fields.get("text"),
        fields.get("suggestion"),
        fields.get("category"),
        fields.get("list"),
        fields.get("context"),
    )


def _finding(hit: TextHit, page: str) -> Finding:
    record = hit.to_dict()
    fields = {k: v for k, v in record.items() if k not in ("kind", "message")}
    return Finding(hit.kind, page, hit.message, fields)
