"""Pages of the assessment: periods, live ranking, a unit's score with its trace, manual entry
with evidence, metric import, the audit log. Every view asks gongkai.accounts.access first; a
refusal is a 403 page with a Chinese reason."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.assessment import access, services
from gongkai.assessment.forms import ManualEntryForm, MetricImportForm, PeriodForm
from gongkai.assessment.models import Evidence, ManualEntry, Period, Score
from gongkai.assessment.trace import trace_view
from gongkai.assessment.unit_evidence import refresh_lateness
from gongkai.monitoring.models import Finding
from gongkai.params import id_param
from gongkai.registry.models import Unit
from gongkai.uploads import download_response


def _period(request: HttpRequest, period_id: int, allowed, reason: str) -> Period:
    period = get_object_or_404(Period, pk=period_id)
    if not allowed(request.user, period):
        raise PermissionDenied(reason)
    return period


def _unit_score_access(request: HttpRequest, period_id: int, unit_id: int) -> tuple[Period, Unit]:
    period = get_object_or_404(Period, pk=period_id)
    unit = get_object_or_404(Unit, pk=unit_id)
    if not access.can_view_unit_score(request.user, period, unit):
        raise PermissionDenied("您无权查看该单位在本考评期的得分（单位管理员只能查看本单位已发布的得分）。")
    return period, unit


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    if access.role_of(request.user) is None:
        raise PermissionDenied("您的账号尚未分配角色，无权查看考评。")
    periods = access.visible_periods(request.user).select_related("region")
    own_unit = request.user.profile.unit_id if access.role_of(request.user) == "unit_admin" else None
    return render(
        request,
        "assessment/period_list.html",
        {
            "periods": periods,
            "own_unit": own_unit,
            "can_create": access.can_manage_periods(request.user),
        },
    )


@login_required
def period_edit(request: HttpRequest, period_id: int | None = None) -> HttpResponse:
    if not access.can_manage_periods(request.user):
        raise PermissionDenied("只有监管人员可以新建或修改考评期（您无权进行此操作）。")
    period = None
    if period_id is not None:
        period = _period(request, period_id, access.can_manage_period, "您无权修改该考评期。")
        if period.frozen:
            raise PermissionDenied("该考评期已发布，得分已冻结，无权修改。")
    form = PeriodForm(request.POST or None, instance=period, user=request.user)
    if request.method == "POST" and form.is_valid():
        creating = form.instance.pk is None
        if creating:
            form.instance.created_by = request.user
        saved = form.save()
        units = form.cleaned_data["units"]
        if creating and not units:
            units = services.default_units(saved.region, services.scheme_for(saved.scheme))
        reason = form.cleaned_data["reason"].strip() or ("新建考评期" if creating else "修改考评对象")
        services.set_period_units(saved, units, user=request.user, reason=reason)
        if not creating and "evidence_deadline" in form.changed_data:  # moves on-time/late scoring
            refresh_lateness(saved)
            services.recompute(saved, user=request.user, reason="修改佐证材料截止日")
        messages.success(request, f"已保存考评期“{saved.name}”，共 {saved.memberships.count()} 个考评对象。")
        return redirect("assessment:period_detail", period_id=saved.pk)
    title = f"修改考评期：{period.name}" if period else "新建考评期"
    return render(request, "assessment/period_form.html", {"form": form, "title": title, "period": period})


@login_required
def period_detail(request: HttpRequest, period_id: int) -> HttpResponse:
    period = _period(request, period_id, access.can_view_period_ranking, "您无权查看该考评期的排名。")
    scheme = services.scheme_for(period.scheme)
    scores = period.scores.select_related("unit").order_by("rank", "unit__order", "unit__name")
    # categories in the scheme's order (附件1 before 附件2), others after them by name
    order = {name: index for index, name in enumerate(scheme.categories)}
    ranked = sorted(
        (s for s in scores if s.total is not None),
        key=lambda s: (order.get(s.category, len(order)), s.category),
    )
    groups = [(category, list(items)) for category, items in groupby(ranked, key=lambda s: s.category)]
    return render(
        request,
        "assessment/period_detail.html",
        {
            "period": period,
            "scheme": scheme,
            "groups": groups,
            "unscored": [s for s in scores if s.total is None],
            "members": period.memberships.count(),
            "registers_changed": services.registers_changed(period),
            "can_manage": access.can_manage_period(request.user, period),
            "can_enter": access.can_enter_scores(request.user, period),
        },
    )


@login_required
@require_POST
def period_recompute(request: HttpRequest, period_id: int) -> HttpResponse:
    period = _period(request, period_id, access.can_manage_period, "只有本地区的监管人员可以重新计算得分。")
    try:
        services.recompute(period, user=request.user, reason="监管人员手动重新计算")
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已按最新的检查结果、数据和人工评分重新计算得分。")
    return redirect("assessment:period_detail", period_id=period.pk)


@login_required
def unit_score(request: HttpRequest, period_id: int, unit_id: int) -> HttpResponse:
    period, unit = _unit_score_access(request, period_id, unit_id)
    score = Score.objects.filter(period=period, unit=unit).first()
    findings = {}
    if score and score.finding_ids:
        by_id = Finding.objects.in_bulk(score.finding_ids)
        findings = {index: by_id.get(pk) for index, pk in enumerate(score.finding_ids)}
    entries = ManualEntry.objects.filter(period=period, unit=unit).prefetch_related("evidence")
    can_enter = access.can_enter_scores(request.user, period) and not period.frozen
    return render(
        request,
        "assessment/unit_score.html",
        {
            "period": period,
            "unit": unit,
            "score": score,
            "trace": trace_view(score.trace, findings, unit.pk) if score and score.trace else None,
            "entries": {e.indicator: e for e in entries},
            "can_enter": can_enter,
            "manual_ids": {
                n.id for n in services.scheme_for(period.scheme).all_indicators() if n.accepts_manual
            },
        },
    )


@login_required
def manual_entry(request: HttpRequest, period_id: int, unit_id: int, indicator_id: str) -> HttpResponse:
    period = _period(
        request, period_id, access.can_enter_scores, "只有本地区的监管人员和考评人员可以录入人工评分。"
    )
    unit = get_object_or_404(Unit, pk=unit_id)
    if not access.can_view_unit_score(request.user, period, unit):
        raise PermissionDenied("您无权为该单位评分（不在本考评期或不在您的地区）。")
    if period.frozen:
        raise PermissionDenied("该考评期已发布，得分已冻结，无权修改。")
    scheme = services.scheme_for(period.scheme)
    try:
        node = scheme.indicator(indicator_id)
    except KeyError:
        raise PermissionDenied(f"方案中没有编号为“{indicator_id}”的指标，无权录入。") from None
    entry = ManualEntry.objects.filter(period=period, unit=unit, indicator=node.id).first()
    initial = (
        {"applicable": entry.applicable, "points": entry.points, "reason": entry.reason} if entry else None
    )
    form = ManualEntryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_manual_entry(
                period,
                unit,
                node.id,
                points=data["points"],
                applicable=data["applicable"],
                reason=data["reason"],
                user=request.user,
                files=data["files"],
            )
        except services.AssessmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存“{node.path}”的评分，得分已重新计算。")
            return redirect("assessment:unit_score", period_id=period.pk, unit_id=unit.pk)
    return render(
        request,
        "assessment/manual_entry.html",
        {
            "period": period,
            "unit": unit,
            "node": node,
            "entry": entry,
            "form": form,
        },
    )


@login_required
def metric_import(request: HttpRequest, period_id: int) -> HttpResponse:
    period = _period(
        request, period_id, access.can_enter_scores, "只有本地区的监管人员和考评人员可以导入数据。"
    )
    if period.frozen:
        raise PermissionDenied("该考评期已发布，得分已冻结，无权导入数据。")
    form = MetricImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.import_metrics(
            period, upload, upload.name, user=request.user, note=form.cleaned_data["note"]
        )
        if result.ok:
            messages.success(request, result.summary())
            return redirect("assessment:period_detail", period_id=period.pk)
    scheme = services.scheme_for(period.scheme)
    return render(
        request,
        "assessment/metric_import.html",
        {
            "period": period,
            "form": form,
            "result": result,
            "metrics": list(scheme.metrics.values()),
        },
    )


@login_required
def change_log(request: HttpRequest, period_id: int) -> HttpResponse:
    period = _period(request, period_id, access.can_view_period_ranking, "您无权查看该考评期的变更记录。")
    changes = period.changes.select_related("unit", "user")
    unit_id = request.GET.get("unit", "")
    if chosen := id_param(request.GET, "unit"):
        changes = changes.filter(unit_id=chosen)
    page = Paginator(changes, 100).get_page(request.GET.get("page"))
    return render(request, "assessment/change_log.html", {"period": period, "page": page, "unit": unit_id})


@login_required
def unit_scores(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The periods a unit takes part in that the user may see, with the unit's score in each."""
    unit = get_object_or_404(Unit, pk=unit_id)
    if not access.can_view_unit(request.user, unit):
        raise PermissionDenied("您无权查看该单位。")
    periods = [
        p
        for p in access.visible_periods(request.user).filter(units=unit)
        if access.can_view_unit_score(request.user, p, unit)
    ]
    scores = {s.period_id: s for s in Score.objects.filter(unit=unit, period__in=[p.pk for p in periods])}
    rows = [(p, scores.get(p.pk)) for p in periods]
    return render(request, "assessment/unit_scores.html", {"unit": unit, "rows": rows})


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = get_object_or_404(
        Evidence.objects.select_related("entry__period", "entry__unit"), pk=evidence_id
    )
    if not access.can_view_unit_score(request.user, evidence.entry.period, evidence.entry.unit):
        raise PermissionDenied("您无权下载该佐证材料。")
    return download_response(evidence, "evidence")
