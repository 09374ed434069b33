"""Pages: the leader dashboard with its charts,
and the security audit log. Every view asks gongkai.accounts.access first."""

from __future__ import annotations

from itertools import chain

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.accounts import access
from gongkai.api.models import ApiToken
from gongkai.api.tokens import create_token, revoke_token
from gongkai.assessment.models import Period, ScoreChange
from gongkai.oversight import dashboard as board
from gongkai.oversight.models import Event
from gongkai.reports.errors import ReportError
from gongkai.web.params import id_param

LOG_PAGE_SIZE = 50
LOG_LIMIT = 2000  # newest rows of each kind merged into the log


# leader dashboard ----------------------------------------------------------------------------------
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
    if period is not None:
        context["board"] = board.build(period, visible)
    return render(request, "oversight/dashboard.html", context)


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


# audit log -----------------------------------------------------------------------------------------
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Score changes of the region's periods and the events of the region, newest first."""
    if not access.can_view_audit_log(request.user):
        raise PermissionDenied("审计日志仅供监管人员查看。")
    regions = access.visible_regions(request.user)
    changes = ScoreChange.objects.filter(period__region__in=regions).select_related("period", "unit", "user")
    in_scope = (
        Q(region__in=regions) | Q(region__isnull=True) if request.user.is_superuser else Q(region__in=regions)
    )
    event_rows = Event.objects.filter(in_scope).select_related("user", "region")
    kind = request.GET.get("kind", "")
    if kind == "score":
        event_rows = event_rows.none()
    elif kind in Event.Kind.values:
        changes, event_rows = changes.none(), event_rows.filter(kind=kind)
    rows = sorted(
        chain(
            ({"at": c.at, "change": c} for c in changes[:LOG_LIMIT]),
            ({"at": e.at, "event": e} for e in event_rows[:LOG_LIMIT]),
        ),
        key=lambda row: row["at"],
        reverse=True,
    )
    page = Paginator(rows, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/audit_log.html",
        {"page": page, "kind": kind, "kinds": Event.Kind.choices},
    )


# API tokens ------------------------------------------------------------------------------------------
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens: create one (its key is shown on this response only) or revoke."""
    if access.role_of(request.user) is None:
        raise PermissionDenied("您的账号尚未分配角色，不能使用接口。")
    new_key = None
    if request.method == "POST":
        if "revoke" in request.POST:
            token = get_object_or_404(ApiToken, pk=request.POST["revoke"], user=request.user)
            revoke_token(token, by=request.user)
            messages.success(request, f"已吊销令牌“{token.name}”。")
            return redirect("oversight:api_tokens")
        name = request.POST.get("name", "").strip()[:100]
        if not name:
            messages.error(request, "请填写令牌用途。")
        else:
            _, new_key = create_token(request.user, name, by=request.user)
    tokens = ApiToken.objects.filter(user=request.user)
    response = render(request, "oversight/api_tokens.html", {"tokens": tokens, "new_key": new_key})
    response["Cache-Control"] = "no-store"  # the page may carry a key
    return response
