"""`gongkai rollup --year Y [--region 地区名] [--scheme ID] [--compare 环比|同比] --json OUT.json
[--xlsx OUT.xlsx]`: the
year roll-up of a region (per unit year score and rank, bands, 优良率, full-marks counts, the
previous year) and, for a region with sub-regions, the same per sub-region (docs/rollup.md)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.assessment.rollup import RollupError, default_region, find_region, year_rollup
from gongkai.rollup.excel import write_workbook


class Command(BaseCommand):
    help = "年度汇总：各单位年度得分与排名、分数段、优良率、满分单位数、与上年相比（含下级地区）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, metavar="Y", help="年度，如 2021")
        parser.add_argument("--region", metavar="地区名", help="地区（默认：该年度唯一发布了考评期的地区）")
        parser.add_argument("--scheme", metavar="方案编号", help="指标方案（地区有多个方案的考评期时必填）")
        parser.add_argument(
            "--compare",
            choices=["环比", "同比"],
            default="环比",
            help="各期得分与哪一期比较：环比（上一期，默认）或同比（去年同期）",
        )
        parser.add_argument(
            "--json", dest="json_out", required=True, metavar="OUT.json", help="结果 JSON 文件"
        )
        parser.add_argument("--xlsx", dest="xlsx_out", metavar="OUT.xlsx", help="同时写出 Excel 表")

    def handle(self, *args, year: int, region: str | None, scheme: str | None, compare: str,
               json_out: str, xlsx_out: str | None, **options) -> None:  # fmt: skip
        if not 1900 <= year <= 2999:
            raise CommandError(f"年度“{year}”无效，应为四位年份，如 2021。")
        try:
            place = find_region(region) if region else default_region(year)
            data = year_rollup(place, year, scheme, compare)
        except RollupError as exc:
            raise CommandError(str(exc)) from None
        try:
            Path(json_out).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
            if xlsx_out:
                write_workbook(data, xlsx_out)
        except OSError as exc:
            raise CommandError(f"无法写入结果文件：{exc.strerror or exc}") from None
        block = data["region"]
        rate = block["excellent_rate"]
        self.stdout.write(
            f"{place.full_name}{year}年：{len(data['units'])}个单位，"
            f"优良率（80分以上）{'—' if rate is None else f'{rate:.2%}'}；"
            + (f"下级地区{len(data['sub_regions'])}个；" if "sub_regions" in data else "")
            + f"结果已写入 {json_out}"
            + (f" 和 {xlsx_out}" if xlsx_out else "")
        )
