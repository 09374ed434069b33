"""Pages of the new-media register: the accounts with their last post, longest gap and weekly
flag over a window (coloured: 两周未更新 red, 未备案 amber), an account's posts, the Excel upload
and the public-page crawl for supervisors. Who sees what is gongkai.accounts.access: unit admins
their unit's accounts, supervisors/assessors/leaders their regions'; only supervisors import or
crawl (registers.access.can_import)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts import access as base_access
from gongkai.params import id_param
from gongkai.registers import access, deadlines
from gongkai.registers import newmedia_services as services
from gongkai.registers.newmedia_crawl import crawl
from gongkai.registers.newmedia_excel import LAYOUT, import_workbook
from gongkai.registers.upload_page import upload_page
from gongkai.registry.models import NewMediaAccount
from gongkai.tallies import newmedia as engine

DEFAULT_DAYS = 30


def _day(request: HttpRequest, name: str, default: date) -> date:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise BadRequest(f"日期“{text}”无效，应为 YYYY-MM-DD。") from exc


def _window(request: HttpRequest) -> tuple[date, date]:
    end = _day(request, "to", deadlines.today())
    start = _day(request, "from", end - timedelta(days=DEFAULT_DAYS - 1))
    if end < start:
        raise BadRequest("结束日期早于开始日期。")
    return start, end


@login_required
def accounts(request: HttpRequest) -> HttpResponse:
    start, end = _window(request)
    units = base_access.visible_units(request.user)
    unit_id = id_param(request.GET, "unit")
    chosen = units.filter(pk=unit_id) if unit_id else units
    checks = services.check(chosen, start, end)
    records = services.records(checks)
    return render(
        request,
        "registers/newmedia_accounts.html",
        {
            "checks": checks,
            "start": start,
            "end": end,
            "unit_id": unit_id,
            "units": units if units.count() > 1 else None,
            "stale": sum(item.stale for item in checks),
            "unfiled": sum(item.unfiled for item in checks),
            "pass_rate": engine.pass_rate(records),
            "jingzhou_points": engine.jingzhou_update_points(records) if checks else None,
            "can_import": access.can_import(request.user),
        },
    )


@login_required
def posts(request: HttpRequest, pk: int) -> HttpResponse:
    visible = NewMediaAccount.objects.filter(unit__in=base_access.visible_units(request.user))
    account = get_object_or_404(visible.select_related("unit"), pk=pk)
    page = Paginator(account.posts.order_by("-date", "title"), 100).get_page(request.GET.get("page"))
    return render(request, "registers/newmedia_posts.html", {"account": account, "page": page})


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    if not access.can_import(request.user):
        raise PermissionDenied("只有监管人员可以导入政务新媒体账号和发布记录。")
    headers = {title: "、".join(column.header for column in columns) for title, columns in LAYOUT.items()}
    return upload_page(
        request,
        import_workbook,
        template="registers/newmedia_import.html",
        done="newmedia:accounts",
        context={"headers": headers},
    )


@login_required
@require_POST
def crawl_view(request: HttpRequest) -> HttpResponse:
    if not access.can_import(request.user):
        raise PermissionDenied("只有监管人员可以抓取账号主页。")
    today = deadlines.today()
    found = services.checked_accounts(base_access.visible_units(request.user), today, today)
    result = crawl(list(found.exclude(url="")), as_of=today, user=request.user)
    messages.success(request, result.summary())
    return redirect("newmedia:accounts")
