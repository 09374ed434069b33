"""Loopback sites for the JavaScript-rendering tests (issue 18 item 4), served by aiohttp.

- :func:`js_column_site`: a static home page whose menu leads to a column whose list a script
  fills from a JSON endpoint (``/api/notice.json``, stale items), a registered column filled the
  same way (recent items), another one that no page links to (read after the crawl), and a
  static column;
- :func:`js_home_site`: a home page that is an empty ``<div id="app">`` its script fills with
  the news list and the menu;
- :func:`ruishu_site`: every page answers HTTP 412 with a Ruishu-style script page;
- :func:`jsl_site`: a 加速乐-style wall: without the ``__jsl_clearance_s`` cookie every page
  answers 521 with a script that sets the cookie and reloads; with it, the real pages.

Each server records what it was asked (path, User-Agent, whether the cookie came along).
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

NOTICE_ITEMS = [  # stale at 2025-12-01 (通知公告: 182 days)
    {"title": "关于开展2025年春季植树造林活动的通知", "url": "/col/notice/2.html", "date": "2025-03-01"},
    {"title": "关于做好2025年春节期间安全生产工作的通知", "url": "/col/notice/1.html", "date": "2025-01-20"},
    {"title": "关于2024年度县级财政预算执行情况的公告", "url": "/col/notice/0.html", "date": "2024-12-30"},
]
WORK_ITEMS = [  # recent at 2025-12-01
    {
        "title": "县政府召开第三十次常务会议研究部署冬季安全生产",
        "url": "/col/work/2.html",
        "date": "2025-11-28",
    },
    {"title": "县领导督导检查重点项目建设和安全生产工作", "url": "/col/work/1.html", "date": "2025-11-20"},
]
NAV = (
    '<div class="nav"><a href="/">首页</a> <a href="/col/notice/">通知公告</a> '
    '<a href="/col/work/">工作动态</a> <a href="/col/static/">机构职能</a></div>'
)
FOOTER = (
    '<div class="footer"><p>主办单位:某某县人民政府办公室 承办单位:某某县大数据中心</p>'
    "<p>网站标识码:3501280001 闽ICP备12345678号 闽公网安备35012802000123号</p>"
    "<p>地址:某某县城关镇政府路1号 邮编:350128 联系电话:0591-12345678</p></div>"
)
# the list of a column page, filled from a JSON endpoint by the page's own script
LIST_SCRIPT = """
<script>
fetch('%s').then(function (r) { return r.json(); }).then(function (items) {
  var box = document.getElementById('list');
  items.forEach(function (item) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = item.url; a.textContent = item.title;
    var span = document.createElement('span');
    span.className = 'date'; span.textContent = item.date;
    li.appendChild(a); li.appendChild(span); box.appendChild(li);
  });
});
</script>
"""


def page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_某某县人民政府</title></head>'
        f"<body><h1>某某县人民政府</h1>{NAV}{body}{FOOTER}</body></html>"
    )


def scripted_column(name: str, api: str) -> str:
    return page(name, f'<h2>{name}</h2><ul id="list" class="news-list"></ul>{LIST_SCRIPT % api}')


def static_list(items: list[dict[str, str]]) -> str:
    return "".join(f'<li><a href="{i["url"]}">{i["title"]}</a><span>{i["date"]}</span></li>' for i in items)


@dataclass
class Hit:
    path: str
    user_agent: str
    cookie: bool  # the wall's clearance cookie came along


@dataclass
class LoopbackSite:
    """An aiohttp app on 127.0.0.1 in a thread of its own."""

    handler: Handler
    port: int = 0
    hits: list[Hit] = field(default_factory=list)
    seen_by_first_audit: list[Hit] = field(default_factory=list)  # for a module's shared audit

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        return [hit.path for hit in self.hits]

    def start(self) -> LoopbackSite:
        self.port = _free_port()
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._serve, args=(ready,), daemon=True).start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._start())
        ready.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        async def serve(request: web.Request) -> web.StreamResponse:
            self.hits.append(
                Hit(
                    request.path,
                    request.headers.get("User-Agent", ""),
                    "__jsl_clearance_s" in request.cookies,
                )
            )
            return await self.handler(request)

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", serve)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(status=status, text=text, content_type="text/html", charset="utf-8")


def _article(path: str) -> str:
    return page("正文", f"<h2>{path}</h2><p>发布时间:2025-11-28</p><p>县政府办公室负责全县政务公开工作。</p>")


def js_column_site() -> LoopbackSite:
    home = page(
        "首页",
        '<div class="news"><h3>要闻</h3><ul>'
        + static_list(
            [
                {
                    "title": "县政府召开常务会议部署冬季安全生产工作",
                    "url": "/col/work/2.html",
                    "date": "2025-11-28",
                }
            ]
        )
        + "</ul></div>",
    )
    static = page(
        "机构职能",
        '<h2>机构职能</h2><ul class="list">'
        + static_list(
            [
                {
                    "title": "某某县人民政府办公室主要职责和内设机构",
                    "url": "/col/static/1.html",
                    "date": "2025-06-01",
                },
                {
                    "title": "某某县人民政府办公室领导分工情况说明",
                    "url": "/col/static/2.html",
                    "date": "2025-05-01",
                },
            ]
        )
        + "</ul>",
    )
    routes: dict[str, Callable[[], web.Response]] = {
        "/": lambda: _html(home),
        "/col/notice/": lambda: _html(scripted_column("通知公告", "/api/notice.json")),
        "/col/work/": lambda: _html(scripted_column("工作动态", "/api/work.json")),
        "/col/hidden/": lambda: _html(scripted_column("人事信息", "/api/work.json")),  # linked from nowhere
        "/col/static/": lambda: _html(static),
        "/api/notice.json": lambda: web.json_response(NOTICE_ITEMS),
        "/api/work.json": lambda: web.json_response(WORK_ITEMS),
    }

    async def handler(request: web.Request) -> web.StreamResponse:
        route = routes.get(request.path)
        if route is not None:
            return route()
        if request.path.endswith(".html"):
            return _html(_article(request.path))
        return _html(page("未找到", "<p>页面不存在</p>"), status=404)

    return LoopbackSite(handler)


JS_HOME = page(
    "首页",
    """<div id="app"></div>
