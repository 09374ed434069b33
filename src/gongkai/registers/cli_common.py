"""What the registers' commands share: sub-command parsers whose bad arguments exit 1 (the
contract), the region of ``--region``, the import of a workbook file with its Chinese report, and
the ``stats`` sub-command's dates, ``--unit``/``--region`` scope and JSON result file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from gongkai.registers.excel import find_region
from gongkai.registry.models import Region, Unit


class BadInputParser(CommandParser):
    """A sub-command's parser: bad arguments exit 1 like any other bad input (the contract)."""

    def error(self, message: str):
        if not self.called_from_command_line:
            raise CommandError(f"参数错误：{message}")
        self.print_usage(sys.stderr)
        self.exit(1, argparse._("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})


def region_or_error(name: str) -> Region:
    region, problem = find_region(name)
    if region is None:
        raise CommandError(problem)
    return region


def import_file(file: str, region: str | None, import_workbook: Callable) -> str:
    """Run ``import_workbook`` on the file (scope: ``--region``); its summary, or a CommandError
    listing every problem."""
    scope = region_or_error(region) if region else None
    path = Path(file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"无法读取文件“{path}”：{exc.strerror or exc}") from exc
    result = import_workbook(data, scope=scope, max_bytes=max(len(data), 1))
    if not result.ok:
        raise CommandError("\n".join([result.summary(), *(f"  {problem}" for problem in result.problems)]))
    return result.summary()


def add_import_command(sub, sheet: str) -> None:
    """The ``import`` sub-command of a register whose workbook has the one sheet ``sheet`` (e.g. 留言)."""
    imports = sub.add_parser("import", help=f"导入 Excel 登记簿（{sheet}表），全部无误才写入")
    imports.add_argument("file", metavar="FILE.xlsx", help=f"Excel 文件（{sheet}表）")
    imports.add_argument("--region", metavar="地区名", help="单位所在地区（单位名称在该地区内唯一）")


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”无效，应为 YYYY-MM-DD，如 2025-03-31。") from None


def add_stats_arguments(table: CommandParser, dated: str, until: str = "截止日期（含）") -> None:
    """A ``stats`` sub-command's --from/--to (``dated``: what the window is on, e.g. 按报送日期),
    exactly one of --unit and --region, and --json."""
    table.add_argument("--from", dest="start", required=True, metavar="D", help=f"起始日期（含），{dated}")
    table.add_argument("--to", dest="end", required=True, metavar="D", help=until)
    which = table.add_mutually_exclusive_group(required=True)
    which.add_argument("--unit", type=int, metavar="ID", help="单位编号")
    which.add_argument("--region", metavar="地区名", help="地区（其全部单位，含下级地区）")
    table.add_argument("--json", dest="json_out", required=True, metavar="OUT.json", help="结果 JSON 文件")


def stats_window(opts: dict) -> tuple[date, date]:
    start, end = parse_day(opts["start"]), parse_day(opts["end"])
    if start > end:
        raise CommandError(f"起始日期 {start} 晚于截止日期 {end}。")
    return start, end


def stats_units(opts: dict, units_of_region: Callable[[Region], object]) -> tuple[object, str]:
    """The units of ``--unit`` or ``--region`` (by ``units_of_region``) and the title: the unit's
    name or the region's full name."""
    if opts["unit"] is not None:
        units = Unit.objects.filter(pk=opts["unit"]).select_related("region")
        if not units:
            raise CommandError(f"单位编号 {opts['unit']} 不存在。")
        return units, units[0].name
    region = region_or_error(opts["region"])
    return units_of_region(region), region.full_name


def write_json(path: str, rows: object) -> None:
    try:
        Path(path).write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"无法写出结果文件：{exc.strerror or exc}") from exc
