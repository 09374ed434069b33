"""Decoding of HTML bytes whose declared charset may be wrong or missing.

Order of attempts, each strict: UTF-8 first (a false positive on GBK text is practically
impossible and it is the fastest codec), then the HTTP charset, then the ``<meta>`` charset
(single-byte Western charsets excepted, see :func:`_decodes_anything`), then GB18030 (a superset of GBK and GB2312, the usual encodings of older government sites), and
only then charset-normalizer. Only the last resort decodes with replacement characters.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
# GBK and GB2312 pages routinely contain characters only GB18030 has: decode the family as one.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc-cn", "hz-gb-2312", "x-gbk", "ms936"}


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decodes_anything(codec: str) -> bool:
    """Single-byte Western codecs accept any bytes, so a strict decode proves nothing.

    Servers often send ``charset=ISO-8859-1`` by default for pages that are really GBK: such a
    declaration is tried only after GB18030.
    """
    return codec.startswith(("iso8859", "cp125", "latin", "mac-"))


def declared_charset(body: bytes) -> str | None:
    """The charset a ``<meta>`` tag in the first 4 KB declares, if any."""
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


def decode_html(body: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding used)``; never raises."""
    body = body.replace(b"\x00", b"")
    declared = [_codec_name(http_charset), _codec_name(declared_charset(body))]
    strong = [c for c in declared if c and not _decodes_anything(c)]
    weak = [c for c in declared if c and _decodes_anything(c)]
    tried: list[str] = []
    for candidate in ("utf-8", *strong, "gb18030", *weak):
        if candidate is None or candidate in tried:
            continue
        tried.append(candidate)
        try:
            return body.decode(candidate), candidate
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(body[:200_000]).best()
    if best is not None and best.encoding:
        return body.decode(best.encoding, errors="replace"), best.encoding
    return body.decode("utf-8", errors="replace"), "utf-8"
