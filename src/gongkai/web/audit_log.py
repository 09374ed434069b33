"""Page: the security audit log, score changes (assessment) merged with the events kept low in
gongkai.oversight, so the page lives in web. It asks gongkai.accounts.access first."""

from __future__ import annotations

from itertools import chain

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.accounts import access
from gongkai.assessment.models import ScoreChange
from gongkai.oversight.models import Event

LOG_PAGE_SIZE = 50
LOG_LIMIT = 2000  # newest rows of each kind merged into the log


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
        "web/audit_log.html",
        {"page": page, "kind": kind, "kinds": Event.Kind.choices},
    )
