"""`gongkai applications` through the installed console script: its help lists the three
sub-commands in Chinese, and bad arguments exit 1 with a Chinese message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GONGKAI = Path(sys.executable).with_name("gongkai")


def _gongkai(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([str(GONGKAI), *args], env=env, capture_output=True, text=True, timeout=120)


def test_help_lists_import_annual_table_and_clock(tmp_path):
    done = _gongkai("applications", "--help", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("用法：gongkai applications")
    for line in [
        "import              导入 Excel 登记簿",
        "annual-table        生成政府信息公开年度报告表三",
        "clock               计算答复期限",
    ]:
        assert line in done.stdout


def test_bad_arguments_exit_1_in_chinese(tmp_path):
    done = _gongkai(
        "applications", "annual-table", "--year", "abc", "--unit", "1", "--json", "x.json", tmp_path=tmp_path
    )
    assert done.returncode == 1 and "参数 --year：无效的int值" in done.stderr
    missing = _gongkai(
        "applications", "annual-table", "--year", "2025", "--json", "x.json", tmp_path=tmp_path
    )
    assert missing.returncode == 1 and "必须提供 --unit --region 之一" in missing.stderr, missing.stderr


def test_submissions_help_and_bad_input_exit_1_in_chinese(tmp_path):
    done = _gongkai("submissions", "--help", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("用法：gongkai submissions")
    assert "导入 Excel 登记簿（报送表）" in done.stdout and "统计各单位报送、采用" in done.stdout
    missing = _gongkai(
        "submissions",
        "stats",
        "--from",
        "2021-04-01",
        "--to",
        "2021-06-30",
        "--json",
        "x.json",
        tmp_path=tmp_path,
    )
    assert missing.returncode == 1 and "必须提供 --unit --region 之一" in missing.stderr, missing.stderr
    absent = _gongkai("submissions", "import", str(tmp_path / "none.xlsx"), tmp_path=tmp_path)
    assert absent.returncode == 1 and "无法读取文件" in absent.stderr, absent.stderr
