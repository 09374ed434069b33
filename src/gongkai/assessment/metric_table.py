"""Reading a metric table for a period: the `gongkai score` input format (单位, 类别 and the
scheme's metric columns), checked against the period's units.

Every problem is collected (row and column named, in Chinese) so a person can fix the whole file
at once; the caller stores nothing unless the list is empty.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePath
from typing import IO, Any

from gongkai.scoring import Scheme
from gongkai.scoring.engine import required_metrics
from gongkai.scoring.numbers import to_decimal
from gongkai.scoring.table_io import INPUT_SUFFIXES, TableError, read_table

UNIT_HEADERS = ("单位", "单位名称")
CATEGORY = "类别"


@dataclass(frozen=True, slots=True)
class Problem:
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        place = f"第 {self.row} 行" if self.row is not None else "表头"
        return f"{place}{f'“{self.column}”列' if self.column else ''}：{self.message}"


@dataclass(slots=True)
class MetricRow:
    row: int
    unit_id: int
    category: str
    values: dict[str, Decimal]


@dataclass(slots=True)
class MetricTable:
    rows: list[MetricRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_metric_table(
    stream: IO[bytes], filename: str, scheme: Scheme, units_by_name: dict[str, list[int]]
) -> MetricTable:
    """Parse an uploaded .csv/.xlsx; ``units_by_name`` maps a unit name to the ids of the period's
    units of that name (more than one id: the name is ambiguous in this period)."""
    table = MetricTable()
    suffix = PurePath(filename).suffix.lower()
    if suffix not in INPUT_SUFFIXES:
        table.problems.append(
            Problem(None, "", f"不支持的文件类型“{suffix or '无'}”，请上传 .csv 或 .xlsx 文件")
        )
        return table
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"table{suffix}"
        path.write_bytes(stream.read())
        try:
            headers, raw_rows = read_table(path)
        except TableError as exc:
            table.problems.append(Problem(None, "", str(exc).replace(path.name, filename)))
            return table
    unit_header = next((h for h in UNIT_HEADERS if h in headers), None)
    needed = [CATEGORY, *required_metrics(scheme)]
    absent = ([] if unit_header else ["单位"]) + [name for name in needed if name not in headers]
    for name in absent:
        table.problems.append(
            Problem(None, name, f"缺少此列（方案“{scheme.id}”需要：单位、{'、'.join(needed)}）")
        )
    if absent:
        return table
    metric_columns = [name for name in scheme.metrics if name in headers]
    seen: dict[int, int] = {}
    for number, cells in raw_rows:
        row = {h: (cells[i] if i < len(cells) else None) for i, h in enumerate(headers) if h}
        parsed = _parse_row(number, row, unit_header, metric_columns, scheme, units_by_name, table)
        if parsed is None:
            continue
        if parsed.unit_id in seen:
            table.problems.append(Problem(number, unit_header, f"单位与第 {seen[parsed.unit_id]} 行重复"))
            continue
        seen[parsed.unit_id] = number
        table.rows.append(parsed)
    if not table.rows and not table.problems:
        table.problems.append(Problem(None, "", "表格中没有数据行"))
    return table


def _parse_row(
    number: int,
    row: dict[str, Any],
    unit_header: str,
    metric_columns: list[str],
    scheme: Scheme,
    units_by_name: dict[str, list[int]],
    table: MetricTable,
) -> MetricRow | None:
    name = _text(row.get(unit_header))
    ids = units_by_name.get(name, [])
    ok = True
    if not name:
        table.problems.append(Problem(number, unit_header, "单位名称为空"))
        ok = False
    elif not ids:
        table.problems.append(Problem(number, unit_header, f"单位“{name}”不是本考评期的考评对象"))
        ok = False
    elif len(ids) > 1:
        table.problems.append(Problem(number, unit_header, f"本考评期有多个名为“{name}”的单位，无法区分"))
        ok = False
    values: dict[str, Decimal] = {}
    for column in metric_columns:
        cell = row.get(column)
        if cell is None or str(cell).strip() == "":
            if scheme.metrics[column].default is None:
                table.problems.append(Problem(number, column, "数值为空"))
                ok = False
            continue
        try:
            values[column] = to_decimal(cell)
        except ValueError:
            table.problems.append(Problem(number, column, f"“{cell}”不是数字"))
            ok = False
    return MetricRow(number, ids[0], _text(row.get(CATEGORY)), values) if ok else None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()
