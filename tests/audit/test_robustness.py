"""Malformed and adversarial HTML must never crash the audit: every page check gets the page."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.audit.checks import default_checks
from gongkai.audit.config import AuditConfig
from gongkai.audit.context import AuditContext
from gongkai.audit.encoding import decode_html
from gongkai.audit.engine import audit
from gongkai.audit.page import Page, extract_links
from tests.audit.conftest import fast_config
from tests.audit.testsite import GovSite

CORPUS: list[bytes] = [
    b"",
    b"<",
    b"<html><head><title>unterminated",
    b"<a href='/x'>" * 5000,
    b"<div>" * 20000 + b"deep",
    b'<a href="' + b"x" * 1_000_000 + b'">huge attribute</a>',
    b"<meta name=SiteIDCode content=" + b"9" * 100000 + b">",
    b"\x00" * 1000 + b"<a href='/nul\x00byte'>nul</a>",
    bytes(range(256)) * 50,
    "<p>GBK 声明成 UTF-8</p><a href='/\u4e2d'>中</a>".encode("gbk"),
    b"<html><body><a href='http://[::1'>bad ipv6</a><a href='http://x:99999/'>bad port</a>"
    b"<a href='  javascript:alert(1)'>js</a><img src='data:image/png;base64,AAAA'></body></html>",
    b"<base href='::::'><a href='rel'>x</a><form><input name=q type=search></form>",
    b"<footer>\xff\xfe\xfd\xfc</footer><div class='foot'>\xe7\xbd\x91\xe7\xab\x99\xe6\xa0\x87\xe8\xaf\x86\xe7\xa0\x81</div>",
    b"<!--" + b"-" * 10000,
    b"<script>" + b"</scr" * 3000,
    b"<table>" + b"<tr><td><table>" * 2000,
]

_CTX = AuditContext(AuditConfig(start="http://x.gov.cn/"), "http://x.gov.cn/", "http://x.gov.cn/", None)  # type: ignore[arg-type]


def run_checks(body: bytes, url: str = "http://x.gov.cn/a/", start: bool = False) -> int:
    """Decode, parse and run every page check as the engine does; returns the finding count."""
    text, encoding = decode_html(body, None)
    page = Page(url, 200, "text/html", text, 1, start, encoding=encoding)
    page.links = extract_links(page)
    count = 0
    for check in default_checks():
        count += len(list(check.check_page(page, _CTX)))
    page.release()
    return count


def test_adversarial_corpus_never_crashes() -> None:
    for body in CORPUS:
        for start in (True, False):
            assert run_checks(body, start=start) >= 0


def test_adversarial_corpus_served_over_http_never_crashes(site: GovSite) -> None:
    for i, body in enumerate(CORPUS):
        site.raw[f"{i}.html"] = body
    index = "".join(f'<a href="/raw/{i}.html">{i}</a>' for i in range(len(CORPUS)))
    site.raw["index.html"] = f"<html><body>{index}</body></html>".encode()
    result = asyncio.run(audit(fast_config(site.url("/raw/index.html"), max_depth=1)))
    assert result.error is None
    assert result.pages_crawled == len(CORPUS) + 1
    assert not [f for f in result.findings if f.kind == "page_error"]


def test_many_links_are_found_in_broken_markup() -> None:
    text, _ = decode_html(b"<p><a href=/a>a<a href=/b>b<div><a href=/c>c</p></div>")
    page = Page("http://x.gov.cn/", 200, "text/html", text, 0, True)
    assert [link.target for link in extract_links(page)] == [
        "http://x.gov.cn/a",
        "http://x.gov.cn/b",
        "http://x.gov.cn/c",
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_random_bytes_never_crash(body: bytes) -> None:
    assert run_checks(body, start=True) >= 0


_TAGS = st.sampled_from(
    ["a", "img", "script", "link", "iframe", "meta", "div", "footer", "form", "input", "base"]
)
_ATTRS = st.sampled_from(
    ["href", "src", "name", "content", "class", "id", "type", "action", "rel", "charset"]
)


@st.composite
def html_soup(draw: st.DrawFn) -> bytes:
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(_TAGS)
        attrs = " ".join(
            f'{draw(_ATTRS)}="{draw(st.text(max_size=30))}"' for _ in range(draw(st.integers(0, 3)))
        )
        parts.append(
            f"<{tag} {attrs}>{draw(st.text(max_size=20))}" + (f"</{tag}>" if draw(st.booleans()) else "")
        )
    encoding = draw(st.sampled_from(["utf-8", "gb18030", "utf-16"]))
    return "".join(parts).encode(encoding, errors="replace")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_soup())
def test_random_tag_soup_never_crashes(body: bytes) -> None:
    assert run_checks(body, start=True) >= 0
    assert run_checks(body, url="http://x.gov.cn/art/t20251111_1.html") >= 0


def test_ipv6_check_survives_an_empty_host() -> None:
    from gongkai.audit.checks.site import ipv6_status

    assert asyncio.run(ipv6_status("", 80, dns_server="127.0.0.1:9", timeout=0.2))[0] in (None, False)
