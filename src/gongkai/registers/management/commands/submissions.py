"""`gongkai submissions import|stats` (registers-contract §4)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.registers.cli_common import BadInputParser, import_file, region_or_error
from gongkai.registers.submissions_excel import import_workbook
from gongkai.registers.submissions_services import stats, units_of_region
from gongkai.registry.models import Unit


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”无效，应为 YYYY-MM-DD，如 2025-03-31。") from None


class Command(BaseCommand):
    help = "信息报送登记簿：导入 Excel 登记簿、按期统计报送和采用条数"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{import,stats}", parser_class=BadInputParser
        )
        imports = sub.add_parser("import", help="导入 Excel 登记簿（报送表），全部无误才写入")
        imports.add_argument("file", metavar="FILE.xlsx", help="Excel 文件（报送表）")
        imports.add_argument("--region", metavar="地区名", help="单位所在地区（单位名称在该地区内唯一）")
        table = sub.add_parser("stats", help="统计各单位报送、采用（分级别）和重点领域信息条数（JSON）")
        table.add_argument(
            "--from", dest="start", required=True, metavar="D", help="起始日期（含），按报送日期"
        )
        table.add_argument("--to", dest="end", required=True, metavar="D", help="截止日期（含）")
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
        rows = stats(units, start, end)
        try:
            Path(opts["json_out"]).write_text(
                json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8"
            )
        except OSError as exc:
            raise CommandError(f"无法写出结果文件：{exc.strerror or exc}") from exc
        submitted = sum(r["submitted"] for r in rows)
        adopted = sum(r["adopted"] for r in rows)
        self.stdout.write(
            f"{title} {start} 至 {end}：{len(rows)} 个单位，报送 {submitted} 条，采用 {adopted} 条：{opts['json_out']}"
        )
