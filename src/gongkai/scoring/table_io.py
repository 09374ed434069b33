"""Reading and writing the score tables supervisors exchange: CSV (UTF-8 with or without BOM, or
GBK as saved by Chinese Excel) and XLSX.

Headers are compared without spaces because tables copied from circulars carry them ("单 位").
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from gongkai.sheet_text import csv_row, save_workbook
from gongkai.text_encoding import decode_upload
from gongkai.zipcheck import ArchiveBomb, ArchiveDamaged, NotAnArchive, check_zip

INPUT_SUFFIXES = (".csv", ".xlsx")
OUTPUT_SUFFIXES = (".csv", ".xlsx", ".json")
_SPACES = re.compile(r"\s+")


class TableError(ValueError):
    """A table file that cannot be read; the message is Chinese."""


def normalise_header(text: Any) -> str:
    return _SPACES.sub("", str(text or ""))


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Return (headers, [(row number as a spreadsheet shows it, cells)]), skipping empty rows."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _read_csv(path)
    elif suffix == ".xlsx":
        rows = _read_xlsx(path)
    else:
        raise TableError(f"不支持的输入文件类型“{path.suffix}”，请使用 .csv 或 .xlsx")
    numbered = [(index, row) for index, row in enumerate(rows, 1) if any(_filled(c) for c in row)]
    if not numbered:
        raise TableError(f"输入文件 {path.name} 是空的")
    header_number, header = numbered[0]
    headers = [normalise_header(cell) for cell in header]
    while headers and not headers[-1]:
        headers.pop()
    return headers, [(number, list(row)) for number, row in numbered[1:] if number > header_number]


def _filled(cell: Any) -> bool:
    return cell is not None and str(cell).strip() != ""


def _read_csv(path: Path) -> list[list[str]]:
    text = decode_upload(path.read_bytes())
    if text is None:
        raise TableError(f"无法识别 {path.name} 的文字编码，请另存为 UTF-8 或 GBK 编码的 CSV")
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise TableError(f"{path.name} 不是有效的 CSV 文件：{exc}") from None


def _read_xlsx(path: Path) -> list[list[Any]]:
    try:
        check_zip(path)
    except ArchiveBomb as exc:
        raise TableError(f"{path.name} 被拒绝：{exc}") from None
    except NotAnArchive:
        raise TableError(f"{path.name} 不是有效的 Excel（.xlsx）文件") from None
    except ArchiveDamaged as exc:
        raise TableError(f"{path.name} 已损坏：{exc}，请在 Excel 中重新保存后上传") from None
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or disguised file
        raise TableError(f"{path.name} 不是有效的 Excel（.xlsx）文件：{exc}") from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def write_table(
    path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], document: dict[str, Any] | None = None
) -> None:
    """Write rows as CSV (UTF-8 with BOM, which Excel opens correctly), XLSX or JSON.

    For JSON, ``document`` is written as is (it carries the full computation trace)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(csv_row(headers))
        writer.writerows(csv_row(row) for row in rows)
        path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    elif suffix == ".xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "得分排名"
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
        save_workbook(workbook, path)
    elif suffix == ".json":
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        raise TableError(f"不支持的输出文件类型“{path.suffix}”，请使用 .csv、.xlsx 或 .json")
