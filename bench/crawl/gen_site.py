"""Generate a synthetic government website of at least 5,000 pages for the crawl benchmark.

Shape of a county government portal: a home page, 40 columns whose list pages are paginated
(20 items a page), ~125 articles per column, shared images, PDF attachments, page tags of
政府网站发展指引 and a full footer. One column is in GB2312 like many older sites. A fixed share
of links is broken (missing attachments, missing images, deleted articles) so every tool has
something to find. Deterministic: the same arguments give the same site.

    python bench/crawl/gen_site.py OUTDIR [--columns 40] [--per-column 125]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

COLUMN_NAMES = [
    "工作动态",
    "通知公告",
    "政策文件",
    "政策解读",
    "人事信息",
    "规划计划",
    "财政预决算",
    "政府采购",
    "招标投标",
    "应急管理",
    "环境保护",
    "安全生产",
    "食品药品",
    "教育信息",
    "医疗卫生",
    "社会保障",
    "就业创业",
    "住房保障",
    "交通运输",
    "农业农村",
    "文化旅游",
    "统计数据",
    "审计信息",
    "建议提案",
    "重大项目",
    "乡村振兴",
    "营商环境",
    "市场监管",
    "自然资源",
    "水利水务",
    "民政事务",
    "退役军人",
    "医疗保障",
    "公共资源",
    "行政执法",
    "信息公开年报",
    "机构职能",
    "领导信息",
    "部门动态",
    "乡镇动态",
]
SENTENCE = (
    "为深入贯彻落实党中央、国务院决策部署,进一步做好政府信息公开工作,提升政府网站建设管理水平,"
    "现就有关事项通知如下。各单位要高度重视,明确责任分工,加强协调配合,确保各项工作落到实处。"
)
FOOTER = (
    '<div class="footer"><p>主办单位:某某县人民政府办公室 承办:县政务服务数据管理局 联系电话:0795-7654321</p>'
    "<p>网站标识码:3609220001 赣ICP备05001234号 赣公网安备 36092202000123号</p>"
    '<a href="/jiucuo/">我为政府网站找错</a></div>'
)


def head(title: str, charset: str, column: str | None = None, article: bool = False) -> str:
    tags = (
        '<meta name="SiteName" content="某某县人民政府"><meta name="SiteDomain" content="www.example.gov.cn">'
        '<meta name="SiteIDCode" content="3609220001">'
    )
    if column:
        tags += (
            f'<meta name="ColumnName" content="{column}"><meta name="ColumnDescription" content="{column}">'
            f'<meta name="ColumnKeywords" content="{column}"><meta name="ColumnType" content="{column}">'
        )
    if article:
        tags += (
            f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="2025-11-11 09:30">'
            '<meta name="ContentSource" content="县政府办公室">'
        )
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>{tags}'
        '<link rel="stylesheet" href="/css/site.css"><script src="/js/common.js"></script></head>'
    )


def nav(columns: int) -> str:
    items = "".join(
        f'<li><a href="/col/c{c}/index.html">{COLUMN_NAMES[c % len(COLUMN_NAMES)]}</a></li>'
        for c in range(columns)
    )
    return (
        f'<div class="header"><a href="/index.html"><img src="/images/logo.png" alt="县政府"></a>'
        f'<form action="/search/" method="get"><input type="text" name="searchword"><button>搜索</button></form>'
        f'</div><ul class="nav"><li><a href="/index.html">首页</a></li>{items}</ul>'
    )


def write(path: Path, text: str, charset: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("gb18030" if charset == "gb2312" else "utf-8"))


def generate(out: Path, columns: int, per_column: int, per_list: int = 20) -> dict[str, int]:
    """Write the site into ``out``; the paths of the planted broken targets go to
    ``out/../planted.txt``, one a line."""
    rng = random.Random(2025)
    navigation = nav(columns)
    counts = {"html": 0, "broken_planted": 0}
    broken: list[str] = []  # site paths of every planted broken target
    for i in range(50):
        write(out / f"images/pic_{i}.jpg", "JFIF" + "0" * 2000, "utf-8")
    write(out / "images/logo.png", "PNG" + "0" * 500, "utf-8")
    write(out / "css/site.css", "body{font-family:sans-serif}", "utf-8")
    write(out / "js/common.js", "var site=1;", "utf-8")
    write(out / "search/index.html", head("搜索", "utf-8") + "<body>搜索</body></html>", "utf-8")
    write(out / "jiucuo/index.html", head("我为政府网站找错", "utf-8") + "<body>找错</body></html>", "utf-8")
    counts["html"] += 2
    home_items = []
    for c in range(columns):
        name = COLUMN_NAMES[c % len(COLUMN_NAMES)]
        charset = "gb2312" if c == 3 else "utf-8"
        items = []
        for a in range(per_column):
            title = f"{name}:关于2025年第{a + 1}批重点工作的通知"
            url = f"/col/c{c}/art/2025/t2025{(a % 12) + 1:02d}{(a % 28) + 1:02d}_{c}_{a}.html"
            body = f"<h1>{title}</h1><p class='date'>2025-{(a % 12) + 1:02d}-{(a % 28) + 1:02d}</p>"
            body += "".join(f"<p>{SENTENCE}</p>" for _ in range(rng.randint(3, 8)))
            body += f'<p><img src="/images/pic_{rng.randrange(50)}.jpg" alt="配图"></p>'
            if a % 10 == 0:
                write(out / f"attach/file_{c}_{a}.pdf", "%PDF-1.4 " + "0" * 3000, "utf-8")
                body += f'<p><a href="/attach/file_{c}_{a}.pdf">附件:{title}.pdf</a></p>'
            if (c * per_column + a) % 50 == 7:
                body += f'<p><a href="/attach/missing_{c}_{a}.pdf">附件(已失效)</a></p>'
                broken.append(f"/attach/missing_{c}_{a}.pdf")
            if (c * per_column + a) % 70 == 11:
                body += f'<p><img src="/images/missing_{c}_{a}.jpg" alt="失效图片"></p>'
                broken.append(f"/images/missing_{c}_{a}.jpg")
            page = (
                head(title, charset, name, article=True) + f"<body>{navigation}<div class='content'>{body}"
                f"</div>{FOOTER}</body></html>"
            )
            write(out / url.lstrip("/"), page, charset)
            counts["html"] += 1
            items.append((title, url, f"2025-{(a % 12) + 1:02d}-{(a % 28) + 1:02d}"))
        items.append((f"{name}:已删除的文章", f"/col/c{c}/art/deleted_{c}.html", "2024-01-01"))
        broken.append(f"/col/c{c}/art/deleted_{c}.html")
        pages = (len(items) + per_list - 1) // per_list
        for p in range(pages):
            chunk = items[p * per_list : (p + 1) * per_list]
            lis = "".join(f'<li><a href="{u}">{t}</a><span>{d}</span></li>' for t, u, d in chunk)
            pager = " ".join(
                f'<a href="/col/c{c}/{"index" if q == 0 else f"index_{q}"}.html">{q + 1}</a>'
                for q in range(pages)
            )
            page = (
                head(name, charset, name) + f"<body>{navigation}<h2>{name}</h2><ul class='list'>{lis}</ul>"
                f"<div class='pager'>{pager}</div>{FOOTER}</body></html>"
            )
            write(out / f"col/c{c}/{'index' if p == 0 else f'index_{p}'}.html", page, charset)
            counts["html"] += 1
        home_items.append(items[0])
    lis = "".join(f'<li><a href="{u}">{t}</a><span>{d}</span></li>' for t, u, d in home_items)
    home = (
        head("某某县人民政府", "utf-8") + f"<body>{navigation}<ul class='news'>{lis}</ul>"
        '<a href="/zwgk/missing.html">政务公开(失效)</a><img src="/images/banner_missing.jpg" alt="横幅">'
        f"{FOOTER}</body></html>"
    )
    broken += ["/zwgk/missing.html", "/images/banner_missing.jpg"]
    write(out / "index.html", home, "utf-8")
    counts["html"] += 1
    counts["broken_planted"] = len(broken)
    (out.parent / "planted.txt").write_text("\n".join(broken) + "\n", encoding="utf-8")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--columns", type=int, default=40)
    parser.add_argument("--per-column", type=int, default=125)
    args = parser.parse_args()
    counts = generate(args.outdir, args.columns, args.per_column)
    print(f"{counts['html']} HTML pages, {counts['broken_planted']} broken links planted in {args.outdir}")


if __name__ == "__main__":
    main()
