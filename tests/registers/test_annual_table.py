"""`gongkai applications annual-table`: the contract's JSON on a small register, a region as the sum
of its units, the .xlsx, and Chinese errors on bad input."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from gongkai.disclosure import annual_table

pytestmark = pytest.mark.django_db

COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
LABELS = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开",
    "（三）不予公开",
    *(
        f"（三）不予公开-{s}"
        for s in [
            "属于国家秘密",
            "其他法律行政法规禁止公开",
            "危及“三安全一稳定”",
            "保护第三方合法权益",
            "属于三类内部事务信息",
            "属于四类过程性信息",
            "属于行政执法案卷",
            "属于行政查询事项",
        ]
    ),
    "（四）无法提供",
    *(
        f"（四）无法提供-{s}"
        for s in ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"]
    ),
    "（五）不予处理",
    *(
        f"（五）不予处理-{s}"
        for s in [
            "信访举报投诉类申请",
            "重复申请",
            "要求提供公开出版物",
            "无正当理由大量反复申请",
            "要求行政机关确认或重新出具已获取信息",
        ]
    ),
    "（六）其他处理",
    *(
        f"（六）其他处理-{s}"
        for s in [
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "其他",
        ]
    ),
    "（七）总计",
    "四、结转下年度继续办理",
]


@pytest.fixture
def register(make_app):
    from gongkai.registers.models import State

    replied = {"state": State.REPLIED}
    make_app("own", "A", date(2024, 12, 20), replied=date(2025, 1, 10), result="（一）予以公开", **replied)
    make_app("own", "B", date(2025, 3, 3), replied=date(2025, 3, 20), result="（一）予以公开", **replied)
    # received Tue 05-06: due Wed 06-04 (05-31..06-02 端午 off); replied late
    make_app(
        "own",
        "C",
        date(2025, 5, 6),
        applicant_type="商业企业",
        replied=date(2025, 7, 1),
        result="（二）部分公开",
        **replied,
    )
    make_app("own", "D", date(2025, 12, 15), applicant_type="法律服务机构", state=State.IN_PROGRESS)
    # received Mon 11-03: due Mon 12-01, still open on Dec 31
    make_app("own", "E", date(2025, 11, 3), applicant_type="其他", state=State.IN_PROGRESS)
    make_app(
        "other",
        "F",
        date(2025, 2, 10),
        replied=date(2025, 2, 20),
        result="（五）不予处理-重复申请",
        **replied,
    )
    make_app("other", "G", date(2024, 3, 1), replied=date(2024, 3, 10), result="（一）予以公开", **replied)


def _expected(cells: dict[str, list[int]]) -> list[dict]:
    return [{"label": label, "values": cells.get(label, [0] * 7)} for label in LABELS]


OWN = {
    "一、本年新收政府信息公开申请数量": [1, 1, 0, 0, 1, 1, 4],
    "二、上年结转政府信息公开申请数量": [1, 0, 0, 0, 0, 0, 1],
    "（一）予以公开": [2, 0, 0, 0, 0, 0, 2],
    "（二）部分公开": [0, 1, 0, 0, 0, 0, 1],
    "（七）总计": [2, 1, 0, 0, 0, 0, 3],
    "四、结转下年度继续办理": [0, 0, 0, 0, 1, 1, 2],
}
OVERDUE = [
    {"unit": "教育体育局", "number": "C", "reply_due": "2025-06-04", "replied": "2025-07-01"},
    {"unit": "教育体育局", "number": "E", "reply_due": "2025-12-01", "replied": None},
]


def _table(tmp_path, *args: str) -> dict:
    out = tmp_path / "out.json"
    call_command("applications", "annual-table", "--year", "2025", *args, "--json", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_units_table_is_exactly_the_contracts_json(tmp_path, register, units):
    data = _table(tmp_path, "--unit", str(units["own"].pk))
    assert data == {
        "year": 2025,
        "columns": COLUMNS,
        "rows": _expected(OWN),
        "identity_ok": True,
        "overdue": OVERDUE,
    }


def test_a_region_is_the_sum_of_its_units(tmp_path, register, units):
    region = _table(tmp_path, "--region", "偃师市")
    other = _table(tmp_path, "--unit", str(units["other"].pk))
    own = {row["label"]: row["values"] for row in _expected(OWN)}
    for row, other_row in zip(region["rows"], other["rows"], strict=True):
        assert row["values"] == [a + b for a, b in zip(own[row["label"]], other_row["values"], strict=True)]
    values = {row["label"]: row["values"] for row in region["rows"]}
    assert values["（五）不予处理-重复申请"] == [1, 0, 0, 0, 0, 0, 1] == values["（五）不予处理"]
    assert values["一、本年新收政府信息公开申请数量"][-1] == 5 and region["identity_ok"]
    assert region["overdue"] == OVERDUE


def test_the_xlsx_holds_the_same_numbers(tmp_path, register, units):
    out, xlsx = tmp_path / "out.json", tmp_path / "table.xlsx"
    call_command(
        "applications",
        "annual-table",
        "--year",
        "2025",
        "--region",
        "河南省洛阳市偃师市",
        "--json",
        str(out),
        "--xlsx",
        str(xlsx),
    )
    sheet = load_workbook(xlsx).active
    total = annual_table.FIRST_VALUE_COLUMN + 6
    assert sheet.cell(annual_table.xlsx_row("（七）总计"), total).value == 4
    assert sheet.cell(annual_table.xlsx_row("一、本年新收政府信息公开申请数量"), total).value == 5
    assert "偃师市" in sheet.cell(1, 1).value


@pytest.mark.parametrize(
    "args, message",
    [
        (["--unit", "999999"], "单位编号 999999 不存在"),
        (["--region", "火星市"], "未找到地区“火星市”"),
    ],
)
def test_bad_input_is_a_chinese_error(tmp_path, units, args, message):
    with pytest.raises(CommandError, match=message):
        _table(tmp_path, *args)
    assert not (tmp_path / "out.json").exists()
