"""API endpoints of the disclosure-applications register (依申请公开): list and detail, with the
register's access rules (gongkai.registers.access): a unit administrator's token sees only its
unit's applications; an application outside the caller's scope is a 404, a unit outside it a 403.
The applicant's name is not part of the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from gongkai.accounts import access as base_access
from gongkai.params import ApiId
from gongkai.registers import access, deadlines
from gongkai.registers.models import Application, State
from gongkai.registry.models import Unit

router = Router(tags=["依申请公开"])


class ConsultationOut(Schema):
    started: date
    ended: date | None


class ApplicationOut(Schema):
    id: int
    unit_id: int
    unit: str
    number: str
    applicant_type: str
    channel: str
    received: date
    state: str
    extended: bool
    replied: date | None
    result: str
    reply_due: date | None
    days_left: int | None
    overdue: bool
    estimated: bool


class ApplicationDetailOut(ApplicationOut):
    content: str
    correction_requested: date | None
    correction_received: date | None
    correction_notice_due: date | None
    extended_due: date | None
    consultations: list[ConsultationOut]
    fee_mode: str
    fee_amount: Decimal | None
    fee_notice: date | None
    fee_paid: date | None


class ApplicationFilters(Schema):
    unit: ApiId | None = Field(None, description="单位编号")
    state: str | None = Field(None, description="状态：" + "、".join(State.values))
    year: int | None = Field(None, ge=1900, le=9999, description="收到年度")


def _out(app: Application) -> dict:
    d = deadlines.deadline(app)
    return {
        "id": app.pk,
        "unit_id": app.unit_id,
        "unit": app.unit.name,
        "number": app.number,
        "applicant_type": app.applicant_type,
        "channel": app.channel,
        "received": app.received,
        "state": app.state,
        "extended": app.extended,
        "replied": app.replied,
        "result": app.result,
        "reply_due": d.due if d else None,
        "days_left": d.days_left if d else None,
        "overdue": bool(d and d.overdue),
        "estimated": bool(d and d.estimated),
    }


@router.get(
    "/applications", response=list[ApplicationOut], summary="依申请公开申请列表（按单位、状态、年度筛选）"
)
def list_applications(request: HttpRequest, filters: Query[ApplicationFilters]):
    apps = access.visible_applications(request.user).select_related("unit").prefetch_related("consultations")
    if filters.unit is not None:
        unit = get_object_or_404(Unit, pk=filters.unit)
        if not base_access.can_view_unit(request.user, unit):
            raise HttpError(403, "无权查看该单位。")
        apps = apps.filter(unit=unit)
    if filters.state:
        if filters.state not in State.values:
            raise HttpError(400, f"状态“{filters.state}”无效，可选：{'、'.join(State.values)}。")
        apps = apps.filter(state=filters.state)
    if filters.year is not None:
        apps = apps.filter(received__year=filters.year)
    return [_out(app) for app in apps.order_by("unit__name", "received", "number")]


@router.get(
    "/applications/{application_id}", response=ApplicationDetailOut, summary="依申请公开申请详情及期限"
)
def get_application(request: HttpRequest, application_id: ApiId):
    app = get_object_or_404(
        access.visible_applications(request.user).select_related("unit"), pk=application_id
    )
    d = deadlines.deadline(app)
    return {
        **_out(app),
        "content": app.content,
        "correction_requested": app.correction_requested,
        "correction_received": app.correction_received,
        "correction_notice_due": d.clock.correction_notice_due if d else None,
        "extended_due": d.clock.extended_due if d else None,
        "consultations": [{"started": c.started, "ended": c.ended} for c in app.consultations.all()],
        "fee_mode": app.fee_mode,
        "fee_amount": app.fee_amount,
        "fee_notice": app.fee_notice,
        "fee_paid": app.fee_paid,
    }
