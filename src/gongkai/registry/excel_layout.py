"""The layout of the registry workbook: sheets, columns, their help texts, and the shared styling.

The template, the export and the importer all read this one description, so that a file exported
today is always a file the importer accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.registry.models import ColumnType, NewMediaAccount, Person, Region, UnitCategory

UNITS = "单位"
SITES = "网站"
PEOPLE = "人员"
COLUMNS_SHEET = "栏目"
ACCOUNTS = "新媒体"
DATA_SHEETS = (UNITS, SITES, PEOPLE, COLUMNS_SHEET, ACCOUNTS)
# sheets added later: a workbook saved before they existed still imports without them
OPTIONAL_SHEETS = (COLUMNS_SHEET, ACCOUNTS)
HELP_SHEET = "说明"
LISTS_SHEET = "选项"

YES, NO = "是", "否"

# Rows that carry data validation in the template and the export (the header is row 1).
VALIDATED_ROWS = 2000


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a data sheet. `optional` columns may be left out of the header entirely."""

    header: str
    width: int
    help: str
    example: str
    choices: str = ""  # name of a list on the 选项 sheet, for data validation
    optional: bool = False


REGION = ColumnSpec(
    "地区",
    22,
    "单位所在地区的完整名称，如 河南省洛阳市偃师市；留空表示您本人管理的地区。"
    "网站、人员表中可留空，但不同地区有同名单位时必须填写。",
    "河南省洛阳市偃师市",
    optional=True,
)
UNIT_NAME = ColumnSpec(
    "单位名称", 28, "必填。网站、人员表中的单位须在单位表或系统中已有。", "偃师市教育体育局"
)

COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    UNITS: (
        REGION,
        UNIT_NAME,
        ColumnSpec("类别", 12, "必填，须为系统中已有的单位类别（见选项表）。", "市直部门", choices="类别"),
        ColumnSpec("排序", 8, "整数，同类单位中的顺序；留空则新单位为100、已有单位不变。", "1"),
        ColumnSpec("参加考评", 10, "是 或 否；留空为 是。", YES, choices="是否"),
        ColumnSpec("备注", 30, "可空，最多200字。", ""),
    ),
    SITES: (
        REGION,
        UNIT_NAME,
        ColumnSpec("网站名称", 28, "必填。", "偃师市教育体育局"),
        ColumnSpec(
            "网址",
            36,
            "必填，以 http:// 或 https:// 开头；同一单位的网址不能重复。",
            "http://jyj.yanshi.gov.cn/",
        ),
        ColumnSpec("网站标识码", 14, "可空；10位：6位行政区划代码加4位数字，或 bm 加8位数字。", "4103810001"),
        ColumnSpec("门户网站", 10, "是 或 否；留空为 否。", NO, choices="是否"),
    ),
    PEOPLE: (
        REGION,
        UNIT_NAME,
        ColumnSpec("类型", 10, "必填：分管领导 或 管理员。", Person.Role.LEADER, choices="类型"),
        ColumnSpec("姓名", 10, "必填。同一单位同一类型的姓名不能重复。", "张三"),
        ColumnSpec("职务", 16, "可空。", "副局长"),
        ColumnSpec("手机", 14, "可空；11位数字，以1开头。", "13912345678"),
        ColumnSpec("固话", 16, "可空；数字、区号括号和连字符。", "0379-67712345"),
        ColumnSpec("QQ号码", 12, "可空。", "123456789"),
        ColumnSpec("电子邮箱", 24, "可空。", "zhangsan@example.com"),
    ),
    COLUMNS_SHEET: (
        REGION,
        UNIT_NAME,
        ColumnSpec(
            "网站网址", 36, "必填，栏目所在网站的网址，须在网站表或系统中已有。", "http://jyj.yanshi.gov.cn/"
        ),
        ColumnSpec("栏目名称", 20, "必填。", "工作动态"),
        ColumnSpec(
            "栏目网址",
            40,
            "必填，以 http:// 或 https:// 开头；同一网站的栏目网址不能重复。",
            "http://jyj.yanshi.gov.cn/gzdt/",
        ),
        ColumnSpec(
            "栏目类型", 12, "留空为 其他；决定默认更新周期（见选项表）。", "工作动态", choices="栏目类型"
        ),
        ColumnSpec("更新周期（天）", 12, "可空（按栏目类型的默认周期）；正整数。", ""),
    ),
    ACCOUNTS: (
        REGION,
        UNIT_NAME,
        ColumnSpec("平台", 12, "必填，见选项表。", "微信公众号", choices="平台"),
        ColumnSpec("账号名称", 24, "必填；同一地区内不能重复。", "偃师教育"),
        ColumnSpec("账号/ID", 16, "可空，平台上的账号或ID。", "yanshijy"),
        ColumnSpec("备案状态", 10, "留空为 待备案；见选项表。", "已备案", choices="备案状态"),
        ColumnSpec("认证主体", 24, "可空，平台认证的主体单位。", "偃师市教育体育局"),
        ColumnSpec("开通日期", 12, "可空，日期，如 2020-05-01。", "2020-05-01"),
        ColumnSpec("关停日期", 12, "可空，日期；不早于开通日期。", ""),
        ColumnSpec("主页地址", 36, "可空，账号的公开主页，以 http:// 或 https:// 开头。", ""),
    ),
}

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