<script>
var news = NEWS;
var html = '<ul class="news">';
news.forEach(function (n) {
  html += '<li><a href="' + n.url + '">' + n.title + '</a><span>' + n.date + '</span></li>';
});
document.getElementById('app').innerHTML = html + '</ul>';
</script>""".replace("NEWS", json.dumps(WORK_ITEMS, ensure_ascii=False)),
).replace(NAV, "")  # nothing but the script: its links are the only way into the site


def js_home_site() -> dict[str, tuple[int, str]]:
    """Pages for tests.loopback.serve_pages."""
    return {"/": (200, JS_HOME), **{i["url"]: (200, _article(i["url"])) for i in WORK_ITEMS}}


RUISHU_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Type"></head><body>'
    "<script>var $_ts=window['$_ts'];if(!$_ts)$_ts=window['$_ts']={};$_ts.nsd=45311;"
    "$_ts.cd='qAxcrAlqWGVmcGAGqqqDrGVEWGqqqGVqrGqmqAlEcALlWrGmcGl';</script>"
    '<script type="text/javascript" r="m" src="/4QbVtADbnLVIc/c.FxJzG50F.a1b2c3.js"></script></body></html>'
)


def ruishu_site() -> LoopbackSite:
    async def handler(request: web.Request) -> web.StreamResponse:
        if request.path.endswith(".js"):  # the wall's script runs in the browser and gets nowhere
            return web.Response(text="void 0;", content_type="application/javascript")
        return _html(RUISHU_PAGE, status=412)

    return LoopbackSite(handler)


JSL_CHALLENGE = (
    "<html><body><script>document.cookie='__jsl_clearance_s=1733560000.123|0|"
    "kX2d%2BPq7EXAMPLE%3D;max-age=3600;path=/';location.href=location.pathname+location.search</script>"
    "</body></html>"
)


def jsl_site() -> LoopbackSite:
    home = page(
        "首页",
        '<div class="news"><h3>通知公告</h3><ul>'
        + static_list(
            [
                {"title": "关于开展冬季森林防火工作的通知", "url": "/news/1.html", "date": "2025-11-27"},
                {
                    "title": "关于公布2025年度县级政务服务事项清单的公告",
                    "url": "/news/2.html",
                    "date": "2025-11-18",
                },
            ]
        )
        + '</ul><p><a href="/missing.html">失效的链接</a></p></div>',
    )

    async def handler(request: web.Request) -> web.StreamResponse:
        if "__jsl_clearance_s" not in request.cookies:
            return _html(JSL_CHALLENGE, status=521)
        if request.path == "/":
            return _html(home)
        if request.path in ("/news/1.html", "/news/2.html"):
            return _html(_article(request.path))
        if request.path.startswith("/col/"):
            return _html(page("栏目", "<ul class='list'>" + static_list(WORK_ITEMS) + "</ul>"))
        return _html(page("未找到", "<p>页面不存在</p>"), status=404)

    return LoopbackSite(handler)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
