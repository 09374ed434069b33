"""`gongkai submissions import|stats` (registers-contract §4)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from gongkai.registers.cli_common import (
    BadInputParser,
    add_import_command,
    add_stats_arguments,
    import_file,
    stats_units,
    stats_window,
    write_json,
)
from gongkai.registers.submissions_excel import import_workbook
from gongkai.registers.submissions_services import stats, units_of_region


class Command(BaseCommand):
    help = "信息报送登记簿：导入 Excel 登记簿、按期统计报送和采用条数"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{import,stats}", parser_class=BadInputParser
        )
        add_import_command(sub, "报送")
        table = sub.add_parser("stats", help="统计各单位报送、采用（分级别）和重点领域信息条数（JSON）")
        add_stats_arguments(table, "按报送日期")

    def handle(self, *args, **opts) -> None:
        {"import": self._import, "stats": self._stats}[opts["action"]](opts)

    def _import(self, opts: dict) -> None:
        self.stdout.write(import_file(opts["file"], opts["region"], import_workbook))

    def _stats(self, opts: dict) -> None:
        start, end = stats_window(opts)
        units, title = stats_units(opts, units_of_region)
        rows = stats(units, start, end)
        write_json(opts["json_out"], rows)
        submitted = sum(r["submitted"] for r in rows)
        adopted = sum(r["adopted"] for r in rows)
        self.stdout.write(
            f"{title} {start} 至 {end}：{len(rows)} 个单位，报送 {submitted} 条，采用 {adopted} 条：{opts['json_out']}"
        )
