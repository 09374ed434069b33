"""Pages of the circulars: publish, the circular's files (permission-checked downloads), charts,
the settings of a period's circular, and the unit portal's list of published circulars."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.assessment import access
from gongkai.assessment.models import Period, Score
from gongkai.circulars import services
from gongkai.circulars.build import circular_for
from gongkai.circulars.defaults import SettingsError, evidence_screenshots_of
from gongkai.circulars.forms import CircularSettingsForm
from gongkai.circulars.models import CircularSettings, PublishedCircular
from gongkai.reports.charts import circular_charts
from gongkai.uploads import attachment_response

CONTENT_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".csv": "text/csv; charset=utf-8",
    ".png": "image/png",
}


@login_required
@require_POST
def publish(request: HttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(Period, pk=period_id)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "请勾选确认后再发布：发布后得分将冻结，不能再修改。")
        return redirect("assessment:period_detail", period_id=period.pk)
    try:
        record = services.publish(period, user=request.user)
    except (services.PublishError, SettingsError) as exc:
        messages.error(request, str(exc))
    else:
        text = f"已发布《{record.title}》，生成文件 {len(record.files)} 个，已通知单位管理员 {record.emails_sent} 人。"
        messages.success(request, text + (f"（{record.note}）" if record.note else ""))
    return redirect("assessment:period_detail", period_id=period.pk)


@login_required
def download(request: HttpRequest, period_id: int, index: int) -> FileResponse:
    period = get_object_or_404(Period, pk=period_id)
    if not access.can_download_circular_file(request.user, period, "circular"):
        raise PermissionDenied(
            "您无权下载该考评期的通报文件（单位管理员只能下载本单位参加的已发布考评期的通报）。"
        )
    record = get_object_or_404(PublishedCircular.objects.select_related("period"), period=period)
    if not 0 <= index < len(record.files):
        raise Http404("没有这个文件。")
    entry = record.files[index]
    if not access.can_download_circular_file(
        request.user, record.period, entry["kind"], entry.get("unit_id")
    ):
        raise PermissionDenied("您无权下载该文件（单位管理员只能下载已发布的通报和本单位的整改通知）。")
    directory = Path(record.directory).resolve()
    path = (directory / entry["name"]).resolve()
    if directory not in path.parents or not path.is_file():
        raise Http404("文件已不存在，请联系监管人员。")
    return attachment_response(
        path.open("rb"),
        content_type=CONTENT_TYPES.get(path.suffix, "application/octet-stream"),
        ascii_name=f"circular-{period_id}-{index}{path.suffix}",
        name=path.name,
    )


@login_required
def chart(request: HttpRequest, period_id: int, name: str) -> HttpResponse:
    period = get_object_or_404(Period, pk=period_id)
    if not access.can_view_period_ranking(request.user, period):
        raise PermissionDenied("您无权查看该考评期的统计图。")
    try:
        charts = circular_charts(circular_for(period))
    except SettingsError as exc:
        raise Http404(str(exc)) from None
    if name not in charts:
        raise Http404("没有这张统计图。")
    return HttpResponse(charts[name][1], content_type="image/png")


@login_required
def edit_settings(request: HttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(Period, pk=period_id)
    if not access.can_manage_period(request.user, period):
        raise PermissionDenied("只有本地区的监管人员可以修改通报设置。")
    if period.frozen:
        raise PermissionDenied("该考评期已发布，通报设置不能再修改。")
    instance = CircularSettings.objects.filter(period=period).first() or CircularSettings(
        period=period,
        evidence_screenshots=evidence_screenshots_of(period),  # the region's choice
    )
    form = CircularSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        try:
            circular_for(period)
        except SettingsError as exc:
            messages.error(request, f"设置已保存，但{exc}")
        else:
            messages.success(request, "已保存通报设置。")
        return redirect("assessment:period_detail", period_id=period.pk)
    return render(request, "circulars/settings_form.html", {"period": period, "form": form})


@login_required
def published_list(request: HttpRequest) -> HttpResponse:
    """Unit portal: published circulars of the unit's region and above that include the unit."""
    if not access.can_view_published_circulars(request.user):
        raise PermissionDenied("只有单位管理员可以查看本单位的已发布通报列表。")
    unit = access.profile_of(request.user).unit
    records = PublishedCircular.objects.filter(
        period__status=Period.Status.PUBLISHED, period__memberships__unit=unit
    ).select_related("period")
    scores = {
        s.period_id: s for s in Score.objects.filter(unit=unit, period__in=[r.period_id for r in records])
    }
    rows = []
    for record in records:
        files = [
            (index, entry)
            for index, entry in enumerate(record.files)
            if access.can_download_circular_file(
                request.user, record.period, entry["kind"], entry.get("unit_id")
            )
        ]
        rows.append({"record": record, "score": scores.get(record.period_id), "files": files})
    return render(request, "circulars/published_list.html", {"unit": unit, "rows": rows})
