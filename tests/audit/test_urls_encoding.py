"""URL normalisation, endless-space guard and decoding of Chinese pages."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from gongkai.audit.encoding import decode_html
from gongkai.audit.urls import SpaceGuard, normalize, resolve

TEXT = "国务院办公厅关于印发政府网站发展指引的通知"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://WWW.Example.GOV.cn:80/a/../b/?z=1&a=2#frag", "http://www.example.gov.cn/b/?a=2&z=1"),
        ("https://x.gov.cn:443", "https://x.gov.cn/"),
        ("http://x.gov.cn:8080/路径 1.html", "http://x.gov.cn:8080/%E8%B7%AF%E5%BE%84%201.html"),
        ("http://x.gov.cn/a;jsessionid=ABC123?id=1", "http://x.gov.cn/a?id=1"),
        ("http://[::1]:81/", "http://[::1]:81/"),
        ("ftp://x.gov.cn/", None),
        ("http://", None),
        ("http://[bad/", None),
        ("http://x/" + "a" * 3000, None),
    ],
)
def test_normalize(raw: str, expected: str | None) -> None:
    assert normalize(raw) == expected


def test_normalize_is_idempotent() -> None:
    once = normalize("http://x.gov.cn/a b/%E4%B8%AD?q=中 文")
    assert once is not None and normalize(once) == once


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("../c.html", "http://x.gov.cn/a/c.html"),
        ("  /d\n.html\t", "http://x.gov.cn/d.html"),
        ("//y.gov.cn/e", "http://y.gov.cn/e"),
        ("#top", None),
        ("javascript:void(0)", None),
        ("MAILTO:a@b.cn", None),
        ("tel:12345", None),
        ("", None),
        ("data:image/png;base64,xx", None),
    ],
)
def test_resolve(href: str, expected: str | None) -> None:
    assert resolve("http://x.gov.cn/a/b/index.html", href) == expected


def test_space_guard_caps_query_variants_per_path() -> None:
    guard = SpaceGuard(max_query_variants=3)
    admitted = [guard.admit(f"http://x/cal?month={i}") for i in range(6)]
    assert admitted == [True, True, True, False, False, False]
    assert guard.admit("http://x/other?month=9") and guard.admit("http://x/cal")


def test_space_guard_refuses_repeating_paths() -> None:
    guard = SpaceGuard()
    assert not guard.admit("http://x/a/b/a/b/a/b/")
    assert not guard.admit("http://x/img/img/img/")
    assert guard.admit("http://x/2025/11/11/art_1.html")


@pytest.mark.parametrize(
    ("encoding", "declared", "http"),
    [
        ("utf-8", "utf-8", None),
        ("gbk", None, None),
        ("gbk", "utf-8", None),
        ("gb2312", "gb2312", None),
        ("gb18030", None, "iso-8859-1"),
        ("gbk", "gb2312", "utf-8"),
        ("utf-8", "gbk", None),
    ],
)
def test_decode_chinese_with_wrong_or_missing_declarations(
    encoding: str, declared: str | None, http: str | None
) -> None:
    meta = f'<meta charset="{declared}">' if declared else ""
    body = f"<html><head>{meta}</head><body><p>{TEXT}</p></body></html>".encode(encoding)
    text, _ = decode_html(body, http)
    assert TEXT in text


def test_gb18030_only_characters() -> None:
    body = f'<meta charset="gb2312"><p>{TEXT}𠮷</p>'.encode("gb18030")
    assert f"{TEXT}𠮷" in decode_html(body)[0]


def test_decode_never_raises_on_junk() -> None:
    text, encoding = decode_html(bytes(range(256)) * 20 + b"\x00\xff\xfe")
    assert isinstance(text, str) and encoding


@pytest.mark.parametrize(
    "base", ["http://h", "http://h/", "http://h:81/a/b/c.html?x=/1/2", "http://h/a/b", "http://h/a/"]
)
@pytest.mark.parametrize(
    "href", ["x", "../x", "./y/../z", "/abs", "//other/p", "?q=1", "https://k/l", "x?y=/z"]
)
def test_cached_resolution_equals_plain_urljoin(base: str, href: str) -> None:
    assert resolve(base, href) == normalize(urljoin(base, href))
