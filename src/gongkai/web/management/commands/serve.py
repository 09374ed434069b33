"""`gongkai serve`: the web app in one process, static files included, on the production WSGI
server of gongkai.web.server (waitress: bounded threads, header and body timeouts), with the daily
reminder round (gongkai.followup.clock) in a background thread. `gongkai demo` serves through here."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from gongkai.followup import clock
from gongkai.web.server import Limits, make_server
from gongkai.wsgi import application


class Command(BaseCommand):
    help = "启动 gongkai 网页服务（单进程，适合一个县在一台电脑上使用）"

    def add_arguments(self, parser) -> None:
        defaults = Limits()
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument("--no-migrate", action="store_true", help="启动前不执行数据库迁移")
        parser.add_argument(
            "--no-reminders",
            action="store_true",
            help="不在本进程中每天发送整改提醒邮件（例如已由 Celery beat 发送）",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=defaults.threads,
            help=f"同时处理的请求数（默认 {defaults.threads}）",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=defaults.timeout,
            help=f"空闲连接及请求头的超时秒数（默认 {defaults.timeout}）",
        )

    def _recover(self) -> None:
        """Jobs of a server that was killed are 检查中 forever otherwise (gongkai/after_audit.py)."""
        from gongkai.after_audit import recover_interrupted_jobs

        lost = recover_interrupted_jobs()
        if lost:
            self.stdout.write(
                f"发现 {len(lost)} 个因服务停止而中断的检查任务，已标记为“已中断”，可在检查进度页继续检查。"
            )

    def handle(
        self,
        *args,
        host: str,
        port: int,
        no_migrate: bool,
        no_reminders: bool,
        threads: int = Limits.threads,
        timeout: int = Limits.timeout,
        **options,
    ) -> None:
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        self._recover()
        if not no_reminders:
            clock.start()
        server = make_server(
            application, host, port, Limits(threads=max(1, threads), timeout=max(1, timeout))
        )
        self.stdout.write(f"gongkai 已启动：http://{host}:{port}/ （按 Ctrl+C 停止）")
        try:
            server.run()  # returns on Ctrl+C (waitress stops its threads itself)
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
        self.stdout.write("已停止。")
