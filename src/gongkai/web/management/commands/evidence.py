"""`gongkai evidence prune`: delete audit evidence past its retention (gongkai.evidence_retention)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.evidence_retention import describe, prune
from gongkai.oversight.events import record
from gongkai.oversight.models import Event
from gongkai.registers.cli_common import BadInputParser


class Command(BaseCommand):
    help = "检查证据（有问题页面的原文、哈希值和截图）的保存期限管理"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{prune}", parser_class=BadInputParser
        )
        cut = sub.add_parser(
            "prune",
            help="删除超过保存期限的证据（网站最近一次检查、整改尚未核实的问题、已发布通报引用的检查除外）",
        )
        cut.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"保存天数（默认 GONGKAI_EVIDENCE_KEEP_DAYS，现为 {settings.EVIDENCE_KEEP_DAYS} 天）",
        )
        cut.add_argument("--dry-run", action="store_true", help="只列出将删除的证据，不删除")

    def handle(self, *args, **opts) -> None:
        days = settings.EVIDENCE_KEEP_DAYS if opts["days"] is None else opts["days"]
        if days < 0:
            raise CommandError("保存天数不能为负数。")
        done = prune(days=days, dry_run=opts["dry_run"])
        text = describe(done, days=days, dry_run=opts["dry_run"])
        for run in done.runs:
            self.stdout.write(
                f"  检查记录 {run.pk}（网站 {run.site_id}，{run.finished_at:%Y-%m-%d}）：{run.evidence_dir}"
            )
        for folder in done.orphans:
            self.stdout.write(f"  无检查记录的目录：{folder}")
        self.stdout.write(text)
        if not opts["dry_run"] and (done.runs or done.orphans):
            record(Event.Kind.EVIDENCE_PRUNED, text)
