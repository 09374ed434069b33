"""Table 三 of the annual report from a hand-built set of requests over 2024–2026."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from gongkai.disclosure.annual_table import (
    APPLICANT_TYPES,
    COLUMNS,
    RESULTS,
    ROW_LABELS,
    ROWS,
    Request,
    build,
    parse_result,
    to_json,
    write_xlsx,
    xlsx_row,
)

NEW, CARRIED_IN = "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"
TOTAL, CARRIED_OUT = "（七）总计", "四、结转下年度继续办理"


def req(unit, number, kind, received, replied=None, result="", due=None) -> Request:
    received = date.fromisoformat(received)
    return Request(
        unit=unit,
        number=number,
        applicant_type=kind,
        received=received,
        replied=date.fromisoformat(replied) if replied else None,
        result=parse_result(result) if result else "",
        due=date.fromisoformat(due) if due else received + timedelta(days=28),
    )


REQUESTS = [
    # received 2024, replied late in 2025: carried over into 2025, overdue in both years
    req("甲局", "A-01", "自然人", "2024-11-20", "2025-01-10", "予以公开", due="2024-12-18"),
    # received 2024, never replied: carried into 2025 and out of it, overdue at the end of 2025
    req("甲局", "A-02", "商业企业", "2024-12-20", due="2025-01-20"),
    # received and replied in 2024: no part of 2025
    req("甲局", "A-03", "自然人", "2024-05-06", "2024-05-20", "部分公开"),
    req("甲局", "A-04", "自然人", "2025-02-03", "2025-02-20", "部分公开"),
    req("甲局", "A-05", "科研机构", "2025-03-03", "2025-03-20", "不予公开-属于国家秘密"),
    req("甲局", "A-06", "社会公益组织", "2025-04-01", "2025-04-15", "（三）不予公开-保护第三方合法权益"),
    req("甲局", "A-07", "法律服务机构", "2025-05-06", "2025-05-30", "无法提供-本机关不掌握相关政府信息"),
    req("甲局", "A-08", "其他", "2025-06-02", "2025-06-10", "不予处理-重复申请"),
    req(
        "乙局",
        "B-01",
        "自然人",
        "2025-07-01",
        "2025-08-15",
        "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        due="2025-07-29",
    ),
    # open at the end of 2025, not yet due: carried forward, not overdue
    req("乙局", "B-02", "自然人", "2025-12-15", due="2026-01-14"),
    # open on 2025-12-31 past its due date, replied in 2026
    req("乙局", "B-03", "商业企业", "2025-12-01", "2026-01-20", "予以公开", due="2025-12-29"),
    req("乙局", "B-04", "自然人", "2025-09-01", "2025-09-10", "其他处理-其他"),
    req("乙局", "B-05", "其他", "2025-10-09", "2025-10-20", "不予处理-信访举报投诉类申请"),
    req("乙局", "B-06", "自然人", "2025-03-10", "2025-03-20", "无法提供-补正后申请内容仍不明确"),
    # received after 2025: no part of 2025
    req("乙局", "B-07", "自然人", "2026-02-01"),
]

#            自然人 商业 科研 公益 法律 其他 总计
EXPECTED_2025 = {
    NEW: [5, 1, 1, 1, 1, 2, 11],
    CARRIED_IN: [1, 1, 0, 0, 0, 0, 2],
    "（一）予以公开": [1, 0, 0, 0, 0, 0, 1],
    "（二）部分公开": [1, 0, 0, 0, 0, 0, 1],
    "（三）不予公开": [0, 0, 1, 1, 0, 0, 2],
    "（三）不予公开-属于国家秘密": [0, 0, 1, 0, 0, 0, 1],
    "（三）不予公开-保护第三方合法权益": [0, 0, 0, 1, 0, 0, 1],
    "（四）无法提供": [1, 0, 0, 0, 1, 0, 2],
    "（四）无法提供-本机关不掌握相关政府信息": [0, 0, 0, 0, 1, 0, 1],
    "（四）无法提供-补正后申请内容仍不明确": [1, 0, 0, 0, 0, 0, 1],
    "（五）不予处理": [0, 0, 0, 0, 0, 2, 2],
    "（五）不予处理-信访举报投诉类申请": [0, 0, 0, 0, 0, 1, 1],
    "（五）不予处理-重复申请": [0, 0, 0, 0, 0, 1, 1],
    "（六）其他处理": [2, 0, 0, 0, 0, 0, 2],
    "（六）其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": [
        1,
        0,
        0,
        0,
        0,
        0,
        1,
    ],
    "（六）其他处理-其他": [1, 0, 0, 0, 0, 0, 1],
    TOTAL: [5, 0, 1, 1, 1, 2, 10],
    CARRIED_OUT: [1, 2, 0, 0, 0, 0, 3],
}


def test_structure_matches_the_contract():
    assert COLUMNS == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
    assert APPLICANT_TYPES == COLUMNS[:6]
    assert len(ROWS) == 29
    assert ROW_LABELS[:5] == (NEW, CARRIED_IN, "（一）予以公开", "（二）部分公开", "（三）不予公开")
    assert ROW_LABELS[5] == "（三）不予公开-属于国家秘密"
    assert "（三）不予公开-危及“三安全一稳定”" in ROW_LABELS
    assert ROW_LABELS[-2:] == (TOTAL, CARRIED_OUT)
    assert [r.label for r in ROWS if r.children] == [
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ]
    assert sum(len(r.children) for r in ROWS) == 8 + 3 + 5 + 3
    assert len(RESULTS) == 2 + 19
    assert RESULTS["（三）不予公开-属于国家秘密"] == "不予公开-属于国家秘密"


def test_parse_result_both_forms_and_errors():
    assert parse_result("予以公开") == "（一）予以公开"
    assert parse_result("（一）予以公开") == "（一）予以公开"
    assert parse_result(' 不予公开－危及"三安全一稳定" ') == "（三）不予公开-危及“三安全一稳定”"
    assert parse_result("其他处理-其他") == "（六）其他处理-其他"
    with pytest.raises(ValueError, match="办理结果“不予公开”无效.*不予公开-属于国家秘密"):
        parse_result("不予公开")  # a parent row is not a result
    with pytest.raises(ValueError, match="无效"):
        parse_result("总计")


def test_2025_table():
    table = build(REQUESTS, 2025)
    assert table.year == 2025 and table.columns == list(COLUMNS)
    assert [label for label, _ in table.rows] == list(ROW_LABELS)
    for label, values in table.rows:
        assert values == EXPECTED_2025.get(label, [0] * 7), label
    assert table.identity_ok and table.identity_breaks == []
    assert table.value(TOTAL) == 10 and table.value(NEW, "其他") == 2
    assert table.overdue == [
        {"unit": "甲局", "number": "A-01", "reply_due": "2024-12-18", "replied": "2025-01-10"},
        {"unit": "甲局", "number": "A-02", "reply_due": "2025-01-20", "replied": None},
        {"unit": "乙局", "number": "B-01", "reply_due": "2025-07-29", "replied": "2025-08-15"},
        {"unit": "乙局", "number": "B-03", "reply_due": "2025-12-29", "replied": "2026-01-20"},
    ]


def test_carry_over_links_the_years():
    t2024, t2025, t2026 = (build(REQUESTS, year) for year in (2024, 2025, 2026))
    assert dict(t2024.rows)[NEW] == [2, 1, 0, 0, 0, 0, 3]
    assert dict(t2024.rows)[TOTAL] == [1, 0, 0, 0, 0, 0, 1]
    assert dict(t2024.rows)[CARRIED_OUT] == dict(t2025.rows)[CARRIED_IN] == [1, 1, 0, 0, 0, 0, 2]
    assert dict(t2025.rows)[CARRIED_OUT] == dict(t2026.rows)[CARRIED_IN] == [1, 2, 0, 0, 0, 0, 3]
    # A-01 was open on 2024-12-31 past its due date; A-02 was not due yet
    assert [o["number"] for o in t2024.overdue] == ["A-01"]
    assert dict(t2026.rows)["（一）予以公开"] == [0, 1, 0, 0, 0, 0, 1]  # B-03
    assert all(t.identity_ok for t in (t2024, t2025, t2026))


@pytest.mark.parametrize("label", list(RESULTS))
def test_each_result_row(label):
    row = next(r for r in ROWS if r.label == label)
    table = build([req("丙局", "C-1", "法律服务机构", "2025-05-06", "2025-05-08", RESULTS[label])], 2025)
    values = dict(table.rows)
    assert values[label] == [0, 0, 0, 0, 1, 0, 1]
    if row.parent:
        assert values[row.parent] == [0, 0, 0, 0, 1, 0, 1]
    assert values[TOTAL] == [0, 0, 0, 0, 1, 0, 1]
    others = {label, row.parent, TOTAL, NEW}
    assert all(sum(v) == 0 for lab, v in table.rows if lab not in others)


def test_identity_break_names_the_requests():
    broken = [
        *REQUESTS,
        # replied in 2025 without a result: counted as new, in no result row and not carried forward
        req("乙局", "B-08", "科研机构", "2025-05-10", "2025-05-20"),
        # replied (2024-12-30) before it was received (2025-01-05): a typo in the register
        replace(
            req("乙局", "B-09", "自然人", "2025-01-05", "2025-01-06", "予以公开"), replied=date(2024, 12, 30)
        ),
    ]
    table = build(broken, 2025)
    assert not table.identity_ok
    assert table.identity_breaks == [
        {
            "column": "自然人",
            "new_plus_carried_over": 7,
            "total_plus_carried_forward": 6,
            "numbers": ["B-09"],
            "requests": [{"unit": "乙局", "number": "B-09"}],
        },
        {
            "column": "科研机构",
            "new_plus_carried_over": 2,
            "total_plus_carried_forward": 1,
            "numbers": ["B-08"],
            "requests": [{"unit": "乙局", "number": "B-08"}],
        },
        {
            "column": "总计",
            "new_plus_carried_over": 15,
            "total_plus_carried_forward": 13,
            "numbers": ["B-09", "B-08"],
            "requests": [{"unit": "乙局", "number": "B-09"}, {"unit": "乙局", "number": "B-08"}],
        },
    ]
    assert to_json(table)["identity_ok"] is False


def test_bad_requests_raise_naming_unit_and_number():
    with pytest.raises(ValueError, match="单位“甲局”编号“X-1”：申请人类型“个人”无效"):
        build([req("甲局", "X-1", "个人", "2025-01-06")], 2025)
    bad = replace(req("甲局", "X-2", "自然人", "2025-01-06", "2025-01-08", "予以公开"), result="同意")
    with pytest.raises(ValueError, match="单位“甲局”编号“X-2”：办理结果“同意”无效"):
        build([bad], 2025)


def test_to_json_has_exactly_the_contract_keys():
    data = json.loads(json.dumps(to_json(build(REQUESTS, 2025)), ensure_ascii=False))
    assert list(data) == ["year", "columns", "rows", "identity_ok", "overdue"]
    assert data["year"] == 2025 and data["columns"] == list(COLUMNS)
    assert data["rows"][0] == {"label": NEW, "values": [5, 1, 1, 1, 1, 2, 11]}
    assert data["rows"][5] == {"label": "（三）不予公开-属于国家秘密", "values": [0, 0, 1, 0, 0, 0, 1]}
    assert data["identity_ok"] is True
    assert data["overdue"][1] == {
        "unit": "甲局",
        "number": "A-02",
        "reply_due": "2025-01-20",
        "replied": None,
    }


def test_xlsx_in_the_published_layout(tmp_path):
    path = tmp_path / "表三.xlsx"
    write_xlsx(build(REQUESTS, 2025), path, "2025年度政府信息公开工作年度报告 收到和处理政府信息公开申请情况")
    ws = load_workbook(path).active
    assert ws.title == "收到和处理政府信息公开申请情况"
    assert ws["A1"].value.startswith("2025年度")
    merged = {str(r) for r in ws.merged_cells.ranges}
    # title; the identity note over the label columns; 申请人情况 / 自然人 / 法人或其他组织 / 总计
    assert {"A1:J1", "A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4"} <= merged
    assert (
        ws["D2"].value == "申请人情况" and ws["D3"].value == "自然人" and ws["E3"].value == "法人或其他组织"
    )
    assert [ws.cell(row=4, column=c).value for c in range(5, 10)] == list(APPLICANT_TYPES[1:])
    assert ws["J3"].value == "总计"
    # row labels: 一/二/四 across A:C, 三 down the result rows, each parent down its sub-rows
    assert xlsx_row(NEW) == 5 and xlsx_row(CARRIED_OUT) == 33
    assert {"A5:C5", "A6:C6", "A33:C33", "A7:A32", "B7:C7", "B8:C8", "B32:C32"} <= merged
    assert {"B9:B17", "B18:B21", "B22:B27", "B28:B31"} <= merged
    assert ws["A7"].value == "三、本年度办理结果"
    assert ws["B9"].value == "（三）不予公开" and ws["C9"].value == "小计"
    assert ws["C10"].value == "1.属于国家秘密" and ws["C17"].value == "8.属于行政查询事项"
    assert ws["B8"].value.startswith("（二）部分公开（区分处理的")
    # numbers as numbers, in the right cells
    for label, values in EXPECTED_2025.items():
        cells = [ws.cell(row=xlsx_row(label), column=c).value for c in range(4, 11)]
        assert cells == values, label
        assert all(type(v) is int for v in cells)
    assert ws["J32"].value == 10 and ws["D5"].value == 5
    assert ws.cell(row=xlsx_row("（三）不予公开-属于行政查询事项"), column=10).value == 0
    assert "均成立" in ws["A35"].value
    # print setup
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.column_dimensions["C"].width >= 40 and ws.column_dimensions["D"].width >= 10
    assert ws["D5"].font.name == "宋体"


def test_xlsx_notes_an_identity_break(tmp_path):
    broken = [*REQUESTS, req("乙局", "B-08", "科研机构", "2025-05-10", "2025-05-20")]
    path = tmp_path / "t.xlsx"
    write_xlsx(build(broken, 2025), path, "表三")
    note = load_workbook(path).active["A35"].value
    assert "不成立" in note and "科研机构列 2 ≠ 1" in note and "B-08" in note
