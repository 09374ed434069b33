"""`gongkai score`: score and rank the units of a table against a scheme, without Django.

    gongkai score --scheme ID --input FILE --output FILE [--findings DIR] [--manual FILE]
                  [--ranking dense|competition]

Exit status: 0 written, 1 bad input (every problem is listed, nothing is written), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from gongkai.scoring import rank_results
from gongkai.scoring.engine import ScoringInputError, UnitInput, UnitResult, required_metrics, score_unit
from gongkai.scoring.numbers import fmt, plain, to_decimal
from gongkai.scoring.ranking import METHODS
from gongkai.scoring.scheme import Scheme, SchemeError, builtin_dir, builtin_ids, load_scheme
from gongkai.scoring.table_io import (
    INPUT_SUFFIXES,
    OUTPUT_SUFFIXES,
    TableError,
    read_table,
    write_table,
)

UNIT, CATEGORY, SCORE, RANK = "单位", "类别", "得分", "排名"
UNIT_ALIASES = ("单位", "单位名称")
EXIT_INPUT, EXIT_USAGE = 1, 2


class UsageError(Exception):
    """Bad arguments (exit 2); the message is Chinese."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors: keep them, in a Chinese frame
        raise UsageError(f"参数错误：{message}\n{self.format_usage()}")


def _parser() -> _Parser:
    parser = _Parser(prog="gongkai score", description="按指标方案计算各单位得分并在类别内排名。")
    parser.add_argument("--scheme", help="方案编号（如 shangnan-quarterly）或方案文件（.yaml）")
    parser.add_argument("--input", help="输入表格（.csv 或 .xlsx），须有“单位”“类别”两列及方案所需数据列")
    parser.add_argument("--output", help="输出文件（.csv、.xlsx 或 .json）")
    parser.add_argument("--findings", help="检查结果目录：每个单位一个 <单位>.json（gongkai check 的 JSON）")
    parser.add_argument("--manual", help="人工评分 JSON：{单位: {指标编号: {points, reason, evidence}}}")
    parser.add_argument(
        "--ranking", default="dense", help="排名方式：dense（并列后顺延，默认）或 competition（并列后跳位）"
    )
    return parser


@dataclass
class _Row:
    number: int
    cells: dict[str, Any]
    unit: UnitInput
    result: UnitResult | None = None


@dataclass
class _Problems:
    messages: list[str] = field(default_factory=list)

    def add(self, number: int | None, message: str) -> None:
        self.messages.append(f"第 {number} 行：{message}" if number is not None else message)


def main(argv: list[str]) -> int:
    console = Console(highlight=False)
    if not console.is_terminal:  # a pipe or a file: wide enough for the table, no wrapping
        console = Console(highlight=False, width=160)
    try:
        args = _parser().parse_args(argv)
        scheme, input_path, output_path = _check_arguments(args)
    except UsageError as exc:
        console.print(f"[red]{exc}[/red]")
        return EXIT_USAGE
    except SchemeError as exc:
        console.print("[red]方案有误：[/red]")
        for message in exc.errors:
            console.print(f"  {message}")
        return EXIT_INPUT
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    problems = _Problems()
    rows, headers = _read_rows(scheme, input_path, args, problems)
    if not problems.messages:
        for row in rows:
            try:
                row.result = score_unit(scheme, row.unit)
            except ScoringInputError as exc:
                problems.add(row.number, str(exc))
    if problems.messages:
        console.print(f"[red]输入有 {len(problems.messages)} 处问题，未写出任何结果：[/red]")
        for message in problems.messages:
            console.print(f"  {message}")
        return EXIT_INPUT
    by_result = {id(row.result): row for row in rows}
    ranked = rank_results([row.result for row in rows], args.ranking)
    ordered = [by_result[id(result)] for result in ranked]
    _write(output_path, scheme, args.ranking, headers, ordered)
    _print(console, scheme, headers, ordered)
    console.print(f"已写出 {len(ordered)} 个单位的得分和排名：{output_path}")
    return 0


