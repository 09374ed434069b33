"""Opening an uploaded workbook safely and turning its sheets into rows of text.

Everything a user can upload (junk, an old .xls, a password-protected file, a zip bomb, renamed
headers) becomes an `ImportProblem` in Chinese here; no exception leaves this module.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any, Self

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from gongkai.registry.excel_layout import COLUMNS, NO, YES, ColumnSpec
from gongkai.zipcheck import ArchiveBomb, ArchiveDamaged, NotAnArchive, check_zip, limits_for_upload

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls, or an encrypted .xlsx
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


@dataclass(frozen=True)
class ImportProblem:
    """One problem in an uploaded file, located as the user sees it in Excel."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = "、".join(
            part
            for part in (
                f"「{self.sheet}」表" if self.sheet else "",
                f"第{self.row}行" if self.row else "",
                f"「{self.column}」列" if self.column else "",
            )
            if part
        )
        return f"{where}：{self.message}" if where else self.message


@dataclass
class ImportResult:
    """What an import did, or, with problems, why it did nothing (every import is all or
    nothing). The base of each import's result: the registry workbook, the registers' sheets, a
    period's metric table; a subclass adds its counts and says them in ``done``."""

    problems: list[Any] = field(default_factory=list)  # ImportProblem, or the metric table's Problem

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"文件有 {len(self.problems)} 处问题，未导入任何数据。"
        return self.done()

    def done(self) -> str:
        """The sentence of a successful import."""
        return "导入成功。"

    @classmethod
    def write_failed(cls, exc: Exception, **values: Any) -> Self:
        """Nothing imported after all: the database refused the writes (the counts start again)."""
        return cls(problems=[ImportProblem("", 0, "", f"写入数据库失败，未导入任何数据：{exc}")], **values)


def repeated_row(seen: dict[Any, int], key: Hashable, number: int, what: str) -> str | None:
    """Row ``number`` has ``key`` (a unit's 编号, a region's unit or account name, …): the message
    "与第N行重复（what）。" when an earlier row of the file had it, else None, noting the row as the
    key's first in ``seen``."""
    earlier = seen.setdefault(key, number)
    return None if earlier == number else f"与第{earlier}行重复（{what}）。"


class RowChecker:
    """What the imports' row checks share: every problem collected rather than stopping at the
    first, required cells, keys repeated within the file, web addresses."""

    def __init__(self) -> None:
        self.problems: list[ImportProblem] = []

    def problem(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(ImportProblem(sheet, row, column, message))

    def required(self, sheet: str, number: int, row: dict[str, str], column: str) -> str:
        value = row.get(column, "")
        if not value:
            self.problem(sheet, number, column, f"「{column}」不能为空。")
        return value

    def repeated(
        self, sheet: str, number: int, column: str, seen: dict[Any, int], key: Hashable, what: str
    ) -> bool:
        """Whether an earlier row had ``key`` (then a problem in ``column``); see repeated_row."""
        message = repeated_row(seen, key, number, what)
        if message:
            self.problem(sheet, number, column, message)
        return message is not None

    def web_address(self, sheet: str, number: int, column: str, url: str) -> bool:
        """Whether ``url`` starts with http:// or https:// (then no problem)."""
        if url.lower().startswith(("http://", "https://")):
            return True
        self.problem(sheet, number, column, f"{column}应以 http:// 或 https:// 开头：「{url}」。")
        return False


@dataclass
class SheetRows:
    """The data rows of one sheet: (Excel row number, {header: text}) with blank rows dropped."""

    present: set[str]
    rows: list[tuple[int, dict[str, str]]]


def read_bytes(data: bytes | IO[bytes], max_bytes: int) -> tuple[bytes | None, list[ImportProblem]]:
    """Read at most `max_bytes` (+1 to notice that there is more) from the upload."""
    try:
        raw = data if isinstance(data, bytes | bytearray) else data.read(max_bytes + 1)
    except (OSError, ValueError) as exc:
        return None, [ImportProblem("", 0, "", f"无法读取上传的文件：{exc}")]
    if not isinstance(raw, bytes | bytearray):
        return None, [ImportProblem("", 0, "", "上传的内容不是文件。")]
    if len(raw) > max_bytes:
        return None, [ImportProblem("", 0, "", f"文件过大：最大允许 {_megabytes(max_bytes)}。")]
    if not raw:
        return None, [ImportProblem("", 0, "", "文件是空的。")]
    return bytes(raw), []


def open_workbook(raw: bytes, max_bytes: int) -> tuple[Workbook | None, list[ImportProblem]]:
    """Check the container before openpyxl sees it, then open it read-only with cached values."""
    if raw.startswith(CFB_MAGIC):
        if ENCRYPTION_INFO in raw:
            message = "文件设置了打开密码，无法读取。请在 Excel 中取消密码后另存为 .xlsx 再上传。"
        else:
            message = "这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 格式后再上传。"
        return None, [ImportProblem("", 0, "", message)]
    not_xlsx = ImportProblem("", 0, "", "文件不是有效的 Excel（.xlsx）文件，请使用下载的模板填写后上传。")
    damaged = ImportProblem("", 0, "", "文件已损坏（校验失败），请在 Excel 中重新保存后上传。")
    try:
        check_zip(io.BytesIO(raw), limits_for_upload(max_bytes))
    except ArchiveBomb as exc:
        return None, [ImportProblem("", 0, "", f"{exc}，未导入。")]
    except NotAnArchive:
        return None, [not_xlsx]
    except ArchiveDamaged:
        return None, [damaged]
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
                return None, [not_xlsx]
            if archive.testzip() is not None:  # CRC check, member by member in chunks
                return None, [damaged]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None, [not_xlsx]
    try:
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=True), []
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors, ...) on damaged files
        return None, [ImportProblem("", 0, "", "文件已损坏或内容结构不完整，无法作为 Excel 表格读取。")]


