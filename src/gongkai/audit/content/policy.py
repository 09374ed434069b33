"""Policy files (政策文件) and their interpretations (政策解读).

Metadata of a policy file page (``policy_metadata``): 文件类型, 文号, 发文日期 and 效力状态 (the
elements of 文件完整性 in seed 004: "需包含文件类型、文号、发文日期、效力状态").
- 文件类型 is present when a value follows one of 文件类型 / 公文种类 / 文件种类 / 公文文种 / 体裁分类
  (the 国务院政策文件库's 公文种类: 通知, 意见, 办法…).
- 文号 is present when a labelled value is shown (文号 / 发文字号 / 文件编号, spaced labels such as
  ``文　　号`` included) or when a document number stands on a line of its own in the body, as
  under an official document's title: 商南政办函〔2021〕56号, 甘政办发〔2022〕29号,
  国办秘函〔2019〕19号 (any bracket pair). A number cited inside a sentence is not this file's.
  An empty cell, a placeholder (——, /) or the next label read as the value count as missing;
  ``无`` counts as given (the page states that the file has no number).
- 发文日期 is present when a date follows one of 发文日期 / 成文日期 / 印发日期 / 签发日期 / 生成日期.
  The page's 发布日期 (publication date) is deliberately not accepted: it is a different field.
- 效力状态 is present when a value (有效, 失效, 废止, 现行有效, 部分失效, …) follows one of
  效力状态 / 有效性 / 时效性 / 效力 / 是否有效, or stands alone as a badge line (``现行有效``).

Interpretation ↔ file matching (``interpretation_unlinked``), in :func:`interpretation_findings`:
an interpretation page (title with 解读/图解/一图读懂, or a ``/zcjd/`` URL) is linked when one of its
links points to (a) a crawled page of a policy column, or (b) a page whose title is the file the
interpretation names — the 《…》 title inside the interpretation's title, or its title with the
解读 words removed — or (c) a link whose text names that file. The reverse is checked too: a policy
file whose interpretation was found but which does not link back to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urldefrag, urlsplit

from selectolax.lexbor import LexborHTMLParser

from gongkai.audit.content.dates import find_dates
from gongkai.audit.content.html import looks_like_html, visible_text

FIELDS = ("文件类型", "文号", "发文日期", "效力状态")
_NO_LIMIT = date(9000, 1, 1)  # without as_of, any real date counts
_GAP = "[\\s\u3000]*"
# e.g. 商南政办函〔2021〕56号, 国办秘函〔2019〕19号, 国发[2020]5号
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fa5]{1,12}\s*[〔\[［(（【]\s*(?:19|20)\d\d\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号"
)
STATUS_VALUES = (
    "现行有效",
    "部分失效",
    "已失效",
    "已废止",
    "尚未生效",
    "有效",
    "失效",
    "废止",
    "已修改",
    "已修订",
)


def _label(words: Iterable[str]) -> str:
    """Regex for labels written with spacing inside (文　　号)."""
    return "(?:" + "|".join(_GAP.join(map(re.escape, word)) for word in words) + ")"


_NUMBER_LABEL = re.compile(
    _label(("文号", "发文字号", "文件编号", "发文文号")) + _GAP + r"[：:]?" + r"\s*(?P<value>[^\n]{0,40})"
)
_DATE_LABEL = re.compile(
    _label(("发文日期", "成文日期", "印发日期", "签发日期", "生成日期", "发文时间", "成文时间"))
    + _GAP
    + r"[：:]?\s*(?P<value>[^\n]{0,30})"
)
_TYPE_LABEL = re.compile(
    _label(("文件类型", "公文种类", "文件种类", "公文文种", "体裁分类"))
    + _GAP
    # a short value ending its line (a table cell may put it on the next line); a long line after
    # an empty cell is the page's title, not a type
    + r"[：:]?[ \t\u3000]*\n?[ \t\u3000]*(?P<value>[^\n]{1,12})(?:\n|$)"
)
_STATUS_LABEL = re.compile(
    _label(("效力状态", "有效性", "时效性", "是否有效", "效力")) + _GAP + r"[：:]?\s*(?P<value>[^\n]{0,12})"
)
# The next label of a metadata table ("索引号：", "有 效 性：") read where a value should be.
_ANY_LABEL = re.compile(
    r"^(?:[\u4e00-\u9fa5]{2,8}[：:]|索引号|发布机构|发文机关|主题分类|发布日期|成文日期|有效性)"
)
_MEANINGFUL = re.compile(r"[\u4e00-\u9fa5\d]")
_INTERPRETATION_WORDS = re.compile(r"解读|图解|一图读懂|一图看懂|答记者问")
_INTERPRETATION_PATH = re.compile(r"/(?:zcjd|jd|zcjdx|tjjd)(?:/|_|$)", re.I)
_POLICY_COLUMN = re.compile(
    r"政策文件|规范性文件|政府文件|政策法规|政府令|部门文件|(?:政府|政府办|政办|办公室|本级)文件$"
)
_QUOTED = re.compile(r"《([^《》]{4,80})》")
_DECORATION = re.compile(r"^(?:图解|一图读懂|一图看懂)[：:]?|(?:的)?(?:政策)?(?:解读|图解|答记者问)$")


def _text_of(html_or_text: str | LexborHTMLParser) -> str:
    if isinstance(html_or_text, LexborHTMLParser) or looks_like_html(html_or_text):
        return visible_text(html_or_text)
    return html_or_text or ""


def _value_present(value: str) -> bool:
    """A real value: not empty, not a placeholder (—— or /), not the next label of the table."""
    value = re.sub(r"[\s\u3000]", "", value).lstrip("：:")
    return bool(_MEANINGFUL.search(value)) and not _ANY_LABEL.match(value)


def _standalone_number(line: str) -> bool:
    """A document number on a line of its own, as under the title of an official document; a
    number cited inside a sentence (根据…（国办发〔2019〕19号）) is another document's."""
    match = DOC_NUMBER.search(line)
    return match is not None and len(line.strip(" \u3000")) <= len(match.group()) + 6


