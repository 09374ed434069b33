"""Headless Chromium for the audit: Debian's ``/usr/bin/chromium`` through Playwright's async API.

No browser is ever downloaded. Two users: :mod:`gongkai.audit.render` (screenshots of stored
pages, evidence) and :mod:`gongkai.audit.jsrender` (pages that only show their content once
their scripts ran, and anti-bot walls). Both start the browser with :class:`BrowserSession`
(lazily, once; a browser that cannot start is a Chinese ``error``, never an exception), open
one context per page with :func:`new_context`, and keep every page on the audited site's own
hosts with :func:`route_site`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from contextlib import AsyncExitStack
from typing import Any
from urllib.parse import urlsplit

VIEWPORT = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--mute-audio",
    "--lang=zh-CN",
]
# Chromium's own pages (a site that cannot be reached, in a screenshot kept as evidence) in
# Chinese: the zh-CN strings come with Debian's chromium-l10n, chosen by the locale of the process
CHROMIUM_ENV = {"LANGUAGE": "zh_CN", "LANG": "zh_CN.UTF-8"}


class BrowserSession:
    """One Chromium, started by the first :meth:`get` and closed by :meth:`close`.

    ``get`` returns None when the browser cannot be started (Playwright missing, no executable
    at ``executable``); ``error`` then says why in Chinese, and later calls do not try again.
    """

    def __init__(self, executable: str = "/usr/bin/chromium") -> None:
        self.executable = executable
        self.error: str | None = None
        self.started = False  # whether a start was attempted (the plain crawl never starts one)
        self._browser: Any = None
        self._stack: AsyncExitStack | None = None
        self._lock = asyncio.Lock()

    async def get(self) -> Any:
        async with self._lock:
            if self._browser is not None or self.error is not None:
                return self._browser
            self.started = True
            try:
                from playwright.async_api import async_playwright
            except ImportError:
                self.error = "未安装 Playwright,无法启动浏览器"
                return None
            stack = AsyncExitStack()
            try:
                playwright = await stack.enter_async_context(async_playwright())
                self._browser = await playwright.chromium.launch(
                    executable_path=self.executable, args=CHROMIUM_ARGS, env={**os.environ, **CHROMIUM_ENV}
                )
            except Exception as exc:
                await stack.aclose()
                first = (str(exc).splitlines() or [type(exc).__name__])[0]
                self.error = f"无法启动浏览器 {self.executable}:{first[:200]}"
                return None
            self._stack = stack
            return self._browser

    async def close(self) -> None:
        async with self._lock:
            browser, stack = self._browser, self._stack
            self._browser, self._stack = None, None
            try:
                if browser is not None:
                    await browser.close()
            finally:
                if stack is not None:
                    await stack.aclose()

    async def __aenter__(self) -> BrowserSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


async def new_context(browser: Any, *, user_agent: str | None = None) -> Any:
    """A fresh context (its own cookies) at the screenshot viewport, in Chinese, no service workers."""
    options: dict[str, Any] = {
        "viewport": VIEWPORT,
        "device_scale_factor": 1,
        "locale": "zh-CN",
        "service_workers": "block",
    }
    if user_agent:
        options["user_agent"] = user_agent
    return await browser.new_context(**options)


def on_hosts(url: str, hosts: set[str]) -> bool:
    return (urlsplit(url).hostname or "").lower() in hosts


async def route_site(
    page: Any, hosts: set[str], *, stored: Callable[[], tuple[str, bytes]] | None = None
) -> None:
    """Refuse every request of ``page`` that leaves ``hosts`` (other sites, trackers).

    With ``stored`` (returning the Content-Type and the bytes of the page as fetched), the
    page's first navigation is answered with those bytes and every later navigation is refused:
    the page as the crawl saw it. Without it, navigations within ``hosts`` reach the site (a
    challenge script that sets its cookie and reloads the page).
    """
    served = False

    async def route(request_route: Any) -> None:
        nonlocal served
        request = request_route.request
        try:
            main = request.is_navigation_request() and request.frame == page.main_frame
        except Exception:  # a request of no frame (a worker's): never the page itself
            main = False
        if stored is not None and main:
            if served:
                await request_route.abort("blockedbyclient")
                return
            served = True
            content_type, body = stored()
            await request_route.fulfill(status=200, headers={"Content-Type": content_type}, body=body)
        elif not on_hosts(request.url, hosts):
            await request_route.abort("blockedbyclient")
        else:
            await request_route.continue_()

    await page.route("**/*", route)
