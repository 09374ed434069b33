"""`gongkai check` and `gongkai probe`: exit statuses, JSON, Chinese summary, the real console script."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from gongkai.audit.cli import check_main, probe_main
from tests.audit.testsite import GovSite, free_port

GONGKAI = "/work/main/.venv/bin/gongkai"
FAST = ["--concurrency", "8", "--rate", "0", "--timeout", "1", "--veto-recheck-delay", "0.1"]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--max-pages", "0", "http://x/"],
        ["--max-pages", "many", "http://x/"],
        ["--as-of", "2025-13-01", "http://x/"],
        ["--rate", "-1", "http://x/"],
        ["--concurrency", "0", "http://x/"],
        ["--bogus", "http://x/"],
        ["http://x/", "--json", "/nonexistent-dir/out.json"],
        ["--column", "=动态", "http://x/"],
    ],
)
def test_bad_arguments_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert check_main(argv) == 2
    assert "参数错误" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_main(["--help"]) == 0
    assert "--max-pages" in capsys.readouterr().out


def test_check_writes_contract_json_and_chinese_summary(
    site: GovSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "result.json"
    status = check_main([site.url("/bare/"), "--as-of", "2025-12-01", "--json", str(out), *FAST])
    assert status == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["start"] == site.url("/bare/") and data["as_of"] == "2025-12-01" and data["error"] is None
    assert {f["kind"] for f in data["findings"]} >= {"footer", "missing_meta", "site"}
    printed = capsys.readouterr().out
    assert "抓取页面" in printed and "页脚标识不全 1 个" in printed and "HTTPS 否" in printed


def test_json_to_stdout_keeps_summary_off_stdout(site: GovSite, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_main([site.url("/bare/"), "--json", "-", *FAST]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["pages_crawled"] >= 1
    assert "抓取页面" in captured.err


@pytest.mark.parametrize(
    ("path", "reason"),
    [("unreachable", "无法访问"), ("/files/report.pdf", "不是网页"), ("invalid", "地址无效")],
)
def test_site_that_cannot_be_audited_exits_1(
    path: str, reason: str, site: GovSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = {"unreachable": f"http://127.0.0.1:{free_port()}/", "invalid": "not a url"}.get(path) or site.url(
        path
    )
    out = tmp_path / "r.json"
    assert check_main([url, "--json", str(out), *FAST]) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert reason in data["error"] and data["pages_crawled"] == 0
    assert reason in capsys.readouterr().out


def test_console_script_end_to_end(site: GovSite, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    done = subprocess.run(
        [GONGKAI, "check", site.url("/bare/"), "--json", str(out), *FAST],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert (
        "发现问题" in done.stdout and "\x1b[" not in done.stdout + done.stderr
    )  # no progress bar off a terminal
    assert json.loads(out.read_text(encoding="utf-8"))["findings"]
    bad = subprocess.run(
        [GONGKAI, "check", "--max-depth", "x", "http://x/"], capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 2 and "参数错误" in bad.stderr
    gone = subprocess.run(
        [GONGKAI, "check", f"http://127.0.0.1:{free_port()}/", "--json", "-", *FAST],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert gone.returncode == 1 and json.loads(gone.stdout)["error"]


def test_probe_records_each_result_and_the_failure_ratio(
    site: GovSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.json"
    assert (
        probe_main(
            [site.url("/"), "--count", "3", "--interval", "0.05", "--timeout", "2", "--json", str(out)]
        )
        == 0
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["count"] == 3 and data["failures"] == 0 and data["failure_ratio"] == 0
    assert all(p["ok"] and p["status"] == 200 for p in data["probes"])
    printed = capsys.readouterr().out
    assert printed.count("成功") == 3 and "失败比例 0.0%" in printed


def test_probe_of_slow_and_dead_pages_fails(site: GovSite, tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    assert (
        probe_main(
            [site.url("/slow"), "--count", "2", "--interval", "0", "--timeout", "0.3", "--json", str(out)]
        )
        == 0
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["failures"] == 2 and data["failure_ratio"] == 1.0
    assert {p["error"] for p in data["probes"]} == {"timeout"}
    dead = tmp_path / "d.json"
    assert (
        probe_main(
            [f"http://127.0.0.1:{free_port()}/", "--count", "1", "--interval", "0", "--json", str(dead)]
        )
        == 0
    )
    assert json.loads(dead.read_text(encoding="utf-8"))["probes"][0]["error"] == "connect"


def test_probe_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert probe_main(["http://x/", "--count", "0"]) == 2
    assert probe_main(["not a url"]) == 1
    assert "网址无效" in capsys.readouterr().err
