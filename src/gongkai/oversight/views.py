"""Pages: the security audit log and API tokens. Every view asks gongkai.accounts.access first."""

from __future__ import annotations

from itertools import chain

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.accounts import access
from gongkai.api.models import ApiToken
from gongkai.api.tokens import create_token, revoke_token
from gongkai.assessment.models import ScoreChange
from gongkai.oversight.models import Event

LOG_PAGE_SIZE = 50
LOG_LIMIT = 2000  # newest rows of each kind merged into the log


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
