"""`gongkai applications import|annual-table|clock` (registers-contract §1–2).

`clock` is the engine's (gongkai.disclosure.cli): gongkai.cli runs it before Django starts; it is
declared here too so that `gongkai applications --help` lists all three."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.disclosure import annual_table
from gongkai.registers import annual
from gongkai.registers.cli_common import BadInputParser, add_import_command, import_file, region_or_error
from gongkai.registers.excel import import_workbook
from gongkai.registry.models import Unit


class Command(BaseCommand):
    help = "依申请公开登记簿：导入 Excel 登记簿、生成年报表三、计算法定期限"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{import,annual-table,clock}", parser_class=BadInputParser
        )
        add_import_command(sub, "申请")
        table = sub.add_parser("annual-table", help="生成政府信息公开年度报告表三（JSON，可选 .xlsx）")
        table.add_argument("--year", type=int, required=True, metavar="YYYY", help="年度")
        which = table.add_mutually_exclusive_group(required=True)
        which.add_argument("--unit", type=int, metavar="ID", help="单位编号")
        which.add_argument("--region", metavar="地区名", help="地区（其全部单位之和，含下级地区）")
        table.add_argument(
            "--json", dest="json_out", required=True, metavar="OUT.json", help="结果 JSON 文件"
        )
        table.add_argument(
            "--xlsx", dest="xlsx_out", metavar="OUT.xlsx", help="同时写出 Excel 表（官方格式）"
        )
        clock = sub.add_parser("clock", help="计算答复期限、补正告知期限和信息处理费（不需要数据库）")
        clock.add_argument("cases", metavar="CASES.json", help="申请列表（JSON 数组）")
        clock.add_argument(
            "--json", dest="clock_out", required=True, metavar="OUT.json", help="结果 JSON 文件"
        )

    def handle(self, *args, **opts) -> None:
        {"import": self._import, "annual-table": self._table, "clock": self._clock}[opts["action"]](opts)

    def _region(self, name: str):
        return region_or_error(name)

    def _import(self, opts: dict) -> None:
        self.stdout.write(import_file(opts["file"], opts["region"], import_workbook))

    def _table(self, opts: dict) -> None:
        year = opts["year"]
        if not 1900 <= year <= 9999:
            raise CommandError(f"年度“{year}”无效，应为四位数年份。")
        if opts["unit"] is not None:
            unit = Unit.objects.filter(pk=opts["unit"]).select_related("region").first()
            if unit is None:
                raise CommandError(f"单位编号 {opts['unit']} 不存在。")
            units, title = Unit.objects.filter(pk=unit.pk), unit.name
        else:
            region = self._region(opts["region"])
            units, title = annual.units_of_region(region), region.full_name
        try:
            table = annual.build(units, year)
        except ValueError as exc:  # a stored result or applicant type the table does not know
            raise CommandError(f"无法生成年报表三：{exc}") from exc
        try:
            Path(opts["json_out"]).write_text(
                json.dumps(annual_table.to_json(table), ensure_ascii=False, indent=2), encoding="utf-8"
            )
            if opts["xlsx_out"]:
                annual_table.write_xlsx(table, Path(opts["xlsx_out"]), f"{title} {year}年度")
        except OSError as exc:
            raise CommandError(f"无法写出结果文件：{exc.strerror or exc}") from exc
        self.stdout.write(f"已生成 {title} {year} 年度表三：{opts['json_out']}")

    def _clock(self, opts: dict) -> None:
        from gongkai.disclosure.cli import clock_main

        status = clock_main([opts["cases"], "--json", opts["clock_out"]])
        if status:
            raise CommandError("计算期限失败。", returncode=status)
