"""The published annual report against the register: each cell where a report's table 三 (as the
audit read it, ``AuditRun.annual_reports``) differs from the table the unit's register gives for
the same year becomes an ``annual_report_mismatch`` finding of the run (gongkai.after_audit
calls :func:`record_mismatches` right after the run is stored, so review, scoring and problems
see them like every other finding). An empty register says nothing: without applications of the
unit received by the year's end and open in the year, no report is compared."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from gongkai.audit.content import annual_report
from gongkai.disclosure import annual_table
from gongkai.monitoring.models import AuditRun, Finding
from gongkai.registers import annual
from gongkai.registry.models import Unit

logger = logging.getLogger(__name__)

KIND = "annual_report_mismatch"


def _readable(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in reports if r.get("readable") and r.get("table") and isinstance(r.get("year"), int)]


def register_table(unit: Unit, year: int) -> dict[str, Any] | None:
    """The register's table 三 of ``unit`` for ``year`` as annual_table.to_json, or None when the
    register has no application the table counts (or one it cannot count: logged)."""
    units = Unit.objects.filter(pk=unit.pk)
    if not annual.applications_for(units, year).exists():
        return None
    try:
        return annual_table.to_json(annual.build(units, year))
    except ValueError as exc:  # an application whose result or applicant type the table lacks
        logger.warning("%s %s 年度台账无法生成年报表三：%s", unit.name, year, exc)
        return None


def message(difference: dict[str, Any]) -> str:
    return f"年报表三“{difference['cell']}”为 {difference['published']}，台账为 {difference['register']}"


def record_mismatches(run: AuditRun) -> list[Finding]:
    """Store one ``annual_report_mismatch`` finding per differing cell of each readable report of
    the run (page: the report; fields: year, cell, row, column, published, register)."""
    unit = run.site.unit
    position = (run.findings.aggregate(last=Max("position"))["last"] or 0) + 1
    found = []
    for report in _readable(run.annual_reports or []):
        register = register_table(unit, report["year"])
        if register is None:
            continue
        for difference in annual_report.compare(report["table"], register):
            found.append(
                Finding(
                    run=run,
                    kind=KIND,
                    page=report.get("page") or run.start,
                    message=message(difference),
                    data={"year": report["year"], **difference},
                    position=position + len(found),
                )
            )
    return Finding.objects.bulk_create(found)


@dataclass
class Published:
    """A report read by the latest audit run that read one of ``year``: its address, the run,
    and its table 三 as rows in the register table's order."""

    page: str
    title: str
    run: AuditRun
    rows: dict[str, list[int]]


def published_report(unit: Unit, year: int) -> Published | None:
    """The unit's report on ``year`` as last read with a readable table 三 (None: never read)."""
    runs = AuditRun.objects.filter(site__unit=unit, status=AuditRun.Status.DONE).order_by("-as_of", "-id")
    for run in runs.only("id", "as_of", "annual_reports").iterator():
        for report in _readable(run.annual_reports):
            if report["year"] == year:
                table = report["table"]
                rows = {label: [int(v) for v in table.get(label) or [0] * 7] for label in annual_report.ROWS}
                return Published(
                    page=report.get("page") or "", title=report.get("title") or "", run=run, rows=rows
                )
    return None
