"""Table 三 of the annual disclosure report (国办公开办函〔2021〕30号): 收到和处理政府信息公开申请情况.

Counts disclosure applications by applicant type (columns) and by row (registers-contract §2):

- 一、本年新收 = received in the year; 二、上年结转 = received before the year and not replied
  before it;
- the result rows count the requests replied in the year, by 办理结果; a parent row (（三）不予公开
  …) is the sum of its sub-rows and （七）总计 the sum of all results;
- 四、结转下年度继续办理 = received in or before the year and not replied by its end;
- the 总计 column is the sum of the six applicant types.

The identity 一 + 二 = （七） + 四 holds per column for consistent data; where it breaks (a request
replied before it was received, or replied without a result) the table says which requests broke
it. ``overdue`` lists the requests replied in the year after their due date, and those still open
on Dec 31 past it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

APPLICANT_TYPES: tuple[str, ...] = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
TOTAL_COLUMN = "总计"
COLUMNS: tuple[str, ...] = (*APPLICANT_TYPES, TOTAL_COLUMN)
LEGAL_PERSONS = APPLICANT_TYPES[1:]  # 法人或其他组织

NEW = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
RESULTS_HEADING = "三、本年度办理结果"
TOTAL = "（七）总计"
CARRIED_OUT = "四、结转下年度继续办理"

# (parent, sub-rows): the result rows in the order of the published table
RESULT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("（一）予以公开", ()),
    ("（二）部分公开", ()),
    (
        "（三）不予公开",
        (
            "属于国家秘密",
            "其他法律行政法规禁止公开",
            "危及“三安全一稳定”",
            "保护第三方合法权益",
            "属于三类内部事务信息",
            "属于四类过程性信息",
            "属于行政执法案卷",
            "属于行政查询事项",
        ),
    ),
    ("（四）无法提供", ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")),
    (
        "（五）不予处理",
        (
            "信访举报投诉类申请",
            "重复申请",
            "要求提供公开出版物",
            "无正当理由大量反复申请",
            "要求行政机关确认或重新出具已获取信息",
        ),
    ),
    (
        "（六）其他处理",
        (
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "其他",
        ),
    ),
)
# the published table's longer wording, for the .xlsx only
_XLSX_TITLES = {"（二）部分公开": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"}


@dataclass(frozen=True, slots=True)
class Row:
    label: str  # the JSON label: "（三）不予公开-属于国家秘密"
    title: str  # the row's own text: "属于国家秘密"
    parent: str | None = None  # the parent's label for a sub-row
    children: tuple[str, ...] = ()  # the sub-rows' labels for a parent row
    result: bool = False  # one of the 办理结果 rows (（一）…（七）)


def _rows() -> tuple[Row, ...]:
    rows = [Row(NEW, NEW), Row(CARRIED_IN, CARRIED_IN)]
    for parent, subs in RESULT_GROUPS:
        labels = tuple(f"{parent}-{sub}" for sub in subs)
        rows.append(Row(parent, parent, children=labels, result=True))
        rows.extend(
            Row(label, sub, parent=parent, result=True) for label, sub in zip(labels, subs, strict=True)
        )
    rows += [Row(TOTAL, TOTAL, result=True), Row(CARRIED_OUT, CARRIED_OUT)]
    return tuple(rows)


ROWS: tuple[Row, ...] = _rows()
ROW_LABELS: tuple[str, ...] = tuple(row.label for row in ROWS)
_BY_LABEL = {row.label: row for row in ROWS}

# valid 办理结果: canonical JSON label -> the short form the import uses ("不予公开-属于国家秘密")
RESULTS: dict[str, str] = {
    row.label: row.label.split("）", 1)[1]
    for row in ROWS
    if row.result and not row.children and row.label != TOTAL
}
_BY_SHORT = {short: label for label, short in RESULTS.items()}
_DASHES = str.maketrans(
    {"－": "-", "—": "-", "–": "-", "‐": "-", '"': "", "“": "", "”": "", "(": "（", ")": "）"}
)
_LOOSE = {label.translate(_DASHES): label for label in RESULTS} | {
    short.translate(_DASHES): label for label, short in RESULTS.items()
}


def parse_result(text: str) -> str:
    """The canonical JSON label of a 办理结果 given in either form (``（三）不予公开-属于国家秘密``
    or ``不予公开-属于国家秘密``). Spaces, dash variants (－ —) and straight or curly quotes are
    tolerated. Anything else raises ``ValueError`` with a Chinese message listing the valid values."""
    if not isinstance(text, str):
        raise ValueError(f"办理结果须为文字，收到的是 {text!r}")
    cleaned = "".join(text.split())
    if cleaned in RESULTS:
        return cleaned
    if cleaned in _BY_SHORT:
        return _BY_SHORT[cleaned]
    loose = cleaned.translate(_DASHES)
    if loose in _LOOSE:
        return _LOOSE[loose]
    raise ValueError(f"办理结果“{text}”无效，应为以下之一：{'、'.join(RESULTS.values())}")


@dataclass(frozen=True, slots=True)
class Request:
    unit: str
    number: str
    applicant_type: str
    received: date
    replied: date | None
    result: str  # canonical result label, "" while open
    due: date  # the applicable due date (the extended one if extended)


@dataclass
class AnnualTable:
    year: int
    columns: list[str]
    rows: list[tuple[str, list[int]]]
    identity_ok: bool
    # per column where 一 + 二 != （七） + 四: {"column", "new_plus_carried_over",
    # "total_plus_carried_forward", "numbers", "requests": [{"unit", "number"}]}
    identity_breaks: list[dict] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)  # {"unit", "number", "reply_due", "replied"}

    def value(self, label: str, column: str = TOTAL_COLUMN) -> int:
        """One cell, by row label and column name."""
        return dict(self.rows)[label][self.columns.index(column)]


def _check(request: Request) -> tuple[int, str]:
    name = f"单位“{request.unit}”编号“{request.number}”"
    if request.applicant_type not in APPLICANT_TYPES:
        raise ValueError(
            f"{name}：申请人类型“{request.applicant_type}”无效，应为 {'、'.join(APPLICANT_TYPES)} 之一"
        )
    if not isinstance(request.received, date):
        raise ValueError(f"{name}：缺少收到日期")
    result = ""
    if request.result:
        try:
            result = parse_result(request.result)
        except ValueError as exc:
            raise ValueError(f"{name}：{exc}") from None
    return APPLICANT_TYPES.index(request.applicant_type), result


def build(requests: Iterable[Request], year: int) -> AnnualTable:
    """Count ``requests`` (any units, any years) into table 三 of ``year``.

    Raises ``ValueError`` (Chinese, naming the unit and number) on an unknown applicant type or
    result; inconsistent dates do not raise but show as identity breaks.
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    counts = {label: [0] * len(APPLICANT_TYPES) for label in ROW_LABELS}
    involved: list[list[Request]] = [[] for _ in APPLICANT_TYPES]
    overdue: list[dict] = []
    for request in requests:
        column, result = _check(request)
        if request.received > last:
            continue
        replied = request.replied
        left = right = False
        if request.received >= first:
            counts[NEW][column] += 1
            left = True
        elif replied is None or replied >= first:
            counts[CARRIED_IN][column] += 1
            left = True
        replied_in_year = replied is not None and first <= replied <= last
        if replied_in_year and result:
            counts[result][column] += 1
            right = True
        if replied is None or replied > last:
            counts[CARRIED_OUT][column] += 1
            right = True
        if left != right:
            involved[column].append(request)
        late = replied_in_year and replied > request.due
        open_past_due = (replied is None or replied > last) and request.due < last
        if late or open_past_due:
            overdue.append(
                {
                    "unit": request.unit,
                    "number": request.number,
                    "reply_due": request.due.isoformat(),
                    "replied": replied.isoformat() if replied else None,
                }
            )
    leaves = []
    for row in ROWS:
        if row.children:
            counts[row.label] = [sum(col) for col in zip(*(counts[c] for c in row.children), strict=True)]
        elif row.result and row.label != TOTAL:
            leaves.append(row.label)
    counts[TOTAL] = [sum(col) for col in zip(*(counts[label] for label in leaves), strict=True)]
    rows = [(label, [*counts[label], sum(counts[label])]) for label in ROW_LABELS]
    values = dict(rows)
    breaks = []
    for c, name in enumerate(COLUMNS):
        left = values[NEW][c] + values[CARRIED_IN][c]
        right = values[TOTAL][c] + values[CARRIED_OUT][c]
        if left != right:
            who = [r for col in involved for r in col] if name == TOTAL_COLUMN else involved[c]
            breaks.append(
                {
                    "column": name,
                    "new_plus_carried_over": left,
                    "total_plus_carried_forward": right,
                    "numbers": [r.number for r in who],
                    "requests": [{"unit": r.unit, "number": r.number} for r in who],
                }
            )
    return AnnualTable(
        year=year,
        columns=list(COLUMNS),
        rows=rows,
        identity_ok=not breaks,
        identity_breaks=breaks,
        overdue=overdue,
    )


