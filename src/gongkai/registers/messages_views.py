"""Pages of the messages register: the list (a unit's messages with the working days left and the
overdue marks), the form to register or correct one, 办结, statistics of a unit or region, Excel
export and import. Every view asks registers.messages_access first."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.registers import deadlines
from gongkai.registers import messages_access as access
from gongkai.registers import messages_services as services
from gongkai.registers.messages_excel import export_workbook, import_workbook, stats_workbook
from gongkai.registers.messages_forms import CloseForm, MessageForm
from gongkai.registers.models import Message, MessageChannel
from gongkai.registers.register_pages import (
    back_to_list,
    list_filters,
    list_page,
    region_chooser,
    stats_scope,
    stats_window,
    xlsx_response,
)
from gongkai.registers.views import import_page
from gongkai.tallies import messages as tally

STATES = {"open": "未办结", "overdue": "已逾期", "handled": "已办结", "veto": "超3个月未答复"}


def _message(request: HttpRequest, pk: int) -> Message:
    return get_object_or_404(access.visible_messages(request.user).select_related("unit__region"), pk=pk)


def _filtered(request: HttpRequest):
    items, chosen = list_filters(
        request, access.visible_messages(request.user).select_related("unit__region"), "received"
    )
    chosen["channel"] = request.GET.get("channel", "")
    chosen["state"] = request.GET.get("state", "")
    if chosen["channel"] in MessageChannel.values:
        items = items.filter(channel=chosen["channel"])
    if chosen["state"] == "handled":
        items = items.filter(handled__isnull=False)
    elif chosen["state"] in ("open", "overdue", "veto"):
        items = items.filter(handled__isnull=True)
    return items.order_by("-received", "unit__name", "number"), chosen


@login_required
def register(request: HttpRequest) -> HttpResponse:
    items, chosen = _filtered(request)
    today = deadlines.today()
    if chosen["state"] in ("overdue", "veto"):  # computed marks: filter after computing them
        marks = services.clocks(items, today)
        wanted = (
            (lambda c: c.overdue) if chosen["state"] == "overdue" else (lambda c: c.unanswered_over_3_months)
        )
        items = items.filter(pk__in=[pk for pk, c in marks.items() if wanted(c)])
    page, shown = list_page(request, items)
    clocks = services.clocks(page, today)
    rows = [(m, clocks[m.pk], access.can_keep(request.user, m.unit)) for m in page]
    return render(
        request,
        "registers/messages_list.html",
        {
            **shown,
            "rows": rows,
            "chosen": chosen,
            "today": today,
            "channels": MessageChannel.values,
            "states": STATES,
            "can_create": access.keepable_units(request.user).exists(),
            "can_import": access.can_import(request.user),
            "due_soon": deadlines.DUE_SOON_DAYS,
            "fixed": tally.FIXED_LIMITS,
            "others": services.default_limit(),
            "close_form": CloseForm(initial={"handled": today}),
        },
    )


@login_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    message = _message(request, pk) if pk else None
    if message is not None and not access.can_keep(request.user, message.unit):
        raise PermissionDenied("您无权修改该留言。")
    keepable = access.keepable_units(request.user)
    if message is None and not keepable.exists():
        raise PermissionDenied("您无权登记留言。")
    initial = {"received": deadlines.today()} if message is None else {}
    if message is None and keepable.count() == 1:
        initial["unit"] = keepable.first()
    form = MessageForm(request.POST or None, instance=message, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        changed = [str(form.fields[n].label) for n in form.changed_data]
        saved = services.save_message(
            form.save(commit=False), request.user, created=message is None, changed=changed
        )
        flash.success(request, f"已保存留言 {saved.number}。")
        return redirect(f"{reverse('messages:register')}?unit={saved.unit_id}")
    title = f"修改留言：{message.number}" if message else "登记留言"
    return render(request, "registers/messages_form.html", {"form": form, "title": title, "item": message})


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    if not access.can_keep(request.user, message.unit):
        raise PermissionDenied("您无权办结该留言。")
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close(message, request.user, **form.cleaned_data)
        except services.CloseRefused as exc:
            flash.error(request, str(exc))
        else:
            flash.success(request, f"留言 {message.number} 已办结（{form.cleaned_data['handled']}）。")
    else:
        flash.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return back_to_list(request, "messages:register")


@login_required
def export(request: HttpRequest) -> HttpResponse:
    items, _ = _filtered(request)
    return xlsx_response(
        export_workbook(items), "attachment; filename*=UTF-8''%E7%BD%91%E6%B0%91%E7%95%99%E8%A8%80.xlsx"
    )


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    return import_page(request, import_workbook, "registers/messages_import.html", "messages:register")


@login_required
def stats_page(request: HttpRequest) -> HttpResponse:
    start, end = stats_window(request)
    units, title = stats_scope(request, "留言统计")
    rows = services.stats(units, start, end, estimate=True)
    return render(
        request,
        "registers/messages_stats.html",
        {
            "title": title,
            "start": start,
            "end": end,
            "rows": rows,
            "total": tally.totals(rows),
            **region_chooser(request),
        },
    )


@login_required
def stats_xlsx(request: HttpRequest) -> HttpResponse:
    start, end = stats_window(request)
    units, title = stats_scope(request, "留言统计")
    rows = services.stats(units, start, end, estimate=True)
    data = stats_workbook(rows, tally.totals(rows), f"{title} {start} 至 {end} 网民留言统计")
    return xlsx_response(data, f'attachment; filename="messages-{start}-{end}.xlsx"')
