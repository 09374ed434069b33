"""`gongkai score`: score and rank the units of a table against a scheme, without Django.

    gongkai score --scheme ID --input FILE --output FILE (--findings DIR | --no-findings)
                  [--manual FILE] [--ranking dense|competition]

A scheme with automatic items (finding counts, site facts, weekly misses) needs the audit's
results: without ``--findings`` those items would score as if nothing had been found (full
marks), so the command refuses unless ``--no-findings`` says that is meant, and then says so on
the terminal and in every output (the 说明 column of CSV/XLSX, ``说明`` of the JSON).

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
from gongkai.scoring.vocabulary import AUDIT_SITE_FACTS

UNIT, CATEGORY, SCORE, RANK, REMARKS = "单位", "类别", "得分", "排名", "说明"
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
    parser.add_argument(
        "--no-findings",
        action="store_true",
        help="确认不提供检查结果：自动计分的指标按 0 个问题计（满分），输出中注明",
    )
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
    note = _no_findings_note(scheme) if args.no_findings and automatic_inputs(scheme) else ""
    _write(output_path, scheme, args.ranking, headers, ordered, note)
    _print(console, scheme, headers, ordered, note)
    if note:
        console.print(f"[yellow]注意：{note}。[/yellow]")
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
    if args.findings and args.no_findings:
        raise UsageError("参数错误：--findings 与 --no-findings 只能二选一")
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
    scheme = load_scheme(scheme_ref)
    automatic = automatic_inputs(scheme)
    if automatic and not args.findings and not args.no_findings:
        raise UsageError(
            f"参数错误：方案“{scheme.id}”有根据网站检查结果自动计分的数据（{'、'.join(automatic)}），"
            "但没有给出 --findings 检查结果目录。没有检查结果时，按问题个数计分的指标会按“没有发现问题”计分（满分），"
            "来自检查的每周更新数据只能用输入表格中的值。"
            "请用 --findings 给出检查结果目录；确实不需要检查结果时，请加 --no-findings。"
        )
    return scheme, input_path, output_path


def automatic_inputs(scheme: Scheme) -> list[str]:
    """Names of the scheme's data read from audit results (finding counts, site facts, the weekly
    misses)."""
    names = [*scheme.counts, *scheme.site]
    if scheme.weekly is not None:
        names.append(scheme.weekly.metric)
    return names


def _no_findings_note(scheme: Scheme) -> str:
    parts = []
    zero = [*scheme.counts, *scheme.site]
    if zero:
        parts.append(f"{'、'.join(zero)}按 0 计，相应指标按没有发现问题计分")
    if scheme.weekly is not None:
        parts.append(f"“{scheme.weekly.metric}”使用输入表格中的值")
    return "未提供网站检查结果（--no-findings）：" + "；".join(parts)


def _read_rows(
    scheme: Scheme, path: Path, args: argparse.Namespace, problems: _Problems
) -> tuple[list[_Row], list[str]]:
    try:
        headers, raw_rows = read_table(path)
    except TableError as exc:
        problems.add(None, str(exc))
        return [], []
    unit_header = next((h for h in UNIT_ALIASES if h in headers), None)
    needed = [CATEGORY, *required_metrics(scheme, audited=bool(args.findings))]
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
        findings, site, columns = _load_findings(args.findings, unit, number, problems)
        unit_input = UnitInput(unit, category, metrics, findings, site, manual.get(unit, {}), columns=columns)
        rows.append(_Row(number, cells, unit_input))
    for name in sorted(set(manual) - set(seen)):
        problems.add(None, f"人工评分文件中的单位“{name}”不在输入表格中")
    return rows, [h for h in headers if h and h not in (SCORE, RANK, REMARKS)]


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
) -> tuple[list[dict] | None, dict[str, Any], list[dict] | None]:
    """Read ``<DIR>/<单位>.json`` (gongkai check JSON: findings, site facts, column records) and
    the optional ``<单位>.probe.json``."""
    if not directory:
        return None, {}, None
    path = Path(directory) / f"{unit}.json"
    if not path.is_file():
        problems.add(number, f"找不到单位“{unit}”的检查结果文件 {path}")
        return None, {}, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.add(number, f"检查结果文件 {path} 不是有效的 JSON：{exc}")
        return None, {}, None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        problems.add(number, f"检查结果文件 {path} 缺少 findings 列表（应为 gongkai check --json 的输出）")
        return None, {}, None
    if data.get("error"):
        problems.add(number, f"单位“{unit}”的网站未能检查（{data['error']}），无法据此评分")
    site: dict[str, Any] = {}
    if isinstance(data.get("pages_crawled"), int):
        site["pages_crawled"] = data["pages_crawled"]
    audited_site = data.get("site") if isinstance(data.get("site"), dict) else {}
    for key in AUDIT_SITE_FACTS:
        if isinstance(audited_site.get(key), int):
            site[key] = audited_site[key]
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
    columns = [c for c in data.get("columns") or () if isinstance(c, dict)]
    return [f for f in data["findings"] if isinstance(f, dict)], site, columns


def _remarks(row: _Row, note: str) -> str:
    """The 说明 of one row: vetoes, fail, pending manual items, and the no-findings note."""
    result = row.result
    remarks = [v.name for v in result.vetoes]
    if result.passed is False:
        remarks.append("不合格")
    if result.pending:
        remarks.append(f"{len(result.pending)} 项待人工评分")
    if note:
        remarks.append(note)
    return "；".join(remarks)


def _write(
    path: Path, scheme: Scheme, ranking: str, headers: list[str], rows: list[_Row], note: str = ""
) -> None:
    out_headers = [*headers, SCORE, RANK, REMARKS]
    table = [
        [_cell(row.cells.get(h)) for h in headers]
        + [plain(row.result.total), row.result.rank, _remarks(row, note)]
        for row in rows
    ]
    document = {
        "scheme": {"id": scheme.id, "name": scheme.name, "source": scheme.source},
        "说明": note,
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


def _print(console: Console, scheme: Scheme, headers: list[str], rows: list[_Row], note: str) -> None:
    shown = [h for h in headers if h in scheme.metrics]
    categories: dict[str, list[_Row]] = {}
    for row in rows:
        categories.setdefault(row.unit.category, []).append(row)
    for category, members in categories.items():
        caption = "说明：未提供网站检查结果，自动计分的指标按 0 个问题计" if note else None
        table = Table(title=f"{scheme.name} — {category}", title_justify="left", caption=caption)
        table.add_column(RANK, justify="right")
        table.add_column(UNIT)
        for header in shown:
            table.add_column(header, justify="right")
        table.add_column(SCORE, justify="right")
        table.add_column("说明")
        for row in members:
            result = row.result
            values = [fmt(row.unit.metrics[h]) if h in row.unit.metrics else "" for h in shown]
            table.add_row(str(result.rank), row.unit.unit, *values, fmt(result.total), _remarks(row, ""))
        console.print(table)
