"""What the registers' API endpoints share: a unit the caller may view, the items of a date window,
and the units of a statistics request (exactly one of ``unit`` and ``region``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja.errors import HttpError

from gongkai.accounts import access as base_access
from gongkai.registry.models import Region, Unit


def viewable_unit(request: HttpRequest, unit_id: int) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("region"), pk=unit_id)
    if not base_access.can_view_unit(request.user, unit):
        raise HttpError(403, "无权查看该单位。")
    return unit


def in_window(items: QuerySet, field: str, start: date | None, end: date | None) -> QuerySet:
    """``items`` whose date ``field`` lies from ``start`` to ``end`` (either may be open)."""
    if start:
        items = items.filter(**{f"{field}__gte": start})
    if end:
        items = items.filter(**{f"{field}__lte": end})
    return items


def stats_units(
    request: HttpRequest,
    filters,
    units_of_region: Callable[[Region], QuerySet[Unit]],
    can_view_region_table: Callable[..., bool],
    refused: str,
) -> list[Unit]:
    """The units of ``filters`` (start, end, unit, region): the one unit, or the units of the
    region by ``units_of_region`` when ``can_view_region_table`` (else 403 with ``refused``)."""
    if filters.start > filters.end:
        raise HttpError(400, "起始日期晚于截止日期。")
    if (filters.unit is None) == (filters.region is None):
        raise HttpError(400, "请指定 unit 或 region 之一。")
    if filters.unit is not None:
        return [viewable_unit(request, filters.unit)]
    region = get_object_or_404(Region, pk=filters.region)
    if not can_view_region_table(request.user, region):
        raise HttpError(403, refused)
    return list(units_of_region(region))
