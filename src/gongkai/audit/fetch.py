"""The downloader: per-host slots, manual redirects, retries, size caps, named failures.

Scrapy keeps concurrency per domain "slot"; so do we. Each host gets a :class:`HostSlot` with a
connection limit and a request rate, and a Retry-After answer pauses the whole slot, so a
server that asks us to slow down is not hit by the other workers meanwhile.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import aiohttp

from gongkai.audit.certificates import describe_tls_failure
from gongkai.audit.clock import now
from gongkai.audit.config import AuditConfig
from gongkai.audit.urls import host_of, normalize
from gongkai.audit.waf import detect_waf
from gongkai.audit.waf import looks_like_challenge as looks_like_challenge  # its old home

HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_START = re.compile(rb"<(!doctype html|html|head|body|meta|title)", re.IGNORECASE)
_ERROR_PAGE_BYTES = 64 * 1024  # enough to recognise an anti-bot wall (they are small)
_TRANSIENT_STATUS = {500, 502, 503, 504}


@dataclass(slots=True)
class FetchResult:
    """Outcome of one fetch; ``error`` is None when the target opened."""

    url: str
    final_url: str
    status: int | None = None
    error: str | None = None  # timeout, dns, tls, connect, http, blocked
    detail: str = ""
    content_type: str = ""
    charset: str | None = None
    body: bytes | None = None
    truncated: bool = False
    elapsed: float = 0.0
    retry_after: float | None = None  # seconds the server asked us to wait (429/503)
    # kept only when evidence is collected (AuditConfig.evidence_dir): the answer's headers and
    # when it came (UTC, ISO 8601)
    headers: list[tuple[str, str]] | None = None
    fetched_at: str | None = None
    waf: str | None = None  # with error "blocked": the wall that answered (gongkai.audit.waf)
    # validators of the answer, for the next audit's conditional request (gongkai.audit.page_state)
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """304: the page is as the validators sent said (a conditional request)."""
        return self.status == 304

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES


class HostSlot:
    """Connection limit and request rate of one host."""

    def __init__(self, concurrency: int, rate: float) -> None:
        self._sem = asyncio.Semaphore(max(1, concurrency))
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> HostSlot:
        await self._sem.acquire()
        try:
            await self._wait_turn()
        except BaseException:
            self._sem.release()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._sem.release()

    async def _wait_turn(self) -> None:
        loop = asyncio.get_running_loop()
        async with self._lock:
            now = loop.time()
            start = max(now, self._next)
            self._next = start + self._interval
        if start > now:
            await asyncio.sleep(start - now)

    def pause(self, seconds: float) -> None:
        """Hold every request of this host for ``seconds`` (Retry-After)."""
        self._next = max(self._next, asyncio.get_running_loop().time() + seconds)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _classify(exc: BaseException) -> tuple[str, str]:
    """Map a client exception to a named failure reason and a short detail."""
    detail = f"{type(exc).__name__}: {exc}"[:200]
    if isinstance(exc, asyncio.TimeoutError | TimeoutError):
        return "timeout", detail
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return "dns", detail
    if isinstance(exc, aiohttp.ClientConnectorCertificateError | aiohttp.ClientSSLError | ssl.SSLError):
        return "tls", detail
    if isinstance(exc, aiohttp.ClientConnectorError | aiohttp.ServerDisconnectedError | ConnectionError):
        return "connect", detail
    return "http", detail


class Fetcher:
    """Fetches URLs politely; one instance per audit, used as an async context manager."""

    def __init__(self, config: AuditConfig) -> None:
        self.config = config
        self._slots: dict[str, HostSlot] = {}
        self._session: aiohttp.ClientSession | None = None
        self._cookies: dict[str, str] = {}  # host -> Cookie header a browser earned (a passed wall)
        self.requests = 0

    async def __aenter__(self) -> Fetcher:
        cfg = self.config
        timeout = aiohttp.ClientTimeout(
            total=cfg.total_timeout, sock_connect=cfg.connect_timeout, sock_read=cfg.read_timeout
        )
        tls = ssl.create_default_context(cafile=cfg.ca_file) if cfg.ca_file else True
        connector = aiohttp.TCPConnector(
            limit=0, limit_per_host=max(1, cfg.concurrency), ttl_dns_cache=300, ssl=tls
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            headers={"User-Agent": cfg.user_agent, "Accept-Language": "zh-CN,zh;q=0.9"},
            auto_decompress=True,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    def use_cookies(self, host: str, cookies: dict[str, str]) -> None:
        """Send ``cookies`` to ``host`` from now on: those a browser got by passing the site's
        anti-bot wall (:mod:`gongkai.audit.jsrender`), so the crawl passes it too."""
        if cookies:
            self._cookies[host] = "; ".join(f"{name}={value}" for name, value in cookies.items())

    def slot(self, url: str) -> HostSlot:
        host = host_of(url)
        if host not in self._slots:
            self._slots[host] = HostSlot(self.config.concurrency, self.config.rate)
        return self._slots[host]

    async def fetch(
        self,
        url: str,
        *,
        body: bool = True,
        method: str = "GET",
        retries: int | None = None,
        html_only: bool = True,
        referer: str | None = None,
        validators: dict[str, str] | None = None,
    ) -> FetchResult:
        """Fetch with retries of transient failures.

        ``body`` reads the body (up to the size cap) when it is HTML, or of any type when
        ``html_only`` is false; other bodies are never downloaded. ``referer`` is the page that
        links to ``url``: sites that protect images against hot-linking answer 403 without it.
        ``validators`` (If-None-Match, If-Modified-Since) make the request conditional: an
        unchanged page answers 304 without a body (``FetchResult.not_modified``).
        """
        attempts = 1 + (self.config.retries if retries is None else retries)
        backoff = self.config.retry_backoff
        result = FetchResult(url, url)
        for attempt in range(attempts):
            result = await self._follow(
                url, body=body, method=method, html_only=html_only, referer=referer, validators=validators
            )
            last = attempt == attempts - 1
            if result.ok or last:
                break
            if result.status == 429 or result.retry_after is not None:
                delay = backoff if result.retry_after is None else result.retry_after
                self.slot(result.final_url).pause(min(delay, self.config.max_retry_after))
                continue
            if result.error in ("timeout", "connect") or result.status in _TRANSIENT_STATUS:
                await asyncio.sleep(backoff * (2**attempt))
                continue
            break
        if result.status == 429 and result.error:
            result.error, result.detail = "blocked", "HTTP 429"
            result.waf = result.waf or "访问频率限制"
        return result

    async def check(self, url: str, referer: str | None = None) -> FetchResult:
        """Availability of a target that is not crawled: HEAD, then GET when HEAD fails."""
        result = await self.fetch(url, body=False, method="HEAD", retries=0, referer=referer)
        if result.ok:
            return result
        return await self.fetch(url, body=False, referer=referer)

    async def _follow(
        self,
        url: str,
        *,
        body: bool,
        method: str,
        html_only: bool,
        referer: str | None,
        validators: dict[str, str] | None = None,
    ) -> FetchResult:
        """One attempt, redirects followed by hand so loops and the cap are ours to report."""
        started = time.monotonic()
        seen = {url}
        current = url
        for _ in range(self.config.max_redirects + 1):
            result = await self._once(
                url,
                current,
                body=body,
                method=method,
                html_only=html_only,
                referer=referer,
                # conditional for the address asked only: a redirect's target is another page
                validators=validators if current == url else None,
            )
            result.elapsed = time.monotonic() - started
            if result.status is None or result.status not in (301, 302, 303, 307, 308):
                return result
            nxt = normalize(urljoin(current, result.detail)) if result.detail else None
            if nxt is None:
                result.error, result.detail = "http", "重定向地址无效"
                return result
            if nxt in seen:
                result.error, result.detail = "http", "重定向循环"
                return result
            seen.add(nxt)
            current = nxt
            if result.status == 303:
                method = "GET"
        result.error, result.detail = "http", "重定向次数过多"
        return result

    async def _once(
        self,
        url: str,
        current: str,
        *,
        body: bool,
        method: str,
        html_only: bool,
        referer: str | None,
        validators: dict[str, str] | None = None,
    ) -> FetchResult:
        assert self._session is not None
        result = FetchResult(url, current)
        self.requests += 1
        try:
            headers = {"Referer": referer} if referer else {}
            cookie = self._cookies.get(host_of(current))
            if cookie:
                headers["Cookie"] = cookie
            if validators:
                headers.update(validators)
            async with (
                self.slot(current),
                self._session.request(method, current, allow_redirects=False, headers=headers) as resp,
            ):
                result.status = resp.status
                result.content_type = resp.content_type.lower()
                result.charset = resp.charset
                result.etag = resp.headers.get("ETag")
                result.last_modified = resp.headers.get("Last-Modified")
                if resp.status in (301, 302, 303, 307, 308):
                    result.detail = resp.headers.get("Location", "")
                    return result
                # error pages are read too (capped), to tell an anti-bot wall from a real error
                untyped = "Content-Type" not in resp.headers  # sniffed below
                readable = result.is_html or untyped or not html_only
                if method == "GET" and readable and (body or resp.status >= 400):
                    cap = self.config.max_page_bytes if body else _ERROR_PAGE_BYTES
                    result.body, result.truncated = await _read_capped(resp, cap)
                    if untyped and _HTML_START.search(result.body[:1024]):
                        result.content_type = "text/html"
                wall = None
                if result.body is not None:
                    wall = detect_waf(resp.status, result.body, resp.headers.items())
                if resp.status == 403 or wall:
                    result.error, result.detail = "blocked", f"HTTP {resp.status}"
                    result.waf = wall
                elif resp.status >= 400:
                    result.error, result.detail = "http", f"HTTP {resp.status}"
                    if resp.status in (429, 503):
                        result.retry_after = _retry_after(resp.headers.get("Retry-After"))
                if not body:
                    result.body = None
                elif self.config.evidence_dir is not None and result.body is not None:
                    result.headers = list(resp.headers.items())
                    result.fetched_at = now()
        except Exception as exc:  # every client failure becomes a named reason, never a crash
            result.error, result.detail = _classify(exc)
            if result.error == "tls":  # the certificate's problem in Chinese, with its expiry date
                result.detail = await describe_tls_failure(
                    current,
                    ca_file=self.config.ca_file,
                    timeout=self.config.connect_timeout,
                    fallback=result.detail,
                )
        return result


async def _read_capped(resp: aiohttp.ClientResponse, cap: int) -> tuple[bytes, bool]:
    """Read at most ``cap`` bytes and stop (the connection is dropped if more was coming)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size >= cap:
            resp.close()
            return b"".join(chunks)[:cap], True
    return b"".join(chunks), False
