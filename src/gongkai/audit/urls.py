"""URL normalisation, de-duplication keys and traps for endless URL spaces.

Normalised URLs are the identity of a page or target: two spellings of one address must be
fetched once and reported once. The rules follow Scrapy's canonicalisation: lower-case scheme
and host, default port dropped, fragment dropped, query parameters sorted, unsafe characters
percent-encoded, ``;jsessionid=`` removed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "sms:", "ftp:", "file:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SESSION = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL_LENGTH = 2048


def normalize(url: str) -> str | None:
    """Return the canonical form of an absolute http(s) URL, or None when it is not one."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(unquote(_remove_dot_segments(_SESSION.sub("", parts.path))), safe=_PATH_SAFE) or "/"
    query = ""
    if parts.query:
        pairs = sorted(parse_qsl(parts.query, keep_blank_values=True))
        query = urlencode(pairs, quote_via=quote)
    result = urlunsplit((scheme, netloc, path, query, ""))
    return result if len(result) <= MAX_URL_LENGTH else None


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4: ``/a/../b/./c`` -> ``/b/c``."""
    if "." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for segment in segments:
        if segment == "..":
            if len(out) > 1:
                out.pop()
        elif segment != ".":
            out.append(segment)
    if segments[-1] in (".", ".."):
        out.append("")
    return "/".join(out)


def resolve(base: str, href: str) -> str | None:
    """Resolve a raw attribute value against the page URL; None for non-web links."""
    return resolver(base)(href)


def resolver(base: str) -> Callable[[str], str | None]:
    """``resolve(base, href)`` for the many links of one page: ``base`` is taken apart once.

    The navigation of a site repeats on every page: joined against the origin (for ``/x`` and
    ``//h/x``) or the directory (for ``x`` and ``../x``), the same link resolves once per site
    (``_join`` is cached), not once per page."""
    origin, folder = _base_parts(base)

    def resolve_href(href: str) -> str | None:
        cleaned = _clean(href)
        if cleaned is None:
            return None
        if cleaned.startswith("/"):
            key = origin
        elif cleaned.startswith("?") or "://" in cleaned[:12]:
            key = base
        else:
            key = folder
        return _join(key, cleaned)

    return resolve_href


@lru_cache(maxsize=20_000)
def _clean(href: str) -> str | None:
    """The attribute value without control characters and spaces; None for non-web links."""
    href = _CONTROL.sub("", href).strip()
    if not href or href.startswith("#") or href.lower().startswith(_SKIP_SCHEMES):
        return None
    return href


def _base_parts(base: str) -> tuple[str, str]:
    """(origin, directory) of ``base``: what ``/x`` and ``x`` resolve against."""
    cut = base.split("?", 1)[0].split("#", 1)[0]
    path_start = cut.find("/", cut.find("//") + 2)
    if path_start < 0:  # "http://host": the path is "/"
        cut, path_start = cut + "/", len(cut)
    return cut[:path_start], cut[: cut.rfind("/") + 1]


@lru_cache(maxsize=20_000)
def _join(base: str, href: str) -> str | None:
    try:
        return normalize(urljoin(base, href))
    except ValueError:
        return None


def host_of(url: str) -> str:
    """``host[:port]`` of a normalised URL (the key of a per-host slot)."""
    return urlsplit(url).netloc


class SpaceGuard:
    """Stops endless URL spaces: calendars, faceted search, relative-link loops.

    A path may appear with at most ``max_query_variants`` different query strings (a calendar
    that links to the next month forever, a search with endless filters), and a path that
    repeats the same segment run (``/a/b/a/b/a/b``, the mark of a broken relative link) is
    refused. Depth and page caps are applied by the engine on top of this.
    """

    def __init__(self, max_query_variants: int = 50) -> None:
        self.max_query_variants = max_query_variants
        self._variants: dict[str, int] = defaultdict(int)
        self.refusal = ""  # why the last refused URL was refused: "repeat" or "query"

    def admit(self, url: str) -> bool:
        parts = urlsplit(url)
        if _repeats(parts.path):
            self.refusal = "repeat"
            return False
        if not parts.query:
            return True
        key = f"{parts.netloc}{parts.path}"
        if self._variants[key] >= self.max_query_variants:
            self.refusal = "query"
            return False
        self._variants[key] += 1
        return True


def _repeats(path: str) -> bool:
    """True when a run of 1-3 segments occurs three times in a row at the end of the path."""
    segments = [s for s in path.split("/") if s]
    for size in (1, 2, 3):
        if len(segments) >= 3 * size:
            tail = segments[-size:]
            if segments[-2 * size : -size] == tail and segments[-3 * size : -2 * size] == tail:
                return True
    return False
