"""A small government site with every content problem of issue 4, served on loopback.

Columns 工作动态 (two list pages), 通知公告, 政策文件, 政策解读, 人事信息 (暂无信息) and 文件 (a folder
whose name says nothing; ``--column URL=政策文件`` declares it). Planted: a wrong fixed expression
and an ID number in a news article, a typo in the footer (on every page), a sensitive word, a
policy file without 文号, an interpretation that links to no file, and attachments — a .docx with
a typo, a .pdf with a mobile number, a dead .pdf, a damaged .docx and an oversized .pdf.
A list page /yjgl/ is linked from nowhere (only ``--column`` finds it). Dates: fresh at 2025-12-01,
stale at 2026-06-30.
"""

from __future__ import annotations

import asyncio
import socket
import threading

from aiohttp import web

from gongkai.demo.assets import docx_bytes, pdf_bytes
from gongkai.demo.sites import id_check_digit

ID_FIRST17 = "41038119900307123"
ID_NUMBER = ID_FIRST17 + id_check_digit(ID_FIRST17)
ID_MASKED = f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}"
MOBILE_MASKED = "139****5678"
NAV = [
    ("工作动态", "/gzdt/"),
    ("通知公告", "/tzgg/"),
    ("政策文件", "/zcwj/"),
    ("政策解读", "/zcjd/"),
    ("人事信息", "/rsxx/"),
    ("文件", "/wj/"),
]
FOOTER = (
    '<div class="footer"><p>主办单位：某某县人民政府办公室 联系电话：0371-61234567</p>'
    "<p>网站标识码：4103810001 豫ICP备05001234号 本网站建设布署由县大数据中心负责</p></div>"
)
SITE_TAGS = (
    '<meta name="SiteName" content="某某县人民政府"><meta name="SiteDomain" content="www.x.gov.cn">'
    '<meta name="SiteIDCode" content="4103810001">'
)
CLEAN = "县政府召开常务会议，研究部署今冬明春安全生产工作，要求各乡镇、各部门压实责任，确保安全稳定。"


def _page(title: str, body: str, meta: str = "") -> bytes:
    nav = "".join(f'<li><a href="{path}">{name}</a></li>' for name, path in NAV)
    html = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_某某县人民政府</title>'
        f'{SITE_TAGS}{meta}</head><body><div class="header">某某县人民政府</div>'
        f'<nav><ul><li><a href="/">首页</a></li>{nav}</ul></nav><div class="main">{body}</div>{FOOTER}'
        "</body></html>"
    )
    return html.encode("utf-8")


def _column_meta(name: str) -> str:
    return (
        f'<meta name="ColumnName" content="{name}"><meta name="ColumnDescription" content="{name}">'
        f'<meta name="ColumnKeywords" content="{name}"><meta name="ColumnType" content="{name}">'
    )


def _list(name: str, items: list[tuple[str, str, str]], pager: str = "", column_tag: bool = True) -> bytes:
    rows = "".join(f'<li><a href="{href}">{title}</a><span>{when}</span></li>' for title, href, when in items)
    body = (
        f'<h2>{name}</h2><ul class="list">{rows}</ul>{pager}' if items else f"<h2>{name}</h2><p>暂无信息</p>"
    )
    return _page(name, body, _column_meta(name) if column_tag else "")


def _article(
    column: str, title: str, when: str, paragraphs: list[str], extra: str = "", column_tag: bool = True
) -> bytes:
    meta = (_column_meta(column) if column_tag else "") + (
        f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{when} 09:00">'
        '<meta name="ContentSource" content="县政府办公室">'
    )
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    body = f'<h1 class="title">{title}</h1><div class="info">发布时间：{when}</div><div class="content">{text}</div>{extra}'
    return _page(title, body, meta)


