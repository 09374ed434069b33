"""Which wall answered (gongkai.audit.waf): the walls of Chinese government sites by their pages,
and the ordinary pages that must not be taken for one."""

from __future__ import annotations

import asyncio

import pytest

from gongkai.audit.fetch import looks_like_challenge as from_fetch
from gongkai.audit.waf import COOKIE_CHALLENGE, GENERIC, detect_waf, looks_like_challenge


def _page(body: str) -> bytes:
    return f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()


RUISHU = _page("<script>var $_ts=window['$_ts'];$_ts.nsd=1;</script><script r='m' src='/x/c.js'></script>")
JSL = _page(
    "<script>document.cookie='__jsl_clearance_s=1733|0|abc;max-age=3600;path=/';location.href=location.pathname</script>"
)
JSL_OBFUSCATED = _page("<script>var _jsl=1;eval(function(p){return p}('x'))</script>")


@pytest.mark.parametrize(
    ("status", "body", "name"),
    [
        (412, RUISHU, "瑞数"),
        (
            412,
            _page("<script>var _$a='x';document.cookie='FSSBB=1';</script>"),
            "瑞数",
        ),  # no $_ts: still 412 + script
        (521, JSL, "加速乐"),
        (200, JSL, "加速乐"),
        (
            521,
            _page("<script>document.cookie='x=1';location.reload()</script>"),
            "加速乐",
        ),  # 521 + cookie script
        (200, JSL_OBFUSCATED.replace(b"eval", b"document.cookie=eval"), "加速乐"),
        (
            403,
            _page("<h1>您的访问被创宇盾拦截</h1><script src='//static.yunaq.com/x.js'></script>"),
            "创宇盾",
        ),
        (403, _page("<p>知道创宇云安全</p>"), "知道创宇"),
        (
            403,
            _page("<h2>网站防火墙</h2><p>您的请求带有不合法参数，已被网站管理员设置拦截！</p><p>安全狗</p>"),
            "安全狗",
        ),
        (
            200,
            _page("<script>location.href='/'</script><p>safedog</p><script>document.cookie='s=1'</script>"),
            "安全狗",
        ),
        (503, _page("<p>360网站卫士</p><p>访问验证</p>"), "360网站卫士"),
        (403, _page("<title>云防护</title><p>访问被拦截</p>"), "云防护"),
        (
            403,
            _page("<div id='cf-chl-widget'></div><script src='/cdn-cgi/challenge-platform/x.js'></script>"),
            "Cloudflare",
        ),
        (200, _page("<script>document.cookie='wzws_cid=abc';location.reload()</script>"), COOKIE_CHALLENGE),
        (
            200,
            _page("<script>document.cookie = 'token=' + t; window.location = '/'</script>"),
            COOKIE_CHALLENGE,
        ),
        (503, _page("<p>请开启JavaScript后访问</p>"), GENERIC),
        (200, _page("<noscript>Please enable JavaScript</noscript><script src='/v.js'></script>"), GENERIC),
    ],
)
def test_walls_are_named(status: int, body: bytes, name: str) -> None:
    assert detect_waf(status, body) == name
    assert looks_like_challenge(status, body) and from_fetch(status, body)  # fetch.py's old name still works


def test_headers_name_an_unnamed_wall_but_never_make_one() -> None:
    challenge = _page("<script>document.cookie='t=1';location.reload()</script>")
    assert detect_waf(200, challenge, [("Set-Cookie", "__jsluid_h=abc; path=/")]) == "加速乐"
    assert (
        detect_waf(403, _page("<p>禁止访问</p><p>访问验证</p>"), [("Server", "cloudflare")]) == "Cloudflare"
    )
    article = _page("<h1>县政府召开常务会议</h1>" + "<a href='/x'>x</a>" * 10)
    assert (
        detect_waf(200, article, [("Set-Cookie", "__jsluid_h=abc; path=/"), ("Server", "cloudflare")]) is None
    )


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (404, _page("<script>document.cookie='seen=1'</script>页面不存在")),  # "not found" is an answer
        (410, RUISHU),
        (200, _page("<p>plain small page</p>")),
        (200, _page("<script>location.href='/index.html'</script>")),  # a script redirect, no cookie
        (200, _page("<p>本站已部署安全狗、创宇盾等防护，请放心浏览。</p>")),  # mentions, runs no script
        (
            200,
            _page("<script src='/m.js'></script><p>安全验证</p>" + "<a href='/x'>链接</a>" * 8),
        ),  # a page of links
        (200, _page("<script>document.cookie='x=1'</script>" + "<p>正文</p>" * 5000)),  # large: a real page
        (500, _page("<p>服务器内部错误</p>")),  # a real error, no marker
        (412, _page("<p>Precondition Failed</p>")),  # a 412 without any script
    ],
)
def test_ordinary_pages_are_not_walls(status: int, body: bytes) -> None:
    assert detect_waf(status, body) is None


def test_a_wall_is_no_failed_probe_of_the_unreachable_veto() -> None:
    """A probe answered by a wall in time: the server is up; the probe is kept as blocked."""
    from gongkai.audit.probe import probe
    from tests.loopback import serve_pages

    with serve_pages({"/": (412, RUISHU.decode())}) as base:
        report = asyncio.run(probe(base + "/", 2, 0.0, timeout=5.0))
    assert report.failures == 0
    assert [(r.ok, r.status, r.error) for r in report.results] == [(True, 412, "blocked")] * 2
    with serve_pages({}) as base:  # a real error still fails
        assert asyncio.run(probe(base + "/", 1, 0.0, timeout=5.0)).failures == 1
