"""The .xlsx and .csv tables opened with openpyxl and csv."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from gongkai.reports.formatting import official_punctuation
from gongkai.reports.model import UnitProblem
from gongkai.reports.tables import write_csv, write_problems_csv, write_xlsx
from tests.reports.conftest import NOTE, SEED000_CITY, SEED000_COLUMNS, SEED000_TOWNS, full_circular
from tests.sheet_payloads import PAYLOADS


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return openpyxl.load_workbook(write_xlsx(full_circular(), tmp_path_factory.mktemp("xlsx") / "t.xlsx"))


def number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def test_one_sheet_per_category_and_the_problem_list(workbook):
    assert workbook.sheetnames == ["市直单位", "镇（街道）", "问题清单"]


def test_merged_title_styled_header_frozen(workbook):
    ws = workbook["市直单位"]
    assert ws["A1"].value == "2021年2月份市直单位网站管理和政务信息公开情况"
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.freeze_panes == "A3"
    assert [c.value for c in ws[2]] == SEED000_COLUMNS
    assert all(c.font.b for c in ws[2])
    assert ws["A2"].fill.fgColor.rgb.endswith("D9E1F2")
    assert ws.column_dimensions["A"].width > ws.column_dimensions["B"].width >= 8


@pytest.mark.parametrize(("sheet", "expected"), [("市直单位", SEED000_CITY), ("镇（街道）", SEED000_TOWNS)])
def test_rows_are_numbers_in_seed_order(workbook, sheet, expected):
    ws = workbook[sheet]
    rows = list(ws.iter_rows(min_row=3, max_row=2 + len(expected)))
    for cells, row in zip(rows, expected, strict=True):
        assert cells[0].value == row[0]
        for cell, text in zip(cells[1:], row[1:], strict=True):
            assert cell.data_type == "n", (row[0], cell.value)
            assert cell.value == number(text)
    assert ws.cell(row=3 + len(expected), column=1).value is None


def test_note_under_the_table(workbook):
    ws = workbook["市直单位"]
    assert ws.cell(row=3 + len(SEED000_CITY) + 1, column=1).value == NOTE


def test_problem_sheet(workbook):
    ws = workbook["问题清单"]
    assert [c.value for c in ws[2]] == ["序号", "单位名称", "问题描述", "网址", "整改时限"]
    last = [c.value for c in ws[ws.max_row]]
    assert last == [
        6,
        "统计局",
        "“统计数据”栏目2个月未更新",
        "http://www.ys.gov.cn/tjj/tjsj/",
        "2021年3月25日",
    ]


def test_csv_has_bom_and_the_rows(tmp_path):
    path = write_csv(full_circular().tables[1], tmp_path / "towns.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == SEED000_COLUMNS
    assert [tuple(r) for r in rows[1:]] == SEED000_TOWNS
    problems = write_problems_csv(full_circular(), tmp_path / "problems.csv")
    assert "http://www.ys.gov.cn/tjj/tjsj/" in problems.read_text(encoding="utf-8-sig")


def _hostile_circular():
    """Unit names, problem texts and notes that a spreadsheet would run as formulas."""
    circular = full_circular()
    table = circular.tables[0]
    for row, payload in zip(table.rows, PAYLOADS, strict=False):
        row[0] = payload
    table.notes = [PAYLOADS[0]]
    circular.unit_problems = [UnitProblem(p, p, "http://x.cn/", None) for p in PAYLOADS]
    return circular


def test_xlsx_writes_user_text_as_strings_and_numbers_as_numbers(tmp_path):
    """Issue 12.6: '=HYPERLINK(...)' as a unit name used to be a live formula in the circular's tables."""
    book = openpyxl.load_workbook(write_xlsx(_hostile_circular(), tmp_path / "t.xlsx"))
    ws = book["市直单位"]
    for r, payload in enumerate(PAYLOADS, start=3):
        name, score = ws.cell(row=r, column=1), ws.cell(row=r, column=2)
        assert (name.data_type, name.value) == ("s", payload)
        assert score.data_type == "n" and isinstance(score.value, int | float)
    note = ws.cell(row=3 + len(SEED000_CITY) + 1, column=1)
    assert (note.data_type, note.value) == ("s", PAYLOADS[0])
    problems = book["问题清单"]
    for r, payload in enumerate(PAYLOADS, start=3):
        number, unit, text = (problems.cell(row=r, column=c) for c in (1, 2, 3))
        assert (number.data_type, number.value) == ("n", r - 2)
        assert (unit.data_type, unit.value) == ("s", payload)
        assert (text.data_type, text.value) == ("s", official_punctuation(payload))


def test_csv_neutralises_formula_text_and_keeps_numbers(tmp_path):
    circular = _hostile_circular()
    with write_csv(circular.tables[0], tmp_path / "city.csv").open(
        encoding="utf-8-sig", newline=""
    ) as handle:
        rows = list(csv.reader(handle))[1:]
    for row, payload, original in zip(rows, PAYLOADS, SEED000_CITY, strict=False):
        assert row[0] == "'" + payload if payload[0] in "=+-@\t\r" else row[0] == payload
        assert row[1:] == list(original[1:])  # the numbers, unchanged
    with write_problems_csv(circular, tmp_path / "p.csv").open(encoding="utf-8-sig", newline="") as handle:
        problems = list(csv.reader(handle))[1:]
    assert [row[0] for row in problems] == [str(n) for n in range(1, len(PAYLOADS) + 1)]
    assert all(cell[0] not in "=+-@\t\r" for row in problems for cell in row if cell)
