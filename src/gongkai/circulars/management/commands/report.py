"""`gongkai report --period ID --out DIR [--no-pdf]`: write a period's circular files.

An unpublished period gets a draft (征求意见稿) mark in the title; publishing is done in the web
app (or circulars.services.publish), never by this command.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.assessment.models import Period
from gongkai.circulars.build import circular_for
from gongkai.circulars.defaults import SettingsError
from gongkai.circulars.files import write_circular
from gongkai.reports import ReportError


class Command(BaseCommand):
    help = "生成考评期的通报文件（Word、Excel、CSV、整改通知、统计图，装有 LibreOffice 时另有 PDF）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", type=int, required=True, help="考评期编号")
        parser.add_argument("--out", required=True, help="输出目录")
        parser.add_argument("--no-pdf", action="store_true", help="不生成 PDF")

    def handle(self, *args, period: int, out: str, no_pdf: bool, **options) -> None:
        try:
            chosen = Period.objects.get(pk=period)
        except Period.DoesNotExist:
            raise CommandError(f"没有编号为 {period} 的考评期。") from None
        directory = Path(out)
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"输出位置“{directory}”已存在且不是目录。")
        try:
            circular = circular_for(chosen)
            written = write_circular(circular, directory, pdf=not no_pdf)
        except (SettingsError, ReportError) as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"无法写入“{directory}”：{exc.strerror or exc}") from None
        state = "已发布" if chosen.frozen else "未发布，标题已标注“征求意见稿”"
        self.stdout.write(f"考评期“{chosen.name}”（{state}）：《{circular.title}》")
        self.stdout.write(f"已生成 {len(written.files)} 个文件，位于 {directory.resolve()}：")
        for entry in written.files:
            self.stdout.write(f"  {entry['label']}：{entry['name']}")
        for note in written.notes:
            self.stdout.write(note)
