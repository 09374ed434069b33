"""Publication dates as Chinese government sites write them.

Recognised forms (a time after the date, even glued to it as in ``2021-03-1810:22``, is ignored):
- full dates: ``2021-03-18``, ``2021/03/18``, ``2021.03.18``, ``2021年3月18日`` (日 optional),
  and the Chinese-numeral form of document sign-offs ``二〇二一年三月十八日``;
- the same with full-width digits and separators (``２０２１－０３－１８``);
- month-day dates of list pages: ``[03-18]`` / ``【03-18】`` / ``(3-18)`` in brackets, a bare
  ``03-18`` or ``03/18`` with two-digit month and day, and ``3月18日``.

Year inference for month-day dates: the latest date with that month and day that is not after
``as_of + 1 day`` (so ``12-30`` read on 2021-01-05 is 2020-12-30, and ``02-29`` goes back to the
last leap year). The one-day tolerance, used for every form, absorbs time-zone and publishing-clock
skew; anything later is a forged or mistyped future date and is rejected, because a date in the
future must never make a page look fresh. Impossible dates (``2021-02-30``) and years before 1900
are rejected too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from selectolax.lexbor import LexborHTMLParser

from gongkai.audit.content.html import as_tree, visible_text

MIN_YEAR = 1900
_SKEW = timedelta(days=1)

# Full numeric dates; the same separator between year-month and month-day, or 年/月(/日).
# The day may be followed directly by a time ("2021-03-1810:22:00" when spans are glued).
_END = r"(?:(?!\d)|(?<=\d\d)(?=\d{1,2}:\d\d))"
_FULL = (
    r"(?<![\d.])(?P<y>(?:19|20)\d\d)\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})"
    + _END
    + r"|(?<!\d)(?P<y2>(?:19|20)\d\d)\s*年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日?"
    + _END
)
# Chinese-numeral sign-off dates: 二〇二一年三月十八日 (year digit by digit, month/day as numbers).
_CN_DIGIT = "〇零一二三四五六七八九"
_CN_NUM = "[一二三四五六七八九十]{1,3}"
_CN = rf"(?P<cy>[{_CN_DIGIT}○Ｏ]{{4}})\s*年\s*(?P<cm>{_CN_NUM})\s*月\s*(?P<cd>{_CN_NUM})\s*日"
# Month-day forms: bracketed, bare two-digit (not part of a longer number or date), or 月日.
_SHORT = (
    r"[\[【(（]\s*(?P<bm>\d{1,2})\s*[-/.]\s*(?P<bd>\d{1,2})\s*[\]】)）]"
    r"|(?<![\d\-/.:年第])(?P<sm>\d\d)[-/](?P<sd>\d\d)(?![\d:条款项页号章节名人岁个%]|[-/]\d)"
    r"|(?<![\d年])(?P<mm>\d{1,2})\s*月\s*(?P<md>\d{1,2})\s*日"
)
_DATE_RE = re.compile(f"{_FULL}|{_CN}|{_SHORT}")
# Full-width digits and separators (２０２１－０３－１８), mapped one to one so spans stay valid.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")

# Labels that introduce the publication date of an article, most specific first.
PUB_LABELS = ("发布时间", "发布日期", "发表时间", "发表日期", "发文时间", "日期", "时间")
_LABEL_RE = re.compile("(?P<label>" + "|".join(PUB_LABELS) + r")\s*[：:]?\s*(?P<rest>.{0,40})", re.S)
# meta names that carry the publication date (rules.md §4 PubDate first)
_META_NAMES = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time")
_TITLE_SELECTORS = ("h1", ".article-title", ".title", "#title", ".bt", "h2")
_NEAR_TITLE_CHARS = 200


def _cn_number(text: str) -> int:
    """一..三十一 → int."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if "十" not in text:
        return digits.get(text, -1) if len(text) == 1 else -1
    tens, _, units = text.partition("十")
    value = (digits.get(tens, -1) if tens else 1) * 10 + (digits.get(units, -1) if units else 0)
    return value if value >= 10 and "十" not in units else -1


def _cn_year(text: str) -> int:
    table = {c: str(i) for i, c in enumerate(_CN_DIGIT[1:])} | {"〇": "0", "零": "0", "○": "0", "Ｏ": "0"}
    return int("".join(table[c] for c in text))


