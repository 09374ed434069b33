"""Personal data in page text: resident ID numbers, mobile numbers, bank card numbers.

Every candidate is validated (GB 11643 check digit, real birth date, province code; Luhn and a
card prefix; mobile prefixes 13–19) and skipped inside URLs, inside longer numbers, and — for
card numbers, whose checksum is weakest — right after words that introduce reference numbers.
Office landlines (0914-6322055, (0379)67777396) start with 0 and never match. The raw number is
never stored: hits carry the masked form only.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

ID_CARD = "id_card"
PHONE = "phone"
BANK_CARD = "bank_card"
LABELS = {ID_CARD: "公民身份号码", PHONE: "手机号码", BANK_CARD: "银行卡号"}

# Province-level codes of GB/T 2260 (83: residence permits of Taiwan residents).
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Issuer prefixes of cards sold in China: UnionPay 62/60, Visa 4, Mastercard 51–55 and 22–27, JCB 35,
# old domestic debit cards 95.
_CARD_PREFIXES = (
    "62",
    "60",
    "4",
    "51",
    "52",
    "53",
    "54",
    "55",
    "22",
    "23",
    "24",
    "25",
    "26",
    "27",
    "35",
    "95",
)
_REFERENCE_WORDS = tuple("编号 单号 流水号 订单 代码 文号 登记号 证书号 序列号 批次 条码".split())
# Unified social credit codes and registration numbers can look like ID numbers.
_ID_REFERENCE_WORDS = ("信用代码", "机构代码", "注册号", "税号", "纳税人识别号")
# An 11-digit amount or count (13500000000元) is not a mobile number.
_UNITS = frozenset("元万亿吨亩个人次件户套台张%％")
_CURRENCY = frozenset("￥¥$")

_EDGE_L = r"(?<![0-9A-Za-z])(?<![0-9][-.])"
_EDGE_R = r"(?![0-9A-Za-z])(?![-.][0-9])"
_CANDIDATES = re.compile(
    _EDGE_L
    + r"(?:"
    + r"(?P<id>[1-9]\d{16}[\dXx]|[1-9]\d{14})"
    + r"|(?P<phone>(?:(?:\+|00)?86[-\s]?)?1[3-9]\d(?:-\d{4}-\d{4}|\s\d{4}\s\d{4}|\d{8}))"
    + r"|(?P<card>\d{16,19}|\d{4}(?:\s\d{4}){3}(?:\s?\d{1,3})?|\d{4}(?:-\d{4}){3}(?:-?\d{1,3})?)"
    + r")"
    + _EDGE_R
)
# Cheap first pass: only stretches of at least 11 digits/separators can hold a candidate.
_CLUSTER = re.compile(r"[+0-9][0-9Xx\s-]{10,}")
_URL = re.compile(r"(?:https?://|www\.)[!-~]+", re.IGNORECASE)
_DIGIT_RUN = re.compile(r"\d[\d\s-]*\d")


@dataclass(frozen=True)
class PersonalData:
    start: int
    end: int
    category: str
    masked: str

    @property
    def message(self) -> str:
        return f"页面公开了{LABELS[self.category]}（{self.masked}），属于个人隐私，请删除或作脱敏处理"


def mask(raw: str, keep_head: int, keep_tail: int = 4) -> str:
    """Digits beyond the first ``keep_head`` and last ``keep_tail`` become ``*``; same length."""
    digit_positions = [i for i, c in enumerate(raw) if c.isdigit() or c in "Xx"]
    hidden = set(digit_positions[keep_head : len(digit_positions) - keep_tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(raw))


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.date.today()


def valid_id(number: str) -> bool:
    """GB 11643: province code, real birth date, and (18 digits) the check character."""
    if number[:2] not in PROVINCES:
        return False
    if len(number) == 15:
        return _real_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    if not _real_date(int(number[6:10]), int(number[10:12]), int(number[12:14])):
        return False
    return id_check_character(number[:17]) == number[17].upper()


def id_check_character(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def luhn(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _valid_card(text: str, start: int, digits: str) -> bool:
    if not 16 <= len(digits) <= 19 or not digits.startswith(_CARD_PREFIXES) or not luhn(digits):
        return False
    return not _after_words(text, start, _REFERENCE_WORDS)


def _after_words(text: str, start: int, words: tuple[str, ...]) -> bool:
    """True when one of ``words`` occurs in the few characters before ``start``."""
    before = text[max(0, start - 10) : start]
    return any(word in before for word in words)


def find(text: str) -> list[PersonalData]:
    """All personal data in ``text``, in order, masked."""
    found: list[PersonalData] = []
    urls: list[tuple[int, int]] | None = None
    for cluster in _CLUSTER.finditer(text):
        # Lookbehinds see the text before ``pos``; ``endpos`` leaves room for the lookaheads.
        for match in _CANDIDATES.finditer(text, cluster.start(), min(len(text), cluster.end() + 2)):
            if urls is None:
                urls = [m.span() for m in _URL.finditer(text)]
            if _inside(urls, match.start()):
                continue
            item = _classify(text, match)
            if item:
                found.append(item)
    return found


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    index = bisect.bisect_right(spans, (position, 1 << 62)) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _classify(text: str, match: re.Match[str]) -> PersonalData | None:
    start, end = match.span()
    raw = match.group()
    if match.lastgroup == "id":
        if valid_id(raw) and not _after_words(text, start, _ID_REFERENCE_WORDS):
            return PersonalData(start, end, ID_CARD, mask(raw, 6))
        if len(raw) == 18 and _valid_card(text, start, raw):
            return PersonalData(start, end, BANK_CARD, mask(raw, 6))
        return None
    if match.lastgroup == "phone":
        if text[end : end + 1] in _UNITS or text[start - 1 : start] in _CURRENCY:
            return None
        # Keep the country code and the three-digit network prefix.
        return PersonalData(start, end, PHONE, mask(raw, sum(c.isdigit() for c in raw) - 8))
    if _valid_card(text, start, re.sub(r"\D", "", raw)):
        return PersonalData(start, end, BANK_CARD, mask(raw, 6))
    return None


def mask_long_numbers(text: str) -> str:
    """Safety net for contexts: any run of 11 or more digits keeps only its last four."""

    def _hide(match: re.Match[str]) -> str:
        run = match.group()
        return mask(run, 0) if sum(c.isdigit() for c in run) >= 11 else run

    return _DIGIT_RUN.sub(_hide, text)
