"""The register as an Excel workbook: one sheet 申请 with the contract's columns (registers-contract
§2). The export writes what the import reads, so export → import changes nothing.

The import checks every row first (all problems, in Chinese, with row and column) and then writes
all rows in one transaction, or nothing. The file checks (size, zip bombs, .xls, damaged files)
and the reading of rows as text are the registry's (registry.excel_read).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO, ClassVar, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, transaction
from django.db.models import Model, QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment

from gongkai.oversight import events
from gongkai.registers.models import ApplicantType, Application, Consultation, State
from gongkai.registers.services import NO_CORRECTION_RESULT, UNPAID_FEE_RESULT, canonical_result
from gongkai.registry.excel_layout import HEADER_FILL, HEADER_FONT, NO, YES, ColumnSpec, region_full_names
from gongkai.registry.excel_read import ImportProblem, ImportResult, read_upload, repeated_row
from gongkai.registry.models import Region, Unit
from gongkai.sheet_text import save_workbook

SHEET = "申请"
DATE_HELP = "日期，如 2025-03-14（Excel 日期单元格或文本）"
# the first two columns of every register's sheet: an item is known by its unit and 编号
NUMBER_COLUMN = ColumnSpec("编号", 16, "必填，同一单位内不能重复。", "2025-001")
UNIT_COLUMN = ColumnSpec("单位", 24, "必填，系统中登记的单位名称（在所选地区内唯一）。", "教育体育局")
COLUMNS: tuple[ColumnSpec, ...] = (
    NUMBER_COLUMN,
    UNIT_COLUMN,
    ColumnSpec("申请人类型", 14, "、".join(ApplicantType.values), "自然人"),
    ColumnSpec("收到日期", 12, "必填，" + DATE_HELP, "2025-03-14"),
    ColumnSpec("补正告知日期", 12, "可空，" + DATE_HELP, ""),
    ColumnSpec("补正收到日期", 12, "可空，" + DATE_HELP, ""),
    ColumnSpec("征求意见开始", 12, "可空，" + DATE_HELP, ""),
    ColumnSpec("征求意见结束", 12, "可空，" + DATE_HELP, ""),
    ColumnSpec("延期", 8, "是 或 否", NO),
    ColumnSpec("答复日期", 12, "可空（尚未办结），" + DATE_HELP, "2025-04-02"),
    ColumnSpec(
        "办理结果", 40, "年报表三的一行，如 予以公开、不予公开-属于国家秘密；未办结时留空。", "予以公开"
    ),
    ColumnSpec("收费金额", 10, "数字，可空", ""),
)
HEADERS = tuple(column.header for column in COLUMNS)


# -- export --------------------------------------------------------------------------------------
def export_workbook(applications: QuerySet[Application]) -> bytes:
    """The applications in the import's layout (a second consultation interval, which the layout
    cannot hold, is left out: the first one is written)."""
    workbook, sheet = register_sheet(SHEET, COLUMNS)
    for app in (
        applications.select_related("unit")
        .prefetch_related("consultations")
        .order_by("unit__region__path", "unit__name", "received", "number")
    ):
        consultation = next(iter(app.consultations.all()), None)
        row = [
            app.number,
            app.unit.name,
            app.applicant_type,
            app.received,
            app.correction_requested,
            app.correction_received,
            consultation.started if consultation else None,
            consultation.ended if consultation else None,
            YES if app.extended else NO,
            app.replied,
            app.result,
            float(app.fee_amount) if app.fee_amount is not None else None,
        ]
        append_row(sheet, row)
    return workbook_bytes(workbook)


def register_sheet(title: str, columns: tuple[ColumnSpec, ...]):
    """A new workbook whose one sheet ``title`` has the styled header row of ``columns``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append([column.header for column in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = column.width
    sheet.freeze_panes = "A2"
    return workbook, sheet


def append_row(sheet, row: list) -> None:
    """Append ``row``, its dates shown as dates."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, date):
            cell.number_format = "yyyy-mm-dd"


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    return buffer.getvalue()


# -- import --------------------------------------------------------------------------------------
@dataclass
class CountedImport(ImportResult):
    """The result of a register's import: items created and updated (``noun``: what they are,
    ``measure``: their measure word)."""

    noun: ClassVar[str] = ""
    measure: ClassVar[str] = "条"
    created: int = 0
    updated: int = 0

    def done(self) -> str:
        return (
            f"导入成功：新增{self.noun} {self.created} {self.measure}，更新 {self.updated} {self.measure}。"
        )


class ApplicationImport(CountedImport):
    noun, measure = "申请", "件"


@dataclass
class _Row:
    row: int
    unit: Unit
    values: dict[str, object]
    consultation: tuple[date, date | None] | None


def find_region(name: str) -> tuple[Region | None, str]:
    """A region by its full name (河南省洛阳市偃师市) or its own name when that is unique."""
    names = region_full_names()
    regions = {region.pk: region for region in Region.objects.all()}
    exact = [regions[pk] for pk, full in names.items() if full == name]
    if exact:
        return exact[0], ""
    short = [region for region in regions.values() if region.name == name]
    if len(short) == 1:
        return short[0], ""
    if short:
        listed = "、".join(names[region.pk] for region in short)
        return None, f"有多个名为“{name}”的地区（{listed}），请写完整名称。"
    return None, f"未找到地区“{name}”。"


def import_workbook(
    data: bytes | IO[bytes],
    *,
    scope: Region | None,
    user: AbstractBaseUser | None = None,
    max_bytes: int | None = None,
) -> ApplicationImport:
    """Check the whole 申请 sheet; with no problem, create or update its applications (by unit and
    编号) in one transaction. ``scope``: the units of this region and below (None: all units)."""
    result = ApplicationImport()
    rows, result.problems = read_register_sheet(data, max_bytes, SHEET, COLUMNS, "申请")
    if result.problems:
        return result
    checker = _Checker(scope)
    checked = [r for number, row in rows if (r := checker.row(number, row)) is not None]
    result.problems = checker.problems
    if result.problems:
        return result
    try:
        with transaction.atomic():
            _write(checked, result, user)
            events.record(
                events.Event.Kind.APPLICATION_IMPORT,
                f"导入依申请公开登记簿：新增 {result.created} 件，更新 {result.updated} 件",
                user=user,
                region=scope,
            )
    except DatabaseError as exc:
        result = ApplicationImport.write_failed(exc)
    return result


def read_register_sheet(
    data: bytes | IO[bytes], max_bytes: int | None, sheet: str, columns: tuple[ColumnSpec, ...], what: str
) -> tuple[list[tuple[int, dict[str, str]]], list[ImportProblem]]:
    """The rows of a register's one sheet (row number, {column: text}), or the problems of the
    file, its header, or an empty sheet (``what``: what its rows are, e.g. 申请)."""
    limit = settings.MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    sheets, problems = read_upload(data, limit, {sheet: columns})
    if sheets is None or problems:
        return [], problems
    rows = sheets[sheet].rows
    if not rows:
        return [], [ImportProblem(sheet, 0, "", f"表中没有可导入的{what}：请从第2行起填写。")]
    return rows, []


class UnitNames:
    """The units of a region and below (``scope``; None: all) by name, for a row's 单位 cell."""

    def __init__(self, scope: Region | None) -> None:
        self.scope = scope
        units = Unit.objects.select_related("region")
        if scope is not None:
            units = units.filter(region__path__startswith=scope.path)
        self.units: dict[str, list[Unit]] = {}
        for unit in units:
            self.units.setdefault(unit.name, []).append(unit)
        self.region_names = region_full_names()

    def find(self, name: str) -> tuple[Unit | None, str]:
        """The unit named ``name``, or None and why not (in Chinese)."""
        found = self.units.get(name, [])
        if not found:
            where = f"「{self.region_names[self.scope.pk]}」内" if self.scope else "系统中"
            return None, f"{where}没有登记名为“{name}”的单位。"
        if len(found) > 1:
            listed = "、".join(self.region_names[u.region_id] for u in found)
            return None, f"多个地区都有名为“{name}”的单位（{listed}），请用 --region 指定地区。"
        return found[0], ""


class _Checker:
    sheet = SHEET  # where the problems are; each register's checker names its own sheet

    def __init__(self, scope: Region | None) -> None:
        self.scope = scope
        self.units = UnitNames(scope)
        self.region_names = self.units.region_names
        self.seen: dict[tuple[int, str], int] = {}
        self.problems: list[ImportProblem] = []

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self.sheet, row, column, message))

    def row(self, number: int, row: dict[str, str]) -> _Row | None:
        before = len(self.problems)
        code, unit = self.numbered_unit(number, row)
        applicant = row.get("申请人类型", "")
        if applicant not in ApplicantType.values:
            shown = f"“{applicant}”无效" if applicant else "不能为空"
            self.problem(
                number, "申请人类型", f"申请人类型{shown}，只能是：{'、'.join(ApplicantType.values)}。"
            )
        received = self.date(number, row, "收到日期", required=True)
        asked = self.date(number, row, "补正告知日期")
        corrected = self.date(number, row, "补正收到日期")
        started = self.date(number, row, "征求意见开始")
        ended = self.date(number, row, "征求意见结束")
        replied = self.date(number, row, "答复日期")
        self.order(number, "补正告知日期", asked, "收到日期", received)
        self.order(number, "补正收到日期", corrected, "补正告知日期", asked)
        self.order(number, "征求意见开始", started, "收到日期", received)
        self.order(number, "征求意见结束", ended, "征求意见开始", started)
        self.order(number, "答复日期", replied, "收到日期", received)
        self.order(number, "答复日期", replied, "补正收到日期", corrected)
        if corrected and not row.get("补正告知日期"):
            self.problem(number, "补正告知日期", "填写了补正收到日期，也须填写补正告知日期。")
        if ended and not row.get("征求意见开始"):
            self.problem(number, "征求意见开始", "填写了征求意见结束，也须填写征求意见开始。")
        extended = row.get("延期", "") or NO
        if extended not in (YES, NO):
            self.problem(number, "延期", f"只能填写「{YES}」或「{NO}」，而不是「{extended}」。")
        text = row.get("办理结果", "")
        result = canonical_result(text) if text else ""
        if text and result is None:
            self.problem(
                number, "办理结果", f"“{text}”不是年报表三的一行，如 予以公开、不予公开-属于国家秘密。"
            )
        if text and not row.get("答复日期"):
            self.problem(number, "答复日期", "填写了办理结果，也须填写答复日期。")
        if row.get("答复日期") and not text:
            self.problem(number, "办理结果", "填写了答复日期，也须填写办理结果。")
        fee = self.amount(number, row.get("收费金额", ""))
        if len(self.problems) > before or unit is None:
            return None
        state = State.RECEIVED
        if replied:
            abandoned = result in {
                canonical_result(NO_CORRECTION_RESULT),
                canonical_result(UNPAID_FEE_RESULT),
            }
            state = State.ABANDONED if abandoned else State.REPLIED
        elif started and not ended:
            state = State.CONSULTING
        elif asked and not corrected:
            state = State.CORRECTION
        elif corrected or started:
            state = State.IN_PROGRESS
        values = {
            "applicant_type": applicant,
            "received": received,
            "correction_requested": asked,
            "correction_received": corrected,
            "extended": extended == YES,
            "replied": replied,
            "result": result or "",
            "fee_amount": fee,
            "state": state,
        }
        return _Row(number, unit, {"number": code, **values}, (started, ended) if started else None)

    def numbered_unit(
        self, number: int, row: dict[str, str], max_length: int = 50
    ) -> tuple[str, Unit | None]:
        """The row's 编号 (required, unique per unit in the file) and 单位."""
        code = row.get("编号", "")
        if not code:
            self.problem(number, "编号", "「编号」不能为空。")
        elif len(code) > max_length:
            self.problem(number, "编号", f"编号过长（最多{max_length}字）。")
        unit = self.unit(number, row.get("单位", ""))
        if unit is not None and code:
            if message := repeated_row(self.seen, (unit.pk, code), number, f"同一单位的编号“{code}”"):
                self.problem(number, "编号", message)
        return code, unit

    def unit(self, number: int, name: str) -> Unit | None:
        if not name:
            self.problem(number, "单位", "「单位」不能为空。")
            return None
        unit, why = self.units.find(name)
        if why:
            self.problem(number, "单位", why)
        return unit

    def date(self, number: int, row: dict[str, str], column: str, *, required: bool = False) -> date | None:
        text = row.get(column, "")
        if not text:
            if required:
                self.problem(number, column, f"「{column}」不能为空。")
            return None
        day = parse_date(text)
        if day is None:
            self.problem(
                number, column, f"“{text}”不是日期，应为 Excel 日期或 YYYY-MM-DD 格式，如 2025-03-14。"
            )
        return day

    def order(self, number: int, column: str, later: date | None, other: str, earlier: date | None) -> None:
        if later and earlier and later < earlier:
            self.problem(number, column, f"{column}（{later}）早于{other}（{earlier}）。")

    def amount(self, number: int, text: str) -> Decimal | None:
        if not text:
            return None
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value < 0 or value >= Decimal("1e8"):
            self.problem(number, "收费金额", f"收费金额应为不小于0的数字，而不是“{text}”。")
            return None
        return value.quantize(Decimal("0.01"))


