"""What the pages of the submissions and messages registers share: the date parameters, the list
filters every register has (unit, date window, title keyword) and its page, the statistics' window and scope
with the region chooser, the Excel response and the way back after a form posted from a list."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import BadRequest
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from gongkai.accounts import access as base_access
from gongkai.params import id_param
from gongkai.registers.access import reads_regions
from gongkai.registers.views import table_scope
from gongkai.registry.models import Unit
from gongkai.uploads import XLSX


def date_param(request: HttpRequest, name: str) -> date | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"日期“{text}”无效，应为 YYYY-MM-DD。") from None


def list_filters(request: HttpRequest, items: QuerySet, dated: str) -> tuple[QuerySet, dict]:
    """``items`` of the chosen unit, from/to on the date field ``dated``, with the keyword ``q`` in
    their title; and the choices (unit, start, end, q) for the page's filter form."""
    chosen = {
        "unit": id_param(request.GET, "unit"),
        "start": date_param(request, "from"),
        "end": date_param(request, "to"),
        "q": request.GET.get("q", "").strip(),
    }
    if chosen["unit"]:
        items = items.filter(unit_id=chosen["unit"])
    if chosen["start"]:
        items = items.filter(**{f"{dated}__gte": chosen["start"]})
    if chosen["end"]:
        items = items.filter(**{f"{dated}__lte": chosen["end"]})
    if chosen["q"]:
        items = items.filter(title__contains=chosen["q"])
    return items, chosen


def list_page(request: HttpRequest, items: QuerySet) -> tuple[Page, dict]:
    """The requested page of ``items`` (50 a page) and what every register's list shows with it:
    the page, the units to choose from (None with only one) and the query without the page (for
    the pager, which adds its own, and the Excel link)."""
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    units = base_access.visible_units(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return page, {"page": page, "units": units if units.count() > 1 else None, "query": query.urlencode()}


def stats_window(request: HttpRequest) -> tuple[date, date]:
    """from/to, by default from 1 January of this year to today."""
    today = date.today()
    start = date_param(request, "from") or date(today.year, 1, 1)
    end = date_param(request, "to") or today
    if start > end:
        raise BadRequest("起始日期晚于截止日期。")
    return start, end


def stats_scope(request: HttpRequest, what: str) -> tuple[list[Unit], str]:
    """The units of the requested statistics (``what``, e.g. 报送统计, for the refusal) in the
    tables' order, and the title (the unit's name or the region's full name)."""
    units, title, _ = table_scope(request, what)
    return list(
        units.select_related("region").order_by("region__path", "category__order", "order", "name")
    ), title


def region_chooser(request: HttpRequest) -> dict:
    """The statistics page's query (for its Excel link) and the regions it may choose from."""
    return {
        "query": request.GET.urlencode(),
        "regions": base_access.visible_regions(request.user) if reads_regions(request.user) else None,
        "chosen_region": id_param(request.GET, "region"),
    }


def xlsx_response(data: bytes, disposition: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = disposition
    return response


def back_to_list(request: HttpRequest, *fallback, **kwargs) -> HttpResponse:
    """The page the form was posted from (``next``, a path on this site), else ``fallback``."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(*fallback, **kwargs)
