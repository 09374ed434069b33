"""The audit engine: crawl the site, feed every page to the checks, collect the findings.

Scrapy's split: the :class:`~gongkai.audit.fetch.Fetcher` downloads (per-host slots), this
module schedules (frontier, caps, robots, de-duplication) and processes (checks). Pages are
processed one at a time on the event loop and released right after, so memory does not grow
with the size of the site.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from gongkai.audit.checkpoint import Checkpoint
from gongkai.audit.checks import Check, default_checks
from gongkai.audit.checks.site import unreachable_finding
from gongkai.audit.clock import now
from gongkai.audit.config import AuditConfig
from gongkai.audit.context import AuditContext
from gongkai.audit.encoding import Decoded, EncodingLog, decode_page
from gongkai.audit.fetch import Fetcher, FetchResult
from gongkai.audit.findings import ERROR_TEXT, Finding
from gongkai.audit.jsrender import JsRenderer, blocked_home_finding, mark_rendered, past_wall, shown
from gongkai.audit.page import Link, Page, extract_links
from gongkai.audit.page_state import PageState, StoredPage, body_sha256
from gongkai.audit.pagetext import text_hash
from gongkai.audit.recapture import recheck_home, recheck_messages
from gongkai.audit.robots import Robots
from gongkai.audit.traps import REASON_TEXT, TrapGuard, shape_key
from gongkai.audit.urls import SpaceGuard, host_of, normalize

if TYPE_CHECKING:
    from gongkai.audit.evidence import EvidenceStore

Progress = Callable[[int, int], None]  # (pages crawled, jobs waiting)
_CRAWLED_ELEMENTS = ("a", "iframe")
# attachments and media are only checked for availability (HEAD), never fetched as pages
_FILE_SUFFIX = re.compile(
    r"\.(pdf|docx?|xlsx?|pptx?|wps|et|ofd|zip|rar|7z|gz|jpe?g|png|gif|bmp|webp|svg|mp[34]|avi|flv|wmv|apk|exe)$",
    re.IGNORECASE,
)
# why an audit did not cover the whole site (``incomplete`` in the JSON, docs/audit-json.md)
INCOMPLETE_TEXT = {
    "error": "网站无法检查",
    "interrupted": "检查被中止",
    "requests": "已达到请求次数上限",
    "time": "已达到检查时间上限",
    "trap": "发现疑似爬虫陷阱，相关地址只做了抽查",
    "pages": "已达到页数或深度上限",
}


@dataclass
class AuditResult:
    """The result of one audit; ``to_dict()`` is the contract's JSON."""

    start: str
    as_of: str
    started_at: str
    finished_at: str = ""
    pages_crawled: int = 0
    truncated: bool = False
    error: str | None = None
    site: dict[str, Any] = field(
        default_factory=lambda: {
            "SiteIDCode": None,
            "https": None,
            "ipv6": None,
            "search": None,
            "policy_files": 0,
            "interpretations": 0,
        }
    )
    columns: list[dict[str, Any]] = field(default_factory=list)
    annual_reports: list[dict[str, Any]] = field(default_factory=list)  # docs/audit-json.md
    messages: list[dict[str, Any]] = field(default_factory=list)  # the message lists read, docs/audit-json.md
    findings: list[Finding] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)  # codes of INCOMPLETE_TEXT; empty: complete
    # with AuditConfig.page_state (docs/audit-json.md): pages found unchanged since the last audit
    # and taken from its state instead of being parsed; a note when the state could not be used
    pages_unchanged: int | None = None
    page_state_note: str | None = None
    # not in the JSON; for the summary and benchmarks
    requests: int = 0  # HTTP requests made
    robots_excluded: int = 0  # same-site URLs robots.txt kept us from checking
    stats: dict[str, int] = field(default_factory=dict)  # counters of the checks (attachments scanned…)
    pages: list[str] = field(default_factory=list)  # every page and attachment read, sorted
    encodings: EncodingLog = field(default_factory=EncodingLog)  # how each page was decoded
    evidence: EvidenceStore | None = None  # with AuditConfig.evidence_dir: what was kept and rendered
    # pages checked in the browser after their scripts ran, and the browser's note (jsrender)
    js_render: dict[str, Any] = field(default_factory=lambda: {"pages": [], "renders": 0, "note": None})

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "as_of": self.as_of,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "pages_crawled": self.pages_crawled,
            "truncated": self.truncated,
            "error": self.error,
            "site": self.site,
            "columns": self.columns,
            "findings": [f.to_dict() for f in self.findings],
            "complete": self.complete,
            "incomplete": self.incomplete,
            "annual_reports": self.annual_reports,
            "messages": self.messages,
            "js_render": self.js_render,
            **self.encodings.to_dict(),
            **({} if self.pages_unchanged is None else {"pages_unchanged": self.pages_unchanged}),
            **({"page_state_note": self.page_state_note} if self.page_state_note else {}),
        }

    @property
    def complete(self) -> bool:
        return not self.incomplete

    def to_record(self) -> dict[str, Any]:
        """The contract's JSON plus ``pages``, what the Django side stores: follow-up needs to know
        whether a page was read again before it calls a problem on it fixed."""
        return {**self.to_dict(), "pages": self.pages}


