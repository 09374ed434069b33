"""The annual report on government information disclosure (政府信息公开工作年度报告), parsed.

Every unit publishes one a year in the format of 国办公开办函〔2021〕30号. Its table 三 counts the
disclosure applications by applicant type (7 columns: 自然人, the 5 kinds of 法人或其他组织, 总计)
and by result (rows 一, 二, （一）…（七） with sub-rows, 四). This module reads that table — and
the numbers of tables 二 and 四 — from the three shapes a report takes:

- an HTML page: ``<table>`` with rowspan/colspan, row labels in merged cells; the grid is
  expanded so each row carries its parent's label (:func:`html_grids`);
- a .docx attachment: python-docx repeats merged cells in every row/column they span
  (:func:`docx_grids`);
- a PDF: text only (pypdf), read token by token: labels, then 7 numbers (:func:`parse_table3_text`).
  A best effort: when a row cannot be found the table is reported unreadable, never guessed.

Labels are normalised before they are matched (full/half width, spaces, quotes, numbering such
as ``1．`` / ``（三）`` / ``一、``, remarks in brackets) to the canonical labels of
registers-contract.md §2: ``一、本年新收政府信息公开申请数量`` … ``（三）不予公开-属于国家秘密`` … A
parent row the report leaves without numbers (the official layout) is the sum of its sub-rows.

The labels are those of :mod:`gongkai.disclosure.annual_table` (the register's table 三; a test
holds the two equal) without importing it, so importing the audit stays light (no openpyxl).

Pure functions: no network, no Django, no wall clock.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from gongkai.audit.content.html import as_tree
from gongkai.disclosure.annual_table import CARRIED_IN as CARRIED
from gongkai.disclosure.annual_table import CARRIED_OUT as FORWARD
from gongkai.disclosure.annual_table import COLUMNS, NEW, RESULT_GROUPS, TOTAL

# the table's columns and rows are the disclosure engine's (registers-contract.md §2)
RESULTS = RESULT_GROUPS
PARENTS: dict[str, tuple[str, ...]] = {
    parent: tuple(f"{parent}-{sub}" for sub in subs) for parent, subs in RESULTS if subs
}
ROWS: tuple[str, ...] = (
    NEW,
    CARRIED,
    *(label for parent, subs in RESULTS for label in (parent, *(f"{parent}-{s}" for s in subs))),
    TOTAL,
    FORWARD,
)
# rows the report itself must show (a parent may be left out: it is the sum of its sub-rows)
LEAVES: tuple[str, ...] = tuple(r for r in ROWS if r not in PARENTS)
TABLE4_GROUPS = ("行政复议", "行政诉讼-未经复议直接起诉", "行政诉讼-复议后起诉")
TABLE4_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
IDENTITY = "一+二=（七）+四"

_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[.、)]|[(]\d{1,2}[)])"
)
_REMARK = re.compile(r"\([^()]*\)")
_QUOTES = re.compile("[\"'“”‘’「」『』〝〞]")
_SPACE = re.compile(r"[\s\u3000]+")
# where one label ends and the next begins in text run together (PDF, a cell holding two labels)
_LABEL_START = re.compile(
    r"(?=[（(][一二三四五六七][）)]|(?<![\d年])[一二三四][、]|(?<![\d.])\d{1,2}[．.、](?!\d))"
)
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_BLANK = {"", "-", "—", "——", "/", "／", "无", "－"}
# 2025年度政府信息公开工作年度报告, 某某县2024年政府信息公开工作年度报告, 2023年度政务公开工作报告
REPORT_TITLE = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(?:度)?[^。；;，,]{0,40}?(?:政府)?信息公开(?:工作)?(?:年度)?报告"
)
REPORT_WORDS = re.compile(r"政府信息公开(?:工作)?年(?:度)?报(?:告)?|信息公开年报|年度报告|^年报$")


def core(label: str) -> str:
    """A label reduced for matching: NFKC, no spaces or quotes, no numbering, no bracketed remark."""
    text = unicodedata.normalize("NFKC", label or "")
    text = _QUOTES.sub("", _SPACE.sub("", text))
    text = text.replace("．", ".")
    text = _NUMBERING.sub("", text, count=1)
    return _REMARK.sub("", text).strip(".:：、")


_TOP = {core(NEW): NEW, core(CARRIED): CARRIED, core(FORWARD): FORWARD}
_PARENT = {core(parent): parent for parent, _ in RESULTS} | {core(TOTAL): TOTAL}
_SUBS: dict[str, dict[str, str]] = {
    parent: {core(sub): f"{parent}-{sub}" for sub in subs} for parent, subs in RESULTS if subs
}
_SUB_ANYWHERE = {
    c: (parent, label) for parent, subs in _SUBS.items() for c, label in subs.items() if c != "其他"
}
_COLUMN_CORE = {core(c): c for c in COLUMNS}


def report_year(title: str) -> int | None:
    """The year a report covers, from its title (``2025年度…工作年度报告`` → 2025)."""
    match = REPORT_TITLE.search(unicodedata.normalize("NFKC", title or "").replace(" ", ""))
    return int(match.group(1)) if match else None


def is_report_list(text: str) -> bool:
    """A link or column named for the reports of several years (年报, 政府信息公开年度报告…)."""
    cleaned = _SPACE.sub("", text or "")
    return bool(cleaned) and report_year(cleaned) is None and bool(REPORT_WORDS.search(cleaned))


def deadline(year: int, rule: str = "government") -> date:
    """When the report on ``year`` is due: departments Jan 31, local governments Mar 31 of the
    next year (rules.md §5); ``rule`` may also be ``MM-DD`` (a scheme's own date)."""
    if rule == "department":
        return date(year + 1, 1, 31)
    if rule == "government":
        return date(year + 1, 3, 31)
    month, _, day = rule.partition("-")
    return date(year + 1, int(month), int(day))


# ---- grids ------------------------------------------------------------------------------


def _cell_text(node: LexborNode) -> str:
    return " ".join(node.text(separator=" ").split())


def _span(node: LexborNode, name: str) -> int:
    try:
        return max(1, min(int((node.attributes.get(name) or "1").strip()), 100))
    except ValueError:
        return 1


def table_grid(table: LexborNode) -> list[list[str]]:
    """The cells of an HTML table with rowspan/colspan expanded: a merged cell's text is in every
    position it covers (a sub-row carries its parent's label)."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, col) -> text of a cell spanning into it
    rows = [tr for tr in table.css("tr") if _owner(tr) is not None and _owner(tr).mem_id == table.mem_id]
    for r, tr in enumerate(rows):
        row: list[str] = []
        col = 0
        for cell in (c for c in tr.iter() if c.tag in ("td", "th")):
            while (r, col) in pending:
                row.append(pending.pop((r, col)))
                col += 1
            text, rowspan, colspan = _cell_text(cell), _span(cell, "rowspan"), _span(cell, "colspan")
            for dc in range(colspan):
                row.append(text)
                for dr in range(1, rowspan):
                    pending[(r + dr, col + dc)] = text
            col += colspan
        while (r, col) in pending:
            row.append(pending.pop((r, col)))
            col += 1
        grid.append(row)
    return grid


def _owner(tr: LexborNode) -> LexborNode | None:
    node = tr.parent
    while node is not None and node.tag != "table":
        node = node.parent
    return node


def html_grids(html: str | LexborHTMLParser) -> list[list[list[str]]]:
    """Every table of an HTML page as an expanded grid, in page order."""
    return [table_grid(table) for table in as_tree(html).css("table")]


def docx_grids(document: Any) -> list[list[list[str]]]:
    """Every table of a python-docx document as a grid (merged cells repeated, as python-docx
    returns them)."""
    return [
        [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]
        for table in document.tables
    ]


# ---- table 三 -----------------------------------------------------------------------------


@dataclass
class Table3:
    """Table 三 as read: canonical row label -> 7 numbers (every row of :data:`ROWS`), and what
    the report itself showed for parent rows (None where it left the parent to its sub-rows)."""

    rows: dict[str, list[int]]
    shown_parents: dict[str, list[int] | None] = field(default_factory=dict)

    def to_json(self) -> dict[str, list[int]]:
        return {label: list(self.rows[label]) for label in ROWS}


class TableError(ValueError):
    """Table 三 could not be read; the message says why, in Chinese."""


def _number(cell: str) -> float | None:
    text = unicodedata.normalize("NFKC", cell or "").replace(",", "").replace(" ", "")
    if text in _BLANK:
        return 0
    return float(text) if _NUMBER.match(text) else None


def _parts(texts: Iterable[str]) -> list[str]:
    """Label cells of one row: consecutive repeats (a merged cell) once, run-together labels split."""
    parts: list[str] = []
    for text in texts:
        for piece in _LABEL_START.split(unicodedata.normalize("NFKC", text)):
            piece = piece.strip()
            if piece and (not parts or parts[-1] != piece):
                parts.append(piece)
    return parts


class _Rows:
    """Assigns labelled rows of numbers to the canonical rows, keeping the parent in force."""

    def __init__(self) -> None:
        self.parent: str | None = None
        self.found: dict[str, list[int]] = {}

    def label(self, parts: Sequence[str]) -> str | None:
        """The canonical row of a row's label cells: the last (most specific) one that matches."""
        label = None
        for part in parts:
            c = core(part)
            if c in _TOP:
                label, self.parent = _TOP[c], None
            elif c in _PARENT:
                label = self.parent = _PARENT[c]
            elif self.parent in _SUBS and c in _SUBS[self.parent]:
                label = _SUBS[self.parent][c]
            elif c in _SUB_ANYWHERE:
                self.parent, label = _SUB_ANYWHERE[c]
        return label

    def add(self, parts: Sequence[str], numbers: list[int]) -> None:
        label = self.label(parts)
        if label is not None and label not in self.found:
            self.found[label] = numbers


def _column_order(header: list[list[str]]) -> list[int] | None:
    """Positions of :data:`COLUMNS` in the last 7 columns when the header names them in another
    order; None for the official order (or a header that does not say)."""
    if not header:
        return None
    names: list[str | None] = []
    for position in range(7):
        name = None
        for row in reversed(header):
            if len(row) >= 7:
                name = _COLUMN_CORE.get(core(row[len(row) - 7 + position]))
                if name:
                    break
        names.append(name)
    if None in names or len(set(names)) != 7 or tuple(names) == COLUMNS:
        return None
    return [names.index(c) for c in COLUMNS]


def _finish(rows: _Rows) -> Table3:
    found = rows.found
    missing = [label for label in LEAVES if label not in found]
    if missing:
        shown = "、".join(label.split("-")[-1] for label in missing[:5])
        more = f"等 {len(missing)} 行" if len(missing) > 5 else ""
        raise TableError(f"表三缺少“{shown}”{more}，无法核对")
    table = {label: found[label] for label in LEAVES}
    shown_parents: dict[str, list[int] | None] = {}
    for parent, subs in PARENTS.items():
        shown_parents[parent] = found.get(parent)
        table[parent] = found.get(parent) or [sum(found[s][i] for s in subs) for i in range(7)]
    return Table3({label: table[label] for label in ROWS}, shown_parents)


def parse_table3_grid(grid: list[list[str]]) -> Table3:
    """Table 三 from an expanded grid (HTML or .docx); raises :class:`TableError`."""
    rows = _Rows()
    header: list[list[str]] = []
    started = False
    for cells in grid:
        if len(cells) < 8:
            continue
        values = [_number(c) for c in cells[-7:]]
        labels = _parts(cells[:-7])
        if not labels or any(v is None for v in values):
            if not started:
                header.append(cells)
            continue
        if any(v is not None and v != int(v) for v in values):
            raise TableError("表三中有非整数的数字，无法核对")
        label = rows.label(labels)
        if label is None:
            continue
        started = True
        rows.found.setdefault(label, [int(v or 0) for v in values])
    order = _column_order(header)
    if order is not None:
        rows.found = {label: [numbers[i] for i in order] for label, numbers in rows.found.items()}
    return _finish(rows)


_TOKEN = re.compile(r"[^\s\u3000]+")


def parse_table3_text(text: str) -> Table3:
    """Table 三 from plain text (a PDF's extracted text): a row is its label followed by 7 numbers.
    Raises :class:`TableError` when a row is not found (the text does not say which cell is which)."""
    norm = unicodedata.normalize("NFKC", text or "")
    start = norm.find("本年新收")
    if start < 0:
        raise TableError("未找到表三（收到和处理政府信息公开申请情况）")
    start = max(norm.rfind("\n", 0, start), 0)
    rows = _Rows()
    label_tokens: list[str] = []
    numbers: list[int] = []
    for token in _TOKEN.findall(norm[start:]):
        value = _number(token) if token not in _BLANK else None
        if value is not None and value == int(value) and label_tokens:
            numbers.append(int(value))
            if len(numbers) == 7:
                rows.add(_parts(["".join(label_tokens)]), numbers)
                label_tokens, numbers = [], []
            continue
        if numbers:  # fewer than 7 numbers after a label: not a row of the table
            label_tokens, numbers = [], []
        label_tokens.append(token)
        if FORWARD in rows.found:
            break
    return _finish(rows)


def find_table3(grids: list[list[list[str]]]) -> Table3:
    """Table 三 among the tables of a report (the one that counts 本年新收 applications)."""
    candidates = [
        g for g in grids if any("本年新收" in unicodedata.normalize("NFKC", c) for row in g for c in row)
    ]
    if not candidates:
        raise TableError("未找到表三（收到和处理政府信息公开申请情况）")
    error: TableError | None = None
    for grid in candidates:
        try:
            return parse_table3_grid(grid)
        except TableError as exc:
            error = error or exc
    assert error is not None
    raise error


# ---- tables 二 and 四 ----------------------------------------------------------------------


_THREE_NUMBERS = ("规章", "行政规范性文件")


def parse_table2(grids: list[list[list[str]]]) -> dict[str, list[float]]:
    """Table 二 (主动公开政府信息情况): label -> its numbers (制发/废止/现行有效件数, 处理决定数量,
    收费金额), for every row showing a label and numbers."""
    grid = next(
        (g for g in grids if any(core(c) in _THREE_NUMBERS for row in g for c in row)),
        None,
    )
    if grid is None:
        return {}
    result: dict[str, list[float]] = {}
    for cells in grid:
        label = next((c for c in cells if c and _number(c) is None), "")
        numbers = [_number(c) for c in cells if c and c != label]
        if label and numbers and all(n is not None for n in numbers) and core(label) not in result:
            values = [n for n in numbers if n is not None]
            # only 规章 and 行政规范性文件 have 3 numbers; others one (in a cell merged across 3)
            result[core(label)] = values[:3] if core(label) in _THREE_NUMBERS else values[:1]
    return result


def parse_table4(grids: list[list[list[str]]]) -> dict[str, list[int]]:
    """Table 四 (行政复议、行政诉讼情况): its 15 numbers as 3 groups of 5, or nothing."""
    grid = next(
        (
            g
            for g in grids
            if any("行政复议" in c for row in g for c in row)
            and any("行政诉讼" in c for row in g for c in row)
        ),
        None,
    )
    if grid is None:
        return {}
    for cells in grid:
        values = [_number(c) for c in cells]
        if len(values) == 15 and all(v is not None and v == int(v) for v in values):
            numbers = [int(v or 0) for v in values]
            return {group: numbers[i * 5 : i * 5 + 5] for i, group in enumerate(TABLE4_GROUPS)}
    return {}


# ---- checks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdentityProblem:
    rule: str  # IDENTITY, "parent" (a parent row and its sub-rows), "total_column" (总计 column)
    row: str  # the row concerned (IDENTITY: the first row of the left side)
    column: str
    left: int
    right: int

    def text(self) -> str:
        if self.rule == IDENTITY:
            return (
                f"“{self.column}”列：一（本年新收）+ 二（上年结转）= {self.left}，"
                f"（七）总计 + 四（结转下年度）= {self.right}，两者应相等"
            )
        if self.rule == "parent":
            return f"“{self.column}”列：{self.row}为 {self.left}，其下各项之和为 {self.right}，两者应相等"
        return f"“{self.row}”行：总计列为 {self.left}，各类申请人之和为 {self.right}，两者应相等"


def identity_problems(table: Table3) -> list[IdentityProblem]:
    """Every identity of table 三 that fails: 一 + 二 = （七） + 四 per column; a parent row shown
    by the report = the sum of its sub-rows; （七）总计 = （一）…（六）; 总计 column = the other six."""
    rows = table.rows
    problems = []
    for i, column in enumerate(COLUMNS):
        left, right = rows[NEW][i] + rows[CARRIED][i], rows[TOTAL][i] + rows[FORWARD][i]
        if left != right:
            problems.append(IdentityProblem(IDENTITY, NEW, column, left, right))
    for parent, subs in PARENTS.items():
        shown = table.shown_parents.get(parent)
        if shown is None:
            continue
        for i, column in enumerate(COLUMNS):
            total = sum(rows[s][i] for s in subs)
            if shown[i] != total:
                problems.append(IdentityProblem("parent", parent, column, shown[i], total))
    # （七） against the result rows, a parent counted by its sub-rows (a wrong subtotal is reported above)
    results = [f"{parent}-{sub}" if subs else parent for parent, subs in RESULTS for sub in (subs or ("",))]
    for i, column in enumerate(COLUMNS):
        total = sum(rows[r][i] for r in results)
        if rows[TOTAL][i] != total:
            problems.append(IdentityProblem("parent", TOTAL, column, rows[TOTAL][i], total))
    for label in ROWS:
        values = rows[label]
        if values[6] != sum(values[:6]):
            problems.append(IdentityProblem("total_column", label, "总计", values[6], sum(values[:6])))
    return problems


def same_numbers(this: dict[str, list[int]], previous: dict[str, list[int]]) -> bool:
    """True when both tables show the same non-zero cells (and there is at least one): numbers
    copied from last year's report. Two tables of zeros (no applications) are not a copy."""

    def cells(table: dict[str, list[int]]) -> set[tuple[str, int, int]]:
        return {(label, i, v) for label, values in table.items() for i, v in enumerate(values) if v}

    mine = cells(this)
    return bool(mine) and mine == cells(previous)


_DIGITS = re.compile(r"[\d〇零一二三四五六七八九十百千万]+")
COPY_SIMILARITY = 0.9


def text_similarity(a: str, b: str) -> float:
    """Share of 5-character shingles two texts have in common (Jaccard), numbers and spaces removed."""

    def shingles(text: str) -> set[str]:
        cleaned = _DIGITS.sub("#", _SPACE.sub("", unicodedata.normalize("NFKC", text or "")))
        return {cleaned[i : i + 5] for i in range(max(0, len(cleaned) - 4))}

    x, y = shingles(a), shingles(b)
    if len(x) < 50 or len(y) < 50:  # too short to tell
        return 0.0
    return len(x & y) / len(x | y)


def _as_rows(table: dict[str, Any]) -> dict[str, list[int]]:
    """``{label: [7 numbers]}`` from itself or from the contract's OUT.json of
    ``gongkai applications annual-table`` (``{"rows": [{"label", "values"}], …}``)."""
    if isinstance(table.get("rows"), list):
        return {row["label"]: list(row["values"]) for row in table["rows"]}
    return table


def compare(published: dict[str, Any], register: dict[str, Any]) -> list[dict[str, Any]]:
    """Cells where the published table 三 differs from the unit's register, each with both numbers
    (``annual_report_mismatch``). Either side is ``{row label: [7 numbers]}`` (the labels of
    :data:`ROWS`, as ``annual_reports[].table``) or the register's annual-table JSON
    (gongkai.disclosure.annual_table.to_json). A row one side lacks counts as zeros there."""
    published, register = _as_rows(published), _as_rows(register)
    differences = []
    for label in ROWS:
        mine = published.get(label) or [0] * 7
        theirs = register.get(label) or [0] * 7
        for i, column in enumerate(COLUMNS):
            if int(mine[i]) != int(theirs[i]):
                differences.append(
                    {
                        "cell": f"{label}／{column}",
                        "row": label,
                        "column": column,
                        "published": int(mine[i]),
                        "register": int(theirs[i]),
                    }
                )
    return differences
