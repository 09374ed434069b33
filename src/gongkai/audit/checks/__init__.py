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
    Called once after the crawl and the re-check of broken targets. It may fetch more through
    ``ctx.fetcher`` (polite per-host slots), fill ``ctx.site`` or append to ``ctx.columns``.

``ctx`` is the :class:`gongkai.audit.context.AuditContext`: ``config`` (with ``as_of`` and the
declared ``columns``), ``start``/``home`` URLs, ``site`` (the JSON ``site`` object),
``columns`` (the JSON ``columns`` list), ``links`` (the link book), ``is_internal(url)``.

An exception raised by a check is caught by the engine and becomes a ``page_error`` finding for
that page; it never aborts the audit. To add a check, write a module in this package and add
its class to :func:`default_checks`: nothing in the crawler changes.
"""

from __future__ import annotations

from gongkai.audit.checks.base import Check
from gongkai.audit.checks.footer import FooterCheck
from gongkai.audit.checks.links import LinkCheck
from gongkai.audit.checks.site import SiteCheck
from gongkai.audit.checks.tags import TagCheck


def default_checks() -> list[Check]:
    """Fresh instances of every check of ``gongkai check``, in the order they run."""
    return [LinkCheck(), TagCheck(), SiteCheck(), FooterCheck()]


__all__ = ["Check", "default_checks"]
