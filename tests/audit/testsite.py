"""A small government-style website served on loopback by a real aiohttp server.

Static pages plus handlers for every misbehaviour the crawler must survive: slow answers,
redirect loops, 500s, a flaky 503, GBK pages (declared wrong and undeclared), gzip, a huge page,
robots.txt, a 403 challenge page, 429 with Retry-After, an endless calendar.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import ssl
import threading
import time

from aiohttp import web

SITE_TAGS = (
    '<meta name="SiteName" content="某某市人民政府"><meta name="SiteDomain" content="www.example.gov.cn">'
    '<meta name="SiteIDCode" content="3609000002">'
)
COLUMN_TAGS = (
    '<meta name="ColumnName" content="工作动态"><meta name="ColumnDescription" content="本市工作动态">'
    '<meta name="ColumnKeywords" content="动态"><meta name="ColumnType" content="动态">'
)
ARTICLE_TAGS = (
    '<meta name="ArticleTitle" content="关于开展检查的通知"><meta name="PubDate" content="2025-11-11 09:30">'
    '<meta name="ContentSource" content="市政府办公室">'
)
FOOTER = (
    '<div class="footer"><p>主办单位:某某市人民政府办公室 联系电话:0795-1234567</p>'
    "<p>网站标识码:3609000002 赣ICP备05001234号 赣公网安备 36090202000123号</p>"
    '<a href="https://bszs.conac.cn/sitename?method=show&id=1"><img src="/img/dzjg.png" alt="党政机关"></a></div>'
)


def page(title: str, body: str, head: str = "", charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<!DOCTYPE html><html><head>{meta}<title>{title}</title>{head}</head><body>{body}</body></html>"


def home(unreachable_port: int) -> str:
    links = f"""
    <form action="/search" method="get"><input type="text" name="searchword"><button>搜索</button></form>
    <ul>
      <li><a href="/col/news/">工作动态</a></li>
      <li><a href="/col/bare/">通知公告</a></li>
      <li><a href="/missing.html">失效的首页链接</a></li>
      <li><a href="/files/report.pdf">年度报告</a></li>
      <li><a href="/slow">很慢的页面</a></li>
      <li><a href="/loop1">循环跳转</a></li>
      <li><a href="/error500">出错的页面</a></li>
      <li><a href="/flaky">偶尔出错的页面</a></li>
      <li><a href="/recovers">复查时恢复的页面</a></li>
      <li><a href="/gbk-wrong.html">GBK页面一</a></li>
      <li><a href="/gbk-undeclared.html">GBK页面二</a></li>
      <li><a href="/gzip.html">压缩页面</a></li>
      <li><a href="/huge.html">很大的页面</a></li>
      <li><a href="/private/secret.html">不许抓取</a></li>
      <li><a href="/challenge">防火墙</a></li>
      <li><a href="/ratelimited">限流页面</a></li>
      <li><a href="/always429">一直限流</a></li>
      <li><a href="/js-wall">脚本验证墙</a></li>
      <li><a href="/waf412">瑞数防护</a></li>
      <li><a href="/calendar?month=1">日历</a></li>
      <li><a href="/redirect-ok">跳转到动态</a></li>
      <li><a href="/bad.html">残缺页面</a></li>
      <li><a href="http://127.0.0.1:{unreachable_port}/outside.html">外部网站</a></li>
      <li><a href="mailto:ban@example.gov.cn">邮箱</a> <a href="javascript:void(0)">脚本</a></li>
      <li><a href="#top">顶部</a></li>
    </ul>
    <img src="/img/logo.png" alt="市徽"><img src="/img/protected.png" alt="防盗链图片"><img src="/img/missing.png" alt="失效图片">
    <script src="/js/app.js"></script><link rel="stylesheet" href="/css/site.css">
    <link rel="dns-prefetch" href="//cdn.invalid"><iframe src="/frame.html" title="内嵌"></iframe>
    """
    return page("某某市人民政府", links + FOOTER, SITE_TAGS)


NEWS = page(
    "工作动态",
    "<ul>"
    + "".join(
        f'<li><a href="/art/2025/11/t2025111{i}_{i}.html">动态{i}</a><span>2025-11-1{i}</span></li>'
        for i in range(1, 3)
    )
    + '<li><a href="/gone-from-column.html">已删除的文章</a><span>2025-10-01</span></li></ul>'
    + FOOTER,
    SITE_TAGS + COLUMN_TAGS,
)
BARE_COLUMN = page("通知公告", '<ul><li><a href="/col/news/">工作动态</a></li></ul>', SITE_TAGS)
ARTICLE_FULL = page("关于开展检查的通知", "<p>正文</p>" + FOOTER, SITE_TAGS + COLUMN_TAGS + ARTICLE_TAGS)
ARTICLE_PART = page(
    "第二篇",
    "<p>正文</p>",
    SITE_TAGS + COLUMN_TAGS + '<meta name="ArticleTitle" content="第二篇"><meta name="PubDate" content="">',
)
BARE_HOME = page("没有标识的网站", '<p>欢迎</p><a href="/col/news/">工作动态</a>')
GBK_BODY = '<p>国务院办公厅关于政府网站的通知</p><a href="/gbk-target-404.html">国务院文件</a>'
BAD_HTML = (
    b"<html><head><title>\x00\xff\xfe<<<</title><body><div><a href='/bad-target-404.html'>\xe5\x9d\x8f"
    b'<a href="/col/news/"><table><tr><td><p>' + b"<div>" * 3000 + b"\x00\x01\x02 <img src="
)


class GovSite:
    """Starts the site on 127.0.0.1 (and ::1) in a background thread; records request times."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.tls = tls
        self.hits: dict[str, list[float]] = {}
        self.methods: dict[str, list[str]] = {}
        self.in_flight = self.max_in_flight = 0
        self.raw: dict[str, bytes] = {}
        self.loop = asyncio.new_event_loop()
        self.unreachable_port = free_port()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> GovSite:
        ready = threading.Event()
        threading.Thread(target=self._serve, args=(ready,), daemon=True).start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self.loop).result(10)  # type: ignore[union-attr]
        self.loop.call_soon_threadsafe(self.loop.stop)

    def url(self, path: str = "/") -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}{path}"

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._start())
        ready.set()
        self.loop.run_forever()

    async def _start(self) -> None:
        app = web.Application(middlewares=[self._record])
        routes = {
            "/": lambda r: html(home(self.unreachable_port)),
            "/bare/": lambda r: html(BARE_HOME),
            "/col/news/": lambda r: html(NEWS),
            "/col/bare/": lambda r: html(BARE_COLUMN),
            "/frame.html": lambda r: html(page("框架", "")),
            "/art/2025/11/t20251111_1.html": lambda r: html(ARTICLE_FULL),
            "/art/2025/11/t20251112_2.html": lambda r: html(ARTICLE_PART),
            "/img/logo.png": lambda r: web.Response(body=b"\x89PNG\r\n", content_type="image/png"),
            "/img/dzjg.png": lambda r: web.Response(body=b"\x89PNG\r\n", content_type="image/png"),
            "/js/app.js": lambda r: web.Response(text="var a=1;", content_type="application/javascript"),
            "/css/site.css": lambda r: web.Response(text="body{}", content_type="text/css"),
            "/robots.txt": lambda r: web.Response(text="User-agent: *\nDisallow: /private/\n"),
            "/redirect-ok": lambda r: redirect("/col/news/"),
            "/loop1": lambda r: redirect("/loop2"),
            "/loop2": lambda r: redirect("/loop1"),
            "/error500": lambda r: web.Response(status=500, text="error"),
            "/gbk-wrong.html": lambda r: gbk(declare="utf-8"),
            "/gbk-undeclared.html": lambda r: gbk(None),
            "/challenge": lambda r: web.Response(
                status=403,
                content_type="text/html",
                text=page(
                    "安全验证", "<script>document.cookie='__jsl_clearance=1';location.reload()</script>"
                ),
            ),
            "/always429": lambda r: web.Response(status=429, headers={"Retry-After": "0"}),
            "/js-wall": lambda r: html(
                page("", "<script>document.cookie='wzws=1';location.reload()</script>")
            ),
            "/waf412": lambda r: web.Response(
                status=412,
                content_type="text/html",
                text=page("", "<script>var _$a='x';document.cookie='FSSBB=1';</script>"),
            ),
            "/notfound-with-script": lambda r: web.Response(
                status=404,
                content_type="text/html",
                text=page("404", "<script>document.cookie='seen=1'</script>页面不存在"),
            ),
            "/bad.html": lambda r: web.Response(body=BAD_HTML, content_type="text/html"),
        }
        for path, handler in routes.items():
            app.router.add_route("*", path, _async(handler))
        app.router.add_route("*", "/gzip.html", self._gzip)
        app.router.add_route("*", "/huge.html", self._huge)
        app.router.add_route("*", "/slow", self._slow)
        app.router.add_route("*", "/files/report.pdf", self._pdf)
        app.router.add_route("*", "/flaky", self._flaky)
        app.router.add_route("*", "/recovers", self._recovers)
        app.router.add_route("*", "/ratelimited", self._ratelimited)
        app.router.add_route("*", "/calendar", self._calendar)
        app.router.add_route("*", "/chain/{n}", self._chain)
        app.router.add_route("*", "/img/protected.png", self._hotlink_protected)
        app.router.add_route("*", "/raw/{name}", self._raw)
        app.router.add_route("*", "/concurrent/{n}", self._concurrent)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=self.tls)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        await web.TCPSite(self._runner, "::1", self.port, ssl_context=self.tls).start()

    @web.middleware
    async def _record(self, request: web.Request, handler):  # type: ignore[no-untyped-def]
        self.hits.setdefault(request.path, []).append(time.monotonic())
        self.methods.setdefault(request.path, []).append(request.method)
        return await handler(request)

    # -- misbehaving handlers --------------------------------------------------------------------
    async def _pdf(self, request: web.Request) -> web.Response:
        if request.method == "HEAD":  # servers that refuse HEAD: the checker must fall back to GET
            return web.Response(status=405)
        return web.Response(body=b"%PDF-1.4\n" + b"0" * 1000, content_type="application/pdf")

    async def _flaky(self, request: web.Request) -> web.Response:
        if len(self.hits["/flaky"]) % 2 == 1:
            return web.Response(status=503, text="busy")
        return html(page("恢复了", "<p>ok</p>", SITE_TAGS))

    async def _recovers(self, request: web.Request) -> web.Response:
        if len(self.hits["/recovers"]) % 3 != 0:  # fails the first try and its retry
            return web.Response(status=502, text="bad gateway")
        return html(page("复查恢复", "<p>ok</p>", SITE_TAGS))

    async def _ratelimited(self, request: web.Request) -> web.Response:
        if len(self.hits["/ratelimited"]) % 2 == 1:
            return web.Response(status=429, headers={"Retry-After": "1"})
        return html(page("限流后恢复", "<p>ok</p>", SITE_TAGS))

    async def _hotlink_protected(self, request: web.Request) -> web.Response:
        if not request.headers.get("Referer", "").startswith(self.url("/")):
            return web.Response(status=403, text="hot-linking refused")
        return web.Response(body=b"\x89PNG\r\n", content_type="image/png")

    async def _raw(self, request: web.Request) -> web.Response:
        """Bytes a test put in ``raw``, served as HTML whatever they are."""
        body = self.raw.get(request.match_info["name"])
        if body is None:
            return web.Response(status=404)
        return web.Response(body=body, headers={"Content-Type": "text/html"})

    async def _chain(self, request: web.Request) -> web.Response:
        return redirect(f"/chain/{int(request.match_info['n']) + 1}")

    async def _concurrent(self, request: web.Request) -> web.Response:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0.1)
        finally:
            self.in_flight -= 1
        return html(page("并发", ""))

    async def _calendar(self, request: web.Request) -> web.Response:
        month = int(request.query.get("month", "1"))
        return html(page("日历", f'<a href="/calendar?month={month + 1}">下个月</a>', SITE_TAGS))

    async def _gzip(self, request: web.Request) -> web.Response:
        body = gzip.compress(
            page("压缩", '<a href="/from-gzip-404.html">压缩页里的坏链接</a>', SITE_TAGS).encode()
        )
        return web.Response(body=body, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"})

    async def _huge(self, request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
        await resp.prepare(request)
        await resp.write(page("大", '<a href="/from-huge-404.html">大页面里的坏链接</a>').encode()[:-14])
        filler = b"<p>" + "填充内容".encode() * 2000 + b"</p>\n"
        try:
            for _ in range(1000):  # about 24 MB unless the client hangs up first
                await resp.write(filler)
        except (ConnectionError, RuntimeError):
            pass
        return resp

    async def _slow(self, request: web.Request) -> web.Response:
        await asyncio.sleep(3)
        return html(page("慢", ""))


def _async(handler):  # type: ignore[no-untyped-def]
    async def wrapped(request: web.Request) -> web.StreamResponse:
        return handler(request)

    return wrapped


def html(text: str) -> web.Response:
    return web.Response(text=text, content_type="text/html")


def redirect(location: str) -> web.Response:
    return web.Response(status=302, headers={"Location": location})


def gbk(declare: str | None) -> web.Response:
    body = page("国务院", GBK_BODY, SITE_TAGS, charset=declare).encode("gbk")
    return web.Response(body=body, headers={"Content-Type": "text/html"})


def free_port() -> int:
    """A port nothing listens on (bound then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
