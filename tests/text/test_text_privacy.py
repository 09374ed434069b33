"""Personal data: resident IDs, mobile numbers, bank cards — validated, in context, masked."""

from __future__ import annotations

import pytest
from text_helpers import luhn_complete, make_id

from gongkai.text import privacy

ID18 = make_id("35012819800101123")
CARD = luhn_complete("622202123456789012")  # 19 digits, UnionPay prefix
CARD16 = luhn_complete("436742123456789")  # 16 digits, Visa prefix


def found(text):
    return [(item.category, item.masked) for item in privacy.find(text)]


def test_id_card_in_a_flattened_table():
    text = f"序号\t姓名\t身份证号\t住址\n1\t张某某\t{ID18}\t城关街道\n"
    assert found(text) == [("id_card", ID18[:6] + "*" * 8 + ID18[-4:])]


@pytest.mark.parametrize(
    "number",
    [
        ID18[:-1] + ("0" if ID18[-1] != "0" else "1"),  # wrong check character
        make_id("35012819801301123"),  # month 13
        make_id("99012819800101123"),  # no such province
        make_id("35012821990101123"),  # born in the future
    ],
)
def test_invalid_id_numbers_are_ignored(number):
    assert [c for c, _ in found(f"证件号码：{number}。")] != ["id_card"]


def test_id_with_x_check_character():
    number = next(
        make_id(f"110105194912{d:02d}002")
        for d in range(1, 29)
        if make_id(f"110105194912{d:02d}002")[-1] == "X"
    )
    assert found(f"身份证：{number.lower()}") == [
        ("id_card", number.lower()[:6] + "*" * 8 + number.lower()[-4:])
    ]


def test_legacy_15_digit_id():
    assert found("老身份证号350128800101123。") == [("id_card", "350128*****1123")]
    assert found("登记号350128801301123。") == []  # month 13


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("联系人：李女士，手机13812345678。", "138****5678"),
        ("Tel: +86 13912345678", "+86 139****5678"),
        ("手机：139-1234-5678", "139-****-5678"),
        ("手机 186 1234 5678（微信同号）", "186 **** 5678"),
    ],
)
def test_mobile_numbers(text, masked):
    assert found(text) == [("phone", masked)]


@pytest.mark.parametrize(
    "text",
    [
        "联系电话：0914-6322055",
        "咨询电话：(0379)67777396",
        "监督电话：12345",
        "订单号138123456789012",  # part of a longer number
        "编号A13812345678",  # glued to letters
        "详见http://www.example.gov.cn/art/13812345678.html",
        "金额12813812345678元",  # 1281… is not a mobile prefix and too short for an ID
        "版本号2.13812345678",
        "总投资13500000000元",  # an amount, not a mobile number
        "合计￥15800000000",
    ],
)
def test_not_personal_data(text):
    assert found(text) == []


def test_bank_cards_with_and_without_spaces():
    spaced = " ".join(CARD16[i : i + 4] for i in range(0, 16, 4))
    text = f"开户行：农业银行，卡号{CARD}；备用卡 {spaced}。"
    assert found(text) == [
        ("bank_card", CARD[:6] + "*" * 9 + CARD[-4:]),
        ("bank_card", spaced[:4] + " " + spaced[5:7] + "** **** " + spaced[-4:]),
    ]


def test_bank_card_failing_luhn_or_in_reference_context():
    bad = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert found(f"卡号{bad}") == []
    assert found(f"项目编号：{CARD}") == []
    assert found(f"卡号{luhn_complete('123456789012345')}") == []  # implausible prefix


def test_checksums_against_published_examples():
    # The example number of GB 11643-1999 and a textbook Luhn number, independent of our helpers.
    assert privacy.valid_id("11010519491231002X")
    assert not privacy.valid_id("110105194912310021")
    assert privacy.luhn("4111111111111111") and not privacy.luhn("4111111111111112")


def test_masking_keeps_length():
    assert privacy.mask("13812345678", 3) == "138****5678"
    assert len(privacy.mask(ID18, 6)) == 18


def test_scan_messages_never_hold_raw_numbers(scanner):
    text = f"经核查，申请人王某（身份证号{ID18}，手机13812345678）要求公开的信息布署如下，银行卡{CARD}。"
    hits = scanner.scan(text)
    assert sorted(hit.kind for hit in hits) == ["privacy", "privacy", "privacy", "typo"]
    dump = repr([hit.to_dict() for hit in hits]) + repr(hits)
    for raw in (ID18, "13812345678", CARD):
        assert raw not in dump
    typo = next(hit for hit in hits if hit.kind == "typo")
    assert "****" in typo.context


def test_privacy_disabled(scanner):
    from gongkai.text import Scanner, TextConfig

    assert (
        Scanner(TextConfig(privacy=False, typos=False, fixed_terms=False)).scan(f"手机13812345678 {ID18}")
        == []
    )


def test_bank_account_wording_is_a_card_context():
    assert found(f"收款银行账号：{CARD}") == [("bank_card", CARD[:6] + "*" * 9 + CARD[-4:])]


def test_id_shaped_credit_code_is_not_an_id():
    assert found(f"统一社会信用代码：{ID18}") == []
    assert found(f"公民身份号码：{ID18}") != []
