"""The checks of an audit, and how to plug in a new one.

Plug-in interface
-----------------
A check is an instance of :class:`~gongkai.audit.checks.base.Check` (one per audit run, so it
may keep state between pages) with two hooks, both optional:

``check_page(page, ctx) -> Iterable[Finding]``
    Called synchronously for every crawled HTML page of the site, in crawl order, before the
    page body is dropped. ``page`` is a :class:`gongkai.audit.page.Page`: final ``url``,
    ``status``, ``content_type``, decoded ``text``, lazily parsed ``tree`` (selectolax Lexbor),
    ``meta`` (name -> content), ``body_text``, ``title``, ``depth``, ``is_start``, ``encoding``,
    ``truncated`` and the ``links`` found on it. Keep what you need, not the page: bodies are
    released after every check has seen them (memory stays flat on a 5,000-page site).

``async finish(ctx) -> Iterable[Finding]``
    Called once after the crawl, in check order, while failed link targets wait out their
    re-check pause; a check that reads the answers of link targets (``ctx.links``) sets
    ``needs_recheck = True`` and finishes after the re-check. It may fetch more through
    ``ctx.fetcher`` (polite per-host slots), fill ``ctx.site`` or append to ``ctx.columns``.

Incremental re-audit (:mod:`gongkai.audit.page_state`): with ``AuditConfig.page_state``, a page
unchanged since the last audit (304, or the same body) is not parsed; instead every check's
``replay_page(url, memo, findings, links, ctx)`` gets what its ``check_page`` found then (each
finding with its ``first_seen``), the page's links and the ``page_memo(page, ctx)`` it returned then
(JSON: a publication date, a title…), and returns the findings to keep. A check whose page
findings depend on the page alone needs nothing (the default keeps them); one that reads more of
some pages than it can replay (a column's list and its dates, an annual report) names them in
``needs_page(url)``, and they are fetched and parsed in full every time, unless its
``replays(url, memo, ctx)`` accepts the memo it kept of the page (a column's list, while its
dates read the same for the check date). Only when every check sets
``replayable = True`` are pages taken over (the default is False: a plug-in that keeps state from
pages is never fed a page it did not see).

``ctx`` is the :class:`gongkai.audit.context.AuditContext`: ``config`` (with ``as_of`` and the
declared ``columns``), ``start``/``home`` URLs, ``site`` (the JSON ``site`` object),
``columns`` (the JSON ``columns`` list), ``links`` (the link book), ``is_internal(url)``.

Page hash: every finding gets a ``page_hash`` field, the first 16 hex digits of the SHA-1 of the
main text of its page as crawled (visible text outside navigation, header and footer, see
:mod:`gongkai.audit.pagetext`), so the review app can keep a dismissed finding dismissed until its
page changes. The engine records ``ctx.page_hashes[url]`` for every crawled page and stamps the
findings after ``finish``; a check that reads a page or file itself in ``finish`` records its hash
there (or sets ``page_hash`` on its findings, as attachments do); site-level findings and pages
never read get the start page's hash.

Content checks and what they emit: :class:`ColumnCheck` (``columns.py``) ``home_not_updated``,
``empty_column``, ``stale_column`` and the JSON ``columns``; :class:`TextCheck` (``text.py``)
``typo``, ``privacy``, ``sensitive_word`` on pages and .docx/.pdf attachments; :class:`PolicyCheck`
(``policy.py``) ``policy_metadata`` and ``interpretation_unlinked``; :class:`AnnualReportCheck`
(``annual_report.py``) the ``annual_report_*`` kinds and the JSON ``annual_reports``;
:class:`MessagesCheck` (``messages.py``) ``messages_unanswered`` and the JSON ``messages``. ``ctx.known_columns`` (filled
by the column check, which runs first) tells later checks which column a page belongs to.

An exception raised by a check is caught by the engine and becomes a ``page_error`` finding for
that page; it never aborts the audit. To add a check, write a module in this package and add
its class to :func:`default_checks`: nothing in the crawler changes.
"""

from __future__ import annotations

from gongkai.audit.checks.annual_report import AnnualReportCheck
from gongkai.audit.checks.base import Check
from gongkai.audit.checks.columns import ColumnCheck
from gongkai.audit.checks.footer import FooterCheck
from gongkai.audit.checks.links import LinkCheck
from gongkai.audit.checks.messages import MessagesCheck
from gongkai.audit.checks.policy import PolicyCheck
from gongkai.audit.checks.site import SiteCheck
from gongkai.audit.checks.tags import TagCheck
from gongkai.audit.checks.text import TextCheck


def default_checks() -> list[Check]:
    """Fresh instances of every check of ``gongkai check``, in the order they run."""
    return [
        LinkCheck(),
        TagCheck(),
        SiteCheck(),
        FooterCheck(),
        ColumnCheck(),
        PolicyCheck(),
        TextCheck(),
        AnnualReportCheck(),
        MessagesCheck(),
    ]


__all__ = ["Check", "default_checks"]
