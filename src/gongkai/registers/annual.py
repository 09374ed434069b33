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
                result=app.result,
                due=deadline.due if deadline else date.max,  # dates the clock refuses: never "overdue"
            )
        )
    return requests


def units_of_region(region: Region) -> QuerySet[Unit]:
    """A region's units, sub-regions included."""
    return Unit.objects.filter(region__path__startswith=region.path)


def build(units: QuerySet[Unit], year: int):
    """The engine's table for ``units`` in ``year``."""
    return annual_table.build(requests_for(applications_for(units, year), year), year)
