"""Per-page encoding detection on a real loopback site: BOMs, UTF-16 without BOM, Big5, mixed
GBK/UTF-8 pages and wrong declarations, and the guess recorded in the JSON."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gongkai.audit.checks import Check
from gongkai.audit.context import AuditContext
from gongkai.audit.encoding import decode_page
from gongkai.audit.engine import audit
from gongkai.audit.page import Page
from tests.audit.conftest import fast_config

SIMPLIFIED = "国务院办公厅关于印发政府网站发展指引的通知，各省、自治区、直辖市人民政府"
TRADITIONAL = "國務院辦公廳關於印發政府網站發展指引的通知，各省、自治區、直轄市人民政府"
FRAGMENT = "县人民政府办公室"  # a UTF-8 snippet pasted into a GBK page (e.g. from an editor)
ODD_FRAGMENT = (
    "县政府"  # 9 bytes: a strict GB18030 decode of the page fails (the old code then read it all as UTF-8)
)

RawPages = Mapping[str, tuple[str, bytes]]  # path -> (Content-Type, body)


@contextmanager
def serve_bytes(pages: RawPages) -> Iterator[str]:
    """Serve raw bytes with the given Content-Type (the loopback helper only speaks UTF-8)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            content_type, body = pages.get(self.path, ("text/html", b"<html><body>404</body></html>"))
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def html(text: str, meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return f"<!DOCTYPE html><html><head>{head}<title>通知</title></head><body><p>{text}</p></body></html>"


class BodyText(Check):
    """Keeps the visible text of every page, to see what the checks were given."""

    name = "body_text"

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def check_page(self, page: Page, ctx: AuditContext) -> list:
        self.texts[page.url.rsplit("/", 1)[-1]] = page.body_text
        return []


PAGES: dict[str, tuple[str, bytes]] = {
    "/gbk-mixed.html": (
        "text/html; charset=gbk",
        html(SIMPLIFIED, "gbk")
        .encode("gbk")
        .replace(b"</p>", b"</p><p>" + FRAGMENT.encode("utf-8") + b"</p>"),
    ),
    "/gbk-mixed-odd.html": (
        "text/html",
        html(SIMPLIFIED, "gbk")
        .encode("gbk")
        .replace(b"</p>", b"</p><p>" + ODD_FRAGMENT.encode("utf-8") + b"</p>"),
    ),
    "/utf16le-bom.html": ("text/html", b"\xff\xfe" + html(SIMPLIFIED).encode("utf-16-le")),
    "/utf16be-bom.html": ("text/html", b"\xfe\xff" + html(SIMPLIFIED).encode("utf-16-be")),
    "/utf16le.html": ("text/html", html(SIMPLIFIED).encode("utf-16-le")),
    "/utf16be.html": ("text/html", html(SIMPLIFIED).encode("utf-16-be")),
    "/big5.html": ("text/html", html(TRADITIONAL).encode("big5")),
    "/big5-declared.html": ("text/html", html(TRADITIONAL, "big5").encode("big5")),
    "/wrong.html": ("text/html; charset=utf-8", html(SIMPLIFIED, "utf-8").encode("gbk")),
    "/utf8.html": ("text/html; charset=utf-8", html(SIMPLIFIED, "utf-8").encode("utf-8")),
}
EXPECTED = {
    "gbk-mixed.html": ("gb18030", SIMPLIFIED),
    "gbk-mixed-odd.html": ("gb18030", SIMPLIFIED),
    "utf16le-bom.html": ("utf-16-le", SIMPLIFIED),
    "utf16be-bom.html": ("utf-16-be", SIMPLIFIED),
    "utf16le.html": ("utf-16-le", SIMPLIFIED),
    "utf16be.html": ("utf-16-be", SIMPLIFIED),
    "big5.html": ("big5", TRADITIONAL),
    "big5-declared.html": ("big5", TRADITIONAL),
    "wrong.html": ("gb18030", SIMPLIFIED),
    "utf8.html": ("utf-8", SIMPLIFIED),
}


@pytest.fixture(scope="module")
def crawled() -> Iterator[tuple[dict, dict[str, str]]]:
    links = "".join(f'<a href="{path}">{path}</a>' for path in PAGES)
    home = ("text/html; charset=utf-8", html(links, "utf-8").encode("utf-8"))
    with serve_bytes({"/": home, **PAGES}) as base:
        body = BodyText()
        result = asyncio.run(audit(fast_config(base + "/"), checks=[body]))
        yield result.to_dict(), body.texts


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_page_is_decoded_with_its_own_encoding(crawled: tuple[dict, dict[str, str]], name: str) -> None:
    _, texts = crawled
    assert EXPECTED[name][1] in texts[name]
    assert "\ufffd" not in texts[name]


def test_utf8_fragment_in_a_gbk_page_is_read_as_utf8(crawled: tuple[dict, dict[str, str]]) -> None:
    _, texts = crawled
    assert FRAGMENT in texts["gbk-mixed.html"]
    assert ODD_FRAGMENT in texts["gbk-mixed-odd.html"]


def test_encodings_are_counted_per_page(crawled: tuple[dict, dict[str, str]]) -> None:
    data, _ = crawled
    expected: dict[str, int] = {"utf-8": 1}  # the home page
    for encoding, _ in EXPECTED.values():
        expected[encoding] = expected.get(encoding, 0) + 1
    assert data["encodings"] == expected


def test_wrong_missing_and_mixed_declarations_are_noted(crawled: tuple[dict, dict[str, str]]) -> None:
    data, _ = crawled
    notes = {note["page"].rsplit("/", 1)[-1]: note for note in data["encoding_notes"]}
    assert set(notes) == {
        "gbk-mixed.html",
        "gbk-mixed-odd.html",
        "utf16le.html",
        "utf16be.html",
        "big5.html",
        "wrong.html",
    }
    assert notes["wrong.html"]["declared"] == "utf-8" and notes["wrong.html"]["encoding"] == "gb18030"
    assert "声明" in notes["wrong.html"]["note"] and "gb18030" in notes["wrong.html"]["note"]
    assert notes["big5.html"]["declared"] is None and "未声明" in notes["big5.html"]["note"]
    assert "utf-8" in notes["gbk-mixed.html"]["note"]


def test_detector_never_answers_a_non_chinese_codec() -> None:
    # a GBK page with a long UTF-8 part and no declaration: charset-normalizer alone says ptcp154/None
    body = (
        html(SIMPLIFIED * 3).encode("gbk")
        + ("<p>" + FRAGMENT * 5 + "</p>").encode("utf-8")
        + html(SIMPLIFIED).encode("gbk")
    )
    decoded = decode_page(body)
    assert decoded.encoding == "gb18030"
    assert SIMPLIFIED in decoded.text and FRAGMENT * 5 in decoded.text


@pytest.mark.parametrize("declared", ["gb2312", "GBK", "x-gbk"])
def test_gb_family_declarations_decode_as_gb18030(declared: str) -> None:
    body = html(SIMPLIFIED + "𠮷", declared).encode("gb18030")
    decoded = decode_page(body)
    assert decoded.encoding == "gb18030" and decoded.note is None
    assert SIMPLIFIED + "𠮷" in decoded.text


def test_utf8_page_with_a_gbk_fragment_keeps_both() -> None:
    body = (
        html(SIMPLIFIED * 3, "utf-8")
        .encode("utf-8")
        .replace(b"</p>", b"</p><p>" + FRAGMENT.encode("gbk") + b"</p>")
    )
    decoded = decode_page(body, "utf-8")
    assert decoded.encoding == "utf-8"
    assert SIMPLIFIED in decoded.text and FRAGMENT in decoded.text and "gb18030" in (decoded.note or "")


@pytest.mark.parametrize("text", ["招聘", "局、", "首页", "通知公告"])
def test_short_undeclared_gbk_page_is_not_taken_for_big5(text: str) -> None:
    # charset-normalizer alone answers big5 for the first two: Big5 needs evidence (low trail bytes)
    decoded = decode_page(html(text).encode("gbk"))
    assert decoded.encoding == "gb18030" and text in decoded.text


def test_truncated_gbk_page_with_a_latin1_header_stays_gbk() -> None:
    body = html(SIMPLIFIED * 20).encode("gbk")[:-40] + "政".encode("gbk")[:1]  # cut inside a character
    decoded = decode_page(body, "iso-8859-1")
    assert decoded.encoding == "gb18030" and SIMPLIFIED in decoded.text


@pytest.mark.parametrize(("codec", "kept"), [("utf-8", 1), ("utf-8", 2), ("gbk", 1)])
def test_page_cut_inside_a_character_keeps_its_declared_encoding(codec: str, kept: int) -> None:
    whole = html(SIMPLIFIED * 50, codec).encode(codec)
    body = whole[: whole.rindex(SIMPLIFIED[-1].encode(codec)) + kept]  # the size cap cut the last character
    decoded = decode_page(body, codec)
    assert decoded.encoding == ("gb18030" if codec == "gbk" else codec) and decoded.note is None
    assert SIMPLIFIED * 49 in decoded.text
