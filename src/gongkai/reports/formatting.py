"""How numbers, dates and lists of names are written in Chinese official documents."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

from gongkai.reports.model import Cell


def format_number(value: Cell) -> str:
    """20.5 -> "20.5", 19.0 -> "19", None -> "": tables in the seeds never show trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise TypeError("布尔值不是分数")
    d = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def chinese_date(day: date) -> str:
    """2021-03-18 -> "2021年3月18日" (GB/T 9704-2012 7.3.5.3: Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def join_names(names: list[str], last: str = "和") -> str:
    """["A", "B", "C"] -> "A、B和C", the way the seeds list units."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return "、".join(names[:-1]) + last + names[-1]


def display_width(text: str, narrow: float = 0.5) -> float:
    """Width in character cells: CJK and full-width forms count 1, others ``narrow`` (0.5 in
    Times New Roman; more where a wider fallback font replaces it)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else narrow for ch in text)


URL = re.compile(r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+;=%]+")  # stops at "," and CJK
_HALF_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})
_NOT_BETWEEN_DIGITS = re.compile(r"(?<!\d)[(),:;]|[(),:;](?!\d)")
_SPACED = re.compile(r"\s*([，：；（）])\s*")


def official_punctuation(text: str) -> str:
    """Full-width punctuation for Chinese text in a document (finding messages are written with
    ASCII marks): ``( ) , : ;`` become ``（ ） ， ： ；`` with no spaces around them, except in URLs
    and between digits ("1,000", "10:30").

    "页面链接无法打开:http://x.cn/a.pdf,服务器返回错误(HTTP 404)" →
    "页面链接无法打开：http://x.cn/a.pdf，服务器返回错误（HTTP 404）"."""
    pieces = []
    last = 0
    for match in URL.finditer(text):
        pieces.append(_plain(text[last : match.start()]))
        pieces.append(match.group())
        last = match.end()
    pieces.append(_plain(text[last:]))
    return "".join(pieces)


def _plain(text: str) -> str:
    text = _NOT_BETWEEN_DIGITS.sub(lambda m: m.group().translate(_HALF_WIDTH), text)
    return _SPACED.sub(r"\1", text)
