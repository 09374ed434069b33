"""Columns (栏目): discovery, classification, update windows, and the contract's column records.

Update windows (rules.md §3, §1): 动态/要闻/工作动态 14 days; 通知公告 and 政策文件 "6 months",
taken as a fixed 182 days (half of 365, so the JSON ``window_days`` stays one number for every
column and the result does not depend on month lengths); 人事 and 规划计划 365 days; other columns
that should be updated 365 days (a setting: ``other_window_days``). "Within N days before the
check date" counts from the check date back N days, both ends included (rules.md §2), so a column
is stale when ``as_of - newest > window_days``. A column whose items show no date at all is stale
too: an item without a visible date counts as not updated (rules.md §1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from gongkai.audit.content.html import absolute, as_tree, contains, inside
from gongkai.audit.content.listing import (
    ListItem,
    ListPage,
    collect_records,
    dated_records,
    parse_list_page,
)
from gongkai.audit.content.policy import is_policy_column
from gongkai.workdays import CalendarRangeError, week_spans, weekly_misses

__all__ = [
    "COLUMN_TYPES",
    "ColumnLink",
    "ListItem",
    "ListPage",
    "classify_column",
    "column_findings",
    "column_record",
    "discover_columns",
    "home_freshness",
    "parse_list_page",
]

OTHER = "其他"
DYNAMIC = "动态"
# column type -> update window in days (rules.md §3)
COLUMN_TYPES: dict[str, int] = {
    DYNAMIC: 14,
    "通知公告": 182,
    "政策文件": 182,
    "人事": 365,
    "规划计划": 365,
    "年报": 365,  # 政府信息公开工作年度报告: one a year (rules.md §5)
    OTHER: 365,
}
HOME_WINDOW_DAYS = 14  # rules.md §1: no new item on the home page in the 2 weeks before the check
_WINDOW_TEXT = {14: "2周", 182: "6个月", 365: "1年"}
# how offices call a column's own update cycle (seed 003: "部分月更、季更栏目存在本年度未更新的问题")
_CYCLE_NAMES = ((7, 7, "周更"), (28, 31, "月更"), (89, 92, "季更"), (181, 184, "半年更"), (365, 366, "年更"))

# Name keywords per type after the policy-column test, tried in this order (the first type with a
# matching keyword wins): 政策解读 and 表格下载 are 其他, 通知公告 wins over 动态.
_TYPE_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (OTHER, ("解读", "回应", "下载")),
    ("年报", ("年报", "年度报告")),
    ("通知公告", ("通知", "公告", "公示", "通告")),
    (DYNAMIC, ("动态", "要闻", "新闻", "资讯", "快讯")),
    ("人事", ("人事", "任免", "招考", "招录", "招聘")),
    ("规划计划", ("规划", "计划")),
)

_SKIP_NAMES = re.compile(
    r"^(?:网站)?首页$|返回首页|^english$|无障碍|长者|关怀|登录|注册|网站地图|联系我们|关于我们|繁体|简体|"
    r"^更多|^more|^>>|收藏|设为|打印|关闭|^\d+$",
    re.I,
)
_MORE = re.compile(r"^(?:更多|more|查看更多|更多>+|>>|》》|\+)", re.I)
_NAV_HINT = re.compile(r"nav|menu|lanmu|column|channel|daohang|subnav|side|left|tab")
_FILE_EXT = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|zip|rar|7z|jpe?g|png|gif|mp4)$", re.I)
_HEADING = "h1, h2, h3, h4, h5, h6, strong, b, [class*=tit], [class*=hd], [class*=head], [class*=name]"
_HEADINGS = ("h2", "h3", "h4")
MAX_COLUMN_NAME = 16


def classify_column(name: str, *, other_window_days: int = COLUMN_TYPES[OTHER]) -> tuple[str, int]:
    """Column type and update window in days from a column name (or an explicit type)."""
    cleaned = "".join((name or "").split())
    if cleaned in COLUMN_TYPES:
        return cleaned, (other_window_days if cleaned == OTHER else COLUMN_TYPES[cleaned])
    if is_policy_column(cleaned):
        return "政策文件", COLUMN_TYPES["政策文件"]
    for column_type, keywords in _TYPE_KEYWORDS:
        if any(keyword in cleaned for keyword in keywords):
            if column_type == OTHER:
                break
            return column_type, COLUMN_TYPES[column_type]
    return OTHER, other_window_days


@dataclass(frozen=True, slots=True)
class ColumnLink:
    name: str
    url: str  # absolute


def _same_site(url: str, base_url: str) -> bool:
    def host(u: str) -> str:
        netloc = urlsplit(u).netloc.lower()
        return netloc[4:] if netloc.startswith("www.") else netloc

    return host(url) == host(base_url)


def _clean_name(text: str) -> str:
    return "".join(text.split()).strip("·•>》»|[]【】")


def _block_heading(more: LexborNode) -> str:
    """Name of the home-page block a 更多 link belongs to: its title attribute, else the block's
    first heading-like element."""
    title = _clean_name(more.attributes.get("title") or "")
    title = re.sub(r"^(?:更多|查看更多)", "", title)
    if 2 <= len(title) <= MAX_COLUMN_NAME:
        return title
    block = more.parent
    for _ in range(3):
        if block is None:
            break
        for node in block.css(_HEADING):
            if contains(node, more):
                continue
            name = _clean_name(node.text(separator=" "))
            if 2 <= len(name) <= MAX_COLUMN_NAME and not _MORE.match(name):
                return name
        block = block.parent
    return ""


def discover_columns(html: str | LexborHTMLParser, base_url: str) -> list[ColumnLink]:
    """Column links of a page (home page or column page), in page order, one per URL.

    Sources: links inside navigation and column menus (``<nav>`` or elements whose class/id says
    nav/menu/lanmu/column/channel/side/left/tab), links in headings (``<h3><a>通知公告</a></h3>``)
    and the 更多 links of home-page blocks, named after the block's heading. Only links to the
    same site are kept; the home page itself, files, and utility links (首页, 无障碍, 登录…) are not
    columns.
    """
    tree = as_tree(html)
    home = absolute(base_url, "/")
    found: dict[str, ColumnLink] = {}
    for anchor in tree.css("a[href]"):
        url = absolute(base_url, anchor.attributes.get("href"))
        if url is None or not _same_site(url, base_url) or _FILE_EXT.search(urlsplit(url).path):
            continue
        if url in (home, absolute(base_url, base_url)) or url in found:
            continue
        text = _clean_name(anchor.text(separator=" ")) or _clean_name(anchor.attributes.get("title") or "")
        if _MORE.match(text):
            name = _block_heading(anchor)
        elif inside(anchor, ("nav",), _NAV_HINT) or (
            anchor.parent is not None and anchor.parent.tag in _HEADINGS
        ):
            name = text
        else:
            continue
        if 2 <= len(name) <= MAX_COLUMN_NAME and not _SKIP_NAMES.search(name):
            found[url] = ColumnLink(name, url)
    return list(found.values())


def _window_text(days: int) -> str:
    return _WINDOW_TEXT.get(days, f"{days}天")


def _requirement(column_type: str, window: int) -> str:
    """What the column should have done: its type's default window, or its own (registered) one."""
    if COLUMN_TYPES.get(column_type) == window:
        return f"{column_type}类栏目应在{_window_text(window)}内更新"
    cycle = next((f"（{name}）" for low, high, name in _CYCLE_NAMES if low <= window <= high), "")
    return f"该栏目的更新周期为{window}天{cycle}，应每{window}天更新"


