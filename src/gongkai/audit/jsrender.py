"""Pages that show their content only once their scripts ran, and anti-bot walls (issue 18 item 4).

A column page whose list a script fills from a data API, a home page that is an empty ``<div
id="app">`` and a bundle, a wall that sets a cookie and reloads: the HTML as fetched has no
list items to check. Such a page is opened in headless Chromium (:mod:`gongkai.audit.browser`,
the screenshots' browser): a real navigation with only the site's own hosts allowed, waiting
for the network to go idle (bounded by ``AuditConfig.js_render_timeout``); the DOM after the
scripts ran replaces the fetched HTML for every check of that page, and the page's findings
say so (``rendered: true``).

Bounds: only the home page and column pages (registered or discovered) are candidates, and only
when their HTML has no list items and looks like a JS shell (:func:`looks_like_shell`); at most
``js_render_max`` pages per audit; one browser per audit, started by the first page that needs
it (a plain static site never starts one) and closed at the end. A browser that cannot start is
a Chinese note in the result (``js_render.note``), not a crash: the page is checked as fetched.

A home page behind a wall is tried once the same way: when the rendered page is a real page
(links or list items, no longer a wall) the audit continues from it, and the cookies the browser
earned are handed to the crawler (:meth:`gongkai.audit.fetch.Fetcher.use_cookies`), so the rest
of the site opens too; otherwise the audit reports a ``blocked`` finding (监测受阻), never
``unreachable``.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from gongkai.audit.browser import BrowserSession, new_context, route_site
from gongkai.audit.config import AuditConfig
from gongkai.audit.content.html import class_id, visible_text
from gongkai.audit.content.listing import collect_records, dated_records, parse_list_page
from gongkai.audit.encoding import decode_page
from gongkai.audit.fetch import FetchResult
from gongkai.audit.findings import Finding
from gongkai.audit.urls import normalize
from gongkai.audit.waf import GENERIC, detect_waf

if TYPE_CHECKING:
    from gongkai.audit.context import AuditContext

RENDERED_NOTE = "（该页面内容由脚本生成，已在浏览器中渲染后检查）"
PAST_WALL_NOTE = "（该页面有防爬虫验证，已在浏览器中通过验证后检查）"
_NOT_PAGE_CHECKS = ("https", "ipv6")  # site-level findings about the server, not the page's content
SHELL_TEXT = 200  # a page with less visible text than this that runs scripts is a shell
_POOL = 2  # pages rendered at once
_WALL_PATIENCE = 3.0  # seconds a wall page may sit still before the browser gives up on it
_ROOTS = ("#app", "#root", "#__nuxt", "#__next", "[data-v-app]", "[ng-app]", "[ng-view]")
_TEMPLATE_ATTRS = ("v-for", "ng-repeat", "x-for", "v-html")
_DATA_API = re.compile(
    r"\$\.(?:ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|XMLHttpRequest|\baxios\b|\.load\s*\(\s*[\"']"
)
_LIST_BOX = re.compile(r"list|news|data|items|con\b|content|article|wrap|tab")


def _tree(fetched: FetchResult) -> tuple[LexborHTMLParser, str]:
    decoded = decode_page(fetched.body or b"", fetched.charset)
    return LexborHTMLParser(decoded.text), decoded.encoding


def looks_like_shell(tree: LexborHTMLParser) -> bool:
    """A page that runs scripts and leaves its content to them: little visible text and hardly
    a link, an empty application root (``<div id="app">``), a template (``v-for``), an inline
    data-API call (``$.ajax``, ``fetch(``) or an empty list box (``<ul id="list"></ul>``)."""
    if tree.css_first("script") is None:
        return False
    if len(visible_text(tree)) < SHELL_TEXT and len(tree.css("a[href]")) < 3:
        return True
    for selector in _ROOTS:
        node = tree.css_first(selector)
        if node is not None and not node.text(strip=True):
            return True
    if any(tree.css_first(f"[{attr}]") is not None for attr in _TEMPLATE_ATTRS):
        return True
    if any(_DATA_API.search(script.text() or "") for script in tree.css("script:not([src])")):
        return True
    return any(
        _LIST_BOX.search(class_id(node)) and not node.text(strip=True) and node.css_first("a") is None
        for node in tree.css("ul, ol, tbody, dl")
    )


def wants_render(fetched: FetchResult, ctx: AuditContext, *, home: bool) -> bool:
    """Whether a fetched page is the home page or a column page with no list items in its HTML
    that looks like a JS shell (cheap for every other page: a dictionary look-up)."""
    if not ctx.config.js_render or fetched.body is None or not fetched.is_html:
        return False
    url = fetched.final_url
    if not home and (normalize(url) or url) not in ctx.known_columns:
        return False
    tree, _ = _tree(fetched)
    if not looks_like_shell(tree):  # no script, or content of its own (most pages stop here)
        return False
    as_of = ctx.config.as_of  # the list is read only then: it costs ten times the shell test
    if home:
        return not dated_records(collect_records(tree, url, as_of=as_of))
    listing = parse_list_page(tree, url, as_of=as_of)
    return not listing.items or listing.script_loaded


def _substance(html: str | LexborHTMLParser, url: str, as_of: date) -> tuple[int, int]:
    """Dated list items and links of a page."""
    tree = html if isinstance(html, LexborHTMLParser) else LexborHTMLParser(html)
    return len(dated_records(collect_records(tree, url, as_of=as_of))), len(tree.css("a[href]"))


def is_real_page(html: str, url: str, as_of: date) -> bool:
    """A rendered page past a wall: no longer a wall, and it has links or list items."""
    if detect_waf(200, html.encode("utf-8")) is not None:
        return False
    tree = LexborHTMLParser(html)
    return len(tree.css("a[href]")) >= 3 or bool(collect_records(tree, url, as_of=as_of))


@dataclass(slots=True)
class Rendered:
    url: str  # where the page ended up (a wall's reload may add a query)
    html: str  # the DOM after its scripts ran
    status: int | None  # of the last navigation of the page
    cookies: list[dict[str, Any]] = field(default_factory=list)  # the browser's, of the site's hosts


class JsRenderer:
    """The audit's browser for script-rendered pages and walls; one per audit."""

    def __init__(self, config: AuditConfig) -> None:
        self.config = config
        self.session = BrowserSession(config.evidence_browser)
        self.pages: list[str] = []  # pages whose rendered DOM was checked
        self.failed: dict[str, str] = {}  # URL -> why its render failed
        self.over_cap = 0  # pages that wanted a render past js_render_max
        self._attempts = 0
        self._pool = asyncio.Semaphore(_POOL)

    @property
    def renders(self) -> int:
        """Renders attempted (0 for a site that needed none: its audit never starts the browser)."""
        return self._attempts

    def note(self) -> str | None:
        """What the result says about the browser, in Chinese (None when nothing to say)."""
        parts = []
        if self.session.error:
            parts.append(f"{self.session.error},由脚本生成的页面只检查了网页原文")
        if self.over_cap:
            parts.append(
                f"超过浏览器渲染上限({self.config.js_render_max} 个页面),"
                f"另有 {self.over_cap} 个由脚本生成的页面只检查了网页原文"
            )
        if self.failed:
            parts.append(f"{len(self.failed)} 个页面在浏览器中渲染失败,只检查了网页原文")
        return ";".join(parts) or None

    def to_dict(self) -> dict[str, Any]:
        """The JSON's ``js_render`` (docs/audit-json.md)."""
        return {"pages": list(self.pages), "renders": self.renders, "note": self.note()}

    async def render(self, url: str, hosts: set[str]) -> Rendered | None:
        """``url`` in the browser, or None (over the cap, no browser, the render failed);
        ``hosts`` are the site's (``host[:port]``): the page may load from them only."""
        if not self.config.js_render or self.session.error is not None:
            return None
        if self._attempts >= self.config.js_render_max:
            self.over_cap += 1
            return None
        self._attempts += 1
        browser = await self.session.get()
        if browser is None:
            return None
        timeout = self.config.js_render_timeout
        hosts = {_hostname(netloc) for netloc in hosts}
        async with self._pool:
            try:
                return await asyncio.wait_for(self._navigate(browser, url, hosts, timeout), timeout + 5)
            except Exception as exc:  # a page that will not render is checked as fetched
                self.failed[url] = f"{type(exc).__name__}: {exc}"[:200]
                return None

    async def _navigate(self, browser: Any, url: str, hosts: set[str], timeout: float) -> Rendered:
        # the crawler's own name, so cookies a wall gives the browser are good for the crawler too
        context = await new_context(browser, user_agent=self.config.user_agent)
        try:
            page = await context.new_page()
            await route_site(page, hosts)
            status: list[int] = []

            def on_response(response: Any) -> None:
                try:
                    if response.request.is_navigation_request() and response.frame == page.main_frame:
                        status.append(response.status)
                except Exception:
                    pass

            page.on("response", on_response)
            deadline = time.monotonic() + timeout
            response = await page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
            if response is not None and not status:
                status.append(response.status)
            html = await _settled(page, deadline, status)
            cookies = [c for c in await context.cookies() if _applies(c, hosts)]
            return Rendered(page.url, html, status[-1] if status else None, cookies)
        finally:
            await context.close()

    async def close(self) -> None:
        await self.session.close()


async def _settled(page: Any, deadline: float, navigations: list[int]) -> str:
    """The DOM once the network is idle. A wall's reload (the page navigates again) is waited
    for while the page is still a wall, until the time is up or nothing has navigated for
    ``_WALL_PATIENCE`` seconds (a wall that waits for a person, not for a script)."""
    seen, still_since = len(navigations), time.monotonic()
    while True:
        left = deadline - time.monotonic()
        try:
            await page.wait_for_load_state("networkidle", timeout=max(left, 0.1) * 1000)
        except Exception:  # a page that never goes idle (polling, a stream): take it as it is
            pass
        try:
            html = await page.content()
        except Exception:  # navigating again (a reload): the document is not there yet
            if time.monotonic() >= deadline:
                raise
            await asyncio.sleep(0.2)
            continue
        now = time.monotonic()
        if len(navigations) != seen:
            seen, still_since = len(navigations), now
        if (
            detect_waf(200, html.encode("utf-8")) is None
            or now >= deadline - 0.5
            or now - still_since >= _WALL_PATIENCE
        ):
            return html
        await asyncio.sleep(0.3)  # still the wall: its script may reload the page in a moment


def _applies(cookie: dict[str, Any], hostnames: set[str]) -> bool:
    domain = str(cookie.get("domain") or "").lstrip(".").lower()
    return bool(domain) and any(name == domain or name.endswith("." + domain) for name in hostnames)


def as_fetched(original: FetchResult, rendered: Rendered, *, past_wall: bool = False) -> FetchResult:
    """The rendered DOM as a fetch of the page, so the engine processes it like any page.

    The page keeps its URL (the column check knows it by it); its bytes are in the fetched
    page's encoding (so the encoding log reads the same), or UTF-8 past a wall (the wall's
    answer says nothing about the real page's encoding).
    """
    if past_wall:
        encoding, charset = "utf-8", "utf-8"
    else:
        encoding, charset = _tree(original)[1], original.charset
    try:
        body = rendered.html.encode(encoding, "xmlcharrefreplace")
    except LookupError:
        body, charset = rendered.html.encode("utf-8"), "utf-8"
    headers = original.headers
    if headers is not None and charset != original.charset:  # the evidence's headers say what the bytes are
        headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
        headers.append(("Content-Type", f"text/html; charset={charset}"))
    return FetchResult(
        original.url,
        original.final_url,
        status=rendered.status if past_wall and rendered.status else original.status,
        content_type="text/html",
        charset=charset,
        body=body,
        elapsed=original.elapsed,
        headers=headers,
        fetched_at=original.fetched_at,
    )


async def shown(ctx: AuditContext, fetched: FetchResult, *, home: bool = False) -> FetchResult:
    """The page as the reader sees it: the rendered DOM when the page needs the browser (see
    :func:`wants_render`) and the render worked, else ``fetched`` itself."""
    renderer: JsRenderer | None = ctx.renderer
    if renderer is None or not wants_render(fetched, ctx, home=home):
        return fetched
    rendered = await renderer.render(fetched.final_url, ctx.hosts)
    if rendered is None:
        return fetched
    if home:  # a home page is the browser's only when its scripts added items or links
        as_of = ctx.config.as_of
        before = _substance(_tree(fetched)[0], fetched.final_url, as_of)
        after = _substance(rendered.html, fetched.final_url, as_of)
        if not any(a > b for a, b in zip(after, before, strict=True)):
            return fetched
    renderer.pages.append(fetched.final_url)
    ctx.rendered[fetched.final_url] = RENDERED_NOTE
    return as_fetched(fetched, rendered)


async def past_wall(ctx: AuditContext, fetched: FetchResult, hosts: set[str]) -> FetchResult | None:
    """The blocked home page tried once in the browser: the rendered page when the browser got
    past the wall to a real page (its cookies now also sent by the crawler), else None."""
    renderer: JsRenderer | None = ctx.renderer
    if renderer is None:
        return None
    rendered = await renderer.render(fetched.final_url, hosts)
    if rendered is None or (rendered.status or 200) >= 400:  # still refused (a 403 page of links too)
        return None
    if not is_real_page(rendered.html, fetched.final_url, ctx.config.as_of):
        return None
    for netloc in hosts:
        cookies = {c["name"]: c["value"] for c in rendered.cookies if _applies(c, {_hostname(netloc)})}
        ctx.fetcher.use_cookies(netloc, cookies)
    renderer.pages.append(fetched.final_url)
    ctx.rendered[fetched.final_url] = PAST_WALL_NOTE
    return as_fetched(fetched, rendered, past_wall=True)


def wall_name(fetched: FetchResult) -> str:
    if fetched.waf:
        return fetched.waf
    return f"防火墙(HTTP {fetched.status})" if fetched.status else GENERIC


def blocked_home_finding(url: str, fetched: FetchResult, *, tried: bool) -> Finding:
    """The site-level ``blocked`` finding (监测受阻) of a home page behind a wall: our audit was
    stopped, which says nothing about whether people can open the site (never ``unreachable``)."""
    waf = wall_name(fetched)
    retry = "已用浏览器重试一次,仍未通过。" if tried else ""
    return Finding(
        "blocked",
        url,
        f"监测受阻:网站首页被防火墙或防爬虫机制拦截({waf},{fetched.detail or '拦截页面'}),"
        f"无法自动检查。{retry}请联系网站运维部门将监测程序加入白名单后重新检查,或人工打开首页核实。",
        {"check": "home", "waf": waf, "detail": fetched.detail or waf},
    )


def mark_rendered(findings: list[Finding], ctx: AuditContext) -> None:
    """Every finding on a rendered page says so (``rendered: true`` and a note in its message),
    but the site-level ones about the server (HTTPS, IPv6)."""
    if not ctx.rendered:
        return
    for finding in findings:
        note = ctx.rendered.get(finding.page)
        if note is None or finding.fields.get("rendered"):
            continue
        if finding.kind == "site" and finding.fields.get("check") in _NOT_PAGE_CHECKS:
            continue
        finding.fields["rendered"] = True
        if note not in finding.message:
            finding.message += note


def _hostname(netloc: str) -> str:
    return (urlsplit(f"//{netloc}").hostname or "").lower()
