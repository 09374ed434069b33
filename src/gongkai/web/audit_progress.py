"""Pages: live progress of a period's background audits, start and resume. They start jobs
through gongkai.after_audit, which sits above the apps, so they live in web. Every view asks
gongkai.accounts.access first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai import after_audit
from gongkai.assessment import access, progress
from gongkai.assessment.models import Period
from gongkai.assessment.services import AssessmentError
from gongkai.monitoring.models import AuditJob


def _progress_period(request: HttpRequest, period_id: int) -> Period:
    period = get_object_or_404(Period.objects.select_related("region"), pk=period_id)
    if not access.can_view_period_ranking(request.user, period):
        raise PermissionDenied("您无权查看该考评期的检查进度。")
    return period


def _progress_context(request: HttpRequest, period: Period) -> dict:
    rows = progress.period_progress(period)
    counts = {
        name.lower(): sum(1 for r in rows if r["job"].status == status)
        for name, status in AuditJob.Status.__members__.items()
    }
    return {
        "period": period,
        "rows": rows,
        "counts": counts,
        "running": any(not r["job"].finished for r in rows),
        "can_start": access.can_manage_period(request.user, period) and not period.frozen,
    }


@login_required
def audit_progress(request: HttpRequest, period_id: int) -> HttpResponse:
    period = _progress_period(request, period_id)
    return render(request, "web/audit_progress.html", _progress_context(request, period))


@login_required
def audit_progress_rows(request: HttpRequest, period_id: int) -> HttpResponse:
    """The table alone, polled by htmx every 2 s while jobs are unfinished."""
    period = _progress_period(request, period_id)
    return render(request, "web/audit_rows.html", _progress_context(request, period))


def _launch(request: HttpRequest, period_id: int, action, verb: str, done: str) -> HttpResponse:
    """Start or resume a period's audits for its supervisor; a refusal is shown on the page."""
    period = get_object_or_404(Period, pk=period_id)
    if not access.can_manage_period(request.user, period):
        raise PermissionDenied(f"只有本地区的监管人员可以{verb}检查。")
    try:
        queued = action(period, user=request.user)
    except AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已{verb} {len(queued)} 个网站的检查，{done}")
    return redirect("oversight:audit_progress", period_id=period.pk)


@login_required
@require_POST
def start_audits(request: HttpRequest, period_id: int) -> HttpResponse:
    return _launch(request, period_id, after_audit.start_period_audits, "启动", "进度每 2 秒自动刷新。")


@login_required
@require_POST
def resume_audits(request: HttpRequest, period_id: int) -> HttpResponse:
    """Continue the period's interrupted jobs from the pages they had fetched."""
    return _launch(request, period_id, after_audit.resume_period, "继续", "已抓取的页面不再重复抓取。")
