"""`gongkai messages import|stats` (registers-contract §3)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.registers.cli_common import (
    BadInputParser,
    add_import_command,
    add_stats_arguments,
    import_file,
    stats_units,
    stats_window,
    write_json,
)
from gongkai.registers.messages_excel import import_workbook
from gongkai.registers.messages_services import stats, units_of_region
from gongkai.workdays import CalendarRangeError


class Command(BaseCommand):
    help = "网民留言登记簿：导入 Excel 登记簿、按期统计留言办结率、按时办结率和超3个月未答复留言"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{import,stats}", parser_class=BadInputParser
        )
        add_import_command(sub, "留言")
        table = sub.add_parser(
            "stats", help="统计各单位收到、办结、按时办结、逾期和超3个月未答复的留言（JSON）"
        )
        add_stats_arguments(table, "按收到日期", "截止日期（含），办结按此日计")

    def handle(self, *args, **opts) -> None:
        {"import": self._import, "stats": self._stats}[opts["action"]](opts)

    def _import(self, opts: dict) -> None:
        self.stdout.write(import_file(opts["file"], opts["region"], import_workbook))

    def _stats(self, opts: dict) -> None:
        start, end = stats_window(opts)
        units, title = stats_units(opts, units_of_region)
        try:
            rows = stats(units, start, end)
        except CalendarRangeError as exc:
            raise CommandError(str(exc)) from None
        write_json(opts["json_out"], rows)
        received = sum(r["received"] for r in rows)
        handled = sum(r["handled"] for r in rows)
        veto = sum(r["unanswered_over_3_months"] for r in rows)
        self.stdout.write(
            f"{title} {start} 至 {end}：{len(rows)} 个单位，收到留言 {received} 条，办结 {handled} 条，"
            f"超3个月未答复 {veto} 条：{opts['json_out']}"
        )