POLICY_OK = "某某县人民政府关于印发《某某县农村人居环境整治实施方案》的通知"
POLICY_BAD = "某某县人民政府关于加强城市供水管理的通知"
INFO_OK = (
    '<table class="info"><tr><td>文件类型</td><td>通知</td></tr><tr><td>文号</td><td>某政〔2025〕12号</td></tr><tr><td>发文日期</td>'
    "<td>2025年11月3日</td></tr><tr><td>效力状态</td><td>有效</td></tr></table>"
)
INFO_NO_NUMBER = (
    '<table class="info"><tr><td>文件类型</td><td>通知</td></tr><tr><td>发文日期</td><td>2025年10月9日</td></tr>'
    "<tr><td>效力状态</td><td>有效</td></tr></table>"
)
INFO_NO_STATUS = (
    '<table class="info"><tr><td>文件类型</td><td>通知</td></tr><tr><td>文号</td><td>某政办〔2025〕3号</td></tr><tr><td>发文日期</td>'
    "<td>2025年9月1日</td></tr></table>"
)


def files() -> dict[str, tuple[bytes, str]]:
    html, docx, pdf = (
        "text/html; charset=utf-8",
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "application/pdf",
    )
    news = [
        ("县政府召开常务会议研究安全生产工作", "/gzdt/t20251128_1.html", "2025-11-28"),
        ("县领导督导检查冬季供暖保障工作", "/gzdt/t20251125_2.html", "2025-11-25"),
    ]
    news_old = [
        ("全县秋冬季森林防火工作会议召开", "/gzdt/t20251110_3.html", "2025-11-10"),
        ("县里开展农产品质量安全专项检查", "/gzdt/t20251103_4.html", "2025-11-03"),
    ]
    pager = (
        '<div class="page"><a href="/gzdt/index.html">1</a><a href="/gzdt/index_1.html">2</a>'
        '<a href="/gzdt/index_1.html">下一页</a></div>'
    )
    attachments = (
        '<ul class="files"><li><a href="/files/a.docx">会议材料.docx</a></li>'
        '<li><a href="/files/b.pdf">报名表.pdf</a></li><li><a href="/files/dead.pdf">已删除.pdf</a></li>'
        '<li><a href="/files/broken.docx">损坏的文件.docx</a></li><li><a href="/files/big.pdf">大文件.pdf</a></li></ul>'
    )
    home_items = "".join(f'<li><a href="{h}">{t}</a><span>{w}</span></li>' for t, h, w in news + news_old)
    return {
        "/": (
            _page(
                "首页",
                f'<div class="block"><h3><a href="/gzdt/">工作动态</a></h3><ul>{home_items}</ul></div>',
            ),
            html,
        ),
        "/gzdt/": (_list("工作动态", news, pager), html),
        "/gzdt/index.html": (_list("工作动态", news, pager), html),
        "/gzdt/index_1.html": (_list("工作动态", news_old, pager), html),
        news[0][1]: (
            _article(
                "工作动态",
                news[0][0],
                news[0][2],
                [
                    CLEAN,
                    "会议强调，要主动融入一带一路战略，积极拓展对外交流合作。",
                    f"经审核，拟聘用人员张某某，身份证号{ID_NUMBER}，现予公示。",
                ],
                attachments,
            ),
            html,
        ),
        news[1][1]: (_article("工作动态", news[1][0], news[1][2], [CLEAN, "六合彩特码资料免费查询。"]), html),
        news_old[0][1]: (_article("工作动态", news_old[0][0], news_old[0][2], [CLEAN]), html),
        news_old[1][1]: (_article("工作动态", news_old[1][0], news_old[1][2], [CLEAN]), html),
        "/tzgg/": (
            _list(
                "通知公告", [("关于做好元旦春节期间有关工作的通知", "/tzgg/t20251120_5.html", "2025-11-20")]
            ),
            html,
        ),
        "/tzgg/t20251120_5.html": (
            _article("通知公告", "关于做好元旦春节期间有关工作的通知", "2025-11-20", [CLEAN]),
            html,
        ),
        "/zcwj/": (
            _list(
                "政策文件",
                [
                    (POLICY_OK, "/zcwj/t20251103_6.html", "2025-11-03"),
                    (POLICY_BAD, "/zcwj/t20251009_7.html", "2025-10-09"),
                ],
            ),
            html,
        ),
        "/zcwj/t20251103_6.html": (
            _article(
                "政策文件",
                POLICY_OK,
                "2025-11-03",
                [CLEAN],
                INFO_OK
                + (
                    '<p>相关解读：<a href="/zcjd/t20251104_8.html">《某某县农村人居环境整治实施方案》政策解读</a></p>'
                ),
            ),
            html,
        ),
        "/zcwj/t20251009_7.html": (
            _article("政策文件", POLICY_BAD, "2025-10-09", [CLEAN], INFO_NO_NUMBER),
            html,
        ),
        "/zcjd/": (
            _list(
                "政策解读",
                [
                    ("《某某县农村人居环境整治实施方案》政策解读", "/zcjd/t20251104_8.html", "2025-11-04"),
                    ("《某某县城市供水管理办法》政策解读", "/zcjd/t20251010_9.html", "2025-10-10"),
                ],
            ),
            html,
        ),
        "/zcjd/t20251104_8.html": (
            _article(
                "政策解读",
                "《某某县农村人居环境整治实施方案》政策解读",
                "2025-11-04",
                [CLEAN],
                f'<p>原文件：<a href="/zcwj/t20251103_6.html">{POLICY_OK}</a></p>',
            ),
            html,
        ),
        "/zcjd/t20251010_9.html": (
            _article("政策解读", "《某某县城市供水管理办法》政策解读", "2025-10-10", [CLEAN]),
            html,
        ),
        "/rsxx/": (_list("人事信息", []), html),
        "/wj/": (
            _list(
                "文件",
                [("某某县人民政府办公室关于调整议事协调机构的通知", "/wj/t20250901_10.html", "2025-09-01")],
                column_tag=False,
            ),
            html,
        ),
        "/wj/t20250901_10.html": (
            _article(
                "文件",
                "某某县人民政府办公室关于调整议事协调机构的通知",
                "2025-09-01",
                [CLEAN],
                INFO_NO_STATUS,
                column_tag=False,
            ),
            html,
        ),
        # linked from nowhere: known only through --column, fetched after the crawl
        "/yjgl/": (
            _list(
                "应急管理",
                [("县应急管理局开展防汛应急演练", "/yjgl/t20251001_11.html", "2025-10-01")],
                column_tag=False,
            ),
            html,
        ),
        "/files/a.docx": (docx_bytes("会议材料", [CLEAN, "请各单位认真贯切落实会议精神。"]), docx),
        "/files/b.pdf": (pdf_bytes("报名表", ["联系人：王某", "手机：13912345678"]), pdf),
        "/files/broken.docx": (b"PK\x03\x04 not really a docx", docx),
        "/files/big.pdf": (b"%PDF-1.4\n" + b"0" * 300_000, pdf),
    }


class ContentSite:
    """Serves :func:`files` on 127.0.0.1 in a background thread."""

    def __init__(self) -> None:
        self.files = files()
        self.loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self.port = 0

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> ContentSite:
        ready = threading.Event()
        threading.Thread(target=self._serve, args=(ready,), daemon=True).start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self.loop).result(10)  # type: ignore[union-attr]
        self.loop.call_soon_threadsafe(self.loop.stop)

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._start())
        ready.set()
        self.loop.run_forever()

    async def _handle(self, request: web.Request) -> web.Response:
        found = self.files.get(request.path)
        if found is None:
            return web.Response(status=404, text="页面不存在", content_type="text/html", charset="utf-8")
        body, ctype = found
        return web.Response(body=body, headers={"Content-Type": ctype})

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
