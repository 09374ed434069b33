"""The 年报 check in the crawler: generated report pages in the published layout (HTML tables with
merged cells, a .docx attachment, PDFs) served on loopback (:mod:`tests.audit.annualsite`); each
site's findings must be exactly the planted ones."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from gongkai.audit.cli import check_main
from gongkai.audit.content import annual_report as AR
from gongkai.audit.engine import AuditResult, audit
from gongkai.audit.kinds import REVIEW_ONLY_KINDS, SCORABLE_FIELDS, identified_by, kind_label
from tests.audit.annualsite import AS_OF, AnnualSite, table
from tests.audit.conftest import fast_config

SITES = ("ok", "identity", "late", "copied", "files", "missing", "nodisclosure", "portal")
NATURAL = "自然人"


@pytest.fixture(scope="module")
def asite() -> Iterator[AnnualSite]:
    server = AnnualSite().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def results(asite: AnnualSite) -> dict[str, AuditResult]:
    async def run() -> list[AuditResult]:
        return await asyncio.gather(*(audit(fast_config(asite.url(f"/{s}/"), as_of=AS_OF)) for s in SITES))

    return dict(zip(SITES, asyncio.run(run()), strict=True))


def annual(result: AuditResult) -> set[tuple[Any, ...]]:
    """(kind, page path, the identifying fields) of every annual-report finding."""
    keys = {
        "annual_report_missing": ("year", "deadline"),
        "annual_report_late": ("year", "published", "deadline"),
        "annual_report_identity": ("year", "where", "left", "right"),
        "annual_report_copied": ("year", "previous_year", "basis"),
        "annual_report_unreadable": ("year", "format"),
    }
    found = set()
    for f in result.findings:
        if f.kind.startswith("annual_report"):
            values = tuple(
                tuple(v) if isinstance(v, list) else v for v in (f.fields[k] for k in keys[f.kind])
            )
            found.add((f.kind, urlsplit(f.page).path, *values))
    return found


def test_no_check_failed(results: dict[str, AuditResult]) -> None:
    for name, result in results.items():
        assert result.error is None, name
        assert [f.message for f in result.findings if f.kind == "page_error"] == [], name


def test_correct_reports_give_nothing_and_are_exported(results: dict[str, AuditResult]) -> None:
    result = results["ok"]
    assert annual(result) == set()
    reports = {r["year"]: r for r in result.to_dict()["annual_reports"]}
    assert sorted(reports) == [2023, 2024, 2025]
    report = reports[2025]
    assert (report["format"], report["published"], report["deadline"]) == ("html", "2026-03-20", "2026-03-31")
    assert report["late"] is False and report["readable"] and report["identity_ok"] is True
    assert report["table"] == table(2025, "ok")  # every row of table 三, canonical labels, 7 numbers
    assert list(report["table"]) == list(AR.ROWS)
    assert report["table2"]["行政规范性文件"] == [1, 0, 3] and report["table2"]["行政许可"] == [0]
    assert report["table4"] == {group: [0] * 5 for group in AR.TABLE4_GROUPS}


def test_identity_failures(results: dict[str, AuditResult]) -> None:
    new = AR.NEW
    expected_new = table(2025, "identity")[new]
    handled = table(2025, "identity")[AR.TOTAL][0] + table(2025, "identity")[AR.FORWARD][0]
    subtotal = table(2024, "identity")["（三）不予公开"]
    assert annual(results["identity"]) == {
        # 2025: 自然人 new applications one too many: the identity fails, and so does row 一's 总计
        (
            "annual_report_identity",
            "/identity/nb/t20260320_2025.html",
            2025,
            f"{AR.IDENTITY}／{NATURAL}",
            expected_new[0] + 1 + table(2025, "identity")[AR.CARRIED][0],
            handled,
        ),
        (
            "annual_report_identity",
            "/identity/nb/t20260320_2025.html",
            2025,
            f"总计列／{new}",
            expected_new[6],
            expected_new[6] + 1,
        ),
        # 2024: the report shows subtotal rows; the （三） subtotal is one more than its sub-rows
        (
            "annual_report_identity",
            "/identity/nb/t20250315_2024.html",
            2024,
            f"（三）不予公开／{NATURAL}",
            subtotal[0] + 1,
            subtotal[0],
        ),
        (
            "annual_report_identity",
            "/identity/nb/t20250315_2024.html",
            2024,
            "（三）不予公开／总计",
            subtotal[6] + 1,
            subtotal[6],
        ),
    }
    finding = next(f for f in results["identity"].findings if f.kind == "annual_report_identity")
    assert finding.fields["table"][new][0] == expected_new[0] + 1  # the table as published
    assert "一（本年新收）+ 二（上年结转）" in finding.message and "两者应相等" in finding.message


def test_late_report(results: dict[str, AuditResult]) -> None:
    assert annual(results["late"]) == {
        ("annual_report_late", "/late/nb/t20260415_2025.html", 2025, "2026-04-15", "2026-03-31")
    }
    message = next(f.message for f in results["late"].findings if f.kind == "annual_report_late")
    assert "2026-04-15" in message and "2026-03-31" in message and "15 天" in message


def test_department_deadline_is_january(asite: AnnualSite) -> None:
    config = fast_config(asite.url("/ok/"), as_of=AS_OF, annual_report_deadline="department")
    result = asyncio.run(audit(config))
    assert annual(result) == {
        ("annual_report_late", "/ok/nb/t20260320_2025.html", 2025, "2026-03-20", "2026-01-31"),
        ("annual_report_late", "/ok/nb/t20250315_2024.html", 2024, "2025-03-15", "2025-01-31"),
        ("annual_report_late", "/ok/nb/t20240228_2023.html", 2023, "2024-02-28", "2024-01-31"),
    }


def test_copied_report(results: dict[str, AuditResult]) -> None:
    assert annual(results["copied"]) == {
        ("annual_report_copied", "/copied/nb/t20260320_2025.html", 2025, 2024, ("table", "text"))
    }
    finding = next(f for f in results["copied"].findings if f.kind == "annual_report_copied")
    assert finding.fields["previous_page"].endswith("/copied/nb/t20250315_2024.html")
    assert finding.fields["table"] == table(2024, "copied")


def test_docx_and_pdf_reports(results: dict[str, AuditResult]) -> None:
    result = results["files"]
    # the PDF without a table is our limitation: a review-only finding, never the unit's problem
    assert annual(result) == {("annual_report_unreadable", "/files/nb/nb2023.pdf", 2023, "pdf")}
    assert "annual_report_unreadable" in REVIEW_ONLY_KINDS
    reports = {r["year"]: r for r in result.annual_reports}
    assert (reports[2025]["format"], urlsplit(reports[2025]["source"]).path) == ("docx", "/files/nb2025.docx")
    assert reports[2025]["published"] == "2026-03-20"  # the date of the page the .docx is attached to
    assert reports[2025]["table"] == table(2025, "files")
    assert (reports[2024]["format"], reports[2024]["published"]) == ("pdf", "2025-03-15")  # the list's date
    assert reports[2024]["table"] == table(2024, "files")
    assert reports[2023]["readable"] is False and "未找到表三" in reports[2023]["error"]


def test_missing_report_only_after_the_deadline(asite: AnnualSite, results: dict[str, AuditResult]) -> None:
    assert annual(results["missing"]) == {("annual_report_missing", "/missing/nb/", 2025, "2026-03-31")}
    before = asyncio.run(audit(fast_config(asite.url("/missing/"), as_of=date(2026, 3, 31))))
    assert annual(before) == set()
    # no disclosure area on the site: the reports live elsewhere (the county's platform)
    assert annual(results["nodisclosure"]) == set() and results["nodisclosure"].annual_reports == []


def test_the_units_own_report_is_chosen(results: dict[str, AuditResult]) -> None:
    result = results["portal"]
    assert annual(result) == set()
    reports = {r["year"]: r for r in result.annual_reports}
    assert urlsplit(reports[2025]["page"]).path == "/portal/nb/t20260320_2025.html"
    assert reports[2025]["table"] == table(2025, "portal")


def test_bounded_requests(results: dict[str, AuditResult]) -> None:
    """Only the report pages found are read: on the PDF/.docx site 3 reports and one attachment."""
    files = results["files"]
    read = [p for p in files.pages if "/nb" in p]
    assert sorted(urlsplit(p).path for p in read) == [
        "/files/nb/",
        "/files/nb/nb2023.pdf",
        "/files/nb/nb2024.pdf",
        "/files/nb/t20260320_2025.html",
        "/files/nb2025.docx",
    ]


def test_declared_column_and_column_type(asite: AnnualSite, results: dict[str, AuditResult]) -> None:
    columns = {urlsplit(c["url"]).path: c for c in results["ok"].columns}
    assert columns["/ok/nb/"]["type"] == "年报" and columns["/ok/nb/"]["status"] == "ok"
    # a list page linked under a name that says nothing, declared --column URL=年报
    config = fast_config(asite.url("/missing/"), as_of=AS_OF, columns=[(asite.url("/missing/nb/"), "年报")])
    result = asyncio.run(audit(config))
    assert annual(result) == {("annual_report_missing", "/missing/nb/", 2025, "2026-03-31")}
    assert [r["year"] for r in result.annual_reports] == [2024]


def test_kinds_are_registered() -> None:
    for kind in (
        "annual_report_missing",
        "annual_report_late",
        "annual_report_identity",
        "annual_report_copied",
        "annual_report_mismatch",
    ):
        assert kind in SCORABLE_FIELDS and "\u4e00" <= kind_label(kind)[0] <= "\u9fff"
    assert (
        identified_by("annual_report_identity") == "where"
        and identified_by("annual_report_mismatch") == "cell"
    )
    assert "annual_report_unreadable" not in SCORABLE_FIELDS


def test_cli_json_has_the_findings(
    asite: AnnualSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    argv = [asite.url("/identity/"), "--as-of", AS_OF.isoformat(), "--json", str(out), "--rate", "0"]
    assert check_main([*argv, "--concurrency", "8", "--timeout", "5"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    kinds = [f for f in data["findings"] if f["kind"] == "annual_report_identity"]
    assert len(kinds) == 4
    assert all(
        {"page", "message", "page_hash", "year", "where", "left", "right", "table"} <= set(f) for f in kinds
    )
    assert [r["year"] for r in data["annual_reports"]] == [2025, 2024, 2023]
    printed = capsys.readouterr().out
    assert "年度报告表三数据不符合勾稽关系 4 个" in printed and "2025年度政府信息公开工作年度报告" in printed
    assert check_main([*argv, "--annual-report-deadline", "部门"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {f["deadline"] for f in data["findings"] if f["kind"] == "annual_report_late"} == {
        "2026-01-31",
        "2025-01-31",
        "2024-01-31",
    }
    assert check_main([*argv, "--annual-report-deadline", "13-40"]) == 2
    assert "参数错误" in capsys.readouterr().err
