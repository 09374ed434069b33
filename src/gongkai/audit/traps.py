"""Crawler traps: URL patterns that generate pages without end (calendars, growing page numbers,
pages with thousands of links to one pattern).

A URL's *template* is its address with every run of digits replaced by ``{n}`` and the query
values dropped (``/cal?d=2024-01-01`` -> ``/cal?d=*``). A template becomes a trap when

- ``repeat``: at least ``repeat`` pages of it were crawled and most of them (80 %) show the
  same text once digits are removed: the pages are generated, only the numbers change;
- ``fanout``: one page links to more than ``fanout`` new addresses of it.

From then on only ``sample`` addresses of the template are fetched (crawled or checked); the
others are skipped and counted, and the engine reports one ``trap`` finding per template. A
supervisor reviews it: it says the audit is incomplete, not that the site is at fault.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

_DIGITS = re.compile(r"\d+")

REASON_TEXT = {
    "repeat": "这些页面除数字外内容相同，是程序生成的无限页面（如日历、无限翻页）",
    "fanout": "单个页面链接到大量同一模式的地址",
    "query": "同一页面带有大量不同的查询参数",
}


def url_template(url: str) -> str:
    """``http://h/list/page/{n}``, ``http://h/cal?d=*``: the pattern a URL belongs to."""
    parts = urlsplit(url)
    path = _DIGITS.sub("{n}", parts.path)
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    query = "&".join(f"{_DIGITS.sub('{n}', key)}=*" for key in keys)
    return f"{parts.scheme}://{parts.netloc}{path}" + (f"?{query}" if query else "")


def shape_of(text: str) -> str:
    """The text with digits removed: generated pages that differ only in their dates or page
    numbers have one shape."""
    return _DIGITS.sub("", text)


def shape_key(text: str) -> int:
    """A stable digest of :func:`shape_of` (the same in every process: it is kept in the page
    state of an incremental re-audit)."""
    return int.from_bytes(hashlib.blake2b(shape_of(text).encode(), digest_size=8).digest())


@dataclass(slots=True)
class Trap:
    pattern: str
    reason: str  # repeat, fanout, query
    page: str  # the page the first address of the pattern was found on
    seen: int = 0  # distinct addresses of the pattern met in links
    sampled: set[str] = field(default_factory=set)  # addresses fetched after the detection
    skipped: int = 0  # addresses not fetched because of the trap


@dataclass(slots=True)
class _Template:
    first_page: str
    seen: int = 0
    shapes: Counter[int] = field(default_factory=Counter)
    shapes_total: int = 0  # sum of ``shapes``, kept as it grows (no pass over it per page)
    shapes_top: int = 0  # its largest count


class TrapGuard:
    """Detects traps as the crawl goes and decides which addresses of a trap are still fetched."""

    def __init__(self, *, repeat: int = 8, fanout: int = 500, sample: int = 20) -> None:
        self.repeat = repeat
        self.fanout = fanout
        self.sample = sample
        self._templates: dict[str, _Template] = {}
        self.traps: dict[str, Trap] = {}

    def met(self, url: str, page: str) -> str:
        """A new address found on ``page``; returns its template."""
        template = url_template(url)
        info = self._templates.get(template)
        if info is None:
            info = self._templates[template] = _Template(page)
        info.seen += 1
        if template in self.traps:
            self.traps[template].seen += 1
        return template

    def page_links(self, page: str, new_templates: Counter[str]) -> None:
        """The templates of the new addresses of one page, counted: a huge fan-out is a trap."""
        for template, count in new_templates.items():
            if count > self.fanout:
                self.mark(template, "fanout", page)

    def observe(self, url: str, text: str) -> None:
        """A crawled page's text (title and main text): repeated shapes make a trap."""
        self.observe_shape(url, shape_key(text))

    def observe_shape(self, url: str, shape: int) -> None:
        """:meth:`observe` with the page's :func:`shape_key` already worked out."""
        template = url_template(url)
        info = self._templates.get(template)
        if info is None:
            info = self._templates[template] = _Template(url, seen=1)
        info.shapes[shape] += 1
        info.shapes_total += 1
        info.shapes_top = max(info.shapes_top, info.shapes[shape])
        if template in self.traps:
            return
        total, top = info.shapes_total, info.shapes_top
        if top >= self.repeat and top >= 0.8 * total:
            self.mark(template, "repeat", info.first_page)

    def mark(self, template: str, reason: str, page: str) -> None:
        if template in self.traps:
            return
        info = self._templates.get(template)
        first = info.first_page if info else page
        self.traps[template] = Trap(template, reason, first, seen=info.seen if info else 0)

    def refused(self, url: str, reason: str, page: str) -> None:
        """``url`` was refused by another rule that marks a trap (a query-string explosion)."""
        template = url_template(url)
        self.mark(template, reason, page)
        self.traps[template].skipped += 1

    def allow(self, url: str) -> bool:
        """May ``url`` be fetched? Always outside traps; inside one, the first ``sample`` asked."""
        trap = self.traps.get(url_template(url)) if self.traps else None
        if trap is None or url in trap.sampled:
            return True
        if len(trap.sampled) < self.sample:
            trap.sampled.add(url)
            return True
        trap.skipped += 1
        return False