def _weekly(items: list[ListItem], period: tuple[date, date], every_page: bool) -> dict[str, Any]:
    """Seed 003's weekly data for one 动态 column (scoring applies −0.2 per miss elsewhere)."""
    start, end = period
    dates = [item.date for item in items if item.date is not None]
    try:
        spans = week_spans(start, end)
        misses = weekly_misses(dates, start, end)
    except (CalendarRangeError, ValueError) as error:
        return {"start": start.isoformat(), "end": end.isoformat(), "error": str(error)}
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "weeks": sum(span.counted for span in spans),
        "excluded": [span.label for span in spans if not span.counted],
        "misses": len(misses),
        "missed_weeks": [
            {"week": m.label, "start": m.start.isoformat(), "end": m.end.isoformat()} for m in misses
        ],
        # False when the items given do not reach back to the period start and the caller did not
        # read every list page: early weeks may then be counted as missed wrongly.
        "complete": every_page or (bool(dates) and min(dates) <= start),
    }


def column_record(
    url: str,
    name: str,
    type: str | None,
    listing: ListPage | Sequence[ListPage],
    *,
    as_of: date,
    window_days: int | None = None,
    weekly_period: tuple[date, date] | None = None,
    every_page: bool = False,
) -> dict[str, Any]:
    """One entry of the contract's ``columns`` list, plus ``script_loaded`` and ``weekly``.

    ``type`` is a declared type (``--column URL=TYPE``, a registry entry) or None to classify by
    ``name``; a declared type that is not one of :data:`COLUMN_TYPES` is classified like a name
    (``要闻`` → ``动态``). ``listing`` is the first list page (enough for freshness) or several
    pages of the column. ``weekly`` is filled for 动态 columns only: seed 003's weekly rule over
    ``weekly_period`` (default: 1 January of the ``as_of`` year to ``as_of``), else None; set
    ``every_page`` when ``listing`` holds every page of the column, so ``weekly.complete`` is true
    even for a column younger than the period.
    """
    pages = [listing] if isinstance(listing, ListPage) else list(listing)
    items = [item for page in pages for item in page.items]
    column_type, default_window = classify_column(type or name)
    window = window_days if window_days is not None else default_window
    dates = [item.date for item in items if item.date is not None]
    newest = max(dates) if dates else None
    if not items:
        status = "empty"
    elif newest is None or (as_of - newest).days > window:
        status = "stale"
    else:
        status = "ok"
    weekly = None
    if column_type == DYNAMIC:
        weekly = _weekly(items, weekly_period or (date(as_of.year, 1, 1), as_of), every_page)
    return {
        "url": url,
        "name": name,
        "type": column_type,
        "newest": newest.isoformat() if newest else None,
        "items": len(items),
        "window_days": window,
        "status": status,
        "script_loaded": any(page.script_loaded for page in pages),
        "weekly": weekly,
    }


