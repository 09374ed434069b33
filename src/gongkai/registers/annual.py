"""Annual-report table 三 of a unit or a region, from the register, built by
gongkai.disclosure.annual_table (the counting rules are the engine's)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from gongkai.disclosure import annual_table
from gongkai.registers import deadlines
from gongkai.registers.models import Application
from gongkai.registry.models import Region, Unit


def applications_for(units: QuerySet[Unit], year: int) -> QuerySet[Application]:
    """What table 三 of ``year`` can count: received by its end, not replied before its start."""
    return (
        Application.objects.filter(unit__in=units, received__lte=date(year, 12, 31))
        .filter(Q(replied__isnull=True) | Q(replied__gte=date(year, 1, 1)))
        .select_related("unit")
        .prefetch_related("consultations")
        .order_by("unit__name", "received", "number")
    )


def requests_for(applications: QuerySet[Application], year: int) -> list[annual_table.Request]:
    year_end = date(year, 12, 31)
    requests = []
    for app in applications:
        deadline = deadlines.deadline(app, on=min(deadlines.today(), year_end))
        requests.append(
            annual_table.Request(
                unit=app.unit.name,
                number=app.number,
                applicant_type=app.applicant_type,
                received=app.received,
                replied=app.replied,
                result=app.result or None,
                due=deadline.due if deadline else None,
            )
        )
    return requests


def units_of_region(region: Region) -> QuerySet[Unit]:
    """A region's units, sub-regions included."""
    return Unit.objects.filter(region__path__startswith=region.path)


def build(units: QuerySet[Unit], year: int):
    """The engine's table for ``units`` in ``year``."""
    return annual_table.build(requests_for(applications_for(units, year), year), year)


NEW, CARRIED, TOTAL, FORWARD = (
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（七）总计",
    "四、结转下年度继续办理",
)


def identity(data: dict) -> list[dict]:
    """Per column of the table's JSON: 一 + 二 (left) against （七） + 四 (right)."""
    rows = {row["label"]: row["values"] for row in data["rows"]}
    checks = []
    for index, column in enumerate(data["columns"]):
        left = rows[NEW][index] + rows[CARRIED][index]
        right = rows[TOTAL][index] + rows[FORWARD][index]
        checks.append({"column": column, "left": left, "right": right, "ok": left == right})
    return checks


def breaking(applications: QuerySet[Application], year: int) -> list[dict]:
    """The applications that make 一 + 二 differ from （七） + 四: replied in the year without a
    result row of table 三, or replied before they were received."""
    from gongkai.registers.services import canonical_result

    found = []
    for app in applications:
        if app.replied is None or app.replied.year != year:
            continue
        if not app.result or canonical_result(app.result) is None:
            found.append({"app": app, "reason": "已答复但办理结果不是表三的一行"})
        elif app.replied < app.received:
            found.append({"app": app, "reason": "答复日期早于收到日期"})
    return found