def _check_arguments(args: argparse.Namespace) -> tuple[Scheme, Path, Path]:
    missing = [name for name in ("scheme", "input", "output") if not getattr(args, name)]
    if missing:
        raise UsageError(
            "参数错误：缺少 " + "、".join(f"--{m}" for m in missing) + "\n" + _parser().format_usage()
        )
    if args.ranking not in METHODS:
        raise UsageError(f"参数错误：--ranking 只能是 {' 或 '.join(METHODS)}")
    input_path, output_path = Path(args.input), Path(args.output)
    if input_path.suffix.lower() not in INPUT_SUFFIXES:
        raise UsageError(f"参数错误：输入文件须为 .csv 或 .xlsx：{input_path}")
    if not input_path.is_file():
        raise UsageError(f"参数错误：输入文件不存在：{input_path}")
    if output_path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise UsageError(f"参数错误：输出文件须为 .csv、.xlsx 或 .json：{output_path}")
    if not output_path.parent.is_dir():
        raise UsageError(f"参数错误：输出目录不存在：{output_path.parent}")
    if args.findings and not Path(args.findings).is_dir():
        raise UsageError(f"参数错误：检查结果目录不存在：{args.findings}")
    if args.manual and not Path(args.manual).is_file():
        raise UsageError(f"参数错误：人工评分文件不存在：{args.manual}")
    scheme_ref = str(args.scheme)
    if scheme_ref.endswith((".yaml", ".yml")):
        if not Path(scheme_ref).is_file():
            raise UsageError(f"参数错误：方案文件不存在：{scheme_ref}")
    elif not (builtin_dir() / f"{scheme_ref}.yaml").is_file():
        raise UsageError(
            f"参数错误：没有编号为“{scheme_ref}”的内置方案；可用的方案：{'、'.join(builtin_ids())}"
        )
    return load_scheme(scheme_ref), input_path, output_path


def _read_rows(
    scheme: Scheme, path: Path, args: argparse.Namespace, problems: _Problems
) -> tuple[list[_Row], list[str]]:
    try:
        headers, raw_rows = read_table(path)
    except TableError as exc:
        problems.add(None, str(exc))
        return [], []
    unit_header = next((h for h in UNIT_ALIASES if h in headers), None)
    needed = [CATEGORY, *required_metrics(scheme)]
    absent = ([] if unit_header else [UNIT]) + [name for name in needed if name not in headers]
    if absent:
        problems.add(
            None, f"输入文件缺少列：{'、'.join(absent)}（方案“{scheme.id}”需要：{UNIT}、{'、'.join(needed)}）"
        )
        return [], []
    duplicates = sorted({h for h in headers if h and headers.count(h) > 1})
    if duplicates:
        problems.add(None, f"输入文件的列名重复：{'、'.join(duplicates)}")
        return [], []
    manual = _load_manual(args.manual, problems)
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for number, values in raw_rows:
        cells = {h: (values[i] if i < len(values) else None) for i, h in enumerate(headers) if h}
        unit = _text(cells.get(unit_header))
        category = _text(cells.get(CATEGORY))
        if not unit:
            problems.add(number, f"“{unit_header}”列为空")
            continue
        if not category:
            problems.add(number, f"单位“{unit}”的“{CATEGORY}”列为空")
        if unit in seen:
            problems.add(number, f"单位“{unit}”与第 {seen[unit]} 行重复")
        seen[unit] = number
        if scheme.units:
            official = scheme.unit_category(unit)
            if official is None:
                problems.add(number, f"单位“{unit}”不在方案“{scheme.id}”的考评对象名单中")
            elif category and category != official:
                problems.add(number, f"单位“{unit}”在考评对象名单中属于“{official}”，表中写的是“{category}”")
        metrics = {}
        for name in scheme.metrics:
            cell = cells.get(name)
            if cell is None or str(cell).strip() == "":
                continue
            try:
                metrics[name] = to_decimal(cell)
            except ValueError:
                problems.add(number, f"“{name}”列的值“{cell}”不是数字")
        findings, site = _load_findings(args.findings, unit, number, problems)
        unit_input = UnitInput(unit, category, metrics, findings, site, manual.get(unit, {}))
        rows.append(_Row(number, cells, unit_input))
    for name in sorted(set(manual) - set(seen)):
        problems.add(None, f"人工评分文件中的单位“{name}”不在输入表格中")
    return rows, [h for h in headers if h and h not in (SCORE, RANK)]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _load_manual(path: str | None, problems: _Problems) -> dict[str, dict]:
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.add(None, f"人工评分文件 {path} 不是有效的 UTF-8 JSON：{exc}")
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        problems.add(
            None, f"人工评分文件 {path} 须为 {{单位: {{指标编号: 分值或 {{points, reason, evidence}}}}}}"
        )
        return {}
    return data


