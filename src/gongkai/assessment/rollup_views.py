"""The year roll-up page: pick a region, a year (and a scheme where the region has several), see
the year table per category and the region block (and the sub-regions), download it as .xlsx.
Read only; access.can_view_rollup decides (unit administrators are refused)."""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gongkai.assessment import access, comparison
from gongkai.assessment.models import Period
from gongkai.assessment.rollup import RollupError, year_rollup
from gongkai.params import id_param
from gongkai.registry.models import Region
from gongkai.rollup.block import BANDS
from gongkai.rollup.excel import BAND_LABELS, write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _choices(request: HttpRequest):
    if access.role_of(request.user) not in (access.Role.SUPERVISOR, access.Role.ASSESSOR, access.Role.LEADER):
        raise PermissionDenied("年度汇总列出全部单位的排名，只有监管人员、评分人员和领导可以查看。")
    regions = access.rollup_regions(request.user)
    years = sorted(
        {
            p.end.year
            for p in Period.objects.filter(region__in=regions, status=Period.Status.PUBLISHED).only("end")
        },
        reverse=True,
    )
    return regions, years


def _selected(request: HttpRequest, regions, years) -> tuple[Region | None, int, str, str]:
    """The region, year, scheme and comparison asked for; a bad value is a 400 in Chinese."""
    region_id = id_param(request.GET, "region")
    region = None
    if region_id is not None:
        region = get_object_or_404(Region, pk=region_id)
        if not access.can_view_rollup(request.user, region):
            raise PermissionDenied("您无权查看该地区的年度汇总。")
    elif regions.exists():
        region = regions.order_by("path").first()
    year_text = request.GET.get("year", "").strip()
    if not year_text:
        year = years[0] if years else date.today().year
    elif year_text.isdigit() and len(year_text) == 4 and 1900 <= int(year_text) <= 2999:
        year = int(year_text)
    else:
        raise BadRequest(f"年度应为四位年份，如 2021，收到的是“{year_text[:30]}”。")
    compare = request.GET.get("compare", comparison.PREVIOUS)
    return region, year, request.GET.get("scheme", "").strip()[:60], compare


@login_required
def rollup_page(request: HttpRequest) -> HttpResponse:
    regions, years = _choices(request)
    region, year, scheme, compare = _selected(request, regions, years)
    data, error = None, ""
    if region is not None:
        try:
            data = year_rollup(region, year, scheme or None, compare)
        except RollupError as exc:
            error = str(exc)
    groups: dict[str, list] = {}
    for unit in (data or {}).get("units", []):
        groups.setdefault(unit["category"], []).append(unit)
    periods = []
    for unit in (data or {}).get("units", []):
        for p in unit["periods"]:
            if p["id"] not in [q["id"] for q in periods]:
                periods.append(p)
    periods.sort(key=lambda p: (p["end"], p["id"]))
    rows = {
        category: [(u, [_cell(u, q["id"]) for q in periods]) for u in units]
        for category, units in groups.items()
    }
    return render(
        request,
        "assessment/rollup.html",
        {
            "regions": regions.order_by("path"),
            "years": years,
            "region": region,
            "year": year,
            "scheme": scheme,
            "compare": compare,
            "compare_choices": list(comparison.CHOICES.items()),
            "data": data,
            "error": error,
            "groups": rows,
            "periods": periods,
            "summary": _summary(data["region"]) if data else [],
        },
    )


def _cell(unit: dict, period_id: int) -> tuple[object, str] | None:
    """(score, "环比 -2") of the unit in one period; None when it was not assessed in it."""
    entry = next((p for p in unit["periods"] if p["id"] == period_id), None)
    if entry is None:
        return None
    before = entry.get("previous")
    if not before or before["change"] is None:
        return entry["score"], ""
    change = before["change"]
    return entry["score"], f"{before['relation']}{'+' if change > 0 else ''}{change}"


def _summary(block: dict) -> list[tuple[str, object, object]]:
    """(label, this year, the year before) rows of the region block."""
    before = block.get("previous_year") or {"bands": {}, "full_marks": {}, "excellent_rate": None}
    rows: list[tuple[str, object, object]] = [
        (f"{BAND_LABELS[b]}（个）", block["bands"][b], before["bands"].get(b)) for b in BANDS
    ]
    rows.append(("优良率（80分以上占比）", block["excellent_rate"], before["excellent_rate"]))
    rows += [(f"“{k}”满分单位（个）", n, before["full_marks"].get(k)) for k, n in block["full_marks"].items()]
    return rows


@login_required
def rollup_download(request: HttpRequest) -> HttpResponse:
    regions, years = _choices(request)
    region, year, scheme, compare = _selected(request, regions, years)
    if region is None:
        raise PermissionDenied("没有可汇总的地区。")
    try:
        data = year_rollup(region, year, scheme or None, compare)
    except RollupError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    buffer = io.BytesIO()
    write_workbook(data, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    filename = f"{region.name}{year}年度汇总.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"rollup-{year}.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