def to_json(table: AnnualTable) -> dict[str, Any]:
    """The contract's OUT.json: ``year``, ``columns``, ``rows``, ``identity_ok``, ``overdue``."""
    return {
        "year": table.year,
        "columns": list(table.columns),
        "rows": [{"label": label, "values": list(values)} for label, values in table.rows],
        "identity_ok": table.identity_ok,
        "overdue": [dict(item) for item in table.overdue],
    }


# ---- .xlsx in the published layout ----

# openpyxl (and the numpy it pulls in: ~0.3 s, ~30 MB) is imported by the functions that write
# the sheet, not by this module: every `gongkai check` imports the labels above (the 年报 check)
FONT_NAME = "宋体"  # as gongkai.reports.tables
SHEET_NAME = "收到和处理政府信息公开申请情况"
IDENTITY_NOTE = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
HEADER_ROWS = 4  # title + three header rows
LABEL_COLUMNS = 3  # A: 一/二/三/四, B: (一)…(七), C: sub-rows
FIRST_VALUE_COLUMN = LABEL_COLUMNS + 1


def xlsx_row(label: str) -> int:
    """The sheet row where ``label``'s numbers are written by :func:`write_xlsx`."""
    return HEADER_ROWS + 1 + ROW_LABELS.index(label)


def _cell(ws, row: int, column: int, value, *, bold: bool = False, size: int = 11, left: bool = False):
    from openpyxl.styles import Alignment, Font

    cell = ws.cell(row=row, column=column, value=value)
    cell.font = Font(name=FONT_NAME, size=size, bold=bold)
    cell.alignment = Alignment(horizontal="left" if left else "center", vertical="center", wrap_text=True)
    return cell