def policy_missing_fields(html_or_text: str | LexborHTMLParser, *, as_of: date | None = None) -> list[str]:
    """Which of 文件类型, 文号, 发文日期, 效力状态 a policy file page lacks (in that order)."""
    text = _text_of(html_or_text)
    limit = as_of or _NO_LIMIT
    missing = []
    if not any(_value_present(m["value"]) for m in _TYPE_LABEL.finditer(text)):
        missing.append("文件类型")
    number = any(_standalone_number(line) for line in text.splitlines()) or any(
        _value_present(m["value"]) for m in _NUMBER_LABEL.finditer(text)
    )
    if not number:
        missing.append("文号")
    if not any(find_dates(m["value"], as_of=limit) for m in _DATE_LABEL.finditer(text)):
        missing.append("发文日期")
    status_labelled = any(
        m["value"].strip(" \u3000").startswith(STATUS_VALUES) for m in _STATUS_LABEL.finditer(text)
    )
    status_badge = any(line.strip(" \u3000【】[]") in STATUS_VALUES for line in text.splitlines())
    if not (status_labelled or status_badge):
        missing.append("效力状态")
    return missing


def policy_findings(page: str, html_or_text: str | LexborHTMLParser) -> list[dict[str, Any]]:
    """A ``policy_metadata`` finding for one page of a policy column, or nothing."""
    missing = policy_missing_fields(html_or_text)
    if not missing:
        return []
    return [
        {
            "kind": "policy_metadata",
            "page": page,
            "missing": missing,
            "message": f"政策文件页面缺少{'、'.join(missing)}，请在文件信息中补充标注。",
        }
    ]


def is_policy_column(name: str) -> bool:
    """True for 政策文件 / 规范性文件 / 政府文件 / 政策法规… columns (not 政策解读)."""
    cleaned = "".join((name or "").split())
    return "解读" not in cleaned and bool(_POLICY_COLUMN.search(cleaned))


@lru_cache(maxsize=20_000)  # a site's menus link to the same pages, with the same texts, on every page
def is_interpretation(title: str, url: str = "") -> bool:
    """True for policy interpretation pages: 解读/图解/一图读懂/答记者问 in the title, or a zcjd URL."""
    return bool(_INTERPRETATION_WORDS.search(title or "")) or bool(
        _INTERPRETATION_PATH.search(urlsplit(url or "").path)
    )


@dataclass(slots=True)
class LinkedPage:
    """What interpretation matching needs of a crawled page."""

    url: str
    title: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (absolute URL, link text)
    column: str = ""  # name of the column the page was found in, if known


