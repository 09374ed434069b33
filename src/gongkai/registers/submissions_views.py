"""Pages of the information-submissions register: the list (a unit's own items; the office's
review list with its marks), the submit form, the detail, statistics of a unit or region, Excel
export and import. Every view asks registers.submissions_access first."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.registers import submissions_access as access
from gongkai.registers import submissions_services as services
from gongkai.registers.models import Level, Submission, SubmissionAttachment
from gongkai.registers.register_pages import (
    back_to_list,
    list_filters,
    list_page,
    region_chooser,
    stats_scope,
    stats_window,
    xlsx_response,
)
from gongkai.registers.submissions_excel import export_workbook, import_workbook, stats_workbook
from gongkai.registers.submissions_forms import ReviewForm, SubmissionForm
from gongkai.registers.views import import_page
from gongkai.tallies.submissions import LEVELS
from gongkai.uploads import UploadError, check_uploads, download_response


def _submission(request: HttpRequest, pk: int) -> Submission:
    return get_object_or_404(access.visible_submissions(request.user).select_related("unit__region"), pk=pk)


def _filtered(request: HttpRequest):
    items, chosen = list_filters(
        request, access.visible_submissions(request.user).select_related("unit"), "submitted"
    )
    chosen["adopted"] = request.GET.get("adopted", "")
    chosen["flag"] = request.GET.get("flag", "")
    if chosen["adopted"] == "yes":
        items = items.filter(adopted=True)
    elif chosen["adopted"] == "no":
        items = items.filter(adopted=False, reviewed__isnull=False)
    elif chosen["adopted"] == "pending":
        items = items.filter(reviewed__isnull=True)
    return items.order_by("-submitted", "unit__name", "number"), chosen


@login_required
def register(request: HttpRequest) -> HttpResponse:
    items, chosen = _filtered(request)
    if chosen["flag"] in ("duplicate", "late"):  # flags are computed: filter after computing them
        marks = services.flags(items)
        wanted = (
            (lambda f: f.duplicate_of is not None)
            if chosen["flag"] == "duplicate"
            else (lambda f: f.days_late is not None)
        )
        items = items.filter(pk__in=[pk for pk, f in marks.items() if wanted(f)])
    page, shown = list_page(request, items)
    marks = services.flags(page)
    reviewer = access.can_review(request.user)
    rows = [
        (s, marks[s.pk], ReviewForm(initial=_marks(s), prefix=f"s{s.pk}") if reviewer else None) for s in page
    ]
    return render(
        request,
        "registers/submissions_list.html",
        {
            **shown,
            "rows": rows,
            "chosen": chosen,
            "can_create": access.keepable_units(request.user).exists(),
            "can_import": access.can_import(request.user),
            "reviewer": reviewer,
            "levels": Level.choices,
            "late_days": services.late_after_days(),
        },
    )


def _marks(submission: Submission) -> dict:
    return {"adopted": submission.adopted, "level": submission.level, "key_area": submission.key_area}


@login_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    submission = _submission(request, pk) if pk else None
    if submission is not None and not access.can_edit(request.user, submission):
        raise PermissionDenied("您无权修改该报送信息（已审核的信息由监管人员修改）。")
    keepable = access.keepable_units(request.user)
    if submission is None and not keepable.exists():
        raise PermissionDenied("您无权报送信息。")
    initial = {"submitted": date.today()} if submission is None else {}
    if submission is None and keepable.count() == 1:
        initial["unit"] = keepable.first()
    form = SubmissionForm(
        request.POST or None, request.FILES or None, instance=submission, initial=initial, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            checked = check_uploads(form.cleaned_data.get("files") or [])
        except UploadError as exc:
            form.add_error("files", str(exc))
        else:
            changed = [str(form.fields[n].label) for n in form.changed_data if n != "files"]
            with transaction.atomic():
                saved = services.save_submission(
                    form.save(commit=False),
                    request.user,
                    created=submission is None,
                    changed=changed,
                    attachments=checked,
                )
            messages.success(request, f"已保存报送信息“{saved.title[:30]}”。")
            return redirect("submissions:detail", pk=saved.pk)
    title = f"修改报送信息：{submission.number}" if submission else "报送信息"
    return render(
        request, "registers/submissions_form.html", {"form": form, "title": title, "item": submission}
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    mark = services.flags([submission])[submission.pk]
    reviewer = access.can_review(request.user, submission)
    return render(
        request,
        "registers/submissions_detail.html",
        {
            "item": submission,
            "mark": mark,
            "attachments": submission.attachments.all(),
            "can_edit": access.can_edit(request.user, submission),
            "review": ReviewForm(initial=_marks(submission), prefix=f"s{submission.pk}")
            if reviewer
            else None,
            "late_days": services.late_after_days(),
        },
    )


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    if not access.can_review(request.user, submission):
        raise PermissionDenied("只有监管人员可以审核报送信息（采用、级别、重点领域）。")
    form = ReviewForm(request.POST, prefix=f"s{submission.pk}")
    if form.is_valid():
        try:
            services.review(submission, request.user, **form.cleaned_data)
        except services.ReviewRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"已审核“{submission.title[:30]}”：{services.review_text(**form.cleaned_data)}。"
            )
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return back_to_list(request, "submissions:detail", pk=submission.pk)


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        SubmissionAttachment, pk=pk, submission__in=access.visible_submissions(request.user)
    )
    return download_response(record, "submission", missing="附件文件已不存在，请联系监管人员。")


@login_required
def export(request: HttpRequest) -> HttpResponse:
    items, _ = _filtered(request)
    return xlsx_response(
        export_workbook(items), "attachment; filename*=UTF-8''%E4%BF%A1%E6%81%AF%E6%8A%A5%E9%80%81.xlsx"
    )


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    return import_page(request, import_workbook, "registers/submissions_import.html", "submissions:register")


@login_required
def stats_page(request: HttpRequest) -> HttpResponse:
    start, end = stats_window(request)
    units, title = stats_scope(request, "报送统计")
    rows = services.stats(units, start, end)
    return render(
        request,
        "registers/submissions_stats.html",
        {
            "title": title,
            "start": start,
            "end": end,
            "rows": rows,
            "total": services.tally.totals(rows),
            "levels": LEVELS,
            **region_chooser(request),
        },
    )


@login_required
def stats_xlsx(request: HttpRequest) -> HttpResponse:
    start, end = stats_window(request)
    units, title = stats_scope(request, "报送统计")
    data = stats_workbook(services.stats(units, start, end), f"{title} {start} 至 {end} 信息报送统计")
    return xlsx_response(data, f'attachment; filename="submissions-{start}-{end}.xlsx"')
