"""A small styled site on loopback for the evidence tests (issue 18): a home page with a broken
link, an article with a mobile number, an article with a typo, a clean page; a stylesheet and an
image of the site's own, and an image on another host (the render must not ask for it)."""

from __future__ import annotations

import asyncio
import socket
import threading

from aiohttp import web

MOBILE = "13912345678"
MOBILE_MASKED = "139****5678"
TYPO = "布署"
CSS = b"body{background:#f4f8ff;font:16px sans-serif;margin:20px} a{display:inline-block;padding:6px}"
# a 2x2 PNG (green), written by hand so the test needs no image library
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73"
    "0000001249444154789c63606860f8cfc0c0f01f0000090302fe6f5e5b6c0000000049454e44ae426082"
)


def _page(title: str, body: str) -> bytes:
    html = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
        '<link rel="stylesheet" href="/css/site.css"></head>'
        f'<body><h1 style="color:#1a4c9c">某某县人民政府</h1>{body}'
        '<img src="/img/logo.png" width="40" height="40" alt="县徽"></body></html>'
    )
    return html.encode("utf-8")


def pages(outside: str) -> dict[str, bytes]:
    filler = "".join(f"<p>第{i}段:县政府召开常务会议，研究部署今冬明春安全生产工作。</p>" for i in range(30))
    return {
        "/": _page(
            "首页",
            '<ul><li><a href="/news/1.html">公示名单</a></li><li><a href="/news/2.html">工作动态</a></li>'
            '<li><a href="/clean.html">机构概况</a></li></ul>'
            '<p style="margin-top:40px"><a id="dead" href="/missing.html">失效的链接</a></p>'
            '<p><a href="./gone.php?id=5&amp;cat=2#top">参数顺序不同的失效链接</a></p>'
            f'<img src="{outside}/tracker.png" alt="外站图片">',
        ),
        "/news/1.html": _page("公示名单", f"<p>联系人:张三 联系电话:{MOBILE} 请于三日内反馈。</p>{filler}"),
        "/news/2.html": _page("工作动态", f"<p>{filler}</p><p>县大数据中心负责本网站建设{TYPO}工作。</p>"),
        "/clean.html": _page("机构概况", "<p>县政府办公室负责全县政务公开工作。</p>"),
    }


class EvidenceSite:
    """The site on 127.0.0.1 and a second server (the "other host") counting what it is asked."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.outside_port = _free_port()
        self.outside_hits: list[str] = []
        self.hits: list[str] = []
        self.checked_hits: list[str] = []
        self._loop = asyncio.new_event_loop()
        self._runners: list[web.AppRunner] = []

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> EvidenceSite:
        ready = threading.Event()
        threading.Thread(target=self._serve, args=(ready,), daemon=True).start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        async def close() -> None:
            for runner in self._runners:
                await runner.cleanup()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._start())
        ready.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        # "localhost" is another host name for the crawl (not followed) but still loopback
        content = pages(f"http://localhost:{self.outside_port}")

        async def serve(request: web.Request) -> web.Response:
            self.hits.append(request.path)
            if request.path in content:
                return web.Response(body=content[request.path], content_type="text/html", charset="utf-8")
            if request.path == "/css/site.css":
                return web.Response(body=CSS, content_type="text/css")
            if request.path == "/img/logo.png":
                return web.Response(body=PNG, content_type="image/png")
            return web.Response(status=404, text="not found")

        async def outside(request: web.Request) -> web.Response:
            self.outside_hits.append(request.path)
            return web.Response(body=PNG, content_type="image/png")

        for handler, port in ((serve, self.port), (outside, self.outside_port)):
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", handler)
            runner = web.AppRunner(app)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            self._runners.append(runner)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
