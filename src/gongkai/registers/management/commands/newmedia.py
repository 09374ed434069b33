"""`gongkai newmedia import|check|crawl` (registers-contract §5).

``check`` writes the contract's per-account records as a JSON array; the findings
(newmedia_stale, newmedia_unfiled), the 荆州 update points and the 抽查合格率 are printed.
``crawl`` (beyond the contract) reads the accounts' public pages and adds their dated items."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.audit.kinds import kind_label
from gongkai.registers import newmedia_services as services
from gongkai.registers.cli_common import BadInputParser, import_file, region_or_error
from gongkai.registers.newmedia_crawl import crawl
from gongkai.registers.newmedia_excel import import_workbook
from gongkai.registry.models import Unit
from gongkai.tallies import newmedia as engine


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期“{text}”无效，应为 YYYY-MM-DD，如 2025-03-14。") from exc


class Command(BaseCommand):
    help = "政务新媒体：导入账号和发布记录、检查更新情况（两周未更新、每周更新）、抓取账号主页"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{import,check,crawl}", parser_class=BadInputParser
        )
        imports = sub.add_parser("import", help="导入 Excel（账号表和/或发布表），全部无误才写入")
        imports.add_argument("file", metavar="FILE.xlsx", help="Excel 文件（账号表、发布表）")
        imports.add_argument("--region", metavar="地区名", help="单位和账号所在地区（账号名称在地区内唯一）")
        check = sub.add_parser("check", help="检查时间范围内各账号的最长未更新天数和每周更新情况（JSON）")
        check.add_argument("--from", dest="start", required=True, metavar="D", help="开始日期 YYYY-MM-DD")
        check.add_argument("--to", dest="end", required=True, metavar="D", help="结束日期 YYYY-MM-DD")
        which = check.add_mutually_exclusive_group(required=True)
        which.add_argument("--unit", type=int, metavar="ID", help="单位编号")
        which.add_argument("--region", metavar="地区名", help="地区（含下级地区的全部单位）")
        check.add_argument(
            "--json", dest="json_out", required=True, metavar="OUT.json", help="结果 JSON 文件"
        )
        crawl_parser = sub.add_parser("crawl", help="抓取账号公开主页上的发布日期（有主页地址的账号）")
        where = crawl_parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--unit", type=int, metavar="ID", help="单位编号")
        where.add_argument("--region", metavar="地区名", help="地区（含下级地区的全部单位）")
        crawl_parser.add_argument("--as-of", dest="as_of", metavar="D", help="抓取日期（默认今天）")

    def handle(self, *args, **opts) -> None:
        {"import": self._import, "check": self._check, "crawl": self._crawl}[opts["action"]](opts)

    def _units(self, opts: dict):
        if opts["unit"] is not None:
            units = Unit.objects.filter(pk=opts["unit"])
            if not units.exists():
                raise CommandError(f"单位编号 {opts['unit']} 不存在。")
            return units
        return services.units_of_region(region_or_error(opts["region"]))

    def _import(self, opts: dict) -> None:
        self.stdout.write(import_file(opts["file"], opts["region"], import_workbook))

    def _check(self, opts: dict) -> None:
        start, end = _day(opts["start"]), _day(opts["end"])
        if end < start:
            raise CommandError(f"结束日期 {end} 早于开始日期 {start}。")
        checks = services.check(self._units(opts), start, end)
        records = services.records(checks)
        try:
            Path(opts["json_out"]).write_text(
                json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8"
            )
        except OSError as exc:
            raise CommandError(f"无法写出结果文件：{exc.strerror or exc}") from exc
        rate = engine.pass_rate(records)
        self.stdout.write(
            f"检查 {len(records)} 个账号（{start} 至 {end}）：两周未更新 "
            f"{sum(r['gap_over_14_days'] for r in records)} 个，每周更新 {sum(r['weekly'] for r in records)} 个，"
            f"抽查合格率 {'—' if rate is None else f'{rate}%'}；结果已写入 {opts['json_out']}"
        )
        for finding in services.findings(checks):
            extra = (
                f"（最长 {finding['longest_gap_days']} 天未更新）" if "longest_gap_days" in finding else ""
            )
            self.stdout.write(
                f"  {kind_label(finding['kind'])}：{finding['unit']} {finding['account']}{extra}"
            )

    def _crawl(self, opts: dict) -> None:
        as_of = _day(opts["as_of"]) if opts["as_of"] else date.today()
        accounts = list(services.checked_accounts(self._units(opts), as_of, as_of))
        result = crawl(accounts, as_of=as_of)
        self.stdout.write(result.summary())
        names = {account.pk: account.name for account in accounts}
        for pk, reason in result.errors.items():
            self.stdout.write(f"  {names[pk]}：{reason}")
