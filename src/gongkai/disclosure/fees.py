"""Fees for disclosure applications (国办函〔2020〕109号, 政府信息公开信息处理费管理办法).

An office charges either per request (按件) or per page (按量) — for one request, never both.

- Per request: the K-th request of the same applicant in one calendar month. K ≤ 10 → free;
  11–30 → 100 元; above 30, +100 元 for every further block of 10 (31–40 → 200, 41–50 → 300, …).
- Per page, marginal tiers: pages 1–30 free, 31–100 10 元 each, 101–200 20 元 each, 201 and up
  40 元 each (150 pages → 70 × 10 + 50 × 20 = 1,700 元).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

FREE_REQUESTS = 10
FIRST_TIER_LAST = 30
FIRST_TIER_FEE = 100
BLOCK = 10
BLOCK_FEE = 100
# (first page of the tier, last page or None, 元 per page)
PAGE_TIERS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)


class FeeError(ValueError):
    """Bad fee input (the message is Chinese)."""


class FeeMode(StrEnum):
    BY_REQUEST = "按件"
    BY_PAGES = "按量"


@dataclass(frozen=True, slots=True)
class Fee:
    mode: FeeMode
    amount: int  # 元


def _integer(value: object, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FeeError(f"{name}须为整数，收到的是 {value!r}")
    if value < minimum:
        raise FeeError(f"{name}不能小于 {minimum}，收到的是 {value}")
    return value


def fee_by_request(k: int) -> int:
    """The fee in 元 for the ``k``-th request (k ≥ 1) of one applicant in a calendar month."""
    k = _integer(k, "本月第几件申请", 1)
    if k <= FREE_REQUESTS:
        return 0
    if k <= FIRST_TIER_LAST:
        return FIRST_TIER_FEE
    blocks = -(-(k - FIRST_TIER_LAST) // BLOCK)  # ceil: 31–40 is one block, 41–50 two, …
    return FIRST_TIER_FEE + BLOCK_FEE * blocks


def fee_by_pages(pages: int) -> int:
    """The fee in 元 for ``pages`` pages (pages ≥ 0), marginal tiers."""
    pages = _integer(pages, "页数", 0)
    total = 0
    for first, last, price in PAGE_TIERS:
        if pages < first:
            break
        top = pages if last is None else min(pages, last)
        total += (top - first + 1) * price
    return total


def charge(
    mode: FeeMode | str | None = None, *, request_number_in_month: int | None = None, pages: int | None = None
) -> Fee:
    """The fee of one request, charged one way only.

    Give exactly one of ``request_number_in_month`` (按件) and ``pages`` (按量); ``mode``, when
    given (a :class:`FeeMode` or its Chinese name), must agree with it. Both at once, neither, or a
    mode that does not match raise :class:`FeeError`.
    """
    if request_number_in_month is not None and pages is not None:
        raise FeeError("同一申请只能按件或按量计收信息处理费，不能同时按件和按量收费")
    if mode is not None:
        try:
            mode = FeeMode(mode)
        except ValueError:
            raise FeeError(f"收费方式须为“按件”或“按量”，收到的是 {mode!r}") from None
    if request_number_in_month is not None:
        if mode is FeeMode.BY_PAGES:
            raise FeeError("收费方式为按量，却给出了本月申请件数；按量收费须给出页数")
        return Fee(FeeMode.BY_REQUEST, fee_by_request(request_number_in_month))
    if pages is not None:
        if mode is FeeMode.BY_REQUEST:
            raise FeeError("收费方式为按件，却给出了页数；按件收费须给出本月第几件申请")
        return Fee(FeeMode.BY_PAGES, fee_by_pages(pages))
    raise FeeError("未给出收费依据：按件收费须给出本月第几件申请，按量收费须给出页数")
