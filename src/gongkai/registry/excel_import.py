"""Importing the registry workbook: validate every row first, then write all of it or nothing.

Rows are checked against the model's own validators (`Model.full_clean`), so the importer and the
admin forms accept exactly the same values; the few rules a spreadsheet needs on top of that
(是/否 cells, allowed lists, http(s) only, duplicates inside the file, which unit a row belongs
to, the importer's region) are checked here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import translation

from gongkai.registry.excel_layout import (
    ACCOUNTS,
    COLUMNS,
    COLUMNS_SHEET,
    DATA_SHEETS,
    NO,
    OPTIONAL_SHEETS,
    PEOPLE,
    SITES,
    UNITS,
    YES,
    region_full_names,
)
from gongkai.registry.excel_read import ImportProblem, ImportResult, RowChecker, SheetRows, read_upload
from gongkai.registry.models import (
    Column,
    ColumnType,
    NewMediaAccount,
    Person,
    Region,
    Site,
    Unit,
    UnitCategory,
)

UnitKey = tuple[int, str]  # (region id, unit name): what identifies a unit, in the file and in the database


@dataclass
class RegistryImport(ImportResult):
    """What the registry workbook's import did. Counts are keyed by sheet name."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DATA_SHEETS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DATA_SHEETS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DATA_SHEETS, 0))
    dry_run: bool = False

    def done(self) -> str:
        parts = [
            f"新增{sheet} {self.created[sheet]} 个、更新 {self.updated[sheet]} 个、未变 {self.unchanged[sheet]} 个"
            for sheet in DATA_SHEETS
        ]
        prefix = "检查通过（试导入，未写入数据）：将" if self.dry_run else "导入成功："
        return prefix + "；".join(parts) + "。"


@dataclass
class _UnitRow:
    row: int
    key: UnitKey
    category: UnitCategory
    order: int | None
    active: bool
    note: str


@dataclass
class _ChildRow:
    """A 网站 or 人员 row: its unit, the lookup that identifies it under the unit, and its values."""

    row: int
    unit: UnitKey
    lookup: dict[str, str]
    values: dict[str, object]


def import_workbook(
    data: bytes | IO[bytes], *, scope: Region | None, dry_run: bool = False, max_bytes: int | None = None
) -> RegistryImport:
    """Validate the whole workbook; if it has no problem, upsert its units, sites and people.

    `scope` is the importer's region (None: everything, for superusers). With `dry_run` the writes
    are made inside a transaction that is rolled back, so the counts are exact but nothing stays.
    """
    result = RegistryImport(dry_run=dry_run)
    limit = settings.MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    sheets, result.problems = read_upload(data, limit, _layout)
    if sheets is None:
        return result
    if not result.problems and not any(sheet.rows for sheet in sheets.values()):
        result.problems.append(ImportProblem("", 0, "", "文件中没有可导入的数据：请从各表的第2行起填写。"))
        return result
    with translation.override("zh-hans"):
        checker = _Checker(scope, sheets)
        units, sites, people, columns, accounts = checker.check()
    result.problems += checker.problems
    result.problems.sort(key=_position)
    if result.problems:
        return result
    try:
        with transaction.atomic():
            _write(units, sites, people, result)
            _write_columns(columns, result)
            _write_accounts(accounts, result)
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as exc:  # e.g. a concurrent edit created the same unit meanwhile
        result = RegistryImport.write_failed(exc, dry_run=dry_run)
    return result


def _layout(names: list[str]) -> dict[str, tuple]:
    """Every data sheet, the optional ones only when the workbook has them."""
    return {title: COLUMNS[title] for title in DATA_SHEETS if title not in OPTIONAL_SHEETS or title in names}


def _position(problem: ImportProblem) -> tuple[int, int, int]:
    """Order problems as the user reads the workbook: sheet by sheet, row by row, left to right."""
    sheet = DATA_SHEETS.index(problem.sheet) + 1 if problem.sheet in DATA_SHEETS else 0
    headers = [column.header for column in COLUMNS.get(problem.sheet, ())]
    column = headers.index(problem.column) if problem.column in headers else len(headers)
    return sheet, problem.row, column