def column_findings(record: dict[str, Any]) -> list[dict[str, Any]]:
    """``empty_column`` / ``stale_column`` findings for one column record (none when ok)."""
    name, status = record["name"], record["status"]
    script_note = (
        "（该栏目列表由脚本加载，仅检查了页面静态内容，请人工核实）" if record.get("script_loaded") else ""
    )
    if status == "empty":
        return [
            {
                "kind": "empty_column",
                "page": record["url"],
                "column": name,
                "type": record["type"],
                "message": f"栏目“{name}”没有任何信息，属于空白栏目，请补充内容或按规定整合、撤销该栏目。{script_note}",
            }
        ]
    if status != "stale":
        return []
    window = record["window_days"]
    requirement = _requirement(record["type"], window)
    if record["newest"] is None:
        detail = f"栏目“{name}”的信息均无可见的发布日期，按规定视为未更新（{requirement}）"
    else:
        detail = f"栏目“{name}”最新信息发布于{record['newest']}，超过{window}天未更新（{requirement}）"
    return [
        {
            "kind": "stale_column",
            "page": record["url"],
            "column": name,
            "type": record["type"],
            "newest": record["newest"],
            "window_days": window,
            "message": f"{detail}，请及时更新。{script_note}",
        }
    ]


def home_freshness(html: str | LexborHTMLParser, base_url: str, *, as_of: date) -> dict[str, Any] | None:
    """A ``home_not_updated`` finding when no dated item of the home page is within 14 days.

    Only dates attached to list items count (a "今天是…" banner or a copyright year does not);
    items without a visible date count as not updated (rules.md §1). A home page that is only
    navigation needs its second-level pages checked instead: that is left to the caller.
    """
    records = dated_records(collect_records(as_tree(html), base_url, as_of=as_of))
    newest = max((r.when for r in records if r.when is not None), default=None)
    if newest is not None and (as_of - newest).days <= HOME_WINDOW_DAYS:
        return None
    if newest is None:
        message = "首页没有任何带发布日期的信息，按规定视为首页未更新（检查日期前2周内应有更新）。"
    else:
        message = (
            f"首页最新信息发布于{newest.isoformat()}，检查日期{as_of.isoformat()}前2周内没有更新，"
            "属于单项否决指标，请立即更新首页内容。"
        )
    return {
        "kind": "home_not_updated",
        "page": base_url,
        "newest": newest.isoformat() if newest else None,
        "message": message,
    }
