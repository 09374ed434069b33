"""Anti-bot walls in front of a site: which web application firewall answered, if any.

Chinese government sites sit behind a handful of walls, each recognisable by its answer:

- 瑞数 (Ruishu, "botgate"): HTTP 412 with a script page (``$_ts``, obfuscated cookie setters);
- 加速乐 (jiasule, 知道创宇): ``__jsl_clearance`` / ``_jsl`` cookie scripts, often with HTTP 521;
- 创宇盾 / 知道创宇, 安全狗 (safedog), 360网站卫士, 云防护 pages, Cloudflare's challenge;
- a generic script cookie challenge: a small page that sets ``document.cookie`` and reloads.

:func:`detect_waf` names the wall (the finding says which), :func:`looks_like_challenge` is the
yes/no the downloader asks. A 404/410 is an answer whatever its page runs; a large page is a real
page; a 200 page must also run a script and carry almost no links, so a short article that merely
mentions "安全验证" or "安全狗" is not taken for a wall.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_WALL_BYTES = 20_000  # walls are small; a larger page is a real page
GENERIC = "防爬虫验证页"
COOKIE_CHALLENGE = "脚本 Cookie 验证"

# (name, markers): the first vendor with a marker in the (lower-cased) page names the wall
_VENDORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("加速乐", ("__jsl_clearance", "_jsl_clearance", "jsl_clearance_s", "__jsluid", "_jsl", "jiasule")),
    ("瑞数", ("$_ts", "botgate", "riversecurity", "瑞数")),
    ("创宇盾", ("创宇盾", "365cyd", "yunaq.com", "yunaq")),
    ("知道创宇", ("知道创宇", "knownsec")),
    ("安全狗", ("安全狗", "safedog", "safedogsite", "waf.safedog")),
    ("360网站卫士", ("360网站卫士", "wangzhan.360.cn", "360wzb")),
    ("云防护", ("云防护", "yunfanghu", "网站防火墙")),
    (
        "Cloudflare",
        ("cf-chl", "cf_chl", "challenge-platform", "cf-browser-verification", "server: cloudflare"),
    ),
)
_GENERIC_MARKERS = (
    "_waf_",
    "waf_cookie",
    "安全验证",
    "访问验证",
    "人机验证",
    "please enable javascript",
    "请开启javascript",
    "请启用javascript",
)
# a script that sets a cookie and then loads the page again (or goes to another address)
_COOKIE_SET = re.compile(r"document\s*\.\s*cookie\s*=")
_RELOAD = re.compile(
    r"location\s*\.\s*(?:reload|replace|assign)\s*\(|(?:window\s*\.\s*|document\s*\.\s*)?location(?:\s*\.\s*href)?\s*=[^=]"
    r"|settimeout\s*\(\s*[\"']?\s*(?:location|window\.location)|http-equiv\s*=\s*[\"']?refresh",
)


def _vendor(text: str) -> str | None:
    for name, markers in _VENDORS:
        if any(m in text for m in markers):
            return name
    return None


def detect_waf(status: int | None, body: bytes | None, headers: Iterable[tuple[str, str]] = ()) -> str | None:
    """The name of the wall that answered (``瑞数``, ``加速乐``…, :data:`COOKIE_CHALLENGE`,
    :data:`GENERIC`), or None when the answer is the site's own.

    Whether it is a wall is read from the status and the page; ``headers`` (the walls' own
    cookies and servers: ``Set-Cookie: __jsluid_h``, ``Server: cloudflare``) only help to name it.
    """
    status = status or 0
    body = body or b""
    if status in (404, 410) or len(body) > MAX_WALL_BYTES:
        return None
    if status < 400:  # most answers of a crawl: a page of its own unless it only runs a script
        raw = body.lower()  # ASCII only, no decoding: this runs on every page
        if b"<script" not in raw or raw.count(b"<a ") >= 5:
            return None
    text = body.decode("utf-8", "ignore").lower()
    vendor = _vendor(text)
    cookie_script = bool(_COOKIE_SET.search(text))
    reload = bool(_RELOAD.search(text))
    generic = any(m in text for m in _GENERIC_MARKERS)
    if status == 412 and ("<script" in text or vendor):  # Ruishu's answer: 412 and a script page
        wall = vendor or "瑞数"
    elif status == 521 and (cookie_script or vendor):  # jiasule's first answer
        wall = vendor or "加速乐"
    elif status >= 400:
        wall = vendor or (GENERIC if generic or cookie_script else None)
    elif "<script" not in text or text.count("<a ") >= 5:  # a 200 answer: a page of its own
        wall = None
    elif vendor and (cookie_script or generic or reload):
        wall = vendor
    else:
        wall = GENERIC if generic or cookie_script else None
    if wall == GENERIC and cookie_script and reload:
        wall = COOKIE_CHALLENGE
    if wall in (GENERIC, COOKIE_CHALLENGE):  # the wall's own headers may still name it
        named = _vendor(" ".join(f"{k}: {v}" for k, v in headers).lower())
        wall = named or wall
    return wall


def looks_like_challenge(status: int, body: bytes) -> bool:
    """A small page that only runs a script or asks for verification: an anti-bot wall."""
    return detect_waf(status, body) is not None