class _Checker(RowChecker):
    """Checks all rows of all sheets, collecting every problem rather than stopping at the first."""

    def __init__(self, scope: Region | None, sheets: dict[str, SheetRows]) -> None:
        super().__init__()
        self.scope = scope
        self.sheets = sheets
        self.categories = {category.name: category for category in UnitCategory.objects.all()}
        regions = {region.pk: region for region in Region.objects.all()}
        self.region_names = region_full_names()
        self.regions_by_full_name = {self.region_names[pk]: region for pk, region in regions.items()}
        self.regions_by_name: dict[str, list[Region]] = {}
        for region in regions.values():
            self.regions_by_name.setdefault(region.name, []).append(region)
        in_scope = Unit.objects.all()
        if scope is not None:
            in_scope = in_scope.filter(region__path__startswith=scope.path)
        self.db_units: set[UnitKey] = set(in_scope.values_list("region_id", "name"))
        self.file_units: dict[UnitKey, int] = {}

    def check(
        self,
    ) -> tuple[list[_UnitRow], list[_ChildRow], list[_ChildRow], list[_ChildRow], list[_ChildRow]]:
        units = [unit for number, row in self._rows(UNITS) if (unit := self._unit(number, row))]
        sites = [site for number, row in self._rows(SITES) if (site := self._site(number, row))]
        people = [person for number, row in self._rows(PEOPLE) if (person := self._person(number, row))]
        self._duplicates(SITES, "网址", sites, "同一单位的网址")
        self._duplicates(PEOPLE, "姓名", people, "同一单位、同一类型的同名人员")
        self.file_sites = {(site.unit, site.lookup["url"]) for site in sites}
        columns = [c for number, row in self._rows(COLUMNS_SHEET) if (c := self._column(number, row))]
        self._duplicates(COLUMNS_SHEET, "栏目网址", columns, "同一网站的栏目网址")
        accounts = [a for number, row in self._rows(ACCOUNTS) if (a := self._account(number, row))]
        self._region_unique_accounts(accounts)
        return units, sites, people, columns, accounts

    def _rows(self, sheet: str) -> list[tuple[int, dict[str, str]]]:
        return self.sheets[sheet].rows if sheet in self.sheets else []

    # -- the 单位 sheet ------------------------------------------------------------------------

    def _unit(self, number: int, row: dict[str, str]) -> _UnitRow | None:
        before = len(self.problems)
        region = self._region(UNITS, number, row.get("地区", ""), blank_is_scope=True)
        name = self.required(UNITS, number, row, "单位名称")
        category = None
        if category_name := self.required(UNITS, number, row, "类别"):
            category = self.categories.get(category_name)
            if category is None:
                allowed = "、".join(self.categories) or "（系统中还没有类别）"
                self.problem(UNITS, number, "类别", f"类别「{category_name}」不存在，可选：{allowed}。")
        order = self._order(number, row.get("排序", ""))
        active = self._yes_no(UNITS, number, row, "参加考评", default=True)
        if region is not None and name:
            self.repeated(UNITS, number, "单位名称", self.file_units, (region.pk, name), "同一地区的同名单位")
        fields = {"name": name, "note": row.get("备注", "")}
        if order is not None:
            fields["order"] = order
        self._model_rules(UNITS, number, Unit(**fields), skip={"name"} if not name else set())
        if len(self.problems) > before or region is None or category is None or active is None:
            return None
        return _UnitRow(number, (region.pk, name), category, order, active, row.get("备注", ""))

    def _order(self, number: int, text: str) -> int | None:
        if not text:
            return None
        if text.isdigit():
            return int(text)
        self.problem(UNITS, number, "排序", f"排序应为不小于0的整数，而不是「{text}」。")
        return None

    # -- the 网站 and 人员 sheets --------------------------------------------------------------

    def _site(self, number: int, row: dict[str, str]) -> _ChildRow | None:
        before = len(self.problems)
        unit = self._unit_of(SITES, number, row)
        name = self.required(SITES, number, row, "网站名称")
        url = self.required(SITES, number, row, "网址")
        skip = set() if name else {"name"}
        if not url or not self.web_address(SITES, number, "网址", url):
            skip.add("url")
        is_portal = self._yes_no(SITES, number, row, "门户网站", default=False)
        values: dict[str, object] = {"name": name, "site_id_code": row.get("网站标识码", "")}
        self._model_rules(SITES, number, Site(url=url, **values), skip=skip)
        if len(self.problems) > before or unit is None:
            return None
        return _ChildRow(number, unit, {"url": url}, {**values, "is_portal": is_portal})

    def _person(self, number: int, row: dict[str, str]) -> _ChildRow | None:
        before = len(self.problems)
        unit = self._unit_of(PEOPLE, number, row)
        role = self.required(PEOPLE, number, row, "类型")
        roles = [value for value, _ in Person.Role.choices]
        if role and role not in roles:
            self.problem(PEOPLE, number, "类型", f"类型「{role}」无效，只能是：{'、'.join(roles)}。")
        name = self.required(PEOPLE, number, row, "姓名")
        values: dict[str, object] = {
            "title": row.get("职务", ""),
            "mobile": row.get("手机", "").replace(" ", "").replace("-", ""),
            "landline": row.get("固话", ""),
            "qq": row.get("QQ号码", ""),
            "email": row.get("电子邮箱", ""),
        }
        skip = {"role"} | ({"name"} if not name else set())
        self._model_rules(PEOPLE, number, Person(role=role, name=name, **values), skip=skip)
        if len(self.problems) > before or unit is None:
            return None
        return _ChildRow(number, unit, {"role": role, "name": name}, values)

    # -- the 栏目 and 新媒体 sheets ------------------------------------------------------------

    def _column(self, number: int, row: dict[str, str]) -> _ChildRow | None:
        """A column of a site of the 网站 sheet or already registered; its lookup is (site URL, URL)."""
        before = len(self.problems)
        unit = self._unit_of(COLUMNS_SHEET, number, row)
        site_url = self.required(COLUMNS_SHEET, number, row, "网站网址")
        name = self.required(COLUMNS_SHEET, number, row, "栏目名称")
        url = self.required(COLUMNS_SHEET, number, row, "栏目网址")
        skip = set() if name else {"name"}
        if not url or not self.web_address(COLUMNS_SHEET, number, "栏目网址", url):
            skip.add("url")
        column_type = row.get("栏目类型", "") or ColumnType.OTHER
        if column_type not in ColumnType.values:
            allowed = "、".join(ColumnType.values)
            self.problem(
                COLUMNS_SHEET, number, "栏目类型", f"栏目类型「{column_type}」无效，只能是：{allowed}。"
            )
            skip.add("column_type")
        window = self._positive(COLUMNS_SHEET, number, row, "更新周期（天）")
        values: dict[str, object] = {"name": name, "column_type": column_type, "window_days": window}
        self._model_rules(COLUMNS_SHEET, number, Column(url=url, **values), skip=skip)
        if unit is not None and site_url and (unit, site_url) not in self.file_sites:
            if not Site.objects.filter(unit__region_id=unit[0], unit__name=unit[1], url=site_url).exists():
                self.problem(
                    COLUMNS_SHEET,
                    number,
                    "网站网址",
                    f"单位「{unit[1]}」没有网址为「{site_url}」的网站（网站表或系统中）。",
                )
        if len(self.problems) > before or unit is None:
            return None
        return _ChildRow(number, unit, {"site_url": site_url, "url": url}, values)

    def _account(self, number: int, row: dict[str, str]) -> _ChildRow | None:
        """A new-media account; its lookup is its name, unique within the unit's region."""
        before = len(self.problems)
        unit = self._unit_of(ACCOUNTS, number, row)
        platform = self.required(ACCOUNTS, number, row, "平台")
        skip = set()
        if platform and platform not in NewMediaAccount.Platform.values:
            allowed = "、".join(NewMediaAccount.Platform.values)
            self.problem(ACCOUNTS, number, "平台", f"平台「{platform}」无效，只能是：{allowed}。")
        skip.add("platform")
        name = self.required(ACCOUNTS, number, row, "账号名称")
        if not name:
            skip.add("name")
        status = row.get("备案状态", "") or NewMediaAccount.Status.PENDING
        if status not in NewMediaAccount.Status.values:
            allowed = "、".join(NewMediaAccount.Status.values)
            self.problem(ACCOUNTS, number, "备案状态", f"备案状态「{status}」无效，只能是：{allowed}。")
            skip.add("status")
        url = row.get("主页地址", "")
        if url and not self.web_address(ACCOUNTS, number, "主页地址", url):
            skip.add("url")
        opened = self._date(ACCOUNTS, number, row, "开通日期")
        closed = self._date(ACCOUNTS, number, row, "关停日期")
        values: dict[str, object] = {
            "platform": platform,
            "account_id": row.get("账号/ID", ""),
            "status": status,
            "certification_body": row.get("认证主体", ""),
            "opened_on": opened,
            "closed_on": closed,
            "url": url,
        }
        self._model_rules(ACCOUNTS, number, NewMediaAccount(name=name, **values), skip=skip)
        if len(self.problems) > before or unit is None:
            return None
        return _ChildRow(number, unit, {"name": name}, values)

    def _region_unique_accounts(self, accounts: list[_ChildRow]) -> None:
        """An account name is unique within a region (registers-contract §5), across its units."""
        first: dict[tuple[int, str], int] = {}
        for account in accounts:
            key = (account.unit[0], account.lookup["name"])
            self.repeated(ACCOUNTS, account.row, "账号名称", first, key, "同一地区的同名账号")

    def _positive(self, sheet: str, number: int, row: dict[str, str], column: str) -> int | None:
        text = row.get(column, "")
        if not text:
            return None
        if text.isdigit() and int(text) > 0:
            return int(text)
        self.problem(sheet, number, column, f"{column}应为正整数，而不是「{text}」。")
        return None

    def _date(self, sheet: str, number: int, row: dict[str, str], column: str) -> date | None:
        text = row.get(column, "")
        if not text:
            return None
        if len(text) > 10 and text[10] == "T" and text[11:].strip("0:") == "":
            text = text[:10]  # an Excel date cell
        day = None
        if len(text) == 10:
            try:
                day = date.fromisoformat(text)
            except ValueError:
                day = None
        if day is None:
            self.problem(
                sheet, number, column, f"「{text}」不是日期，应为 Excel 日期或 YYYY-MM-DD，如 2020-05-01。"
            )
        return day

    def _unit_of(self, sheet: str, number: int, row: dict[str, str]) -> UnitKey | None:
        """The unit a 网站/人员 row belongs to: in the 单位 sheet or already registered, within scope."""
        name = self.required(sheet, number, row, "单位名称")
        region_text = row.get("地区", "")
        region = self._region(sheet, number, region_text, blank_is_scope=False) if region_text else None
        if not name or (region_text and region is None):
            return None
        known = set(self.file_units) | self.db_units
        candidates = sorted(
            key for key in known if key[1] == name and (region is None or key[0] == region.pk)
        )
        if not candidates and self.scope is not None and Unit.objects.filter(name=name).exists():
            scope_name = self.region_names[self.scope.pk]
            self.problem(sheet, number, "单位名称", f"单位「{name}」不在您管理的「{scope_name}」范围内。")
            return None
        if not candidates:
            where = f"「{self.region_names[region.pk]}」的" if region else ""
            self.problem(
                sheet,
                number,
                "单位名称",
                f"{where}单位「{name}」既不在本文件的「单位」表中，也未在系统中登记。",
            )
            return None
        if len(candidates) > 1:
            regions = "、".join(self.region_names[key[0]] for key in candidates)
            self.problem(
                sheet, number, "地区", f"多个地区都有名为「{name}」的单位（{regions}），请填写地区列。"
            )
            return None
        return candidates[0]

    # -- shared cell rules ---------------------------------------------------------------------

    def _region(self, sheet: str, number: int, text: str, *, blank_is_scope: bool) -> Region | None:
        if not text and blank_is_scope:
            if self.scope is None:
                self.problem(sheet, number, "地区", "请填写地区的完整名称，如 河南省洛阳市偃师市。")
            return self.scope
        region = self.regions_by_full_name.get(text)
        if region is None and len(self.regions_by_name.get(text, [])) == 1:
            region = self.regions_by_name[text][0]
        if region is None:
            self.problem(
                sheet, number, "地区", f"未找到地区「{text}」，请填写完整名称，如 河南省洛阳市偃师市。"
            )
            return None
        if self.scope is not None and not region.path.startswith(self.scope.path):
            scope_name = self.region_names[self.scope.pk]
            self.problem(sheet, number, "地区", f"地区「{text}」不在您管理的「{scope_name}」范围内。")
            return None
        return region

    def _yes_no(
        self, sheet: str, number: int, row: dict[str, str], column: str, *, default: bool
    ) -> bool | None:
        value = row.get(column, "")
        if not value:
            return default
        if value in (YES, NO):
            return value == YES
        self.problem(sheet, number, column, f"只能填写「{YES}」或「{NO}」，而不是「{value}」。")
        return None

    def _model_rules(self, sheet: str, number: int, instance: models.Model, *, skip: set[str]) -> None:
        """The model's own field validators (lengths, URL, 标识码, email, phone numbers)."""
        relations = {f.name for f in instance._meta.fields if f.is_relation}
        try:
            instance.full_clean(exclude=relations | skip, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = str(instance._meta.get_field(name).verbose_name) if name != "__all__" else ""
                for message in messages:
                    self.problem(sheet, number, column, message)

    def _duplicates(self, sheet: str, column: str, rows: list[_ChildRow], what: str) -> None:
        first: dict[tuple, int] = {}
        for child in rows:
            self.repeated(sheet, child.row, column, first, (child.unit, *child.lookup.values()), what)


def _write(
    units: list[_UnitRow], sites: list[_ChildRow], people: list[_ChildRow], result: RegistryImport
) -> None:
    ids: dict[UnitKey, int] = {}
    for unit in units:
        values: dict[str, object] = {"category": unit.category, "active": unit.active, "note": unit.note}
        if unit.order is not None:
            values["order"] = unit.order
        lookup = {"region_id": unit.key[0], "name": unit.key[1]}
        ids[unit.key] = _upsert(Unit, lookup, values, UNITS, result).pk
    for sheet, model, rows in ((SITES, Site, sites), (PEOPLE, Person, people)):
        for child in rows:
            if child.unit not in ids:
                ids[child.unit] = Unit.objects.get(region_id=child.unit[0], name=child.unit[1]).pk
            _upsert(model, {"unit_id": ids[child.unit], **child.lookup}, child.values, sheet, result)


def _unit_id(key: UnitKey) -> int:
    return Unit.objects.values_list("pk", flat=True).get(region_id=key[0], name=key[1])


def _write_columns(columns: list[_ChildRow], result: RegistryImport) -> None:
    for column in columns:
        site = Site.objects.filter(unit_id=_unit_id(column.unit), url=column.lookup["site_url"]).order_by(
            "pk"
        )[0]
        _upsert(Column, {"site": site, "url": column.lookup["url"]}, column.values, COLUMNS_SHEET, result)


def _write_accounts(accounts: list[_ChildRow], result: RegistryImport) -> None:
    """By name within the region: a registered account of that name moves to the row's unit."""
    for account in accounts:
        unit_id = _unit_id(account.unit)
        existing = NewMediaAccount.objects.filter(
            unit__region_id=account.unit[0], name=account.lookup["name"]
        )
        instance = existing.order_by("pk").first()
        moved = instance is not None and instance.unit_id != unit_id
        if moved:
            instance.unit_id = unit_id
            instance.save(update_fields=["unit"])
        unchanged = result.unchanged[ACCOUNTS]
        _upsert(NewMediaAccount, {"unit_id": unit_id, **account.lookup}, account.values, ACCOUNTS, result)
        if moved and result.unchanged[ACCOUNTS] > unchanged:  # the move was the change
            result.unchanged[ACCOUNTS] -= 1
            result.updated[ACCOUNTS] += 1


def _upsert(
    model: type[models.Model],
    lookup: dict[str, object],
    values: dict[str, object],
    sheet: str,
    result: RegistryImport,
) -> models.Model:
    """Create, or update only when a value differs, so that the counts tell the user what changed."""
    instance = model.objects.filter(**lookup).order_by("pk").first()
    if instance is None:
        result.created[sheet] += 1
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)
        result.updated[sheet] += 1
    else:
        result.unchanged[sheet] += 1
    return instance
