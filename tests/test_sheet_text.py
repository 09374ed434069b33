"""The shared rule for text in the spreadsheets the product writes (issue 12.6)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from gongkai.sheet_text import csv_cell, csv_row, save_workbook
from tests.sheet_payloads import PAYLOADS


@pytest.mark.parametrize("payload", PAYLOADS)
def test_saved_text_cells_are_strings_exactly_as_typed(payload):
    workbook = openpyxl.Workbook()
    workbook.active.append([payload, 42, 2.5, "-7"])
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    cells = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active[1]
    assert [c.data_type for c in cells] == ["s", "n", "n", "s"]
    assert [c.value for c in cells] == [payload, 42, 2.5, "-7"]


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p[0] in "=+-@\t\r"])
def test_csv_text_that_starts_like_a_formula_gets_an_apostrophe(payload):
    assert csv_cell(payload) == "'" + payload
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerow(csv_row([payload]))
    (cell,) = next(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert cell == "'" + payload and cell[0] not in "=+-@\t\r"


def test_numbers_and_ordinary_text_are_left_alone():
    assert csv_row([None, 3, -2, Decimal("-1.5"), 2.25, "-2.5", "+3", "1e3", "教育体育局", "a=b", "#N/A"]) == [
        "", 3, -2, Decimal("-1.5"), 2.25, "-2.5", "+3", "1e3", "教育体育局", "a=b", "#N/A",
    ]  # fmt: skip
