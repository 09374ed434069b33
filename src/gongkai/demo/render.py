"""HTML of the generated sites, in the shape of a typical county government CMS (TRS-like).

Every page carries the site tags of 政府网站发展指引 (rules.md §4), column pages the column
tags and article pages the content tags, unless the site's plan drops one on purpose. The
footer holds 主办单位, 联系方式, 网站标识码, ICP备案号, 公安机关备案号 and the 党政机关网站标识.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape


@dataclass
class SiteLook:
    """What every page of one site shares."""

    name: str  # SiteName, e.g. 偃师市教育体育局
    domain: str
    site_id_code: str
    host: str  # 主办单位
    phone: str
    address: str
    icp: str
    police: str
    nav: list[tuple[str, str]]  # (column name, path)
    charset: str = "utf-8"
    search: bool = True
    footer_missing: frozenset[str] = frozenset()  # 网站标识码, ICP备案号 … left out on purpose
    conac_id: str = ""


@dataclass
class Entry:
    """One item of a list (home block or column page)."""

    title: str
    path: str
    when: datetime


@dataclass
class Meta:
    """The page tags of one page; a tag named in ``drop`` is left out (a planted missing_meta)."""

    column: tuple[str, str, str, str] | None = None  # name, description, keywords, type
    article: tuple[str, str, str] | None = None  # title, "YYYY-MM-DD HH:MM", source
    drop: frozenset[str] = field(default_factory=frozenset)


def _tags(look: SiteLook, meta: Meta) -> str:
    tags: list[tuple[str, str]] = [
        ("SiteName", look.name),
        ("SiteDomain", look.domain),
        ("SiteIDCode", look.site_id_code),
    ]
    if meta.column:
        names = ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")
        tags += list(zip(names, meta.column, strict=True))
    if meta.article:
        names = ("ArticleTitle", "PubDate", "ContentSource")
        tags += list(zip(names, meta.article, strict=True))
    return "\n".join(
        f'<meta name="{name}" content="{escape(value)}">' for name, value in tags if name not in meta.drop
    )


def document(look: SiteLook, title: str, meta: Meta, body: str) -> str:
    """A whole page: head with tags, header with banner and navigation, body, footer."""
    nav = "".join(f'<li><a href="{path}">{escape(name)}</a></li>' for name, path in look.nav)
    search = (
        '<form class="search" action="/search.html" method="get">'
        '<input type="text" name="searchword" placeholder="请输入关键词"><button type="submit">搜索</button></form>'
        if look.search
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{look.charset}">
<title>{escape(title)}</title>
{_tags(look, meta)}
<link rel="stylesheet" href="/css/style.css">
</head>
<body>
<div class="header"><a href="/"><img src="/images/banner.png" alt="{escape(look.name)}"></a>{search}</div>
<nav class="nav"><ul><li><a href="/">首页</a></li>{nav}</ul></nav>
<div class="main">
{body}
</div>
{_footer(look)}
</body>
</html>
"""


def _footer(look: SiteLook) -> str:
    parts = [f"主办单位：{escape(look.host)}", f"联系电话：{look.phone}", f"地址：{escape(look.address)}"]
    second = []
    if "网站标识码" not in look.footer_missing:
        second.append(f"网站标识码：{look.site_id_code}")
    if "ICP备案号" not in look.footer_missing:
        second.append(f'<a href="https://beian.miit.gov.cn/" target="_blank">{look.icp}</a>')
    if "公安机关备案号" not in look.footer_missing:
        second.append(
            f'<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={look.police[5:-1]}" '
            f'target="_blank">{look.police}</a>'
        )
    conac = (
        f'<a href="https://bszs.conac.cn/sitename?method=show&amp;id={look.conac_id}" target="_blank">'
        '<img src="/images/dzjg.png" alt="党政机关网站标识"></a>'
    )
    return (
        '<div class="footer">'
        '<p><a href="https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?websiteid='
        f'{look.site_id_code}" target="_blank">我为政府网站找错</a></p>'
        f"<p>{'　'.join(parts)}</p><p>{'　'.join(second)}</p>{conac}</div>"
    )


def _list(entries: Iterable[Entry], *, date_format: str = "%Y-%m-%d") -> str:
    rows = "".join(
        f'<li><a href="{e.path}" title="{escape(e.title)}">{escape(e.title)}</a>'
        f"<span>{e.when.strftime(date_format)}</span></li>"
        for e in entries
    )
    return f'<ul class="list">{rows}</ul>'


