"""Decoding of HTML bytes whose declared charset may be wrong, missing or only partly true.

Each page is decided on its own, in this order:

1. a byte-order mark (UTF-8, UTF-16 LE/BE);
2. UTF-16 without a BOM, recognised by its NUL bytes (ASCII markup has a NUL in every other byte);
3. the declared charset (HTTP header, then ``<meta>``), accepted only if it decodes the page;
   single-byte Western declarations (a server's ``ISO-8859-1`` default) decode anything and so
   prove nothing: they are kept for the very end;
4. strict UTF-8;
5. charset-normalizer restricted to the encodings Chinese sites use, so it can never answer
   ``ptcp154`` or the like; Big5 only with the evidence of :func:`_big5_evidence` (on short
   texts the detector takes GBK for Big5), GB18030 otherwise.

GB2312 and GBK are read as GB18030, their superset (pages labelled GB2312 routinely contain
characters only GBK/GB18030 have). Pasted fragments in the other family are common: a GBK page
with a run of UTF-8 (or the reverse) keeps both readable, see :func:`_decode_runs`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
# GBK and GB2312 pages routinely contain characters only GB18030 has: decode the family as one.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc-cn", "hz-gb-2312", "x-gbk", "ms936", "x-euc-cn"}
# what the detector may answer (charset-normalizer's names) -> the codec we decode with
_DETECTABLE = {"utf_8": "utf-8", "gb18030": "gb18030", "big5": "big5", "utf_16": "utf-16"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_MIXABLE = ("utf-8", "gb18030", "big5")  # codecs _decode_runs can mix
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")
_DOUBLE_BYTE = re.compile(rb"[\x81-\xfe][\x40-\x7e\x80-\xfe]")
_DETECT_BYTES = 200_000
_NUL_SAMPLE = 4096


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded page: the text, the codec used, what the page declared, and why it differs."""

    text: str
    encoding: str
    declared: str | None  # the charset the page declared (header, else meta), normalised
    note: str | None = None  # Chinese: the declaration was wrong or missing, or the page is mixed


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
    declaration is tried only when nothing else fits.
    """
    return codec.startswith(("iso8859", "cp125", "latin", "mac-"))


def declared_charset(body: bytes) -> str | None:
    """The charset a ``<meta>`` tag in the first 4 KB declares, if any."""
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


def _utf16_by_nuls(body: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NULs sit in the odd/even bytes of the sample, else None."""
    sample = body[:_NUL_SAMPLE]
    half = len(sample) // 2
    if half < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def _plausible_chinese(text: str) -> bool:
    """True when every character of a decoded run is a common hanzi or CJK/full-width punctuation.

    GBK bytes read as UTF-8 give characters outside these ranges (CJK extension A, Cyrillic…)
    or rare ones; two characters or more are asked for, one is too weak a signal (and the
    half character a size cap leaves at the end of a UTF-8 page reads as one GB character).
    """
    if len(text) < 2:
        return False
    for char in text:
        code = ord(char)
        if 0x4E00 <= code <= 0x9FFF:
            try:
                char.encode("gb2312")
            except UnicodeEncodeError:
                try:
                    char.encode("big5")
                except UnicodeEncodeError:
                    return False
        elif not (
            0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or code in (0x2014, 0x2026, 0x201C, 0x201D)
        ):
            return False
    return True


def _foreign_run(run: bytes, main: str) -> str | None:
    """The text of a run of non-ASCII bytes that is not in ``main`` but in the other family."""
    if main == "utf-8":
        try:
            run.decode("utf-8")
            return None
        except UnicodeDecodeError:
            pass
        try:
            text = run.decode("gb18030")
        except UnicodeDecodeError:
            return None
        return text if _plausible_chinese(text) else None
    try:
        text = run.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if _plausible_chinese(text) else None


def _decode_runs(body: bytes, main: str) -> tuple[str, int, int]:
    """Decode with ``main``, reading runs of non-ASCII bytes that belong to the other family
    (UTF-8 in a GB/Big5 page, GB18030 in a UTF-8 page) with that one.

    Returns ``(text, bytes read with the other codec, replacement characters)``. Runs are split
    at ASCII bytes; a GB/Big5 character whose second byte is ASCII stays with ``main`` because
    only a whole run that is valid in the other codec changes hands.
    """
    if main == "utf-8":
        try:
            return body.decode(main), 0, 0
        except UnicodeDecodeError:
            pass
    pieces: list[str] = []
    foreign = 0
    pos = 0
    for match in _NON_ASCII_RUN.finditer(body):
        text = _foreign_run(match.group(), main)
        if text is None:
            continue
        pieces.append(body[pos : match.start()].decode(main, errors="replace"))
        pieces.append(text)
        foreign += match.end() - match.start()
        pos = match.end()
    pieces.append(body[pos:].decode(main, errors="replace"))
    text = "".join(pieces)
    return text, foreign, text.count("\ufffd")