def choice_lists() -> dict[str, list[str]]:
    """The allowed values offered as drop-down lists, read from the database where they live."""
    return {
        "类别": list(UnitCategory.objects.values_list("name", flat=True)),
        "类型": [value for value, _ in Person.Role.choices],
        "是否": [YES, NO],
        "平台": list(NewMediaAccount.Platform.values),
        "备案状态": list(NewMediaAccount.Status.values),
        "栏目类型": list(ColumnType.values),
    }


def region_full_names() -> dict[int, str]:
    """Every region's full name in one query (Region.full_name walks parents one query at a time)."""
    regions = {region.pk: region for region in Region.objects.all()}
    names: dict[int, str] = {}
    for pk, region in regions.items():
        parts, node = [], region
        while node is not None:
            parts.append(node.name)
            node = regions.get(node.parent_id) if node.parent_id else None
        names[pk] = "".join(reversed(parts))
    return names


def new_workbook() -> tuple[Workbook, dict[str, Worksheet]]:
    """A workbook with the data sheets (styled headers, drop-downs), 说明 and a hidden 选项 sheet."""
    workbook = Workbook()
    sheets: dict[str, Worksheet] = {}
    for index, title in enumerate(DATA_SHEETS):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title
        sheets[title] = sheet
        _write_header(sheet, COLUMNS[title])
    lists = choice_lists()
    _write_lists(workbook.create_sheet(LISTS_SHEET), lists)
    for title, sheet in sheets.items():
        _add_validations(sheet, COLUMNS[title], lists)
    _write_help(workbook.create_sheet(HELP_SHEET, 0), lists)
    workbook.active = 1
    return workbook, sheets


def _write_header(sheet: Worksheet, columns: tuple[ColumnSpec, ...]) -> None:
    sheet.append([column.header for column in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[cell.column_letter].width = column.width
    sheet.freeze_panes = "A2"


def _write_lists(sheet: Worksheet, lists: dict[str, list[str]]) -> None:
    for col, (name, values) in enumerate(lists.items(), start=1):
        sheet.cell(row=1, column=col, value=name).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=col, value=value)
    sheet.sheet_state = "hidden"


def _add_validations(sheet: Worksheet, columns: tuple[ColumnSpec, ...], lists: dict[str, list[str]]) -> None:
    names = list(lists)
    for index, column in enumerate(columns, start=1):
        if not column.choices:
            continue
        list_col = chr(ord("A") + names.index(column.choices))
        last = max(2, len(lists[column.choices]) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${list_col}$2:${list_col}${last}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="取值无效",
            error=f"{column.header}只能从下拉列表中选择。",
        )
        letter = sheet.cell(row=1, column=index).column_letter
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
        sheet.add_data_validation(validation)


def _write_help(sheet: Worksheet, lists: dict[str, list[str]]) -> None:
    """The 说明 sheet: what each column means and an example row per data sheet (never imported)."""
    bold = Font(bold=True)
    sheet.append(["单位、网站、责任人、栏目、政务新媒体登记表填写说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            "本表（说明）和选项表不会被导入；示例行只出现在本表中，请在「单位」「网站」「人员」「栏目」「新媒体」"
            "表中从第2行起填写。「栏目」「新媒体」两表可以删去（旧文件没有这两张表也能导入）。"
        ]
    )
    sheet.append(
        ["导入前系统会检查全部内容，任何一处有误都不会导入任何数据，并列出每处问题所在的表、行和列。"]
    )
    sheet.append([f"可选的单位类别：{'、'.join(lists['类别'])}"])
    sheet.append([f"可选的人员类型：{'、'.join(lists['类型'])}"])
    sheet.append([f"可选的新媒体平台：{'、'.join(lists['平台'])}；备案状态：{'、'.join(lists['备案状态'])}"])
    for title in DATA_SHEETS:
        sheet.append([])
        sheet.append([f"「{title}」表", "说明", "示例（仅供参考，不会导入）"])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for column in COLUMNS[title]:
            sheet.append([column.header, column.help, column.example])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 30