def home_body(blocks: Sequence[tuple[str, str, list[Entry]]], extra: str = "") -> str:
    """Home page blocks (column name, column path, newest entries) with their 更多 links."""
    html = ['<div class="banner"><img src="/images/photo.png" alt="图片新闻"></div>']
    for name, path, entries in blocks:
        html.append(
            f'<div class="block"><div class="block-hd"><h3><a href="{path}">{escape(name)}</a></h3>'
            f'<a class="more" href="{path}" title="更多{escape(name)}">更多&gt;&gt;</a></div>'
            f"{_list(entries)}</div>"
        )
    html.append(extra)
    return "\n".join(html)


def list_body(name: str, entries: list[Entry], index: int, count: int) -> str:
    """One page of a column list with its pager; an empty column says 暂无信息."""
    crumb = f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; {escape(name)}</div>'
    if not entries:
        return crumb + f'<div class="column"><h2>{escape(name)}</h2><p class="empty">暂无信息</p></div>'
    pager = ""
    if count > 1:

        def page_path(i: int) -> str:
            return "index.html" if i == 0 else f"index_{i}.html"

        links = [f'<a href="{page_path(0)}">首页</a>']
        if index > 0:
            links.append(f'<a href="{page_path(index - 1)}">上一页</a>')
        links += [
            f'<span class="current">{i + 1}</span>' if i == index else f'<a href="{page_path(i)}">{i + 1}</a>'
            for i in range(count)
        ]
        if index < count - 1:
            links.append(f'<a href="{page_path(index + 1)}">下一页</a>')
        links.append(f'<a href="{page_path(count - 1)}">尾页</a>')
        pager = f'<div class="page">{"".join(links)}<span>共{count}页</span></div>'
    return crumb + f'<div class="column"><h2>{escape(name)}</h2>{_list(entries)}{pager}</div>'


def article_body(
    column: tuple[str, str],
    title: str,
    when: datetime,
    source: str,
    paragraphs: list[str],
    *,
    before: str = "",
    after: str = "",
) -> str:
    """An article: crumb, title, 发布时间/来源 line, optional metadata block, text, extra links."""
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="{column[1]}">{escape(column[0])}</a></div>'
        f'<div class="article"><h1 class="title">{escape(title)}</h1>'
        f'<div class="info">发布时间：{when.strftime("%Y-%m-%d %H:%M")}　来源：{escape(source)}</div>'
        f'{before}<div class="content">{text}</div>{after}</div>'
    )


def policy_table(rows: Sequence[tuple[str, str]]) -> str:
    """The metadata block of a policy file (索引号, 发文机关, 文号, 发文日期, 效力状态…)."""
    cells = "".join(f"<tr><th>{escape(label)}：</th><td>{escape(value)}</td></tr>" for label, value in rows)
    return f'<table class="zcwj-info">{cells}</table>'


def links_block(label: str, links: Sequence[tuple[str, str]], *, element: str = "div") -> str:
    items = "".join(f'<li><a href="{path}">{escape(text)}</a></li>' for text, path in links)
    return f'<{element} class="related"><h4>{escape(label)}</h4><ul>{items}</ul></{element}>'


STYLE = """body{margin:0;font:14px/1.8 "Microsoft YaHei",SimSun,sans-serif;color:#333;background:#f4f4f4}
.header{background:#b71c1c;padding:8px 40px;display:flex;justify-content:space-between;align-items:center}
.nav ul{margin:0;padding:0 40px;background:#d32f2f;display:flex;flex-wrap:wrap;list-style:none}
.nav a{color:#fff;display:block;padding:8px 16px;text-decoration:none}
.main{width:1000px;margin:16px auto;background:#fff;padding:16px}
.block{margin-bottom:16px}.block-hd{display:flex;justify-content:space-between;border-bottom:2px solid #b71c1c}
.list{list-style:none;padding:0}.list li{display:flex;justify-content:space-between;border-bottom:1px dashed #ddd}
.list a{color:#333;text-decoration:none}.page a,.page span{margin:0 4px}
.article .title{text-align:center;font-size:22px}.article .info{text-align:center;color:#888}
.zcwj-info{width:100%;border-collapse:collapse}.zcwj-info th,.zcwj-info td{border:1px solid #ddd;padding:4px}
.footer{text-align:center;color:#666;padding:16px;background:#eee}
"""