def _load_findings(
    directory: str | None, unit: str, number: int, problems: _Problems
) -> tuple[list[dict] | None, dict[str, Any]]:
    """Read ``<DIR>/<单位>.json`` (gongkai check JSON) and the optional ``<单位>.probe.json``."""
    if not directory:
        return None, {}
    path = Path(directory) / f"{unit}.json"
    if not path.is_file():
        problems.add(number, f"找不到单位“{unit}”的检查结果文件 {path}")
        return None, {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.add(number, f"检查结果文件 {path} 不是有效的 JSON：{exc}")
        return None, {}
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        problems.add(number, f"检查结果文件 {path} 缺少 findings 列表（应为 gongkai check --json 的输出）")
        return None, {}
    if data.get("error"):
        problems.add(number, f"单位“{unit}”的网站未能检查（{data['error']}），无法据此评分")
    site: dict[str, Any] = {}
    if isinstance(data.get("pages_crawled"), int):
        site["pages_crawled"] = data["pages_crawled"]
    probe_path = Path(directory) / f"{unit}.probe.json"
    if probe_path.is_file():
        try:
            probe = json.loads(probe_path.read_text(encoding="utf-8"))
            total, failed = int(probe["total"]), int(probe["failed"])
            if total <= 0 or not 0 <= failed <= total:
                raise ValueError("total/failed")
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            problems.add(
                number, f'探测结果文件 {probe_path} 须为 {{"total": 次数, "failed": 失败次数}}：{exc}'
            )
        else:
            site.update(
                probes_total=total,
                probes_failed=failed,
                probe_failed_percent=Decimal(failed) * 100 / Decimal(total),
            )
    return [f for f in data["findings"] if isinstance(f, dict)], site


def _write(path: Path, scheme: Scheme, ranking: str, headers: list[str], rows: list[_Row]) -> None:
    out_headers = [*headers, SCORE, RANK]
    table = [
        [_cell(row.cells.get(h)) for h in headers] + [plain(row.result.total), row.result.rank]
        for row in rows
    ]
    document = {
        "scheme": {"id": scheme.id, "name": scheme.name, "source": scheme.source},
        "ranking": ranking,
        "columns": out_headers,
        "rows": [
            dict(zip(out_headers, values, strict=True)) | {"计算过程": row.result.to_dict()}
            for values, row in zip(table, rows, strict=True)
        ],
    }
    write_table(path, out_headers, table, document)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        stripped = value.strip()
        try:
            return plain(to_decimal(stripped)) if stripped else None
        except ValueError:
            return stripped
    return value


def _print(console: Console, scheme: Scheme, headers: list[str], rows: list[_Row]) -> None:
    shown = [h for h in headers if h in scheme.metrics]
    categories: dict[str, list[_Row]] = {}
    for row in rows:
        categories.setdefault(row.unit.category, []).append(row)
    for category, members in categories.items():
        table = Table(title=f"{scheme.name} — {category}", title_justify="left")
        table.add_column(RANK, justify="right")
        table.add_column(UNIT)
        for header in shown:
            table.add_column(header, justify="right")
        table.add_column(SCORE, justify="right")
        table.add_column("说明")
        for row in members:
            result = row.result
            remarks = [v.name for v in result.vetoes]
            if result.passed is False:
                remarks.append("不合格")
            if result.pending:
                remarks.append(f"{len(result.pending)} 项待人工评分")
            values = [fmt(row.unit.metrics[h]) if h in row.unit.metrics else "" for h in shown]
            table.add_row(str(result.rank), row.unit.unit, *values, fmt(result.total), "；".join(remarks))
        console.print(table)
