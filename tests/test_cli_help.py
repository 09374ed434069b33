"""`gongkai help` lists gongkai's own commands in Chinese, one line each, and `gongkai help X`
prints X's usage in Chinese: through the installed `gongkai` console script, in a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

GONGKAI = Path(sys.executable).with_name("gongkai")
OWN = [
    "check",
    "score",
    "audit",
    "probe",
    "recompute",
    "report",
    "rollup",
    "verify",
    "remind",
    "applications",
    "token",
    "demo",
    "serve",
    "createsuperuser",
]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _gongkai(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([str(GONGKAI), *args], env=env, capture_output=True, text=True, timeout=120)


def test_help_lists_every_command_in_chinese(tmp_path):
    done = _gongkai("help", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = {
        m.group(1): m.group(2) for m in re.finditer(r"^  (\S+(?: --deploy)?)\s+(.+)$", done.stdout, re.M)
    }
    for name in [*OWN, "migrate", "changepassword", "check --deploy"]:
        assert name in lines, f"{name} missing from gongkai help"
        assert CHINESE.search(lines[name]), f"{name}: {lines[name]}"
    assert "makemigrations" not in done.stdout and "startproject" not in done.stdout
    # and no gongkai management command is left out (they appear under 其他 if not grouped)
    from django.core.management import get_commands

    own = {name for name, app in get_commands().items() if app.startswith("gongkai.")}
    assert own <= set(lines)


@pytest.mark.parametrize("name", [*OWN, "migrate"])
def test_help_for_each_command_is_chinese(name, tmp_path):
    done = _gongkai("help", name, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith(f"用法：gongkai {name}"), text[:200]
    assert "usage:" not in text and "show this help" not in text and "--verbosity" not in text
    # every option's help text is Chinese
    for line in text.splitlines():
        match = re.match(r"^  (-\S.*?)\s{2,}(\S.*)$", line)
        if match:
            assert CHINESE.search(match.group(2)), line


def test_dash_dash_help_is_the_same_and_errors_are_chinese(tmp_path):
    assert (
        _gongkai("serve", "--help", tmp_path=tmp_path).stdout
        == _gongkai("help", "serve", tmp_path=tmp_path).stdout
    )
    unknown = _gongkai("help", "nosuch", tmp_path=tmp_path)
    assert unknown.returncode == 1 and "没有名为“nosuch”的命令" in unknown.stderr
    missing = _gongkai("token", "create", tmp_path=tmp_path)
    assert missing.returncode != 0 and "缺少必需的参数" in missing.stderr, missing.stderr
