"""Items of list pages (column pages, home-page blocks), whatever the markup.

Government CMSs render lists as ``<ul><li>``, tables, ``<div class="list-item">`` blocks,
``<dl><dt><dd>`` pairs or bare ``<a>…<span>date</span><br>`` runs. Rather than one selector per
CMS, a *record* is found structurally: from each link, climb to the first ancestor that is
repeated (same tag, each containing a link) under its parent; records sharing a container
signature (container tag + class, record tag) form one list. Dates are read from the record's
text outside the title, then from a following sibling without links (``<dt>title</dt><dd>date``),
then from the title itself. Lists inside navigation, headers, footers and link blocks are ignored.

The main list of a column page is the group with the most dated records, groups outside sidebars
(``<aside>``, class side/hot/rank…) first; when no group has dates
(an undated list) the largest group of long titles is taken, since article titles are long and
menu entries short. Items without a visible date are kept, with ``date=None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from gongkai.audit.content.dates import date_matches
from gongkai.audit.content.html import absolute, as_tree, class_id, inside, node_text, visible_text

EMPTY_MARKERS = re.compile(
    r"暂无(?:相关)?(?:信息|数据|内容|记录|文章|稿件)|没有(?:找到)?(?:相关)?(?:记录|数据|信息)|无记录"
)
_ASIDE = re.compile(r"side|hot|rank|tuijian|recommend|remen|zxxx|latest")
_NAVISH = re.compile(
    r"nav|menu|daohang|header|footer|foot\b|bottom|crumb|position|dqwz|yqlj|friend|copyright"
)
_PAGER_TEXT = re.compile(
    r"^(?:首页|上一?页|下一?页|尾页|末页|前页|后页|\d{1,4}|[<>«»‹›]{1,2}|prev|next|第\d+页)$", re.I
)
_PAGER_NEXT = re.compile(r"^(?:下一?页|尾页|末页|后页|[2-9]|\d{2,4}|[>»›]{1,2}|next)$", re.I)
_PAGER_CLASS = re.compile(r"page|pag|fenye|turn")
# TRS WCM pagination: createPageHTML(pageCount, currentIndex, "index", "html"), newer templates
# with the pager element's id first: createPageHTML('page_div', 12, 1, 'index', 'html', 240)
_TRS_PAGER = re.compile(
    r"createPageHTML\(\s*(?:[\"'][^\"']*[\"']\s*,\s*)?(\d+)\s*,\s*(\d+)\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']"
)
_AJAX = re.compile(
    r"\$\.(?:ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|XMLHttpRequest|\baxios\b|\.load\s*\(\s*[\"']"
)
_LIST_CONTAINER = re.compile(r"list|news|data|items|con\b|content|article|wrap")
_TEMPLATE_ATTRS = ("v-for", "ng-repeat", "x-for")
_CELL_TAGS = {"li", "tr", "td", "th", "dd", "dt", "p"}
_MAX_CLIMB = 6
MAX_PAGES = 50
MIN_UNDATED_TITLE = 8


@dataclass(frozen=True, slots=True)
class ListItem:
    title: str
    url: str | None  # absolute; None for links that only run a script
    date: date | None  # None when the item shows no date: it counts as not updated


@dataclass(slots=True)
class ListPage:
    items: list[ListItem]
    pages: list[str] = field(default_factory=list)  # other pages of the same list, absolute URLs
    empty: bool = False  # no items, or the page says 暂无信息 / 暂无数据 / 没有记录
    script_loaded: bool = False  # the list is filled by script; items are the static ones only
    column_name: str | None = None  # from the ColumnName meta tag (rules.md §4)

    @property
    def newest(self) -> date | None:
        dates = [item.date for item in self.items if item.date is not None]
        return max(dates) if dates else None


@dataclass(slots=True)
class _Record:
    node: LexborNode
    signature: tuple[str, ...]  # container and its parent (tag, class/id), record tag
    navish: bool  # inside navigation, header, footer or a link block: never an item
    aside: bool  # inside a sidebar (热点, 排行…): an item only when the page has no other list
    repeated: bool
    title: str = ""
    url: str | None = None
    when: date | None = None


def _is_pager(anchor: LexborNode) -> bool:
    text = "".join(anchor.text().split())
    if _PAGER_TEXT.match(text):
        return True
    parent = anchor.parent
    return parent is not None and bool(_PAGER_CLASS.search(class_id(parent))) and len(text) <= 6


class _Repeats:
    """How many children of a parent share a tag and contain a link (cached per parent)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, str], int] = {}

    def count(self, parent: LexborNode, tag: str) -> int:
        key = (parent.mem_id, tag)
        if key not in self._cache:
            self._cache[key] = sum(
                1
                for child in parent.iter()
                if child.tag == tag and (tag == "a" or child.css_first("a[href]") is not None)
            )
        return self._cache[key]


