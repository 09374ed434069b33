"""What the register tests share: a browser session of a user, and a register command's import and
statistics run on real files under the test's tmp_path."""

from __future__ import annotations

import json

from django.core.management import call_command
from django.test import Client


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def run_import(command: str, tmp_path, data: bytes, *args: str) -> None:
    """`gongkai <command> import` of the workbook ``data`` written to a file."""
    path = tmp_path / "in.xlsx"
    path.write_bytes(data)
    call_command(command, "import", str(path), *args)


def run_stats(command: str, tmp_path, *args: str) -> list[dict]:
    """`gongkai <command> stats ... --json`: the rows of the JSON file it wrote."""
    out = tmp_path / "out.json"
    call_command(command, "stats", *args, "--json", str(out))
    return json.loads(out.read_text(encoding="utf-8"))
