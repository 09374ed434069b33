"""Pages of the 佐证材料 units upload themselves (issue 16.6): a unit administrator's upload page
per period, the overview per item (which units uploaded, on time or late) with the supervisor's
acceptance of late files, and the download. Permissions: gongkai.assessment.access."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.assessment import access, services
from gongkai.assessment.evidence_status import ItemEvidence, evidence_by_unit, upload_items
from gongkai.assessment.forms import AcceptEvidenceForm, UnitEvidenceForm
from gongkai.assessment.models import Period, UnitEvidence
from gongkai.assessment.unit_evidence import accept_late_evidence, upload_unit_evidence
from gongkai.uploads import download_response


@login_required
def unit_evidence(request: HttpRequest, period_id: int) -> HttpResponse:
    """The own unit's items, files and status; one upload form per item."""
    period = get_object_or_404(Period, pk=period_id)
    is_unit_admin = access.role_of(request.user) == access.Role.UNIT_ADMIN
    profile_unit = access.profile_of(request.user).unit if is_unit_admin else None
    if profile_unit is None or not access.can_upload_unit_evidence(request.user, period, profile_unit):
        raise PermissionDenied(
            "只有参加本考评期的单位管理员可以上传本单位的佐证材料（考评期须设置佐证材料截止日且尚未发布）。"
        )
    unit = profile_unit
    form, failed_item = None, None
    if request.method == "POST":
        form = UnitEvidenceForm(request.POST, request.FILES)
        failed_item = request.POST.get("indicator", "")
        if form.is_valid():
            try:
                stored = upload_unit_evidence(
                    period,
                    unit,
                    form.cleaned_data["indicator"],
                    form.cleaned_data["files"],
                    user=request.user,
                )
            except services.AssessmentError as exc:
                form.add_error(None, str(exc))
            else:
                late = "（已过截止日，标为逾期，经监管人员认可后才计分）" if stored[0].late else ""
                messages.success(request, f"已上传 {len(stored)} 个佐证材料文件{late}。")
                return redirect("assessment:unit_evidence", period_id=period.pk)
    own = evidence_by_unit(period).get(unit.pk, {})
    rows = [
        (node, own.get(node.id, ItemEvidence()), form if node.id == failed_item else None)
        for node in upload_items(services.scheme_for(period.scheme))
    ]
    return render(
        request,
        "assessment/unit_evidence.html",
        {
            "period": period,
            "unit": unit,
            "rows": rows,
        },
        status=400 if form is not None else 200,
    )


@login_required
def evidence_overview(request: HttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(Period, pk=period_id)
    if not access.can_view_evidence_overview(request.user, period):
        raise PermissionDenied("您无权查看该考评期的佐证材料。")
    found = evidence_by_unit(period)
    memberships = list(period.memberships.select_related("unit").order_by("unit__order", "unit__name"))
    items = [
        (node, [(m.unit, found.get(m.unit_id, {}).get(node.id, ItemEvidence())) for m in memberships])
        for node in upload_items(services.scheme_for(period.scheme))
    ]
    return render(
        request,
        "assessment/evidence_overview.html",
        {
            "period": period,
            "items": items,
            "can_accept": access.can_accept_late_evidence(request.user, period) and not period.frozen,
        },
    )


@login_required
@require_POST
def evidence_accept(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = get_object_or_404(UnitEvidence.objects.select_related("period", "unit"), pk=evidence_id)
    if not access.can_accept_late_evidence(request.user, evidence.period):
        raise PermissionDenied("只有本地区的监管人员可以认可逾期上传的佐证材料。")
    form = AcceptEvidenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            accept_late_evidence(evidence, user=request.user, reason=form.cleaned_data["reason"])
        except services.AssessmentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"已认可“{evidence.unit.name}”逾期上传的“{evidence.original_name}”，得分已重新计算。"
            )
    return redirect("assessment:evidence_overview", period_id=evidence.period_id)


@login_required
def unit_evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = get_object_or_404(UnitEvidence.objects.select_related("period", "unit"), pk=evidence_id)
    if not access.can_view_unit_evidence(request.user, evidence.period, evidence.unit):
        raise PermissionDenied("您无权下载该佐证材料。")
    return download_response(evidence, "unit-evidence")