Layout = dict[str, tuple[ColumnSpec, ...]]


def read_upload(
    data: bytes | IO[bytes], max_bytes: int, layout: Layout | Callable[[list[str]], Layout] | None = None
) -> tuple[dict[str, SheetRows] | None, list[ImportProblem]]:
    """An upload's data sheets as rows of text: read the bytes, check and open the workbook, read
    the sheets of ``layout`` (or of ``layout(sheet names)``, for sheets that may be absent).
    None and the problems when the file cannot be read at all."""
    raw, problems = read_bytes(data, max_bytes)
    if raw is None:
        return None, problems
    workbook, problems = open_workbook(raw, max_bytes)
    if workbook is None:
        return None, problems
    try:
        chosen = layout(list(workbook.sheetnames)) if callable(layout) else layout
        return read_sheets(workbook, chosen)
    finally:
        workbook.close()


def read_sheets(
    workbook: Workbook, layout: dict[str, tuple[ColumnSpec, ...]] | None = None
) -> tuple[dict[str, SheetRows], list[ImportProblem]]:
    """Check every data sheet's header row and read its rows as text. ``layout``: the sheets and
    their columns (default: the registry workbook's)."""
    layout = COLUMNS if layout is None else layout
    problems: list[ImportProblem] = []
    sheets: dict[str, SheetRows] = {}
    for title in layout:
        if title not in workbook.sheetnames:
            problems.append(
                ImportProblem(title, 0, "", f"缺少「{title}」表。请使用下载的模板，不要修改表名。")
            )
            continue
        try:
            worksheet = workbook[title]
            worksheet.reset_dimensions()  # some writers store a wrong <dimension>; read every row
            rows = list(worksheet.iter_rows(values_only=True))
        except Exception:  # damaged sheet XML
            problems.append(ImportProblem(title, 0, "", "该表内容已损坏，无法读取。"))
            continue
        header = [cell_text(value) for value in rows[0]] if rows else []
        sheet, header_problems = _check_header(title, header, layout[title])
        problems += header_problems
        if sheet is None:
            continue
        for number, values in enumerate(rows[1:], start=2):
            record = {
                name: cell_text(values[index]) if index < len(values) else ""
                for index, name in enumerate(header)
                if name
            }
            if any(record.values()):
                sheet.rows.append((number, record))
        sheets[title] = sheet
    return sheets, problems


def _check_header(
    title: str, header: list[str], columns: tuple[ColumnSpec, ...]
) -> tuple[SheetRows | None, list[ImportProblem]]:
    expected = {column.header: column for column in columns}
    problems = []
    seen: set[str] = set()
    for index, name in enumerate(header, start=1):
        if not name:
            continue
        if name not in expected:
            problems.append(
                ImportProblem(title, 1, get_column_letter(index), f"未知的列「{name}」，请勿修改模板的表头。")
            )
        elif name in seen:
            problems.append(ImportProblem(title, 1, name, "该列重复出现。"))
        seen.add(name)
    for column in columns:
        if column.header not in seen and not column.optional:
            problems.append(ImportProblem(title, 1, column.header, f"缺少「{column.header}」列。"))
    if problems:
        return None, problems
    return SheetRows(present=seen, rows=[]), []


def cell_text(value: object) -> str:
    """A cell as the text the user typed: numbers typed as numbers (13912345678.0) count as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size} 字节"