def _evidence_store(config: AuditConfig) -> EvidenceStore | None:
    if config.evidence_dir is None:
        return None
    from gongkai.audit.evidence import EvidenceStore

    return EvidenceStore(config.evidence_dir)


def new_result(config: AuditConfig) -> AuditResult:
    """The empty result of an audit of ``config`` that starts now."""
    return AuditResult(start=config.start, as_of=config.as_of.isoformat(), started_at=now())


async def audit(
    config: AuditConfig,
    *,
    checks: Sequence[Check] | None = None,
    progress: Progress | None = None,
    result: AuditResult | None = None,
) -> AuditResult:
    """Audit one site. Never raises for anything the site does; ``error`` says why it stopped.

    ``result``, when given, is filled in place, so a caller whose audit is cancelled (Ctrl+C)
    still holds what was found so far, marked ``incomplete: ["interrupted", …]``."""
    if result is None:
        result = new_result(config)
    start = normalize(config.start.strip())
    if start is None:
        result.error = f"起始地址无效:{config.start!r}(应为 http:// 或 https:// 开头的网址)"
    else:
        began = time.monotonic()
        checkpoint = Checkpoint(config.checkpoint)
        evidence = _evidence_store(config)
        state = PageState(config.page_state, result.as_of)
        if config.page_state is not None:
            result.pages_unchanged = 0
        finished = False
        try:
            async with Fetcher(config) as fetcher:
                crawl = _Crawl(
                    config,
                    fetcher,
                    list(checks) if checks is not None else default_checks(),
                    progress,
                    checkpoint,
                    evidence,
                    state,
                )
                try:
                    await crawl.run(start, result)
                    await recheck_messages(fetcher, result.findings, began, config, evidence)
                finally:
                    result.requests = fetcher.requests
                    await crawl.renderer.close()  # the browser of script-rendered pages, if one started
                    result.js_render = crawl.renderer.to_dict()
            state.stamp(result.findings)
            if evidence is not None:  # after the crawl: keep, hash and render the pages with findings
                await evidence.attach(result.findings, config)
                result.evidence = evidence
            finished = True
        finally:
            if evidence is not None:
                evidence.discard()
            checkpoint.close()
            if finished:  # a complete audit also forgets what it did not meet again
                state.close(result.findings, complete=not result.error and not result.incomplete)
            else:
                state.abandon()
            result.page_state_note = state.note
            result.finished_at = now()  # also when cancelled
    if result.error:
        result.incomplete = ["error"]
    result.finished_at = now()
    return result


_GONE = (404, 410)  # answers that say the address no longer exists, not a passing failure


