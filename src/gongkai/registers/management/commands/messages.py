"""`gongkai messages import|stats` (registers-contract §3)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.registers.cli_common import BadInputParser, import_file, region_or_error
from gongkai.registers.messages_excel import import_workbook
from gongkai.registers.messages_services import stats, units_of_region
from gongkai.registry.models import Unit
from gongkai.workdays import CalendarRangeError


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”无效，应为 YYYY-MM-DD，如 2025-03-31。") from None


class Command(BaseCommand):
    help = "网民留言登记簿：导入 Excel 登记簿、按期统计留言办结率、按时办结率和超3个月未答复留言"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{import,stats}", parser_class=BadInputParser
        )
        imports = sub.add_parser("import", help="导入 Excel 登记簿（留言表），全部无误才写入")
        imports.add_argument("file", metavar="FILE.xlsx", help="Excel 文件（留言表）")
        imports.add_argument("--region", metavar="地区名", help="单位所在地区（单位名称在该地区内唯一）")
        table = sub.add_parser(
            "stats", help="统计各单位收到、办结、按时办结、逾期和超3个月未答复的留言（JSON）"
        )
        table.add_argument(
            "--from", dest="start", required=True, metavar="D", help="起始日期（含），按收到日期"
        )
        table.add_argument(
            "--to", dest="end", required=True, metavar="D", help="截止日期（含），办结按此日计"
        )
        which = table.add_mutually_exclusive_group(required=True)
        which.add_argument("--unit", type=int, metavar="ID", help="单位编号")
        which.add_argument("--region", metavar="地区名", help="地区（其全部单位，含下级地区）")
        table.add_argument(
            "--json", dest="json_out", required=True, metavar="OUT.json", help="结果 JSON 文件"
        )

    def handle(self, *args, **opts) -> None:
        {"import": self._import, "stats": self._stats}[opts["action"]](opts)

    def _import(self, opts: dict) -> None:
        self.stdout.write(import_file(opts["file"], opts["region"], import_workbook))

    def _stats(self, opts: dict) -> None:
        start, end = _day(opts["start"]), _day(opts["end"])
        if start > end:
            raise CommandError(f"起始日期 {start} 晚于截止日期 {end}。")
        if opts["unit"] is not None:
            units = Unit.objects.filter(pk=opts["unit"]).select_related("region")
            if not units:
                raise CommandError(f"单位编号 {opts['unit']} 不存在。")
            title = units[0].name
        else:
            region = region_or_error(opts["region"])
            units, title = units_of_region(region), region.full_name
        try:
            rows = stats(units, start, end)
        except CalendarRangeError as exc:
            raise CommandError(str(exc)) from None
        try:
            Path(opts["json_out"]).write_text(
                json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8"
            )
        except OSError as exc:
            raise CommandError(f"无法写出结果文件：{exc.strerror or exc}") from exc
        received = sum(r["received"] for r in rows)
        handled = sum(r["handled"] for r in rows)
        veto = sum(r["unanswered_over_3_months"] for r in rows)
        self.stdout.write(
            f"{title} {start} 至 {end}：{len(rows)} 个单位，收到留言 {received} 条，办结 {handled} 条，"
            f"超3个月未答复 {veto} 条：{opts['json_out']}"
        )
