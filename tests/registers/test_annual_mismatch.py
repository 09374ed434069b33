"""The published annual report meets the register (issue 14 item 6): `gongkai audit` of a unit's
site on loopback reads its 2025 report, and gongkai.after_audit stores one
``annual_report_mismatch`` finding per cell where the report's table 三 differs from the
register's — exactly the planted two, with both numbers; a report equal to the register and a
unit whose register is empty give none. The unit's annual-table page shows both tables, the
differing cells marked, and links to the report."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.assessment import services
from gongkai.assessment.review import period_findings
from gongkai.audit.content import annual_report as AR
from gongkai.followup.services import issue_problems
from gongkai.monitoring.models import AuditRun, Finding
from gongkai.registers import annual_mismatch
from gongkai.registers.models import State
from gongkai.registry.models import Site, Unit
from gongkai.review.dismissals import finding_identity
from tests.assessment.conftest import make_period
from tests.audit.annualsite import ReportSite, report_site

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 6, 30)
KIND = "annual_report_mismatch"


def _register(make_app, unit: str) -> None:
    replied = {"state": State.REPLIED}
    make_app(unit, "A", date(2024, 12, 20), replied=date(2025, 1, 10), result="（一）予以公开", **replied)
    make_app(unit, "B", date(2025, 3, 3), replied=date(2025, 3, 20), result="（一）予以公开", **replied)
    make_app(
        unit,
        "C",
        date(2025, 5, 6),
        applicant_type="商业企业",
        replied=date(2025, 6, 3),
        result="（二）部分公开",
        **replied,
    )
    make_app(unit, "D", date(2025, 12, 15), applicant_type="法律服务机构", state=State.IN_PROGRESS)


def _rows(unit: Unit) -> dict[str, list[int]]:
    table = annual_mismatch.register_table(unit, 2025)
    assert table is not None
    return {row["label"]: list(row["values"]) for row in table["rows"]}


@pytest.fixture
def town(users) -> Unit:
    return Unit.objects.get(region__name="偃师市", name="大口镇")


@pytest.fixture
def sites(units, town, make_app) -> Iterator[dict[str, Site]]:
    """教育体育局 publishes a report differing from its register in two cells (自然人 and 总计 of
    row 一), 公安局 one equal to its register, 大口镇 (no application registered) any report."""
    _register(make_app, "own")
    _register(make_app, "other")
    differing = copy.deepcopy(_rows(units["own"]))
    differing[AR.NEW][0] += 2  # 一、本年新收 自然人 …
    differing[AR.NEW][6] += 2  # … and its 总计: the row still adds up, the register says otherwise
    served = {
        **report_site("/diff/", 2025, "2026-01-20", differing),
        **report_site("/same/", 2025, "2026-01-20", _rows(units["other"])),
        **report_site("/empty/", 2025, "2026-03-20", differing),
    }
    server = ReportSite(served).start()
    try:
        made = {}
        for key, unit, prefix in (
            ("diff", units["own"], "/diff/"),
            ("same", units["other"], "/same/"),
            ("empty", town, "/empty/"),
        ):
            unit.sites.update(active=False)  # nothing leaves the machine
            made[key] = Site.objects.create(unit=unit, name=f"{unit.name}测试网站", url=server.url(prefix))
        yield made
    finally:
        server.stop()


def _audit(site: Site) -> AuditRun:
    out = StringIO()
    call_command("audit", site=[site.pk], as_of=AS_OF, rate=0, max_pages=100, stdout=out)
    run = AuditRun.objects.filter(site=site).latest("id")
    assert run.annual_reports and run.annual_reports[0]["year"] == 2025, out.getvalue()
    return run


def test_a_report_differing_from_the_register_gives_one_finding_per_cell(sites, users):
    run = _audit(sites["diff"])
    report = run.annual_reports[0]
    assert report["readable"] and report["table"][AR.NEW][0] == _rows(sites["diff"].unit)[AR.NEW][0] + 2

    found = list(run.findings.filter(kind=KIND).order_by("position"))
    registered = _rows(sites["diff"].unit)[AR.NEW]
    assert [(f.data["cell"], f.data["published"], f.data["register"]) for f in found] == [
        (f"{AR.NEW}／自然人", registered[0] + 2, registered[0]),
        (f"{AR.NEW}／总计", registered[6] + 2, registered[6]),
    ]
    assert found[0].message == f"年报表三“{AR.NEW}／自然人”为 {registered[0] + 2}，台账为 {registered[0]}"
    assert all(f.page == report["page"] and f.data["year"] == 2025 for f in found)
    # after the engine's findings, identified by the cell like any finding of the run
    assert found[0].position > max(
        run.findings.exclude(kind=KIND).values_list("position", flat=True), default=-1
    )
    assert finding_identity(found[0])[0] == f"{AR.NEW}／自然人"
    assert not run.findings.filter(kind="annual_report_late").exists()  # a department's Jan 31, kept

    # the unit's page: both tables, the two cells marked, the report linked
    client = Client()
    client.force_login(users["unit_admin"])
    page = client.get("/applications/annual/?year=2025").content.decode()
    assert "与台账不一致 2 处" in page and f'href="{report["page"]}"' in page
    assert page.count('class="num mismatch"') == 2


def test_a_report_equal_to_the_register_and_an_empty_register_give_none(sites, users):
    same, empty = _audit(sites["same"]), _audit(sites["empty"])
    assert same.annual_reports[0]["readable"] and empty.annual_reports[0]["readable"]
    assert not Finding.objects.filter(kind=KIND).exists()
    assert annual_mismatch.register_table(sites["empty"].unit, 2025) is None

    client = Client()
    client.force_login(users["supervisor"])
    page = client.get(f"/applications/annual/?unit={sites['same'].unit.pk}&year=2025").content.decode()
    assert "与台账一致" in page and "mismatch" not in page.replace("td.mismatch", "")


def test_mismatches_are_reviewed_and_issued_like_any_finding(sites, users):
    unit = sites["diff"].unit
    period = make_period(unit.region, "guoban-2019", user=users["supervisor"], units=[unit])
    run = _audit(sites["diff"])
    services.recompute(period, reason="测试")
    mismatches = set(run.findings.filter(kind=KIND).values_list("pk", flat=True))
    rows = [r for r in period_findings(period) if r.finding.kind == KIND]
    assert {r.finding.pk for r in rows} == mismatches and rows[0].kind_label == "年度报告与申请台账不一致"
    issued = [p for p in issue_problems(period, user=users["supervisor"]) if p.kind == KIND]
    assert sorted(p.ident for p in issued) == sorted(f"{AR.NEW}／{c}" for c in ("自然人", "总计"))
