"""empty_column, stale_column, home_not_updated, and the JSON ``columns`` list (rules.md §1, §3).

Columns come from the home page's menus, column blocks and 更多 links, from the menus of column
pages (sub-columns), and from ``--column URL=TYPE`` (a declared type overrides the one read from
the name). A column's first list page is parsed when the crawl reaches it (it almost always
does: menus link to it); a column the crawl did not read (redirected, beyond the caps) is fetched
in ``finish``. The first page is enough for freshness; for 动态 columns the following pages are
read too, in order, until the items reach back to the start of seed 003's weekly period (pages
the crawl read are reused), so the ``weekly`` data does not count early weeks as missed just
because their items are on page 3.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from gongkai.audit.checks.base import Check
from gongkai.audit.checks.tags import looks_like_article
from gongkai.audit.content import (
    ListItem,
    ListPage,
    classify_column,
    column_findings,
    column_record,
    discover_columns,
    home_freshness,
    parse_list_page,
)
from gongkai.audit.content.columns import DYNAMIC, MAX_COLUMN_NAME, ColumnLink
from gongkai.audit.context import AuditContext, KnownColumn
from gongkai.audit.encoding import decode_html
from gongkai.audit.findings import Finding, from_record
from gongkai.audit.jsrender import shown
from gongkai.audit.page import Link, Page
from gongkai.audit.pagetext import split_text, text_hash
from gongkai.audit.urls import normalize

MAX_COLUMNS = 200  # a site with more "columns" than this is reading article links as menus
MAX_LIST_PAGES = 50  # pages of one 动态 column read for the weekly data
# a list page kept in the page state is replayed for later check dates while it reads the same
# for a check date this much later (no year-less date, no date still in the future)
MEMO_SPAN = timedelta(days=366)


@dataclass
class _Column:
    known: KnownColumn
    first: ListPage | None = None
    title: str = ""  # the list page's <title> up to the site name, the last resort for a name
    more: dict[str, ListPage] = field(default_factory=dict)  # further list pages read by the crawl


class ColumnCheck(Check):
    name = "columns"
    # the list pages it reads (column lists and their further pages) are replayed from their memo
    # (the list as read, the sub-columns of a column's first page) while their dates read the same
    replayable = True

    def __init__(self) -> None:
        self._columns: dict[str, _Column] = {}
        self._wanted: dict[str, str] = {}  # list page URL -> column URL (pages of 动态 columns)
        self._declared = False
        # the list page check_page just read (url, list, sub-columns or None for a further page),
        # for its memo in the page state
        self._read: tuple[str, ListPage, list[ColumnLink] | None] | None = None

    def _add(
        self,
        ctx: AuditContext,
        url: str,
        name: str,
        declared: str | None = None,
        window_days: int | None = None,
    ) -> None:
        url = normalize(url) or url
        if url in self._columns:
            known = self._columns[url].known
            known.type = declared or known.type
            known.window_days = window_days or known.window_days
            known.name = known.name or name
            return
        if len(self._columns) >= MAX_COLUMNS:
            return
        known = KnownColumn(url, name, declared, window_days)
        self._columns[url] = _Column(known)
        ctx.known_columns[url] = known

    def _declare(self, ctx: AuditContext) -> None:
        """Columns of ``--column URL=TYPE[,DAYS]`` or the registry (with their own update window):
        named from the page later when no name is known."""
        self._declared = True
        for url, kind, *window in ctx.config.columns:
            self._add(ctx, url, "", kind, window[0] if window else None)

    def _is_dynamic(self, column: _Column) -> bool:
        return classify_column(column.known.type or column.known.name)[0] == DYNAMIC

    def check_page(self, page: Page, ctx: AuditContext) -> Iterable[Finding]:
        if not self._declared:
            self._declare(ctx)
        as_of = ctx.config.as_of
        if page.is_start:
            stale = home_freshness(page.tree, page.url, as_of=as_of)
            if stale is not None:
                yield from_record(stale)
            for link in discover_columns(page.tree, page.url):
                self._add(ctx, link.url, link.name)
            return
        if self._unread(page.url) is not None:
            listing = parse_list_page(page.tree, page.url, as_of=as_of)
            subs = _sub_columns(page, listing)
            self._use(ctx, page.url, listing, _title_name(page.title), subs)
            self._read = (page.url, listing, subs)
        elif page.url in self._wanted:
            listing = parse_list_page(page.tree, page.url, as_of=as_of)
            self._use(ctx, page.url, listing)
            self._read = (page.url, listing, None)

    def _unread(self, url: str) -> _Column | None:
        """The column whose first list page ``url`` is, while that page has not been read."""
        column = self._columns.get(url)
        return column if column is not None and column.first is None else None

    def _use(
        self,
        ctx: AuditContext,
        url: str,
        listing: ListPage,
        title: str = "",
        subs: list[ColumnLink] | None = None,
    ) -> None:
        """A list page read (or taken from the page state): the first page of its column, whose
        menus give sub-columns, or a further page of a 动态 column."""
        column = self._unread(url)
        if column is not None:
            column.first, column.title = listing, title
            for link in subs or []:
                self._add(ctx, link.url, link.name)
            if self._is_dynamic(column):
                self._want(listing, column.known.url)
        elif url in self._wanted:
            owner = self._columns[self._wanted[url]]
            owner.more[url] = listing
            self._want(listing, owner.known.url)

    def needs_page(self, url: str) -> bool:
        """A column's list pages: their dates are compared with as_of, their menus make columns."""
        return url in self._columns or url in self._wanted

    def page_memo(self, page: Page, ctx: AuditContext) -> Any:
        """A list page as read (only with a page state: this parses the list once more)."""
        if self._read is None or self._read[0] != page.url or page.url in ctx.rendered:
            return None
        _, listing, subs = self._read
        memo = _list_memo(page, listing, ctx.config.as_of)
        if subs is not None:  # a column's first page
            column = self._columns.get(page.url)
            memo.update(title=column.title if column else "", subs=[[link.url, link.name] for link in subs])
        return memo

    def replays(self, url: str, memo: Any, ctx: AuditContext) -> bool:
        """A list page this check still has to read only from a memo that holds what it needs
        (the sub-columns too for a column's first page) and reads the same for this check date."""
        if self._unread(url) is not None:
            needed = ("list", "subs")
        elif url in self._wanted:
            needed = ("list",)
        else:
            return True
        if not isinstance(memo, dict) or any(key not in memo for key in needed):
            return False
        begin, end = memo.get("valid") or ("", "")
        return begin <= ctx.config.as_of.isoformat() <= end

    def replay_page(
        self, url: str, memo: Any, findings: list[Finding], links: list[Link], ctx: AuditContext
    ) -> Iterable[Finding]:
        """An unchanged list page: its list and sub-columns as the memo kept them."""
        if isinstance(memo, dict) and "list" in memo and self.replays(url, memo, ctx):
            subs = [ColumnLink(name, sub) for sub, name in memo.get("subs") or []]
            self._use(ctx, url, _listing_of(memo["list"]), memo.get("title") or "", subs)
        return findings

    def _want(self, listing: ListPage, column_url: str) -> None:
        """Remember the other pages of a 动态 column's list, to parse them when the crawl reaches them."""
        for url in listing.pages:
            self._wanted.setdefault(normalize(url) or url, column_url)

    async def finish(self, ctx: AuditContext) -> Iterable[Finding]:
        findings: list[Finding] = []
        as_of = ctx.config.as_of
        period = (ctx.config.weekly_from or date(as_of.year, 1, 1), as_of)
        for column in self._columns.values():
            if column.first is None:
                fetched = await _fetch_list(ctx, column.known.url)
                if fetched is None:
                    continue  # the page does not open: reported as a broken link where it is linked
                column.first, column.title = fetched
            pages = [column.first]
            every_page = not column.first.pages
            if self._is_dynamic(column):
                pages, every_page = await self._dynamic_pages(ctx, column, period[0])
            known = column.known
            name = known.name or column.first.column_name or column.title or known.url
            record = column_record(
                known.url,
                name,
                known.type,
                _distinct(pages),
                as_of=as_of,
                window_days=known.window_days,
                weekly_period=period,
                every_page=every_page,
            )
            if known.url in ctx.rendered:  # read from the DOM after its scripts ran (jsrender)
                record["rendered"], record["script_loaded"] = True, False
            ctx.columns.append(record)
            findings.extend(from_record(f) for f in column_findings(record))
        return findings

    async def _dynamic_pages(
        self, ctx: AuditContext, column: _Column, start: date
    ) -> tuple[list[ListPage], bool]:
        """The list pages of a 动态 column needed for the weekly data, and whether that is all of them."""
        assert column.first is not None
        pages = [column.first]
        queue = list(column.first.pages)
        seen = {column.known.url, *queue}
        while queue and len(pages) < MAX_LIST_PAGES:
            oldest = _oldest(pages)
            if oldest is not None and oldest <= start:
                return pages, False
            url = queue.pop(0)
            listing = column.more.get(normalize(url) or url)
            if listing is None:
                fetched = await _fetch_list(ctx, url)
                if fetched is None:
                    continue
                listing = fetched[0]
            pages.append(listing)
            for more in listing.pages:
                if more not in seen:
                    seen.add(more)
                    queue.append(more)
        return pages, not queue