def parse_date(text: str) -> date | None:
    """ISO text, or the text of an Excel date cell (2025-03-14T00:00:00 from excel_read.cell_text)."""
    if len(text) > 10 and text[10] == "T" and text[11:].strip("0:") == "":
        text = text[:10]
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def update_or_create_changed(model, lookup: dict, values: dict, create_extra: dict) -> bool:
    """Like ``update_or_create``, but a record whose values are already those is not saved: its
    ``updated`` time stays, so re-importing an unchanged export leaves the periods computed from
    the register current (registers.metrics_changes). Returns whether a record was created."""
    record = model.objects.filter(**lookup).first()
    if record is None:
        model.objects.create(**lookup, **values, **create_extra)
        return True
    if any(getattr(record, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
    return False


Counted = TypeVar("Counted", bound=CountedImport)


def write_numbered(
    result: Counted,
    model: type[Model],
    checked: list[tuple[Unit, dict]],
    *,
    user: AbstractBaseUser | None,
    scope: Region | None,
    event: str,
    log: str,
    **created: object,
) -> Counted:
    """Create or update the checked rows' items of ``model`` (by unit and 编号, ``created``: more
    values of a new item) in one transaction, with the import's event (``event``: its kind;
    ``log``: what it says before the counts); nothing when the database refuses."""
    if user is not None and not user.is_authenticated:
        user = None
    try:
        with transaction.atomic():
            for unit, values in checked:
                values = dict(values)
                number = values.pop("number")
                made = update_or_create_changed(
                    model, {"unit": unit, "number": number}, values, {"created_by": user, **created}
                )
                result.created += made
                result.updated += not made
            events.record(
                event,
                f"{log}：新增 {result.created} {result.measure}，更新 {result.updated} {result.measure}",
                user=user,
                region=scope,
            )
    except DatabaseError as exc:
        return type(result).write_failed(exc)
    return result


def _write(rows: list[_Row], result: ApplicationImport, user: AbstractBaseUser | None) -> None:
    if user is not None and not user.is_authenticated:
        user = None
    for row in rows:
        values = dict(row.values)
        number = values.pop("number")
        app = Application.objects.filter(unit=row.unit, number=number).first()
        if app is None:
            app = Application.objects.create(unit=row.unit, number=number, **values)
            result.created += 1
            action = "导入登记"
        else:
            if app.state in (State.WITHDRAWN, State.ABANDONED) and app.replied == values["replied"]:
                values["state"] = app.state  # a closed application keeps how it was closed
            if any(getattr(app, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(app, name, value)
                app.save()  # not when unchanged: its ``updated`` time stays (metrics_changes)
            first = app.consultations.first()
            if row.consultation and first and (first.started, first.ended) == row.consultation:
                row.consultation = None  # the exported interval: keep it and any later ones
            else:
                app.consultations.all().delete()
            result.updated += 1
            action = "导入更新"
        if row.consultation:
            Consultation.objects.create(
                application=app, started=row.consultation[0], ended=row.consultation[1]
            )
        app.steps.create(action=action, note=f"Excel 第{row.row}行", user=user)
