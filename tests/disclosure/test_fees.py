"""Fee tiers of 国办函〔2020〕109号 at each edge."""

from __future__ import annotations

import pytest

from gongkai.disclosure.fees import Fee, FeeError, FeeMode, charge, fee_by_pages, fee_by_request


@pytest.mark.parametrize(
    ("k", "fee"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (100, 800),
    ],
)
def test_fee_by_request(k, fee):
    assert fee_by_request(k) == fee


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),  # 70 × 10
        (101, 720),  # 700 + 20
        (150, 1700),  # 700 + 50 × 20
        (200, 2700),  # 700 + 100 × 20
        (201, 2740),  # 2700 + 40
        (250, 4700),  # 2700 + 50 × 40
    ],
)
def test_fee_by_pages(pages, fee):
    assert fee_by_pages(pages) == fee


@pytest.mark.parametrize("bad", [0, -1, 1.5, "11", True, None])
def test_fee_by_request_rejects_bad_k(bad):
    with pytest.raises(FeeError, match="本月第几件申请"):
        fee_by_request(bad)


@pytest.mark.parametrize("bad", [-1, 2.0, "30", False])
def test_fee_by_pages_rejects_bad_pages(bad):
    with pytest.raises(FeeError, match="页数"):
        fee_by_pages(bad)


def test_charge_one_way_only():
    assert charge(request_number_in_month=11) == Fee(FeeMode.BY_REQUEST, 100)
    assert charge("按量", pages=150) == Fee(FeeMode.BY_PAGES, 1700)
    assert charge(FeeMode.BY_REQUEST, request_number_in_month=41).amount == 300
    with pytest.raises(FeeError, match="不能同时按件和按量"):
        charge(request_number_in_month=11, pages=150)
    with pytest.raises(FeeError, match="按量"):
        charge(FeeMode.BY_PAGES, request_number_in_month=11)
    with pytest.raises(FeeError, match="按件"):
        charge("按件", pages=40)
    with pytest.raises(FeeError, match="未给出收费依据"):
        charge()
    with pytest.raises(FeeError, match="收费方式"):
        charge("按年", pages=40)