def _sub_columns(page: Page, listing: ListPage) -> list[ColumnLink]:
    """Menus of a column page: its own list items and pager are not columns."""
    skip = {normalize(url) for url in [*(item.url or "" for item in listing.items), *listing.pages]}
    return [
        link
        for link in discover_columns(page.tree, page.url)
        if normalize(link.url) not in skip and not looks_like_article(link.url)
    ]


def _list_memo(page: Page, listing: ListPage, as_of: date) -> dict[str, Any]:
    """A list page as JSON, and the check dates it holds for: up to MEMO_SPAN later when it reads
    the same then (dates are only ever added or moved later as the check date grows, so the two
    ends agreeing means every date between agrees), else this check date only."""
    later = parse_list_page(page.tree, page.url, as_of=as_of + MEMO_SPAN)
    until = as_of + MEMO_SPAN if later == listing else as_of
    return {
        "list": {
            "items": [[i.title, i.url, i.date.isoformat() if i.date else None] for i in listing.items],
            "pages": listing.pages,
            "empty": listing.empty,
            "script_loaded": listing.script_loaded,
            "column_name": listing.column_name,
        },
        "valid": [as_of.isoformat(), until.isoformat()],
    }


def _listing_of(data: dict[str, Any]) -> ListPage:
    items = [ListItem(t, u, date.fromisoformat(d) if d else None) for t, u, d in data["items"]]
    return ListPage(items, list(data["pages"]), data["empty"], data["script_loaded"], data["column_name"])