def _tolerated(non_ascii: int) -> int:
    """Replacement characters a declared charset may leave: a page cut at the size cap ends
    inside a character, and real pages carry the odd stray byte."""
    return 2 + non_ascii // 1000


def _big5_evidence(body: bytes) -> bool:
    """True when the double-byte text reads as Big5 rather than GB.

    Every Big5 byte pair is also a valid GB18030 one, and on a short text charset-normalizer
    often says Big5 for GBK. But GB2312 characters (nearly all mainland text) have both bytes
    at 0xA1 or above, while about 40 % of Big5 characters have a second byte below 0xA1: Big5
    is chosen only when such pairs are common and the whole page decodes as Big5.
    """
    pairs = _DOUBLE_BYTE.findall(body[:_DETECT_BYTES])
    low = sum(1 for pair in pairs if pair[1] < 0xA1)
    if not pairs or low < 0.1 * len(pairs):
        return False
    try:
        body.decode("big5")
    except UnicodeDecodeError:
        return False
    return True


def _detect(body: bytes) -> str:
    """GB18030 or Big5 for a page that is not UTF-8 (mainland sites are GB without evidence)."""
    best = from_bytes(body[:_DETECT_BYTES], cp_isolation=list(_DETECTABLE)).best()
    detected = _DETECTABLE.get(best.encoding) if best is not None else None
    if detected == "big5" or detected is None:
        return "big5" if _big5_evidence(body) else "gb18030"
    return "gb18030"


def decode_page(body: bytes, http_charset: str | None = None) -> Decoded:
    """Decode one page (see the module docstring for the order); never raises."""
    meta = _codec_name(declared_charset(body))
    http = _codec_name(http_charset)
    declared = http or meta
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(codec, errors="replace"), codec, codec)
    utf16 = _utf16_by_nuls(body)
    if utf16 is not None:
        return _found(body.decode(utf16, errors="replace"), utf16, declared, 0)
    body = body.replace(b"\x00", b"")

    @cache
    def count_non_ascii() -> int:  # only the mixed-encoding paths need it: not on every page
        return sum(len(run) for run in _NON_ASCII_RUN.findall(body)) or 1

    for codec in dict.fromkeys(c for c in (http, meta) if c and not _decodes_anything(c)):
        if codec in _MIXABLE:  # a strict GB/Big5 decode would also accept UTF-8 runs, as garbage
            text, foreign, bad = _decode_runs(body, codec)
            # a clean decode passes whatever the count (it is at least 1, the tolerance at least 2)
            if (not bad and not foreign) or (
                bad <= _tolerated(count_non_ascii()) and foreign * 2 < count_non_ascii()
            ):
                return _found(text, codec, declared, foreign)
            continue
        try:
            return _found(body.decode(codec), codec, declared, 0)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return _found(body.decode("utf-8"), "utf-8", declared, 0)
    except UnicodeDecodeError:
        pass
    codec = _detect(body)
    text, foreign, bad = _decode_runs(body, codec)
    non_ascii = count_non_ascii()
    if bad * 20 > non_ascii and declared and _decodes_anything(declared):  # a Western page after all
        return _found(body.decode(declared, errors="replace"), declared, declared, 0)
    return _found(text, codec, declared, foreign)


def _found(text: str, encoding: str, declared: str | None, foreign: int) -> Decoded:
    notes = []
    if declared is None:
        if encoding != "utf-8" or foreign:
            notes.append(f"网页未声明编码，按 {encoding} 解码")
    elif declared != encoding:
        notes.append(f"声明的编码 {declared} 与内容不符，按 {encoding} 解码")
    if foreign:
        other = "gb18030" if encoding == "utf-8" else "utf-8"
        notes.append(f"混有 {other} 编码的片段（{foreign} 字节），已分别解码")
    return Decoded(text, encoding, declared, "；".join(notes) or None)


def decode_html(body: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding used)``; never raises."""
    decoded = decode_page(body, http_charset)
    return decoded.text, decoded.encoding


@dataclass
class EncodingLog:
    """What every page of an audit was decoded as, and the pages whose declaration was off."""

    max_notes: int = 200
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[dict[str, Any]] = field(default_factory=list)
    notes_left_out: int = 0

    def record(self, url: str, decoded: Decoded) -> None:
        self.counts[decoded.encoding] = self.counts.get(decoded.encoding, 0) + 1
        if decoded.note is None:
            return
        if len(self.notes) >= self.max_notes:
            self.notes_left_out += 1
            return
        self.notes.append(
            {"page": url, "declared": decoded.declared, "encoding": decoded.encoding, "note": decoded.note}
        )

    def to_dict(self) -> dict[str, Any]:
        """The top-level JSON keys ``encodings`` and ``encoding_notes`` (see docs/audit-json.md)."""
        data: dict[str, Any] = {"encodings": dict(sorted(self.counts.items())), "encoding_notes": self.notes}
        if self.notes_left_out:
            data["encoding_notes_left_out"] = self.notes_left_out
        return data
