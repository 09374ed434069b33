"""The messages register as an Excel workbook: one sheet 留言 with the contract's columns
(registers-contract §3: 编号, 单位, 渠道, 收到日期, 办结日期, 公开) and two optional ones (标题,
转办日期). The export writes what the import reads.

The import checks every row first and writes all rows in one transaction, or nothing; the file
checks, the unit look-up and the date reading are the applications import's (registers.excel).
"""

from __future__ import annotations

from typing import IO

from django.contrib.auth.models import AbstractBaseUser
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
from gongkai.registers.messages_services import NO, YES, parse_flag
from gongkai.registers.models import Message, MessageChannel, MessageSource
from gongkai.registry.excel_layout import ColumnSpec
from gongkai.registry.models import Region, Unit

SHEET = "留言"
CHANNELS = "、".join(MessageChannel.values)
COLUMNS: tuple[ColumnSpec, ...] = (
    NUMBER_COLUMN,
    UNIT_COLUMN,
    ColumnSpec("渠道", 8, f"必填：{CHANNELS}", "咨询"),
    ColumnSpec("收到日期", 12, "必填，日期，如 2025-03-14", "2025-03-14"),
    ColumnSpec("办结日期", 12, "日期；未办结时留空", "2025-03-18"),
    ColumnSpec("公开", 8, "是 或 否（空白按是）", YES),
    ColumnSpec("标题", 40, "可空，留言标题（最多300字）", "", optional=True),
    ColumnSpec("转办日期", 12, "可空，转交承办单位的日期", "", optional=True),
)
HEADERS = tuple(column.header for column in COLUMNS)


def export_workbook(messages: QuerySet[Message]) -> bytes:
    workbook, sheet = register_sheet(SHEET, COLUMNS)
    rows = messages.select_related("unit").order_by("unit__region__path", "unit__name", "received", "number")
    for m in rows:
        append_row(
            sheet,
            [
                m.number,
                m.unit.name,
                m.channel,
                m.received,
                m.handled,
                YES if m.public else NO,
                m.title,
                m.assigned,
            ],
        )
    return workbook_bytes(workbook)


class MessageImport(CountedImport):
    noun = "留言"


class _RowChecker(_Checker):
    """The applications checker's unit and date look-ups, on the 留言 sheet."""

    sheet = SHEET

    def message(self, number: int, row: dict[str, str]) -> tuple[Unit, dict] | None:
        before = len(self.problems)
        code, unit = self.numbered_unit(number, row, Message._meta.get_field("number").max_length)
        channel = row.get("渠道", "").strip()
        if channel not in MessageChannel.values:
            shown = f"“{channel}”无效" if channel else "不能为空"
            self.problem(number, "渠道", f"渠道{shown}，只能是：{CHANNELS}。")
        received = self.date(number, row, "收到日期", required=True)
        handled = self.date(number, row, "办结日期")
        assigned = self.date(number, row, "转办日期")
        self.order(number, "办结日期", handled, "收到日期", received)
        self.order(number, "转办日期", assigned, "收到日期", received)
        public = parse_flag(row.get("公开", "") or YES)
        if public is None:
            self.problem(number, "公开", f"只能填写「{YES}」或「{NO}」，而不是「{row['公开']}」。")
        title = row.get("标题", "").strip()
        if len(title) > Message._meta.get_field("title").max_length:
            self.problem(number, "标题", "标题过长（最多300字）。")
        if len(self.problems) > before or unit is None:
            return None
        values = {"channel": channel, "received": received, "handled": handled, "public": public}
        if title:
            values["title"] = title
        if assigned:
            values["assigned"] = assigned
        return unit, {"number": code, **values}


def import_workbook(
    data: bytes | IO[bytes],
    *,
    scope: Region | None,
    user: AbstractBaseUser | None = None,
    max_bytes: int | None = None,
) -> MessageImport:
    """Check the whole 留言 sheet; with no problem, create or update its messages (by unit and 编号)
    in one transaction. ``scope``: the units of this region and below (None: all units)."""
    result = MessageImport()
    rows, result.problems = read_register_sheet(data, max_bytes, SHEET, COLUMNS, "留言")
    if result.problems:
        return result
    checker = _RowChecker(scope)
    checked = [r for n, row in rows if (r := checker.message(n, row)) is not None]
    result.problems = checker.problems
    if result.problems:
        return result
    return write_numbered(
        result,
        Message,
        checked,
        user=user,
        scope=scope,
        event=events.Event.Kind.MESSAGE_IMPORT,
        log="导入网民留言登记簿",
        source=MessageSource.IMPORTED,
    )


STATS_COLUMNS = tuple(
    ColumnSpec(header, 24 if header == "单位" else 12, "", "")
    for header in ("单位", "收到", "办结", "办结率", "按时办结", "按时办结率", "逾期未办结", "超3个月未答复")
)


def stats_workbook(rows: list[dict], total: dict, title: str) -> bytes:
    workbook, sheet = register_sheet("留言统计", STATS_COLUMNS)
    workbook.properties.title = title
    for row in [*rows, {"unit": "合计", **total}]:
        sheet.append(
            [
                row["unit"],
                row["received"],
                row["handled"],
                row["completion_rate"],
                row["on_time"],
                row["on_time_rate"],
                row["overdue_open"],
                row["unanswered_over_3_months"],
            ]
        )
        for column in ("D", "F"):
            sheet[f"{column}{sheet.max_row}"].number_format = "0.00%"
    return workbook_bytes(workbook)