def _merge(ws, r1: int, c1: int, r2: int, c2: int) -> None:
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def write_xlsx(table: AnnualTable, path: Path | str, title: str) -> None:
    """Table 三 as one sheet laid out like the published table: title row; 申请人情况 over
    自然人 / 法人或其他组织 (商业企业 … 其他) / 总计; row labels in merged first columns
    (三、本年度办理结果 down the result rows, each parent down its sub-rows). The published table
    gives a parent no line of its own; here its sum sits on a 小计 line above its sub-rows so every
    row of the JSON appears. Numbers are numbers; landscape, fitted to the page width."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side
    from openpyxl.utils import get_column_letter

    from gongkai.sheet_text import save_workbook

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    last_col = LABEL_COLUMNS + len(table.columns)
    _cell(ws, 1, 1, title, bold=True, size=16)
    _merge(ws, 1, 1, 1, last_col)
    ws.row_dimensions[1].height = 36
    # header: rows 2–4
    _cell(ws, 2, 1, IDENTITY_NOTE, bold=True)
    _merge(ws, 2, 1, 4, LABEL_COLUMNS)
    _cell(ws, 2, FIRST_VALUE_COLUMN, "申请人情况", bold=True)
    _merge(ws, 2, FIRST_VALUE_COLUMN, 2, last_col)
    _cell(ws, 3, FIRST_VALUE_COLUMN, APPLICANT_TYPES[0], bold=True)
    _merge(ws, 3, FIRST_VALUE_COLUMN, 4, FIRST_VALUE_COLUMN)
    _cell(ws, 3, FIRST_VALUE_COLUMN + 1, "法人或其他组织", bold=True)
    _merge(ws, 3, FIRST_VALUE_COLUMN + 1, 3, FIRST_VALUE_COLUMN + len(LEGAL_PERSONS))
    for i, name in enumerate(LEGAL_PERSONS, start=FIRST_VALUE_COLUMN + 1):
        _cell(ws, 4, i, name, bold=True)
    _cell(ws, 3, last_col, TOTAL_COLUMN, bold=True)
    _merge(ws, 3, last_col, 4, last_col)
    # body
    values = dict(table.rows)
    first_result = last_result = None
    for label in ROW_LABELS:
        row, r = _BY_LABEL[label], xlsx_row(label)
        if not row.result:
            _cell(ws, r, 1, row.title, left=True)
            _merge(ws, r, 1, r, LABEL_COLUMNS)
        else:
            first_result = first_result or r
            last_result = r
            if row.parent is not None:
                number = _BY_LABEL[row.parent].children.index(label) + 1
                _cell(ws, r, 3, f"{number}.{row.title}", left=True)
            elif row.children:
                _cell(ws, r, 2, _XLSX_TITLES.get(label, row.title), left=True)
                _merge(ws, r, 2, r + len(row.children), 2)
                _cell(ws, r, 3, "小计", left=True)
            else:
                _cell(ws, r, 2, _XLSX_TITLES.get(label, row.title), left=True)
                _merge(ws, r, 2, r, 3)
        for c, number in enumerate(values[label], start=FIRST_VALUE_COLUMN):
            _cell(ws, r, c, int(number))
    _cell(ws, first_result, 1, RESULTS_HEADING)
    _merge(ws, first_result, 1, last_result, 1)
    last_row = xlsx_row(ROW_LABELS[-1])
    for r in range(2, last_row + 1):
        for c in range(1, last_col + 1):
            ws.cell(row=r, column=c).border = border
    # note under the table: the identity check
    note_row = last_row + 2
    if table.identity_ok:
        note = "勾稽关系核对：各列“第一项 + 第二项 = 第三项（七）总计 + 第四项”均成立。"
    else:
        parts = [
            f"{b['column']}列 {b['new_plus_carried_over']} ≠ {b['total_plus_carried_forward']}"
            + (f"（涉及编号 {'、'.join(b['numbers'])}）" if b["numbers"] else "")
            for b in table.identity_breaks
        ]
        note = "勾稽关系核对不成立：" + "；".join(parts) + "。"
    _cell(ws, note_row, 1, note, size=10, left=True)
    _merge(ws, note_row, 1, note_row, last_col)
    ws.row_dimensions[note_row].height = 30
    # widths: a narrow first column (三、本年度办理结果 wraps), parents, long sub-row labels
    for letter, width in (("A", 10), ("B", 18), ("C", 44)):
        ws.column_dimensions[letter].width = width
    for c in range(FIRST_VALUE_COLUMN, last_col + 1):
        ws.column_dimensions[get_column_letter(c)].width = 11
    ws.row_dimensions[2].height = 30
    ws.freeze_panes = ws.cell(row=HEADER_ROWS + 1, column=FIRST_VALUE_COLUMN)
    ws.print_title_rows = f"2:{HEADER_ROWS}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_workbook(wb, out)
