"""Personal data is reported on every page that shows it: one finding per (page, category, masked
value), even when another page already showed the same number."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from gongkai.audit.checks.text import TextCheck
from gongkai.audit.engine import audit
from tests.audit.conftest import fast_config
from tests.loopback import serve_pages

MOBILE, OTHER = "13912345678", "13698765432"


def article(title: str, body: str) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<div class='article'><h1>{title}</h1><div class='content'>{body}</div></div></body></html>"
    )


def test_same_phone_on_two_pages_is_reported_on_each() -> None:
    notice = "<p>报名请联系王某，手机{0}，工作日办理。</p>"
    pages = {
        "/": (200, article("首页", '<a href="/a.html">报名通知</a><a href="/b.html">报名通知（二）</a>')),
        "/a.html": (
            200,
            article("报名通知", notice.format(MOBILE) + "<p>咨询电话同上：" + MOBILE + "。</p>"),
        ),
        "/b.html": (200, article("报名通知（二）", notice.format(MOBILE) + notice.format(OTHER))),
    }
    with serve_pages(pages) as base:
        result = asyncio.run(audit(fast_config(base + "/"), checks=[TextCheck()]))
    privacy = sorted(
        (urlsplit(f.page).path, f.fields["category"], f.fields["text"])
        for f in result.findings
        if f.kind == "privacy"
    )
    assert privacy == [
        ("/a.html", "phone", "139****5678"),  # twice on the page: one finding for the page
        ("/b.html", "phone", "136****5432"),
        ("/b.html", "phone", "139****5678"),  # the same number again, on another page: its own finding
    ]
