"""`gongkai serve`: the web app in one process (WSGI, threaded), static files included, with the
daily reminder round (gongkai.followup.clock) in a background thread."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.servers.basehttp import WSGIServer, run

from gongkai.followup import clock
from gongkai.wsgi import application


class Command(BaseCommand):
    help = "启动 gongkai 网页服务（单进程，适合一个县在一台电脑上使用）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument("--no-migrate", action="store_true", help="启动前不执行数据库迁移")
        parser.add_argument(
            "--no-reminders", action="store_true", help="不在本进程中每天发送整改提醒邮件（例如已由 Celery beat 发送）"
        )

    def _recover(self) -> None:
        """Jobs of a server that was killed are 检查中 forever otherwise (monitoring/recovery.py)."""
        from gongkai.monitoring.recovery import recover_interrupted_jobs

        lost = recover_interrupted_jobs()
        if lost:
            self.stdout.write(f"发现 {len(lost)} 个因服务停止而中断的检查任务，已标记为“已中断”，可在检查进度页继续检查。")

    def handle(self, *args, host: str, port: int, no_migrate: bool, no_reminders: bool, **options) -> None:
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        self._recover()
        if not no_reminders:
            clock.start()
        self.stdout.write(f"gongkai 已启动：http://{host}:{port}/ （按 Ctrl+C 停止）")
        try:
            run(host, port, application, threading=True, server_cls=WSGIServer)
        except KeyboardInterrupt:
            self.stdout.write("已停止。")
