"""Crawler traps and budgets (issue 12 item 8) against a hostile site on loopback: calendars,
endless pagination, a page of 10,000 links; the request and time budgets; the JSON written."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.audit.cli import check_main
from gongkai.audit.engine import AuditResult, audit
from gongkai.audit.traps import TrapGuard, url_template
from tests.audit.conftest import fast_config
from tests.audit.trapsite import TrapSite


@pytest.fixture(scope="module")
def trap_site() -> Iterator[TrapSite]:
    server = TrapSite().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def trapped(trap_site: TrapSite) -> tuple[AuditResult, float, int]:
    """The audit of the trap site with the default depth, page and query limits."""
    trap_site.reset()
    began = time.monotonic()
    # timeouts of 5 s, not the 1 s of fast_config: on a loaded machine a 1 s timeout retries pages,
    # and the retries, not the trap guard, pushed a template past the 40 requests counted below
    config = fast_config(
        trap_site.url("/"), max_query_variants=50, total_timeout=5.0, read_timeout=5.0, connect_timeout=5.0
    )
    result = asyncio.run(audit(config))
    return result, time.monotonic() - began, trap_site.requests


def traps_of(result: AuditResult) -> dict[str, dict]:
    return {f.fields["pattern"]: f.to_dict() for f in result.findings if f.kind == "trap"}


def test_url_template_replaces_numbers_and_query_values() -> None:
    assert url_template("http://x/cal?d=2024-01-01") == "http://x/cal?d=*"
    assert url_template("http://x/list/page/17") == "http://x/list/page/{n}"
    assert (
        url_template("http://x/art/2025/11/t20251111_1.html?b=1&a=2")
        == "http://x/art/{n}/{n}/t{n}_{n}.html?a=*&b=*"
    )


def test_trap_guard_samples_a_detected_pattern() -> None:
    guard = TrapGuard(repeat=3, sample=2)
    for n in range(3):
        guard.met(f"http://x/p/{n}", "http://x/")
        guard.observe(f"http://x/p/{n}", f"第 {n} 页 暂无信息")
    assert list(guard.traps) == ["http://x/p/{n}"]
    assert [guard.allow(f"http://x/p/{n}") for n in range(10, 14)] == [True, True, False, False]
    assert guard.allow("http://x/p/10")  # a sample stays allowed
    assert guard.allow("http://x/other/1")


def test_distinct_pages_of_one_pattern_are_no_trap() -> None:
    guard = TrapGuard(repeat=3)
    for n, title in enumerate(
        ["关于开展检查的通知", "关于节日值班的通知", "政府工作报告", "统计公报", "招聘公告"]
    ):
        guard.observe(f"http://x/art/{n}.html", title)
    assert guard.traps == {}


def test_trap_site_costs_a_few_dozen_requests(
    trapped: tuple[AuditResult, float, int], trap_site: TrapSite
) -> None:
    result, seconds, requests = trapped
    # before: ~10,000 requests (every link of /many checked, 5000 crawled) for this site
    assert requests < 200, trap_site.hits
    assert trap_site.hits["events"] <= 40
    assert trap_site.hits["cal"] <= 40
    assert trap_site.hits["list"] <= 40
    assert seconds < 30
    assert result.error is None


def test_each_trap_is_a_finding_naming_its_pattern(
    trapped: tuple[AuditResult, float, int], trap_site: TrapSite
) -> None:
    result, _, _ = trapped
    traps = traps_of(result)
    assert set(traps) == {
        trap_site.url("/cal?d=*"),
        trap_site.url("/list/page/{n}"),
        trap_site.url("/events/{n}.html"),
    }
    many = traps[trap_site.url("/events/{n}.html")]
    assert many["reason"] == "fanout" and many["seen"] == 10_000 and many["page"] == trap_site.url("/many")
    assert many["skipped"] >= 9_900 and many["sampled"] <= 20
    assert traps[trap_site.url("/cal?d=*")]["reason"] == "repeat"
    assert "疑似爬虫陷阱" in many["message"] and "不计入扣分" in many["message"]
    # the ten real articles share one pattern too, but their text differs: all read, no trap
    assert trap_site.hits["art"] == 10


def test_skipped_trap_links_are_not_broken_links(trapped: tuple[AuditResult, float, int]) -> None:
    result, _, _ = trapped
    assert [f for f in result.findings if f.kind == "broken_link"] == []


def test_result_says_incomplete_and_why(trapped: tuple[AuditResult, float, int]) -> None:
    result, _, _ = trapped
    data = result.to_dict()
    assert data["complete"] is False and "trap" in data["incomplete"]
    json.dumps(data, ensure_ascii=False)


def test_request_budget_stops_a_wide_site(trap_site: TrapSite) -> None:
    trap_site.reset()
    result = asyncio.run(audit(fast_config(trap_site.url("/wide/0.html"), max_requests=60, max_depth=50)))
    assert trap_site.hits["wide"] <= 60 + 16  # workers already under way finish their request
    assert result.incomplete == ["requests"] and result.pages_crawled >= 30
    assert not traps_of(result)  # distinct pages: a budget stop, not a trap
    (stop,) = [f for f in result.findings if f.kind == "audit_incomplete"]  # shown in review, not scored
    assert stop.fields["reason"] == "requests" and "已达到请求次数上限（60 次）" in stop.message
    assert [f for f in result.findings if f.kind == "broken_link"] == []


def test_time_budget_stops_a_slow_site(trap_site: TrapSite) -> None:
    trap_site.reset()
    began = time.monotonic()
    result = asyncio.run(
        audit(
            fast_config(
                trap_site.url("/slow/0.html"),
                max_seconds=1.5,
                max_depth=50,
                total_timeout=2.0,
                read_timeout=2.0,
            )
        )
    )
    assert time.monotonic() - began < 6
    assert result.incomplete == ["time"] and result.pages_crawled >= 3
    assert [f.fields["reason"] for f in result.findings if f.kind == "audit_incomplete"] == ["time"]


def test_cli_budget_flags_write_the_partial_json(
    trap_site: TrapSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "wide.json"
    status = check_main(
        [
            trap_site.url("/wide/0.html"),
            "--json",
            str(out),
            "--rate",
            "0",
            "--timeout",
            "2",
            "--max-depth",
            "50",
            "--max-requests",
            "40",
            "--max-minutes",
            "5",
        ]
    )
    assert status == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["complete"] is False and data["incomplete"] == ["requests"]
    assert data["pages_crawled"] >= 20
    assert "检查未完成:已达到请求次数上限" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--max-requests", "0"], ["--max-minutes", "-1"], ["--max-minutes", "x"]])
def test_cli_refuses_bad_budgets(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert check_main(["http://127.0.0.1:9/", *argv]) == 2
    assert "参数错误" in capsys.readouterr().err


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_stopped_check_still_writes_the_result_so_far(trap_site: TrapSite, tmp_path: Path, sig: int) -> None:
    trap_site.reset()
    out = tmp_path / "stopped.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gongkai",
            "check",
            trap_site.url("/slow/0.html"),
            "--json",
            str(out),
            "--rate",
            "0",
            "--max-depth",
            "50",
            "--quiet",
        ]
    )
    deadline = time.monotonic() + 30
    while trap_site.hits["slow"] < 6:
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(sig)
    assert process.wait(20) == 130
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["complete"] is False and data["incomplete"][0] == "interrupted"
    assert data["pages_crawled"] >= 3 and data["finished_at"]
    assert any(f["kind"] == "missing_meta" for f in data["findings"])


def test_query_string_explosion_is_a_trap(trap_site: TrapSite) -> None:
    trap_site.reset()
    # with the repeat rule out of the way, the per-path cap on query variants detects the calendar
    result = asyncio.run(
        audit(fast_config(trap_site.url("/cal?d=2024-01-01"), max_query_variants=5, trap_repeat=1000))
    )
    (trap,) = traps_of(result).values()
    assert trap["reason"] == "query" and trap["pattern"] == trap_site.url("/cal?d=*") and trap["skipped"] > 0
    assert trap_site.hits["cal"] <= 6
