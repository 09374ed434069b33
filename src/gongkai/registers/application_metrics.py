"""The disclosure-applications register's metrics (providers of registers.metrics).

The register has data for a unit when the unit has registered at least one application received
on or before the window's end: a unit that keeps its register and received nothing in the window
has 0 applications, a unit that never used the register has no data.

- 依申请公开申请数: applications received in the window;
- 依申请公开答复数: applications replied (state 已答复) with a reply date in the window;
- 依申请公开按时答复数: those replies made on or before their due date (registers.deadlines);
- 依申请公开答复规范数: those replies whose reply document has every applicable element ticked
  (models.reply_checks); a reply nobody has checked yet is not counted;
- 依申请公开逾期数: replies of the window made late, plus applications still open at the window's
  end (not replied, withdrawn or abandoned by then, not waiting for a correction) whose due date
  had passed by then.

Each value carries the applications it counts (registers.metrics_records: 编号).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from gongkai.disclosure import clock as engine
from gongkai.registers import deadlines
from gongkai.registers.metrics_records import Counted, Record, counted
from gongkai.registers.models import Application, State

if TYPE_CHECKING:  # registers.metrics imports this module to fill its provider table
    from gongkai.registers.metrics import Window


@dataclass(frozen=True, slots=True)
class _Facts:
    keeping: frozenset[int]  # units with data
    received: dict[int, list[Record]]  # the applications counted, per unit
    replied: dict[int, list[Record]]
    on_time: dict[int, list[Record]]
    complete: dict[int, list[Record]]
    overdue: dict[int, list[Record]]


def _open_overdue_at(app: Application, day: date) -> bool:
    """Whether ``app`` was open on ``day`` and past its due date then."""
    if app.replied is not None and app.replied <= day:
        return False
    if app.correction_requested and app.correction_requested <= day:
        if app.correction_received is None or app.correction_received > day:
            return False  # waiting for the correction: the reply period restarts with it
    try:
        clock = engine.compute(deadlines.clock_case(app, on=day))
    except engine.ClockError:
        return False
    extended = app.extended and app.extension_date is not None and app.extension_date <= day
    return day > engine.due_date(clock, extended)


def _facts(window: Window) -> _Facts:
    apps = (
        Application.objects.filter(unit_id__in=window.unit_ids, received__lte=window.end)
        .select_related("reply_check")
        .prefetch_related("consultations")
        .order_by("received", "number")
    )
    keeping: set[int] = set()
    counts: dict[str, dict[int, list[Record]]] = {
        k: {} for k in ("received", "replied", "on_time", "complete", "overdue")
    }

    def add(key: str, app: Application) -> None:
        counts[key].setdefault(app.unit_id, []).append(Record(app.number, "", app.pk))

    for app in apps:
        keeping.add(app.unit_id)
        if window.contains(app.received):
            add("received", app)
        if app.state == State.REPLIED and window.contains(app.replied):
            add("replied", app)
            d = deadlines.deadline(app, on=app.replied)
            late = d is None or d.overdue
            if late:
                add("overdue", app)
            else:
                add("on_time", app)
            check = getattr(app, "reply_check", None)
            if check is not None and check.complete:
                add("complete", app)
        elif _open_overdue_at(app, window.end):
            add("overdue", app)
    return _Facts(frozenset(keeping), **counts)


def _metric(key: str):
    def provider(window: Window) -> dict[int, Counted]:
        facts = window.once("applications", _facts)
        by_unit = getattr(facts, key)
        return {
            unit_id: counted("applications", by_unit.get(unit_id, ())) for unit_id in sorted(facts.keeping)
        }

    provider.__name__ = key
    provider.__doc__ = f"The {key} count of each unit with data (see the module docstring)."
    return provider


received = _metric("received")
replied = _metric("replied")
replied_on_time = _metric("on_time")
replied_complete = _metric("complete")
overdue = _metric("overdue")
