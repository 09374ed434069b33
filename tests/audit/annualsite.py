"""Sites of units publishing their 政府信息公开工作年度报告, served on loopback under one server.

Each site lives under its own prefix (``/ok/``, ``/identity/`` …) with a home page linking to a
list 政府信息公开年报 of the 2023–2025 reports (check date 2026-06-30: the 2025 report was due on
2026-03-31 for a local government, 2026-01-31 for a department). What each site plants:

- ``ok``: three correct HTML reports, published on time, different numbers and text;
- ``identity``: 2025: 一 + 二 ≠ （七） + 四 for 自然人 (and so the 总计 column of row 一); 2024 (with
  subtotal rows under each parent): the （三）不予公开 subtotal ≠ its sub-rows for 自然人 and 总计;
- ``late``: 2025 published on 2026-04-15;
- ``copied``: 2025 repeats 2024 (same table, same text);
- ``files``: 2025 a page whose report is a .docx attachment, 2024 a PDF linked from the list,
  2023 a PDF without a readable table (a scan's text layer);
- ``missing``: a 政府信息公开 area with the 2024 report only (no 2025 report);
- ``nodisclosure``: a site with no disclosure area at all (nothing is said);
- ``portal``: correct reports, and a department's late 2025 report with a broken table listed
  first (a county portal hosts its departments' reports): only the unit's own are read.
"""

from __future__ import annotations

import random
from datetime import date

from gongkai.audit.content import annual_report as AR
from gongkai.demo import annual as A
from gongkai.demo.assets import pdf_bytes
from tests.audit.contentsite import ContentSite

HTML = "text/html; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
AS_OF = date(2026, 6, 30)
UNIT = "某某县人民政府"
TAGS = (
    '<meta name="SiteName" content="某某县人民政府"><meta name="SiteDomain" content="www.x.gov.cn">'
    '<meta name="SiteIDCode" content="4103810001">'
)
FOOTER = (
    '<div class="footer"><p>主办单位：某某县人民政府办公室 联系电话：0371-61234567</p>'
    "<p>网站标识码：4103810001 豫ICP备05001234号 豫公网安备41038102000123号</p></div>"
)
# the narrative of each year's report: different enough that only a copy is "nearly identical"
NARRATIVE = {
    2023: [
        "2023年，县政府坚持以公开为常态、不公开为例外，围绕优化营商环境推进决策、执行、管理、服务、结果公开。",
        "全年通过政府网站发布信息一千余条，召开新闻发布会六场，开展政府开放日活动两次，邀请群众代表参与。",
        "依申请公开方面，畅通当面、邮寄、网络申请渠道，严格按照法定时限答复，未发生因答复引起的行政诉讼。",
    ],
    2024: [
        "2024年，县政府聚焦乡村振兴、教育医疗、生态环境等重点领域，持续加大政府信息主动公开力度。",
        "政府网站新增重点领域信息公开专栏十二个，政策解读采用图解、视频等多种形式，提升了解读的可读性。",
        "政府信息公开申请办理实行登记、审核、答复全流程台账管理，答复文书统一格式并载明救济途径。",
        "政务公开工作纳入年度目标考核，组织全县业务培训三期，培训政务公开工作人员二百余人次。",
    ],
    2025: [
        "2025年，县政府深入推进基层政务公开标准化规范化建设，完善政策文件库，清理公开失效文件。",
        "开展政策解读进社区活动，主要负责人解读重大政策九次，回应社会关切热点问题二十余个。",
        "健全依申请公开工作机制，规范补正告知和第三方意见征询程序，建立答复文书合法性审核制度。",
        "加强政府网站和政务新媒体监管，每季度开展一次全面检查，及时整改发现的问题。",
    ],
}


def table(year: int, site: str) -> dict[str, list[int]]:
    return A.sample_table(random.Random(f"{site}:{year}"), size=20 + year % 7)


def _page(title: str, body: str, meta: str = "") -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_{UNIT}</title>{TAGS}{meta}</head>'
        f'<body><div class="header">{UNIT}</div><div class="main">{body}</div>{FOOTER}</body></html>'
    ).encode()


def _article(title: str, when: str, body: str) -> bytes:
    meta = (
        '<meta name="ColumnName" content="政府信息公开年报"><meta name="ColumnDescription" content="年报">'
        '<meta name="ColumnKeywords" content="年报"><meta name="ColumnType" content="年报">'
        f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{when} 09:00">'
        '<meta name="ContentSource" content="县政府办公室">'
    )
    return _page(
        title,
        f'<h1 class="title">{title}</h1><div class="info">发布时间：{when}</div><div class="content">{body}</div>',
        meta,
    )


def report_title(year: int) -> str:
    return f"{UNIT}{year}年度政府信息公开工作年度报告"