def _valid(y: int, m: int, d: int, limit: date) -> date | None:
    try:
        value = date(y, m, d)
    except ValueError:
        return None
    return value if MIN_YEAR <= y and value <= limit else None


def _infer_year(m: int, d: int, limit: date) -> date | None:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    # At most 8 years back reaches the previous Feb 29 in every case.
    for y in range(limit.year, limit.year - 9, -1):
        value = _valid(y, m, d, limit)
        if value is not None:
            return value
    return None


def _from_match(match: re.Match[str], limit: date) -> date | None:
    g = match.groupdict()
    if g["y"]:
        return _valid(int(g["y"]), int(g["m"]), int(g["d"]), limit)
    if g["y2"]:
        return _valid(int(g["y2"]), int(g["m2"]), int(g["d2"]), limit)
    if g["cy"]:
        return _valid(_cn_year(g["cy"]), _cn_number(g["cm"]), _cn_number(g["cd"]), limit)
    for mk, dk in (("bm", "bd"), ("sm", "sd"), ("mm", "md")):
        if g[mk]:
            return _infer_year(int(g[mk]), int(g[dk]), limit)
    return None


def date_matches(text: str, *, as_of: date) -> Iterator[tuple[date, int, int]]:
    """Each valid date in ``text`` with the span of characters it was read from."""
    limit = as_of + _SKEW
    for match in _DATE_RE.finditer((text or "").translate(_HALF_WIDTH)):
        value = _from_match(match, limit)
        if value is not None:
            yield value, match.start(), match.end()


def find_dates(text: str, *, as_of: date) -> list[date]:
    """Every valid date in ``text``, in order of appearance (invalid and future ones dropped)."""
    return [value for value, _, _ in date_matches(text, as_of=as_of)]


def parse_date(s: str, *, as_of: date) -> date | None:
    """The first valid date in ``s`` (a date field, possibly with a label, brackets or a time)."""
    dates = find_dates(s, as_of=as_of)
    return dates[0] if dates else None


def labelled_date(text: str, *, as_of: date, labels: tuple[str, ...] = PUB_LABELS) -> date | None:
    """The date right after the first of ``labels`` (in order of preference) found in ``text``."""
    best: tuple[int, date] | None = None
    for match in _LABEL_RE.finditer(text):
        label = match.group("label")
        if label not in labels:
            continue
        rank = labels.index(label)
        value = _leading_date(match.group("rest"), as_of=as_of)
        if value is not None and (best is None or rank < best[0]):
            best = (rank, value)
    return best[1] if best else None


def _leading_date(rest: str, *, as_of: date) -> date | None:
    """A date that starts ``rest`` (after a label), not one further along the text."""
    match = _DATE_RE.search(rest)
    if match is None or rest[: match.start()].strip(" \t\r\n\u3000[]【】()（）"):
        return None
    return _from_match(match, as_of + _SKEW)


def page_pub_date(html_or_tree: str | LexborHTMLParser, *, as_of: date) -> date | None:
    """Publication date of an article page, or None when the page shows none.

    In order: the ``PubDate`` meta tag (rules.md §4; also ``publishdate`` and the Open Graph
    ``article:published_time``); a date labelled 发布时间/发布日期/…/日期/时间 in the visible text;
    the first date within 200 characters after the title (h1, ``.title``…) in the visible text.
    """
    tree = as_tree(html_or_tree)
    for node in tree.css("meta"):
        key = (node.attributes.get("name") or node.attributes.get("property") or "").strip().lower()
        if key in _META_NAMES:
            value = parse_date(node.attributes.get("content") or "", as_of=as_of)
            if value is not None:
                return value
    text = visible_text(tree)
    value = labelled_date(text, as_of=as_of)
    if value is not None:
        return value
    for selector in _TITLE_SELECTORS:
        node = tree.css_first(selector)
        title = " ".join(node.text(separator=" ").split()) if node is not None else ""
        position = text.find(title) if len(title) >= 4 else -1
        if position >= 0:
            after = text[position + len(title) : position + len(title) + _NEAR_TITLE_CHARS]
            value = parse_date(after, as_of=as_of)
            if value is not None:
                return value
    return None