def _field(page: Any, name: str, default: Any = "") -> Any:
    if isinstance(page, Mapping):
        return page.get(name, default)
    return getattr(page, name, default)


def _as_linked(page: Any) -> LinkedPage:
    """Accept LinkedPage, a dict, or any object with url/title/links (links as URLs, (url, text)
    pairs, or objects with ``target``/``url`` and ``text``), such as the crawler's Page."""
    links: list[tuple[str, str]] = []
    for link in _field(page, "links", []) or []:
        if isinstance(link, str):
            links.append((link, ""))
        elif isinstance(link, tuple):
            links.append((str(link[0]), str(link[1]) if len(link) > 1 else ""))
        else:
            target = _field(link, "target", "") or _field(link, "url", "")
            links.append((str(target), str(_field(link, "text", "") or "")))
    return LinkedPage(
        url=str(_field(page, "url", "")),
        title=str(_field(page, "title", "") or ""),
        links=links,
        column=str(_field(page, "column", "") or ""),
    )


def _norm_url(url: str) -> str:
    return urldefrag(url).url.rstrip("/")


def _norm_title(title: str) -> str:
    return re.sub(r"[\s\u3000《》“”\"'_\-—|]", "", title or "")


def interpreted_titles(title: str) -> list[str]:
    """The file titles an interpretation names: its 《…》 titles, else its title without 解读 words."""
    quoted = _QUOTED.findall(title or "")
    if quoted:
        return [_norm_title(q) for q in quoted]
    stripped = _norm_title(_DECORATION.sub("", _norm_title(title)))
    return [stripped] if len(stripped) >= 4 else []


def _names(file_title: str, wanted: list[str]) -> bool:
    normalized = _norm_title(file_title)
    # Page titles often carry a site suffix ("…的通知_某县人民政府"), so containment, not equality.
    return bool(normalized) and any(w and (w in normalized) for w in wanted)


def shown_title(title: str) -> str:
    """The title as a message quotes it, without the site suffix CMS page titles carry
    ("…的意见_某县人民政府", "… | 某局"); " - " and "——" are kept, titles use them ("2021-2025年")."""
    head = re.split(r"\s*[_|｜]\s*", (title or "").strip(), maxsplit=1)[0]
    return head if len(head) >= 4 else (title or "").strip()


def interpretation_findings(pages: Iterable[Any]) -> list[dict[str, Any]]:
    """``interpretation_unlinked`` findings over the crawled pages (see the module docstring)."""
    linked = [_as_linked(p) for p in pages]
    by_url = {_norm_url(p.url): p for p in linked}
    files = [p for p in linked if not is_interpretation(p.title, p.url)]
    findings: list[dict[str, Any]] = []
    for interp in (p for p in linked if is_interpretation(p.title, p.url)):
        wanted = interpreted_titles(interp.title)
        own_file = next((f for f in files if wanted and _names(f.title, wanted)), None)
        if not any(_links_to_file(url, text, wanted, by_url) for url, text in interp.links):
            if own_file is not None:
                message = (
                    f"政策解读“{shown_title(interp.title)}”未链接到所解读的文件“{shown_title(own_file.title)}”，"
                    "请在解读页面添加原文件链接。"
                )
            else:
                message = (
                    f"政策解读“{shown_title(interp.title)}”没有链接到任何政策文件，请添加所解读文件的链接。"
                )
            findings.append(_finding(interp.url, own_file.url if own_file else None, message))
        elif own_file is not None and not any(
            _norm_url(u) == _norm_url(interp.url) for u, _ in own_file.links
        ):
            message = (
                f"政策文件“{shown_title(own_file.title)}”未链接到其政策解读“{shown_title(interp.title)}”，"
                "请在文件页面添加解读链接，实现文件与解读相互关联。"
            )
            findings.append(_finding(own_file.url, interp.url, message))
    return findings


def _links_to_file(url: str, text: str, wanted: list[str], by_url: dict[str, LinkedPage]) -> bool:
    target = by_url.get(_norm_url(url))
    if target is not None:
        if is_interpretation(target.title, target.url):
            return False
        if is_policy_column(target.column) or _names(target.title, wanted):
            return True
    return bool(text) and _names(text, wanted)


def _finding(page: str, target: str | None, message: str) -> dict[str, Any]:
    return {"kind": "interpretation_unlinked", "page": page, "target": target, "message": message}
