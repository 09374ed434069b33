"""M small government sites on loopback, one per address 127.0.0.2 … 127.0.0.(M+1) on one port
(so each site is its own host, as in a province): a home page, three columns of dated articles,
a footer with the organiser, and one planted broken link per site (``/gone.html``).

    python bench/province/site_server.py --sites 40 --port 18080
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import date, timedelta

from aiohttp import web

ARTICLES = 6  # per column
COLUMNS = ["gzdt", "tzgg", "zcwj"]
NAMES = {"gzdt": "工作动态", "tzgg": "通知公告", "zcwj": "政策文件"}
TODAY = date(2026, 11, 20)


def _page(host: str, title: str, body: str) -> str:
    n = int(host.rsplit(".", 1)[-1])
    return (
        f'<html><head><meta charset="utf-8"><title>{title}_测试县第{n}单位</title>'
        f'<meta name="SiteName" content="测试县第{n}单位"><meta name="ColumnName" content="{title}"></head>'
        f"<body><h1>{title}</h1>{body}<div>主办单位：测试县第{n}单位 联系电话：0379-1234567</div></body></html>"
    )


def _home(host: str) -> str:
    links = " ".join(f'<a href="/{c}/">{NAMES[c]}</a>' for c in COLUMNS)
    return _page(host, "首页", f'{links} <a href="/gone.html">已删除的文件</a>')


def _column(host: str, column: str) -> str:
    items = "".join(
        f'<li><a href="/{column}/art{i}.html">{NAMES[column]}第{i}篇</a>'
        f"<span>{(TODAY - timedelta(days=3 * i)).isoformat()}</span></li>"
        for i in range(ARTICLES)
    )
    return _page(host, NAMES[column], f"<ul>{items}</ul>")


async def handle(request: web.Request) -> web.Response:
    host = request.host.split(":")[0]
    path = request.path
    if path == "/":
        return web.Response(text=_home(host), content_type="text/html")
    parts = path.strip("/").split("/")
    if parts[0] in COLUMNS and len(parts) == 1:
        return web.Response(text=_column(host, parts[0]), content_type="text/html")
    if parts[0] in COLUMNS and len(parts) == 2 and parts[1].startswith("art") and parts[1].endswith(".html"):
        body = f"<p>{NAMES[parts[0]]}正文，发布日期 {TODAY.isoformat()}。</p>" * 20
        return web.Response(text=_page(host, NAMES[parts[0]], body), content_type="text/html")
    raise web.HTTPNotFound()


async def serve(sites: int, port: int) -> None:
    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    for n in range(2, sites + 2):
        await web.TCPSite(runner, f"127.0.0.{n}", port).start()
    print("serving", flush=True)
    await asyncio.Event().wait()


def pages_per_site() -> int:
    return 1 + len(COLUMNS) * (1 + ARTICLES)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--port", type=int, default=18080)
    args = parser.parse_args()
    asyncio.run(serve(args.sites, args.port))
