"""User text in the spreadsheets the product writes stays text (no formula injection).

Unit names, problem descriptions, notes and people's names are typed by users, some by unit
admins. openpyxl stores a string that starts with ``=`` as a live formula (and ``#N/A`` as an
error value), so a unit named ``=HYPERLINK("http://x","点此")`` would put a working link, or
worse, into the supervisor's circular tables. Two rules, one per format:

- .xlsx: every cell holding a ``str`` is written with data type ``s`` (shared string), whatever
  it starts with. Excel shows it exactly as typed and never evaluates it. :func:`save_workbook`
  applies this to every sheet just before saving, so no writer can forget a cell.
- .csv: there is no cell type in CSV, so Excel decides by the first character. Text starting with
  ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading apostrophe ``'`` (OWASP's
  advice: Excel and LibreOffice then treat the cell as text; the apostrophe stays visible in
  the cell, which tells the reader the text was neutralised). Numbers, and strings that are
  plain numbers such as ``-2.5``, are left alone: they are not formulas and must stay numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from openpyxl.workbook import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def force_text(workbook: Workbook) -> None:
    """Mark every string cell of every sheet as text (data type ``s``)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"


def save_workbook(workbook: Workbook, target: str | Path | IO[bytes]) -> None:
    """Save with every string cell as text; the one way the product writes .xlsx files."""
    force_text(workbook)
    workbook.save(target)


def csv_cell(value: Any) -> Any:
    """A value for csv.writer: text that a spreadsheet would run as a formula gets a ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A row for csv.writer: None as an empty cell, text neutralised by :func:`csv_cell`."""
    return ["" if value is None else csv_cell(value) for value in values]