def _site(
    prefix: str,
    reports: list[tuple[int, str, str, bytes, str]],
    *,
    disclosure: bool = True,
    titles: dict[str, str] | None = None,
) -> dict:
    """A unit's site: home, the list of reports, the reports (year, path, date, bytes, type);
    ``titles`` gives a report path another title in the list (another unit's report)."""
    files: dict[str, tuple[bytes, str]] = {}
    titles = titles or {}
    items = "".join(
        f'<li><a href="{prefix}{path}">{titles.get(path, report_title(year))}</a><span>{when}</span></li>'
        for year, path, when, _, _ in reports
    )
    nav = f'<nav><ul><li><a href="{prefix}">首页</a></li><li><a href="{prefix}gzdt/">工作动态</a></li>'
    if disclosure:
        nav += f'<li><a href="{prefix}xxgk/">政府信息公开</a></li><li><a href="{prefix}nb/">政府信息公开年报</a></li>'
    nav += "</ul></nav>"
    news = f'<ul><li><a href="{prefix}gzdt/t20260625_1.html">县政府召开常务会议</a><span>2026-06-25</span></li></ul>'
    files[prefix] = (
        _page("首页", nav + f'<div class="block"><h3><a href="{prefix}gzdt/">工作动态</a></h3>{news}</div>'),
        HTML,
    )
    files[f"{prefix}gzdt/"] = (_page("工作动态", nav + f"<h2>工作动态</h2>{news}"), HTML)
    files[f"{prefix}gzdt/t20260625_1.html"] = (
        _page(
            "县政府召开常务会议",
            nav + "<h1>县政府召开常务会议</h1><p>发布时间：2026-06-25</p><p>会议研究了有关工作。</p>",
        ),
        HTML,
    )
    if disclosure:
        files[f"{prefix}xxgk/"] = (
            _page("政府信息公开", nav + "<h2>政府信息公开</h2><p>政府信息公开指南、制度。</p>"),
            HTML,
        )
        files[f"{prefix}nb/"] = (
            _page("政府信息公开年报", nav + f'<h2>政府信息公开年报</h2><ul class="list">{items}</ul>'),
            HTML,
        )
    for _, path, _, data, ctype in reports:
        files[prefix + path] = (data, ctype)
    return files


def _html_report(year: int, when: str, numbers: dict[str, list[int]], **extra: object) -> bytes:
    body = A.report_html(UNIT, year, NARRATIVE[year], numbers, **extra)  # type: ignore[arg-type]
    return _article(report_title(year), when, body)


def files() -> dict[str, tuple[bytes, str]]:
    out: dict[str, tuple[bytes, str]] = {}
    dates = {2025: "2026-03-20", 2024: "2025-03-15", 2023: "2024-02-28"}

    def html_reports(
        site: str, change: dict[int, dict[str, list[int]]] | None = None, **extra: object
    ) -> list:
        change = change or {}
        return [
            (
                y,
                f"nb/t{dates[y].replace('-', '')}_{y}.html",
                dates[y],
                _html_report(y, dates[y], change.get(y) or table(y, site)),
                HTML,
            )
            for y in (2025, 2024, 2023)
        ]

    out |= _site("/ok/", html_reports("ok"))

    broken = table(2025, "identity")
    broken[AR.NEW][0] += 1  # 自然人 new +1: 一 + 二 ≠ （七） + 四, and row 一's 总计 ≠ the sum of its columns
    sub = table(2024, "identity")
    reports = html_reports("identity", {2025: broken})
    wrong_subtotal = {
        **sub,
        "（三）不予公开": [v + (1 if i in (0, 6) else 0) for i, v in enumerate(sub["（三）不予公开"])],
    }
    reports[1] = (
        2024,
        reports[1][1],
        dates[2024],
        _html_report(2024, dates[2024], wrong_subtotal, parent_rows=True),
        HTML,
    )
    out |= _site("/identity/", reports)

    reports = html_reports("late")
    reports[0] = (
        2025,
        "nb/t20260415_2025.html",
        "2026-04-15",
        _html_report(2025, "2026-04-15", table(2025, "late")),
        HTML,
    )
    out |= _site("/late/", reports)

    reports = html_reports("copied")
    copy = A.report_html(UNIT, 2024, NARRATIVE[2024], table(2024, "copied")).replace("2024年", "2025年")
    reports[0] = (2025, reports[0][1], dates[2025], _article(report_title(2025), dates[2025], copy), HTML)
    out |= _site("/copied/", reports)

    docx_page = _article(
        report_title(2025),
        dates[2025],
        f'<p>{NARRATIVE[2025][0]}</p><p>附件：<a href="/files/nb2025.docx">{report_title(2025)}.docx</a></p>',
    )
    reports = [
        (2025, "nb/t20260320_2025.html", dates[2025], docx_page, HTML),
        (
            2024,
            "nb/nb2024.pdf",
            dates[2024],
            A.report_pdf(report_title(2024), NARRATIVE[2024], table(2024, "files")),
            PDF,
        ),
        (2023, "nb/nb2023.pdf", dates[2023], pdf_bytes(report_title(2023), ["（扫描件）", "第1页"]), PDF),
    ]
    out |= _site("/files/", reports)
    out["/files/nb2025.docx"] = (
        A.report_docx(report_title(2025), NARRATIVE[2025], table(2025, "files")),
        DOCX,
    )

    out |= _site("/missing/", [html_reports("missing")[1]])

    # a county portal listing a department's report before its own: the department's is not read
    department = "某某县教育局2025年度政府信息公开工作年度报告"
    other = _article(department, "2026-05-06", A.report_html("某某县教育局", 2025, NARRATIVE[2025], broken))
    reports = [(2025, "nb/t20260506_9.html", "2026-05-06", other, HTML), *html_reports("portal")]
    out |= _site("/portal/", reports, titles={"nb/t20260506_9.html": department})
    out |= _site("/nodisclosure/", [], disclosure=False)
    return out


class AnnualSite(ContentSite):
    """:func:`files` on 127.0.0.1 (the content site's server)."""

    def __init__(self) -> None:
        super().__init__()
        self.files = files()


def report_site(prefix: str, year: int, when: str, numbers: dict[str, list[int]]) -> dict:
    """A unit's site under ``prefix`` whose list holds one HTML report on ``year`` (published
    ``when``) with table 三 ``numbers``: what the register tests compare with a register."""
    path = f"nb/t{when.replace('-', '')}_{year}.html"
    return _site(prefix, [(year, path, when, _html_report(year, when, numbers), HTML)])


class ReportSite(ContentSite):
    """Given files (e.g. :func:`report_site`'s) on 127.0.0.1."""

    def __init__(self, served: dict[str, tuple[bytes, str]]) -> None:
        super().__init__()
        self.files = served
