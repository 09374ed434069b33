"""The information-submissions register as an Excel workbook: one sheet 报送 with the contract's
columns (registers-contract §4: 编号, 单位, 标题, 报送日期, 采用, 采用级别, 重点领域) and two optional
ones (事件日期 for the late flag, 链接). The export writes what the import reads.

The import checks every row first and writes all rows in one transaction, or nothing; the file
checks, the unit look-up and the date reading are the applications import's (registers.excel).
"""

from __future__ import annotations

from typing import IO

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import QuerySet

from gongkai.oversight import events
from gongkai.registers.excel import (
    NUMBER_COLUMN,
    UNIT_COLUMN,
    CountedImport,
    _Checker,
    append_row,
    read_register_sheet,
    register_sheet,
    workbook_bytes,
    write_numbered,
)
from gongkai.registers.models import Level, Submission
from gongkai.registers.submissions_services import NO, YES, flags, parse_flag
from gongkai.registry.excel_layout import ColumnSpec
from gongkai.registry.models import Region, Unit
from gongkai.tallies.submissions import LEVELS as LEVEL_KEYS
from gongkai.tallies.submissions import totals

SHEET = "报送"
LEVELS = "、".join(Level.values)
COLUMNS: tuple[ColumnSpec, ...] = (
    NUMBER_COLUMN,
    UNIT_COLUMN,
    ColumnSpec("标题", 50, "必填，报送信息的标题（最多300字）。", "我市召开防汛工作部署会"),
    ColumnSpec("报送日期", 12, "必填，日期，如 2025-03-14", "2025-03-14"),
    ColumnSpec("采用", 8, "是 或 否（空白按否）", NO),
    ColumnSpec("采用级别", 10, f"{LEVELS}，或空白（未采用时须空白）", ""),
    ColumnSpec("重点领域", 10, "是 或 否（空白按否）", NO),
    ColumnSpec("事件日期", 12, "可空，信息所述事件或原文发布日期（用于判断迟报）", "", optional=True),
    ColumnSpec("链接", 40, "可空，信息的网址（http:// 或 https://）", "", optional=True),
    # computed on export (the flags), ignored on import
    ColumnSpec("重复报送", 12, "导出时计算：所重复的信息的编号；导入时忽略", "", optional=True),
    ColumnSpec("迟报", 8, "导出时计算：超过时限的天数；导入时忽略", "", optional=True),
)
HEADERS = tuple(column.header for column in COLUMNS)


def export_workbook(submissions: QuerySet[Submission]) -> bytes:
    """The items in the import's layout, with the computed flags in two more columns (重复报送:
    the 编号 of the item repeated; 迟报: days late), which the import ignores."""
    workbook, sheet = register_sheet(SHEET, COLUMNS)
    rows = list(
        submissions.select_related("unit").order_by("unit__region__path", "unit__name", "submitted", "number")
    )
    marks = flags(rows)
    for s in rows:
        mark = marks[s.pk]
        append_row(
            sheet,
            [
                s.number,
                s.unit.name,
                s.title,
                s.submitted,
                YES if s.adopted else NO,
                s.level,
                YES if s.key_area else NO,
                s.event_date,
                s.link,
                mark.duplicate_of.number if mark.duplicate_of else "",
                mark.days_late,
            ],
        )
    return workbook_bytes(workbook)


class SubmissionImport(CountedImport):
    noun = "报送信息"


class _RowChecker(_Checker):
    """The applications checker's unit and date look-ups, on the 报送 sheet."""

    sheet = SHEET
    url = URLValidator(schemes=["http", "https"])

    def submission(self, number: int, row: dict[str, str]) -> tuple[Unit, dict] | None:
        before = len(self.problems)
        code, unit = self.numbered_unit(number, row, Submission._meta.get_field("number").max_length)
        title = row.get("标题", "").strip()
        if not title:
            self.problem(number, "标题", "「标题」不能为空。")
        elif len(title) > Submission._meta.get_field("title").max_length:
            self.problem(number, "标题", "标题过长（最多300字）。")
        submitted = self.date(number, row, "报送日期", required=True)
        event = self.date(number, row, "事件日期")
        self.order(number, "报送日期", submitted, "事件日期", event)
        values = {}
        for column in ("采用", "重点领域"):
            values[column] = parse_flag(row.get(column, ""))
            if values[column] is None:
                self.problem(number, column, f"只能填写「{YES}」或「{NO}」，而不是「{row[column]}」。")
        level = row.get("采用级别", "").strip()
        if level and level not in Level.values:
            self.problem(number, "采用级别", f"采用级别“{level}”无效，只能是：{LEVELS}，或空白。")
        elif level and values["采用"] is False:
            self.problem(number, "采用级别", f"填写了采用级别“{level}”，「采用」须为「{YES}」。")
        link = row.get("链接", "").strip()
        if link:
            try:
                self.url(link)
            except ValidationError:
                self.problem(number, "链接", f"“{link}”不是有效的网址（应以 http:// 或 https:// 开头）。")
        if len(self.problems) > before or unit is None:
            return None
        return unit, {
            "number": code,
            "title": title,
            "submitted": submitted,
            "event_date": event,
            "adopted": values["采用"],
            "level": level,
            "key_area": values["重点领域"],
            "link": link,
        }


def import_workbook(
    data: bytes | IO[bytes],
    *,
    scope: Region | None,
    user: AbstractBaseUser | None = None,
    max_bytes: int | None = None,
) -> SubmissionImport:
    """Check the whole 报送 sheet; with no problem, create or update its items (by unit and 编号)
    in one transaction. ``scope``: the units of this region and below (None: all units)."""
    result = SubmissionImport()
    rows, result.problems = read_register_sheet(data, max_bytes, SHEET, COLUMNS, "报送信息")
    if result.problems:
        return result
    checker = _RowChecker(scope)
    checked = [r for n, row in rows if (r := checker.submission(n, row)) is not None]
    result.problems = checker.problems
    if result.problems:
        return result
    return write_numbered(
        result,
        Submission,
        checked,
        user=user,
        scope=scope,
        event=events.Event.Kind.SUBMISSION_IMPORT,
        log="导入信息报送登记簿",
    )


STATS_COLUMNS = tuple(
    ColumnSpec(header, 24 if header == "单位" else 10, "", "")
    for header in ("单位", "报送信息", "采用信息", *(f"{level}采用" for level in LEVEL_KEYS), "重点领域")
)


def stats_workbook(rows: list[dict], title: str) -> bytes:
    """The statistics of a unit or region (``title``: the document's title) as a sheet: one row
    per unit, then the total."""
    workbook, sheet = register_sheet("报送统计", STATS_COLUMNS)
    workbook.properties.title = title
    for row in [*rows, {"unit": "合计", **totals(rows)}]:
        levels = [row["adopted_by_level"][level] for level in LEVEL_KEYS]
        sheet.append([row["unit"], row["submitted"], row["adopted"], *levels, row["key_area"]])
    return workbook_bytes(workbook)