def _record_node(anchor: LexborNode, repeats: _Repeats) -> tuple[LexborNode, LexborNode | None]:
    node = anchor
    for _ in range(_MAX_CLIMB):
        parent = node.parent
        if parent is None or parent.tag in ("body", "html"):
            break
        count = repeats.count(parent, node.tag)
        # A bare link is a record only in flat runs of links, not as one of two links of a row.
        if count >= 2 and not (node.tag == "a" and (count < 3 or parent.tag in _CELL_TAGS)):
            if node.tag in ("td", "th") and parent.tag == "tr":
                break  # climb on to the row
            return node, parent
        node = parent
    parent = anchor.parent
    return (parent or anchor), None


def _anchor_title(anchor: LexborNode) -> str:
    text = " ".join(anchor.text(separator=" ").split())
    title_attr = " ".join((anchor.attributes.get("title") or "").split())
    # Lists cut long titles ("关于做好…"); the title attribute then holds the full one.
    return title_attr if len(title_attr) > len(text) and title_attr[:2] == text[:2] else text or title_attr


def _strip_date(title: str, start: int, end: int) -> str:
    cleaned = (title[:start] + title[end:]).strip(" \u3000[]【】()（）-—|·")
    return cleaned or title


def _date_of(record: _Record, title_text: str, as_of: date) -> tuple[date | None, str]:
    """The record's date and its title with a date written inside the link removed."""
    text = node_text(record.node)
    outside = text.replace(title_text, " ", 1) if title_text else text
    for value, _, _ in date_matches(outside, as_of=as_of):
        return value, title_text
    sibling = record.node.next
    for _ in range(3):  # skip text and whitespace nodes up to the next element
        if sibling is None or sibling.tag != "-text" or sibling.text(deep=False).strip():
            break
        sibling = sibling.next
    if sibling is not None and sibling.css_first("a[href]") is None and sibling.tag != "a":
        for value, _, _ in date_matches(
            node_text(sibling) if sibling.tag != "-text" else sibling.text(), as_of=as_of
        ):
            return value, title_text
    matches = list(date_matches(title_text, as_of=as_of))
    if matches:
        value, start, end = matches[-1]
        return value, _strip_date(title_text, start, end)
    return None, title_text


def collect_records(tree: LexborHTMLParser, base_url: str, *, as_of: date) -> list[_Record]:
    """Every list record of the page (one per repeated element holding links), in page order."""
    repeats = _Repeats()
    records: dict[int, _Record] = {}
    raw_titles: dict[int, str] = {}
    for anchor in tree.css("a[href]"):
        if _is_pager(anchor):
            continue
        title = _anchor_title(anchor)
        if len(title) < 2:
            continue
        node, container = _record_node(anchor, repeats)
        key = node.mem_id
        if key not in records:
            records[key] = _Record(
                node,
                _signature(node, container),
                navish=inside(node, ("nav", "header", "footer"), _NAVISH),
                aside=inside(node, ("aside",), _ASIDE),
                repeated=container is not None,
            )
        record = records[key]
        if len(title) > len(record.title):  # the longest link of a row is its title
            record.title = title
            record.url = absolute(base_url, anchor.attributes.get("href"))
            raw_titles[key] = " ".join(anchor.text(separator=" ").split())
    for key, record in records.items():
        link_text = raw_titles.get(key, "")
        record.when, cleaned = _date_of(record, link_text, as_of)
        if record.title == link_text:  # not taken from a title attribute
            record.title = cleaned
    return list(records.values())


def _signature(node: LexborNode, container: LexborNode | None) -> tuple[str, ...]:
    """Records of one list share it, even when the CMS splits the list into several ``<ul>``."""
    if container is None:
        return ("", str(node.mem_id))
    outer = container.parent
    outer_key = (outer.tag, class_id(outer)) if outer is not None else ("", "")
    return (container.tag, class_id(container), *outer_key, node.tag)


