"""A site's published message list (网上问政, 互动交流, 领导信箱, 我为政府网站找错): the table of
messages with their title, 留言时间 and 回复时间 or a state (未回复 / 已回复).

Pure: HTML in, listed messages out; no network, no wall clock (``as_of`` bounds the dates).

A table is a message list when its header row (``th`` cells, else the first row) names a title
column, a time-of-message column (留言时间, 提问时间, 来信时间…) and a reply-time column (回复时间,
答复时间…) or a state column (状态, 办理状态…). A message is answered when its reply time is a
date, or its state says so (已回复, 已答复, 已办结…); a state saying 未回复, 待回复, 办理中… or an
empty reply time means unanswered.

``unanswered_over_3_months(message, as_of)``: unanswered and ``as_of`` more than 3 calendar months
after its 留言时间 (2025-01-15 → from 2025-04-16), the national veto 互动回应差.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from gongkai.audit.content.dates import parse_date
from gongkai.tallies.messages import VETO_MONTHS, add_months

_TITLE = re.compile(r"标题|主题|事项|内容|信件")
_RECEIVED = re.compile(r"(?:留言|提问|咨询|来信|写信|提交|投诉|发帖|反映|发表)(?:时间|日期)")
_REPLY = re.compile(r"(?:回复|答复|办结|处理|反馈)(?:时间|日期)")
_STATE = re.compile(r"状态")
_ANSWERED = re.compile(r"已回复|已答复|已办结|已处理|已反馈|已完成")
_UNANSWERED = re.compile(r"未回复|未答复|待回复|待答复|未办结|办理中|处理中|待处理|受理中|未处理")
# pages that may hold a message list: a cheap test before parsing tables
HINT = re.compile(r"留言|回复|答复|问政|咨询|信箱|找错|纠错")


@dataclass(frozen=True, slots=True)
class ListedMessage:
    title: str
    received: date
    replied: date | None
    answered: bool
    state: str  # the state as shown ("" when the list shows reply times only)
    url: str  # the message's own page, or the list page when it has none

    def record(self, page: str) -> dict:
        """The JSON ``messages`` entry (docs/audit-json.md)."""
        return {
            "title": self.title,
            "received": self.received.isoformat(),
            "replied": self.replied.isoformat() if self.replied else None,
            "answered": self.answered,
            "state": self.state,
            "url": self.url,
            "page": page,
        }


def _cells(row: LexborNode) -> list[LexborNode]:
    return [c for c in row.iter() if c.tag in ("td", "th")]


def _text(node: LexborNode) -> str:
    return " ".join((node.text(separator=" ") or "").split())


def _columns(header: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        for key, pattern in (
            ("received", _RECEIVED),
            ("reply", _REPLY),
            ("state", _STATE),
            ("title", _TITLE),
        ):
            if key not in found and pattern.search(text):
                found[key] = index
                break
    if "received" in found and "title" in found and ("reply" in found or "state" in found):
        return found
    return None


def parse_message_list(html: str | LexborHTMLParser, base_url: str, *, as_of: date) -> list[ListedMessage]:
    """The messages of every message-list table of the page, in page order."""
    tree = LexborHTMLParser(html) if isinstance(html, str) else html
    listed: list[ListedMessage] = []
    for table in tree.css("table"):
        rows = [r for r in table.css("tr") if _cells(r)]
        if len(rows) < 2:
            continue
        columns = _columns([_text(c) for c in _cells(rows[0])])
        if columns is None:
            continue
        for row in rows[1:]:
            cells = _cells(row)
            if len(cells) <= max(columns.values()):
                continue
            title_cell = cells[columns["title"]]
            title = _text(title_cell)
            received = parse_date(_text(cells[columns["received"]]), as_of=as_of)
            if not title or received is None:
                continue
            replied = parse_date(_text(cells[columns["reply"]]), as_of=as_of) if "reply" in columns else None
            state = _text(cells[columns["state"]]) if "state" in columns else ""
            answered = replied is not None or (
                bool(_ANSWERED.search(state)) and not _UNANSWERED.search(state)
            )
            link = title_cell.css_first("a[href]")
            url = urljoin(base_url, link.attributes.get("href") or "") if link is not None else base_url
            listed.append(ListedMessage(title, received, replied, answered, state, url))
    return listed


def unanswered_over_3_months(message: ListedMessage, as_of: date) -> bool:
    return (
        not message.answered
        and message.received <= as_of
        and as_of > add_months(message.received, VETO_MONTHS)
    )
