"""A hostile site on loopback: endless calendars, endless pagination, a page of 10,000 links,
and a wide site of distinct pages to exhaust a budget. Counts every request it answers.

    /cal?d=2024-01-01     a calendar: links to the previous and next day, month and year, forever
    /list/page/N          a list that always links to pages N+1 … N+5
    /many                 10,000 links to /events/N.html, generated pages that differ in N only
    /art/N.html           ten real articles (distinct text): never a trap
    /wide/N.html          distinct pages, each linking to three more, without end
    /slow/N.html          like /wide/, each answer 0.3 s late
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from datetime import date, timedelta

from aiohttp import web

from tests.audit.testsite import page

_LETTERS = str.maketrans("0123456789", "零一二三四五六七八九")


def _words(n: int) -> str:
    """Text that differs between pages without digits (a trap's shape ignores digits)."""
    return f"第{str(n).translate(_LETTERS)}篇文章，内容各不相同" + "甲乙丙丁戊己庚辛壬癸"[n % 10] * (
        n % 7 + 1
    )


class TrapSite:
    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()  # first path segment -> requests
        self.paths: list[str] = []  # every request's path and query, in order
        self.agents: list[str] = []  # the User-Agent of each of those requests
        self.loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def requests(self) -> int:
        return sum(self.hits.values())

    def reset(self) -> None:
        self.hits.clear()
        self.paths.clear()
        self.agents.clear()

    def paths_from(self, agent: str) -> list[str]:
        """The requests one client sent (a cancelled run's last requests may arrive late)."""
        return [path for path, sent_by in zip(self.paths, self.agents, strict=True) if sent_by == agent]

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> TrapSite:
        ready = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self.loop)
            self.loop.run_until_complete(self._start())
            ready.set()
            self.loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self.loop).result(10)  # type: ignore[union-attr]
        self.loop.call_soon_threadsafe(self.loop.stop)

    async def _start(self) -> None:
        app = web.Application(middlewares=[self._count])
        app.router.add_get("/", self._home)
        app.router.add_get("/cal", self._calendar)
        app.router.add_get("/list/page/{n}", self._list)
        app.router.add_get("/many", self._many)
        app.router.add_get("/events/{n}.html", self._event)
        app.router.add_get("/art/{n}.html", self._article)
        app.router.add_get("/wide/{n}.html", self._wide)
        app.router.add_get("/slow/{n}.html", self._slow)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    @web.middleware
    async def _count(self, request: web.Request, handler):  # type: ignore[no-untyped-def]
        self.hits[request.path.split("/")[1] or "/"] += 1
        self.paths.append(request.path_qs)
        self.agents.append(request.headers.get("User-Agent", ""))
        return await handler(request)

    async def _home(self, request: web.Request) -> web.Response:
        links = "".join(f'<a href="/art/{i}.html">文章{i}</a>' for i in range(1, 11))
        return _html(
            page(
                "陷阱网站",
                '<a href="/cal?d=2024-01-01">日历</a><a href="/list/page/1">列表</a>'
                f'<a href="/many">全部活动</a>{links}',
            )
        )

    async def _calendar(self, request: web.Request) -> web.Response:
        day = date.fromisoformat(request.query.get("d", "2024-01-01"))
        targets = [
            day - timedelta(days=1),
            day + timedelta(days=1),
            day + timedelta(days=31),
            day - timedelta(days=31),
            day + timedelta(days=366),
        ]
        links = "".join(f'<a href="/cal?d={d.isoformat()}">{d.isoformat()}</a>' for d in targets)
        return _html(page(f"日历 {day.isoformat()}", f"<p>{day.isoformat()} 当天没有活动安排</p>{links}"))

    async def _list(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        links = "".join(f'<a href="/list/page/{k}">{k}</a>' for k in range(n + 1, n + 6))
        return _html(page(f"信息列表 第{n}页", f"<p>第 {n} 页，暂无信息</p>{links}"))

    async def _many(self, request: web.Request) -> web.Response:
        links = "".join(f'<a href="/events/{i}.html">活动 {i}</a>' for i in range(10_000))
        return _html(page("全部活动", links))

    async def _event(self, request: web.Request) -> web.Response:
        n = request.match_info["n"]
        return _html(page(f"活动 {n}", f"<p>活动 {n} 暂无详情</p>"))

    async def _article(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        return _html(page(f"文章 {n}", f"<p>{_words(n)}</p>"))

    async def _wide(self, request: web.Request) -> web.Response:
        return _html(self._wide_page("wide", int(request.match_info["n"])))

    async def _slow(self, request: web.Request) -> web.Response:
        await asyncio.sleep(0.3)
        return _html(self._wide_page("slow", int(request.match_info["n"])))

    @staticmethod
    def _wide_page(prefix: str, n: int) -> str:
        links = "".join(f'<a href="/{prefix}/{3 * n + k}.html">下一篇</a>' for k in (1, 2, 3))
        return page(_words(n), f"<p>{_words(n)}</p>{links}")


def _html(text: str) -> web.Response:
    return web.Response(text=text, content_type="text/html")
