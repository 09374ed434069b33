"""A second capture before a single-item veto (issue 18 item 5).

Two findings fail a unit on their own, whatever else it scores: the home page did not open
(``site``/``unreachable``) and a message its own list shows unanswered for more than 3 months
(``messages_unanswered``, 互动回应差). Neither is reported on one look:

- **unreachable**: the home page is tried once more ``AuditConfig.veto_recheck_delay`` seconds
  after it failed (past the fetch's own retries). If it opens, the audit goes on from that answer
  and ``site.home_first_attempt`` records the failure; if not, the finding's ``attempts`` lists
  both tries (``fetched_at``, ``status``, ``error``, ``detail``). With evidence on, each try keeps
  its record, the error page the server sent (if any) and a screenshot of what Chromium showed at
  that moment, a Chinese caption on top: the finding's ``evidence`` is the first try and
  ``evidence.recapture`` the second.
- **messages_unanswered**: each message list page with such a finding is fetched again once the
  crawl is over (at least ``veto_recheck_delay`` after the audit began) and read again: the finding's
  ``recheck`` says when and whether the message is still listed unanswered. With evidence on, the
  second answer is kept and rendered like the first (``evidence.recapture``).

Network and browser failures here never fail the audit; they are what the captures record.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from gongkai.audit.clock import now
from gongkai.audit.content import messages as M
from gongkai.audit.encoding import decode_html
from gongkai.audit.fetch import FetchResult
from gongkai.audit.findings import ERROR_TEXT, Finding

if TYPE_CHECKING:
    from gongkai.audit.config import AuditConfig
    from gongkai.audit.evidence import EvidenceStore
    from gongkai.audit.fetch import Fetcher

VETO_KINDS = ("messages_unanswered",)


def attempt(result: FetchResult, fetched_at: str) -> dict[str, Any]:
    """One try of a page as the finding's ``attempts`` lists it."""
    return {"fetched_at": fetched_at, "status": result.status, "error": result.error, "detail": result.detail}


async def recheck_home(
    fetcher: Fetcher,
    url: str,
    first: FetchResult,
    first_at: str,
    config: AuditConfig,
    evidence: EvidenceStore | None,
) -> tuple[FetchResult, list[dict[str, Any]]]:
    """Try the home page that failed (``first``, at ``first_at``) once more after the delay;
    return the second answer and both attempts. With ``evidence``, each try is captured."""
    if evidence is not None:
        await capture_attempt(evidence, url, first, first_at, 1, config)
    await asyncio.sleep(max(0.0, config.veto_recheck_delay))
    second = await fetcher.fetch(url)
    second_at = now()
    if evidence is not None and not second.ok:
        await capture_attempt(evidence, url, second, second_at, 2, config)
    return second, [attempt(first, first_at), attempt(second, second_at)]


async def capture_attempt(
    evidence: EvidenceStore, url: str, result: FetchResult, fetched_at: str, number: int, config: AuditConfig
) -> None:
    """Keep one failed try of ``url``: its record, its error page, and a browser's screenshot."""
    reason = ERROR_TEXT.get(result.error or "http", "无法访问")
    if result.status:
        reason += f"（HTTP {result.status}）"
    caption = f"第 {number} 次访问 {url}：{reason}；时间 {fetched_at}"
    png = evidence.attempt_png(url, number)
    shot = await browser_attempt(
        url, png, caption, browser=config.evidence_browser, timeout=min(config.evidence_timeout, 20.0)
    )
    evidence.keep_attempt(url, result, fetched_at, number, shot=shot)


async def recheck_messages(
    fetcher: Fetcher,
    findings: list[Finding],
    started: float,
    config: AuditConfig,
    evidence: EvidenceStore | None,
) -> None:
    """Fetch each message list page with a ``messages_unanswered`` finding once more, at least
    ``veto_recheck_delay`` seconds after the audit ``started`` (``time.monotonic()``), and say in
    each finding whether its message is still listed unanswered (``recheck``)."""
    by_page: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.kind in VETO_KINDS:
            by_page.setdefault(finding.page, []).append(finding)
    if not by_page:
        return
    await asyncio.sleep(max(0.0, config.veto_recheck_delay - (time.monotonic() - started)))
    for url, on_page in by_page.items():
        fetched = await fetcher.fetch(url)
        fetched_at = now()
        listed: list[M.ListedMessage] = []
        if fetched.ok and fetched.body is not None:
            if evidence is not None:
                evidence.keep_recapture(url, fetched, fetched_at)
            text, _ = decode_html(fetched.body, fetched.charset)
            try:
                listed = M.parse_message_list(text, url, as_of=config.as_of)
            except Exception:  # a page that no longer parses: nothing is listed on it
                listed = []
        for finding in on_page:
            still = any(
                m.title == finding.fields.get("title")
                and m.received.isoformat() == finding.fields.get("received")
                and M.unanswered_over_3_months(m, config.as_of)
                for m in listed
            )
            finding.fields["recheck"] = {
                "fetched_at": fetched_at,
                "status": fetched.status,
                "error": fetched.error,
                "still_unanswered": still,
            }


_CAPTION_JS = """
(caption) => {
  const bar = document.createElement('div');
  bar.textContent = caption;
  bar.setAttribute('style', 'position:absolute;left:0;top:0;right:0;z-index:2147483647;'
    + 'background:#b00000;color:#fff;font:16px/1.6 "Noto Sans CJK SC","Noto Sans SC",sans-serif;'
    + 'padding:8px 16px;');
  (document.body || document.documentElement).prepend(bar);
}
"""


async def browser_attempt(url: str, png: Path, caption: str, *, browser: str, timeout: float) -> bool:
    """Open ``url`` for real in Chromium (requests to other hosts refused) and screenshot what it
    shows, the page or Chromium's own error page, with ``caption`` on top. False when no
    screenshot could be taken (no browser)."""
    from gongkai.audit.browser import BrowserSession, new_context, route_site

    try:
        async with BrowserSession(browser) as session:
            chromium = await session.get()
            if chromium is None:
                return False
            context = await new_context(chromium)
            try:
                page = await context.new_page()
                await route_site(page, {(urlsplit(url).hostname or "").lower()})
                try:
                    await page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
                except Exception:  # what a person would see: Chromium's error page, still loading
                    pass
                await _caption(page, caption)
                png.parent.mkdir(parents=True, exist_ok=True)
                await page.screenshot(path=str(png), full_page=False, timeout=timeout * 1000)
                return True
            finally:
                await context.close()
    except Exception:
        return False


async def _caption(page, caption: str) -> None:  # type: ignore[no-untyped-def]
    """Put the caption on the page once it has settled (an error page replaces the document
    right after the failed navigation)."""
    for _ in range(10):
        try:
            await page.wait_for_load_state("load", timeout=2000)
            await page.evaluate(_CAPTION_JS, caption)
            return
        except Exception:
            await asyncio.sleep(0.2)
