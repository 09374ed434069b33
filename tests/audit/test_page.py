"""Link extraction: every element of the contract, old-site constructs, link text."""

from __future__ import annotations

from gongkai.audit.page import Page, extract_links


def links(html: str, url: str = "http://x.gov.cn/a/index.html") -> list[tuple[str, str, str]]:
    page = Page(url, 200, "text/html", html, 0, True)
    return [(link.target, link.element, link.text) for link in extract_links(page)]


def test_all_contract_elements() -> None:
    html = (
        '<a href="p.html"> 通知\n 公告 </a><img src="/i.png" alt="图"><script src="/s.js"></script>'
        '<link rel="stylesheet" href="/c.css"><iframe src="/f.html" title="框"></iframe>'
    )
    assert links(html) == [
        ("http://x.gov.cn/a/p.html", "a", "通知 公告"),
        ("http://x.gov.cn/i.png", "img", "图"),
        ("http://x.gov.cn/s.js", "script", ""),
        ("http://x.gov.cn/c.css", "link", ""),
        ("http://x.gov.cn/f.html", "iframe", "框"),
    ]


def test_old_site_constructs() -> None:
    assert links('<frameset><frame src="top.html"><frame src="/main.html"></frameset>') == [
        ("http://x.gov.cn/a/top.html", "iframe", ""),
        ("http://x.gov.cn/main.html", "iframe", ""),
    ]
    assert links('<img usemap="#m"><map name="m"><area href="/zone" alt="区域"></map>') == [
        ("http://x.gov.cn/zone", "a", "区域")
    ]
    assert links('<meta http-equiv="Refresh" content="0; URL=\'/portal/\'">') == [
        ("http://x.gov.cn/portal/", "a", "(页面自动跳转)")
    ]


def test_base_href_and_skipped_links() -> None:
    html = (
        '<base href="http://x.gov.cn/root/"><a href="y.html">y</a><a href="#top">top</a>'
        '<a href="javascript:;">js</a><link rel="dns-prefetch" href="//cdn.x.gov.cn">'
        '<a href="y.html">again</a><img src="y.html">'
    )
    assert links(html) == [
        ("http://x.gov.cn/root/y.html", "a", "y"),
        ("http://x.gov.cn/root/y.html", "img", ""),
    ]


def test_image_link_text_comes_from_alt() -> None:
    assert links('<a href="/l"><img src="/i.png" alt="领导之窗"></a>')[0] == (
        "http://x.gov.cn/l",
        "a",
        "领导之窗",
    )


def test_link_text_is_capped() -> None:
    assert len(links(f'<a href="/l">{"很长" * 200}</a>')[0][2]) == 100
