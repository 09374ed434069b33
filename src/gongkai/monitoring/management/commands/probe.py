"""`gongkai probe URL ...`: the engine's probe command, plus storage for registered sites."""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from gongkai.audit.cli import probe_main
from gongkai.monitoring.store import find_site, record_probes


class Command(BaseCommand):
    help = "按间隔多次访问网址，记录每次结果（已登记的网站存入数据库）并计算失败比例"

    def run_from_argv(self, argv: list[str]) -> None:
        # The engine parses the arguments (same options, same messages); we only add storage.
        args = argv[2:]
        with tempfile.TemporaryDirectory() as tmp:
            report_file = Path(tmp) / "probe.json"
            user_json = _pop_json(args)
            # with `--json -` the JSON owns stdout, so the progress lines go to stderr
            with contextlib.redirect_stdout(sys.stderr if user_json == "-" else sys.stdout):
                status = probe_main([*args, "--json", str(report_file)])
            if status != 0 or not report_file.exists():
                sys.exit(status)
            report = json.loads(report_file.read_text(encoding="utf-8"))
        if user_json:
            text = json.dumps(report, ensure_ascii=False, indent=2)
            sys.stdout.write(text + "\n") if user_json == "-" else Path(user_json).write_text(
                text, encoding="utf-8"
            )
        try:
            site = find_site(report["url"])
            if site is not None:
                stored = record_probes(site, report)
                print(f"已记录到网站“{site.name}”（{site.unit.name}）：{stored} 次探测。", file=sys.stderr)
        except DatabaseError:
            print("数据库尚未初始化（请先运行 gongkai migrate），本次探测结果未保存。", file=sys.stderr)
        sys.exit(0)


def _pop_json(args: list[str]) -> str | None:
    """Take `--json FILE` / `--json=FILE` out of the arguments (we write it ourselves)."""
    for i, arg in enumerate(args):
        if arg == "--json" and i + 1 < len(args):
            value = args[i + 1]
            del args[i : i + 2]
            return value
        if arg.startswith("--json="):
            del args[i]
            return arg.split("=", 1)[1]
    return None
