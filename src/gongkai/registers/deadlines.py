"""An application's statutory clock, computed from its stored dates by gongkai.disclosure.clock.

Nothing here is stored: see the note in registers.models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.disclosure import clock as engine
from gongkai.registers.models import OPEN_STATES, Application, State

DUE_SOON_DAYS = 3  # working days left at which an open application is shown as due soon


@dataclass(frozen=True)
class Deadline:
    clock: engine.Clock
    due: date  # the extended due date once the extension is approved, else the reply due date
    days_left: int | None  # working days from today to the due date (open applications only)
    estimated: bool  # some date lies outside the holiday calendar: the dates are estimates
    overdue: bool
    due_soon: bool

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def today() -> date:
    return timezone.localdate()


def clock_case(application: Application, *, on: date | None = None) -> engine.ClockCase:
    """The engine's case for the application; a consultation still running pauses up to ``on``."""
    on = on or today()
    intervals = tuple((c.started, c.ended or max(on, c.started)) for c in application.consultations.all())
    return engine.ClockCase(
        received=application.received,
        correction_requested=application.correction_requested,
        correction_received=application.correction_received,
        third_party=intervals,
    )


def deadline(application: Application, *, on: date | None = None) -> Deadline | None:
    """The application's deadline as seen on ``on`` (default today); None when its dates are
    inconsistent (the engine refuses them; the forms and the import do not let that happen)."""
    on = on or today()
    try:
        clock = engine.compute(clock_case(application, on=on))
    except engine.ClockError:
        return None
    due = engine.due_date(clock, application.extended)
    estimated = bool(clock.estimated)
    days_left = None
    if application.state == State.CORRECTION:  # the reply period restarts with the correction
        overdue = False
    elif application.is_open:
        try:
            days_left, left_estimated = engine.working_days_left(due, on)
        except engine.ClockError:  # a date before the holiday calendar
            days_left, left_estimated = None, True
        estimated = estimated or bool(left_estimated)
        overdue = on > due
    else:
        replied = application.state == State.REPLIED and application.replied is not None
        overdue = replied and application.replied > due
    due_soon = application.is_open and not overdue and days_left is not None and days_left <= DUE_SOON_DAYS
    return Deadline(clock, due, days_left, estimated, overdue, due_soon)


def overdue_open(
    applications: QuerySet[Application], *, on: date | None = None
) -> list[tuple[Application, Deadline]]:
    """The open applications past their due date on ``on`` (default today), most overdue first:
    the supervisor's dashboard lists them."""
    on = on or today()
    found = []
    candidates = applications.filter(state__in=OPEN_STATES).exclude(state=State.CORRECTION)
    for app in candidates.select_related("unit").prefetch_related("consultations"):
        d = deadline(app, on=on)
        if d is not None and d.overdue:
            found.append((app, d))
    found.sort(key=lambda pair: (pair[1].due, pair[0].unit.name, pair[0].number))
    return found


def payment_due(application: Application) -> date | None:
    """The last day to pay after the fee notice (20 working days), while the fee is unpaid."""
    if application.fee_notice is None or application.fee_paid is not None:
        return None
    return engine.payment_due(application.fee_notice)
