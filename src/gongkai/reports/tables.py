"""The attachment tables of a circular as .xlsx (one sheet per table) and .csv (UTF-8 with BOM).

Numbers stay numbers in Excel, so supervisors can sort and sum them; the CSV carries a BOM so
that Excel on Chinese Windows opens it as UTF-8 instead of GBK. Text stays text (unit names and
problem descriptions cannot become formulas): see gongkai.sheet_text.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from gongkai.reports.formatting import chinese_date, display_width, official_punctuation
from gongkai.reports.model import Cell, Circular, RankedTable
from gongkai.sheet_text import csv_row, save_workbook

FONT_NAME = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
# Excel forbids these in sheet names, and limits names to 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
PROBLEM_COLUMNS = ["序号", "单位名称", "问题描述", "网址", "整改时限"]


def excel_value(value: Cell) -> str | int | float | None:
    """Decimal becomes float (openpyxl writes it as a number); strings and None pass through."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def sheet_name(title: str, taken: set[str]) -> str:
    base = SHEET_NAME_FORBIDDEN.sub("", title)[:28] or "表"
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:26]}({n})", n + 1
    taken.add(name)
    return name


def _write_sheet(ws, title: str, columns: list[str], rows: list[list[Cell]], notes: list[str]) -> None:
    """Merged title row, styled header, bordered body, frozen header, widths from the content."""
    ncols = len(columns)
    ws.cell(row=1, column=1, value=title).font = Font(name=FONT_NAME, size=16, bold=True)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if ncols > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 36
    for c, name in enumerate(columns, start=1):
        cell = ws.cell(row=2, column=c, value=name)
        cell.font = Font(name=FONT_NAME, size=11, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=excel_value(value))
            cell.font = Font(name=FONT_NAME, size=11)
            cell.border = BORDER
            cell.alignment = Alignment(
                horizontal="center" if c > 1 else "left", vertical="center", wrap_text=True
            )
    for n, note in enumerate(notes, start=len(rows) + 4):
        ws.cell(row=n, column=1, value=note).font = Font(name=FONT_NAME, size=10)
        if ncols > 1:
            ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=ncols)
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    for c, name in enumerate(columns, start=1):
        texts = [name] + [str(row[c - 1]) for row in rows if c - 1 < len(row) and row[c - 1] is not None]
        ws.column_dimensions[get_column_letter(c)].width = min(
            60, max(8, 2 * max(display_width(t) for t in texts) + 2)
        )


def problem_rows(circular: Circular) -> list[list[Cell]]:
    return [
        [n, p.unit, official_punctuation(p.problem), p.url, chinese_date(p.deadline) if p.deadline else ""]
        for n, p in enumerate(circular.unit_problems, start=1)
    ]


def write_xlsx(circular: Circular, path: Path | str) -> Path:
    """All ranked tables, and the problem list when there is one, in one workbook."""
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for table in circular.tables:
        _write_sheet(
            wb.create_sheet(sheet_name(table.category or table.title, taken)),
            table.title,
            table.columns,
            table.rows,
            table.notes,
        )
    if circular.unit_problems:
        title = circular.attachment_titles()[-1]
        _write_sheet(
            wb.create_sheet(sheet_name("问题清单", taken)), title, PROBLEM_COLUMNS, problem_rows(circular), []
        )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_workbook(wb, out)
    return out


def write_csv(table: RankedTable, path: Path | str) -> Path:
    """One table as CSV: header row, then the rows; notes are left out (they are not data)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(csv_row(table.columns))
        for row in table.rows:
            writer.writerow(csv_row(excel_value(v) for v in row))
    return out


def write_problems_csv(circular: Circular, path: Path | str) -> Path:
    return write_csv(RankedTable("问题清单", "问题清单", PROBLEM_COLUMNS, problem_rows(circular)), path)
