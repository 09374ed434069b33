"""The leader dashboard and its charts, next to the circulars it summarises. Every view asks
gongkai.accounts.access first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.assessment import access
from gongkai.assessment.models import Period
from gongkai.circulars import dashboard as board
from gongkai.params import id_param
from gongkai.registers import access as register_access
from gongkai.registers.deadlines import overdue_open
from gongkai.reports.errors import ReportError


def _dashboard_period(request: HttpRequest, period_id: int | None) -> tuple[Period | None, object]:
    if not access.can_view_dashboard(request.user):
        raise PermissionDenied("领导看板仅供监管人员、考评人员和领导查看。")
    visible = access.visible_periods(request.user)
    periods = board.scored_periods(visible)
    if period_id is None:
        return periods.first(), visible
    period = periods.filter(pk=period_id).first()
    if period is None:
        raise Http404("没有这个考评期，或该考评期尚无得分。")
    return period, visible


@login_required
def dashboard(request: HttpRequest, period_id: int | None = None) -> HttpResponse:
    chosen = id_param(request.GET, "period")
    if period_id is None and chosen:
        return redirect("oversight:dashboard_period", period_id=chosen)
    period, visible = _dashboard_period(request, period_id)
    context = {"period": period, "periods": board.scored_periods(visible)}
    context["overdue_applications"] = overdue_open(register_access.visible_applications(request.user))
    if period is not None:
        context["board"] = board.build(period, visible)
    return render(request, "circulars/dashboard.html", context)


def _chart(request: HttpRequest, period_id: int, draw) -> HttpResponse:
    period, visible = _dashboard_period(request, period_id)
    try:
        png = draw(board.build(period, visible))
    except ReportError as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
def trend_chart(request: HttpRequest, period_id: int) -> HttpResponse:
    return _chart(request, period_id, board.trend_png)


@login_required
def problems_chart(request: HttpRequest, period_id: int) -> HttpResponse:
    return _chart(request, period_id, board.problems_png)