def _oldest(pages: list[ListPage]) -> date | None:
    dates = [item.date for page in pages for item in page.items if item.date is not None]
    return min(dates) if dates else None


def _distinct(pages: list[ListPage]) -> list[ListPage]:
    """The pages with items already listed removed: a pager's 首页 link is the first page again."""
    seen: set[tuple[str | None, str]] = set()
    result = []
    for page in pages:
        items = [item for item in page.items if (item.url, item.title) not in seen]
        seen.update((item.url, item.title) for item in page.items)
        if page is pages[0] or items:
            result.append(ListPage(items, page.pages, page.empty, page.script_loaded, page.column_name))
    return result


def _title_name(title: str) -> str:
    """应急管理 from ``应急管理_某某县人民政府`` (CMS titles put the site name after _ - | —)."""
    name = re.split(r"[_|\-—–]", title, maxsplit=1)[0].strip()
    return name if 2 <= len(name) <= MAX_COLUMN_NAME else ""


async def _fetch_list(ctx: AuditContext, url: str) -> tuple[ListPage, str] | None:
    """A list page the crawl did not read, fetched now (through the polite per-host slots), and
    the column name its title gives."""
    fetched = await ctx.fetcher.fetch(url, referer=ctx.home)
    if not fetched.ok or not fetched.is_html or fetched.body is None:
        return None
    fetched = await shown(ctx, fetched)  # a list only its scripts fill: the rendered DOM
    html, _ = decode_html(fetched.body, fetched.charset)
    ctx.page_hashes.setdefault(url, text_hash(split_text(html).main))
    tree = LexborHTMLParser(html)
    title = tree.css_first("title")
    name = _title_name(title.text() if title is not None else "")
    return parse_list_page(tree, fetched.final_url, as_of=ctx.config.as_of), name