class _Job(NamedTuple):
    crawl: bool  # True: fetch as a page and parse it; False: availability only
    target: str
    depth: int
    referer: str  # the page the target was first found on


class _Crawl:
    def __init__(
        self,
        config: AuditConfig,
        fetcher: Fetcher,
        checks: list[Check],
        progress: Progress | None,
        checkpoint: Checkpoint,
        evidence: EvidenceStore | None = None,
        state: PageState | None = None,
    ) -> None:
        self.config = config
        self.state = state if state is not None else PageState(None, config.as_of.isoformat())
        # unchanged pages are taken from the state only when every check can replay them; with
        # evidence kept, a page that had findings is read again (its evidence is the page as this
        # audit fetched it), and the unchanged pages without findings are still taken over
        self.carry = self.state.enabled and all(check.replayable for check in checks)
        self.evidence = evidence
        self.fetcher = fetcher
        self.checkpoint = checkpoint
        self.checks = checks
        self.progress = progress
        self.robots = Robots(fetcher, config.obey_robots)
        self.guard = SpaceGuard(config.max_query_variants)
        self.traps = TrapGuard(
            repeat=config.trap_repeat, fanout=config.trap_fanout, sample=config.trap_sample
        )
        self.deadline = time.monotonic() + config.max_seconds
        self.stopped: set[str] = set()  # "requests", "time" (budgets run out), "interrupted" (cancelled)
        self.queue: asyncio.Queue[_Job] = asyncio.Queue()
        self.crawled: set[str] = set()
        self.scheduled_pages = 0
        self.robots_excluded = 0
        self.findings: list[Finding] = []
        self.renderer = JsRenderer(config)  # starts a browser only for a page that needs one
        self.unchanged = 0  # pages taken from the page state, not parsed
        self.ctx: AuditContext

    async def run(self, start: str, result: AuditResult) -> None:
        first = await self._fetch(start)
        attempts = None
        if not first.ok and first.error != "blocked":  # a veto is never applied on one try
            failed = first
            first, attempts = await recheck_home(
                self.fetcher, start, failed, first.fetched_at or now(), self.config, self.evidence
            )
        self.ctx = AuditContext(self.config, start, first.final_url, self.fetcher, renderer=self.renderer)
        self.ctx.page_state = self.state if self.state.enabled else None
        if attempts is not None and first.ok:  # it opened the second time: the audit goes on
            self.ctx.site["home_first_attempt"] = attempts[0]
        if first.error == "blocked":  # a wall: tried once in the browser (gongkai.audit.jsrender)
            first = await past_wall(self.ctx, first, {host_of(start), host_of(first.final_url)}) or first
        if not first.ok:
            if first.error == "blocked":  # a wall in front of the crawler says nothing about people
                tried = self.renderer.renders > 0 and self.renderer.session.error is None
                wall = blocked_home_finding(start, first, tried=tried)
                result.findings = [wall]
                result.error = (
                    f"监测受阻:网站首页被防火墙或防爬虫机制拦截({wall.fields['waf']},{first.detail})"
                )
            else:
                result.error = f"网站首页无法访问:{ERROR_TEXT.get(first.error or 'http')}({first.detail})"
                finding = unreachable_finding(start, first)
                finding.fields["attempts"] = attempts
                result.findings = [finding]
            self.ctx.page_hashes[self.ctx.home] = text_hash("")  # nothing was read
            _stamp_page_hashes(result.findings, self.ctx)
            return
        if not first.is_html or first.body is None:
            result.error = f"起始地址不是网页(内容类型 {first.content_type or '未知'}),无法检查"
            return
        self.ctx.hosts = {host_of(start), host_of(first.final_url)}
        for url in {start, first.final_url}:
            await self.robots.load(url)
        self.crawled.add(first.final_url)
        for url in {start, first.final_url}:  # links back to the home page need no fetch
            self.ctx.links.resolve(url, first)
        try:
            if first.final_url not in self.ctx.rendered:  # not already the browser's (past a wall)
                first = await self._shown(first, home=True)
            self._process(first, depth=0, is_start=True)
            await self._crawl()
            await self._finish()
        except asyncio.CancelledError:  # Ctrl+C, a stop: what was found so far is still a result
            self.stopped.add("interrupted")
            self._fill(result)
            raise
        self._fill(result)

    async def _crawl(self) -> None:
        workers = [asyncio.create_task(self._worker()) for _ in range(self._worker_count())]
        try:
            await asyncio.wait_for(self.queue.join(), timeout=max(0.0, self.deadline - time.monotonic()))
        except TimeoutError:  # workers still busy at the deadline: what was read so far is the result
            self.stopped.add("time")
        finally:
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def _finish(self) -> None:
        """Every check's ``finish``, in order, while the re-check of failed targets waits out its
        pause: the checks that read link answers (``needs_recheck``) finish after it."""
        recheck = asyncio.ensure_future(self._recheck())
        found: dict[int, list[Finding]] = {}

        async def finish(index: int, check: Check) -> None:
            try:
                found[index] = list(await check.finish(self.ctx))
            except Exception as exc:  # a failing check is a finding, not an abort
                found[index] = [_page_error(self.ctx.home, check.name, exc)]

        try:
            for index, check in enumerate(self.checks):
                if not check.needs_recheck:
                    await finish(index, check)
            await recheck
            for index, check in enumerate(self.checks):
                if check.needs_recheck:
                    await finish(index, check)
        finally:
            recheck.cancel()
        for index in sorted(found):
            self.findings.extend(found[index])

    def _fill(self, result: AuditResult) -> None:
        """Copy the state of the crawl into ``result`` (at the end, or when it is cancelled)."""
        self.findings.extend(self._trap_findings())
        result.incomplete = [code for code in ("interrupted", "requests", "time") if code in self.stopped]
        self.findings.extend(self._stop_finding(code) for code in result.incomplete)
        _stamp_page_hashes(self.findings, self.ctx)
        mark_rendered(self.findings, self.ctx)
        if self.traps.traps:
            result.incomplete.append("trap")
        if self.ctx.truncated:
            result.incomplete.append("pages")
        result.pages_crawled = self.ctx.pages_crawled
        result.truncated = self.ctx.truncated
        result.site = self.ctx.site
        result.columns = self.ctx.columns
        result.annual_reports = self.ctx.annual_reports
        result.messages = self.ctx.messages
        result.findings = self.findings
        result.pages = sorted(self.ctx.page_hashes)
        result.robots_excluded = self.robots_excluded
        result.stats = self.ctx.stats
        result.encodings = self.ctx.encodings
        if result.pages_unchanged is not None:
            result.pages_unchanged = self.unchanged
        result.stats["pages_parsed"] = self.ctx.pages_crawled - self.unchanged

    def _worker_count(self) -> int:
        base = max(1, self.config.concurrency) * 2
        return base + (8 if self.config.external else 0)

    async def _fetch(
        self, target: str, referer: str | None = None, validators: dict[str, str] | None = None
    ) -> FetchResult:
        """A page, from the checkpoint when a killed run already fetched it, else from the site
        (conditionally with ``validators``: an unchanged page answers 304)."""
        result = self.checkpoint.take("page", target)
        if result is None:
            result = await self.fetcher.fetch(target, referer=referer, validators=validators)
            self.checkpoint.put("page", target, result)
        return result

    async def _check(self, target: str, referer: str) -> FetchResult:
        """Availability of a link target, from the checkpoint or the site (a target the last
        audit found broken is asked with GET at once: HEAD would only be the first of two tries)."""
        result = self.checkpoint.take("check", target)
        if result is None:
            if self.state.was_broken(target):
                result = await self.fetcher.fetch(target, body=False, referer=referer)
            else:
                result = await self.fetcher.check(target, referer)
            self.checkpoint.put("check", target, result)
        return result

    def _within_budget(self) -> bool:
        # answers replayed from a checkpoint count as the requests they cost the first time
        if self.fetcher.requests + self.checkpoint.replayed >= self.config.max_requests:
            self.stopped.add("requests")
        elif time.monotonic() >= self.deadline:
            self.stopped.add("time")
        return not self.stopped

    async def _worker(self) -> None:
        while True:
            job = await self.queue.get()
            try:
                if not self._within_budget() or not self.traps.allow(job.target):
                    self.ctx.links.drop(job.target)  # not checked: never reported as broken
                elif job.crawl:
                    await self._crawl_page(job)
                else:
                    self.ctx.links.resolve(job.target, await self._check(job.target, job.referer))
            except Exception as exc:  # never let one target stop the crawl
                self.findings.append(_page_error(job.target, "crawl", exc))
            finally:
                self.queue.task_done()

    def _stored(self, target: str) -> StoredPage | None:
        """The last audit's state of a page that may be taken over unparsed if it did not change."""
        if not self.carry:
            return None
        stored = self.state.get(target)
        if stored is None or stored.volatile:
            return None
        if not all(check.replays(target, stored.memo.get(check.name), self.ctx) for check in self.checks):
            return None
        if self.evidence is not None and any(stored.findings.values()):
            return None  # fetched and parsed again: its findings get this audit's evidence
        return stored

    async def _crawl_page(self, job: _Job) -> None:
        target = job.target
        stored = self._stored(target)
        fetched = await self._fetch(target, job.referer, stored.validators() if stored else None)
        if stored is not None and fetched.not_modified:
            fetched.content_type = "text/html"  # as it was: a 304 carries no type
        self.ctx.links.resolve(target, fetched)
        final = fetched.final_url
        if stored is not None and fetched.ok and final == target and target not in self.crawled:
            same = fetched.not_modified or (
                fetched.body is not None and body_sha256(fetched.body) == stored.sha256
            )
            if same:
                self.crawled.add(target)
                self._replay(stored, fetched, depth=job.depth)
                return
        if not fetched.ok or not fetched.is_html or fetched.body is None or not self.ctx.is_internal(final):
            return
        if final in self.crawled:
            return
        self.crawled.add(final)
        if final != target and not self.ctx.links.known(final):
            self.ctx.links.resolve(final, fetched)
        self._process(await self._shown(fetched), depth=job.depth, is_start=False)

    async def _shown(self, fetched: FetchResult, *, home: bool = False) -> FetchResult:
        """The page after its scripts ran when only they fill it (home and column pages that
        are JS shells, gongkai.audit.jsrender), else the page as fetched."""
        page = await shown(self.ctx, fetched, home=home)
        if page is not fetched and self.evidence is not None:
            self.evidence.keep(fetched)  # the evidence is the page as fetched, not its DOM
        return page

    def _process(self, fetched: FetchResult, *, depth: int, is_start: bool) -> None:
        """Decode, parse, run every page check, schedule the links, then drop the body."""
        assert fetched.body is not None
        sha = body_sha256(fetched.body) if self.state.enabled else ""
        decoded = decode_page(fetched.body, fetched.charset)
        self.ctx.encodings.record(fetched.final_url, decoded)
        text, encoding = decoded.text, decoded.encoding
        if self.evidence is not None:
            self.evidence.keep(fetched)
        fetched.body = None
        page = Page(
            fetched.final_url,
            fetched.status or 0,
            fetched.content_type,
            text,
            depth,
            is_start,
            encoding=encoding,
            truncated=fetched.truncated,
        )
        errors = len(self.findings)  # a page_error below: the page is parsed again next time
        try:
            page.links = extract_links(page)
        except Exception as exc:
            self.findings.append(_page_error(page.url, "links", exc))
        self.ctx.pages_crawled += 1
        shape = 0
        try:
            self.ctx.page_hashes[page.url] = text_hash(page.page_text.main)
            shape = shape_key(page.title + "\n" + page.page_text.main)
            self.traps.observe_shape(page.url, shape)
        except Exception as exc:
            self.findings.append(_page_error(page.url, "page_text", exc))
        found: dict[str, list[Finding]] = {}
        memo: dict[str, Any] = {}
        failed = len(self.findings) > errors
        for check in self.checks:
            try:
                found[check.name] = list(check.check_page(page, self.ctx))
                if self.state.enabled and (note := check.page_memo(page, self.ctx)) is not None:
                    memo[check.name] = note
            except Exception as exc:
                failed = True
                self.findings.append(_page_error(page.url, check.name, exc))
        for items in found.values():
            self.findings.extend(items)
        if self.state.enabled:
            self.state.stamp([f for items in found.values() for f in items])
            self.state.put(
                page.url,
                etag=fetched.etag,
                last_modified=fetched.last_modified,
                sha256=sha,
                page_hash=self.ctx.page_hashes.get(page.url, ""),
                # a page whose check failed is read again next time, as are the pages some check
                # reads more of than it can replay
                volatile=is_start
                or failed
                or not all(check.replays(page.url, memo.get(check.name), self.ctx) for check in self.checks),
                links=page.links,
                findings=found,
                memo=memo,
                extra={"enc": [decoded.encoding, decoded.declared, decoded.note], "shape": shape},
            )
        self._links_of(page.url, page.links, depth, is_start)
        page.release()
        if self.progress is not None:
            self.progress(self.ctx.pages_crawled, self.queue.qsize())

    def _links_of(self, url: str, links: list[Link], depth: int, is_start: bool) -> None:
        book = self.ctx.links
        ok = book.opened  # most links of a page (its menus) lead where an earlier page led
        new = [link for link in links if link.target not in ok and book.add(url, link, is_start)]
        self.traps.page_links(url, Counter(self.traps.met(link.target, url) for link in new))
        for link in new:
            self._schedule(link.target, link.element, depth + 1, url)

    def _replay(self, stored: StoredPage, fetched: FetchResult, *, depth: int) -> None:
        """A page unchanged since the last audit: its findings (with their first_seen) and links
        are taken from the page state; every check replays what it kept of it."""
        url = stored.url
        self.ctx.pages_crawled += 1
        self.unchanged += 1
        self.ctx.page_hashes[url] = stored.page_hash
        encoding, declared, note = stored.extra.get("enc") or ["utf-8", None, None]
        self.ctx.encodings.record(url, Decoded("", encoding, declared, note))
        self.traps.observe_shape(url, int(stored.extra.get("shape") or 0))
        for check in self.checks:
            try:
                carried = stored.findings.get(check.name, [])
                self.findings.extend(
                    check.replay_page(url, stored.memo.get(check.name), carried, stored.links, self.ctx)
                )
            except Exception as exc:
                self.findings.append(_page_error(url, check.name, exc))
        self.state.touch(url, fetched.etag, fetched.last_modified)
        self._links_of(url, stored.links, depth, False)
        if self.progress is not None:
            self.progress(self.ctx.pages_crawled, self.queue.qsize())

    def _schedule(self, target: str, element: str, depth: int, referer: str) -> None:
        if not self.ctx.is_internal(target):
            if self.config.external:
                self.queue.put_nowait(_Job(False, target, depth, referer))
            else:
                self.ctx.links.drop(target)
            return
        if not self.robots.allowed(target):
            self.robots_excluded += 1
            self.ctx.links.drop(target)
            return
        if not self.guard.admit(target):
            if self.guard.refusal == "query":  # a query-string explosion is a trap to report
                self.traps.refused(target, "query", referer)
            self.ctx.links.drop(target)
            return
        if not self.traps.allow(target):
            self.ctx.links.drop(target)
            return
        if element in _CRAWLED_ELEMENTS and not _FILE_SUFFIX.search(target):
            if depth <= self.config.max_depth and self.scheduled_pages < self.config.max_pages - 1:
                self.scheduled_pages += 1
                self.queue.put_nowait(_Job(True, target, depth, referer))
                return
            self.ctx.truncated = True
        self.queue.put_nowait(_Job(False, target, depth, referer))

    async def _recheck(self) -> None:
        """Fetch every failed target once more before it is reported, ``recheck_delay`` seconds
        after it failed at the earliest (most failed during the crawl: no wait is left). A
        definite answer (HTTP 404 or 410: the server says the address is gone) is fetched again
        without the pause, which is for passing failures (timeouts, refused connections, 5xx),
        and not at all when the last audit found the target broken too (two audits, two tries)."""
        failed = {
            t: res
            for t, (res, _) in self.ctx.links.failed.items()
            # not asked a third time: gone (404/410) in the last audit and again in this one
            if res.error != "blocked" and not (res.status in _GONE and self.state.was_broken(t))
        }
        if not failed:
            return
        failed_at = self.ctx.links.failed_at

        async def again(target: str) -> None:
            # a target the last audit found broken too is not a passing failure: no pause
            definite = failed[target].status in _GONE or self.state.was_broken(target)
            pause = 0.0 if definite else self.config.recheck_delay
            due = failed_at.get(target, 0.0) + pause
            if due > time.monotonic():
                await asyncio.sleep(due - time.monotonic())
            result = await self.fetcher.fetch(target, body=False, retries=0)
            if result.ok:
                self.ctx.links.recovered(target)

        await asyncio.gather(*(again(t) for t in failed))

    def _stop_finding(self, code: str) -> Finding:
        """Why the crawl stopped early, for the supervisor's review (never scored)."""
        limit = {
            "requests": f"（{self.config.max_requests} 次）",
            "time": f"（{self.config.max_seconds / 60:g} 分钟）",
        }.get(code, "")
        message = (
            f"检查未完成：{INCOMPLETE_TEXT[code]}{limit}，已检查 {self.ctx.pages_crawled} 个页面，其余未检查。"
            "本项说明检查不完整，须人工复核（可调高该网站的检查上限后重新检查），不计入扣分。"
        )
        return Finding(
            "audit_incomplete",
            self.ctx.home,
            message,
            {"reason": code, "pages_crawled": self.ctx.pages_crawled},
        )

    def _trap_findings(self) -> list[Finding]:
        findings = []
        for trap in self.traps.traps.values():
            message = (
                f"疑似爬虫陷阱：{trap.pattern}（{REASON_TEXT[trap.reason]}）。共发现此类地址 {trap.seen} 个，"
                f"其中 {trap.skipped} 个未检查（发现陷阱后只抽查了 {len(trap.sampled)} 个）。"
                "本项说明检查不完整，须人工复核，不计入扣分。"
            )
            findings.append(
                Finding(
                    "trap",
                    trap.page,
                    message,
                    {
                        "pattern": trap.pattern,
                        "reason": trap.reason,
                        "seen": trap.seen,
                        "sampled": len(trap.sampled),
                        "skipped": trap.skipped,
                    },
                )
            )
        return findings


def _stamp_page_hashes(findings: list[Finding], ctx: AuditContext) -> None:
    """Give every finding the ``page_hash`` of its page; site-level findings and pages never read
    get the start page's. A check that set its own (attachments) keeps it."""
    home = ctx.page_hashes.get(ctx.home, "")
    for finding in findings:
        finding.fields.setdefault("page_hash", ctx.page_hashes.get(finding.page, home))


def _page_error(url: str, where: str, exc: BaseException) -> Finding:
    return Finding(
        "page_error",
        url,
        f"该页面检查时出错({where}):{type(exc).__name__},已跳过,请人工查看。",
        {
            "check": where,
            "detail": str(exc)[:200],
        },
    )