def _listish(record: _Record) -> bool:
    """A record that is not repeated (a one-item list) counts only when it looks like one: an
    article-length title and little else (not a "今天是2021年4月1日 无障碍 登录" banner)."""
    if record.repeated:
        return True
    return len(record.title) >= MIN_UNDATED_TITLE and len(node_text(record.node)) <= len(record.title) + 30


def _groups(records: list[_Record]) -> dict[tuple[str, ...], list[_Record]]:
    groups: dict[tuple[str, ...], list[_Record]] = {}
    for record in records:
        if not record.navish and _listish(record):
            groups.setdefault(record.signature, []).append(record)
    return groups


def main_list(records: list[_Record], *, allow_undated: bool) -> list[_Record]:
    """The records of the page's main list (see module docstring)."""
    groups = list(_groups(records).values())
    dated = [g for g in groups if sum(r.when is not None for r in g) * 2 >= len(g)]
    if dated:
        # A sidebar of site-wide news must not make a column look fresh: main-area lists first.
        return max(dated, key=lambda g: (not g[0].aside, sum(r.when is not None for r in g)))
    if not allow_undated:
        return []
    long_titled = [
        g for g in groups if len(g) >= 2 and sum(len(r.title) for r in g) / len(g) >= MIN_UNDATED_TITLE
    ]
    return max(long_titled, key=len) if long_titled else []


def dated_records(records: list[_Record]) -> list[_Record]:
    """Dated records outside navigation, from every list of the page (home-page blocks)."""
    return [r for group in _groups(records).values() for r in group if r.when is not None]


def _pagination(tree: LexborHTMLParser, base_url: str) -> list[str]:
    """Other pages of the list: links of a pager (a run of links that has a 下一页/尾页/page-number
    link, so a lone 首页 in the menu is not one) and TRS ``createPageHTML`` pages."""
    host = urlsplit(base_url).netloc
    own = absolute(base_url, base_url)
    pages: list[str] = []
    for anchor in tree.css("a[href]"):
        parent = anchor.parent
        if not _is_pager(anchor) or parent is None:
            continue
        if not any(_PAGER_NEXT.match("".join(a.text().split())) for a in parent.css("a[href]")):
            continue
        url = absolute(base_url, anchor.attributes.get("href"))
        if url and url != own and urlsplit(url).netloc == host and url not in pages:
            pages.append(url)
    for script in tree.css("script"):
        match = _TRS_PAGER.search(script.text() or "")
        if match:
            count, _current, stem, ext = int(match[1]), int(match[2]), match[3], match[4]
            for index in range(min(count, MAX_PAGES)):
                url = urljoin(base_url, f"{stem}.{ext}" if index == 0 else f"{stem}_{index}.{ext}")
                if url != own and url not in pages:
                    pages.append(url)
    return pages[:MAX_PAGES]


def _script_loaded(tree: LexborHTMLParser, has_items: bool) -> bool:
    if any(tree.css_first(f"[{attr}]") is not None for attr in _TEMPLATE_ATTRS):
        return True
    if not any(_AJAX.search(script.text() or "") for script in tree.css("script:not([src])")):
        return False
    if not has_items:
        return True
    return any(
        _LIST_CONTAINER.search(class_id(node)) and not node.text(strip=True)
        for node in tree.css("ul, ol, tbody, table, div, dl")
    )


def parse_list_page(html: str | LexborHTMLParser, base_url: str, *, as_of: date) -> ListPage:
    """Items, pagination and state of one list page (pure: no fetching).

    ``empty`` is true when no item was found or the page shows an empty-list marker
    (暂无信息, 暂无数据, 没有记录…); such a marker also stops undated links from being taken
    for items. ``script_loaded`` is true when the list is filled by script (an inline
    ajax/fetch call with no static items or an empty list container, or a Vue/Angular
    template); the static items are still returned.
    """
    tree = as_tree(html)
    marker = bool(EMPTY_MARKERS.search(visible_text(tree)))
    records = main_list(collect_records(tree, base_url, as_of=as_of), allow_undated=not marker)
    items = [ListItem(r.title, r.url, r.when) for r in records]
    column_name = next(
        (
            (node.attributes.get("content") or "").strip() or None
            for node in tree.css("meta[name]")
            if (node.attributes.get("name") or "").strip().lower() == "columnname"
        ),
        None,
    )
    return ListPage(
        items=items,
        pages=_pagination(tree, base_url),
        empty=not items or (marker and all(item.date is None for item in items)),
        script_loaded=_script_loaded(tree, bool(items)),
        column_name=column_name,
    )
