"""API endpoints of the information-submissions register (信息报送): the items with their flags,
and the statistics of registers-contract §4, with the register's access rules
(gongkai.registers.submissions_access): a unit administrator's token sees only its unit's items."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from gongkai.accounts import access as base_access
from gongkai.params import ApiId
from gongkai.registers import submissions_access as access
from gongkai.registers import submissions_services as services
from gongkai.registry.models import Region, Unit

router = Router(tags=["信息报送"])


class SubmissionOut(Schema):
    id: int
    unit_id: int
    unit: str
    number: str
    title: str
    submitted: date
    event_date: date | None
    link: str
    reviewed: bool
    adopted: bool
    level: str
    key_area: bool
    duplicate_of: int | None = Field(description="所重复的报送信息的 id（重复报送）")
    days_late: int | None = Field(description="超过迟报时限的天数")


class StatsOut(Schema):
    unit: str
    submitted: int
    adopted: int
    adopted_by_level: dict[str, int]
    key_area: int


class Window(Schema):
    start: date | None = Field(None, alias="from", description="报送日期起（含）")
    end: date | None = Field(None, alias="to", description="报送日期止（含）")


class SubmissionFilters(Window):
    unit: ApiId | None = Field(None, description="单位编号")


class StatsFilters(Schema):
    start: date = Field(alias="from", description="报送日期起（含）")
    end: date = Field(alias="to", description="报送日期止（含）")
    unit: ApiId | None = Field(None, description="单位编号")
    region: ApiId | None = Field(None, description="地区编号（含下级地区）")


def _unit(request: HttpRequest, unit_id: int) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("region"), pk=unit_id)
    if not base_access.can_view_unit(request.user, unit):
        raise HttpError(403, "无权查看该单位。")
    return unit


@router.get(
    "/submissions",
    response=list[SubmissionOut],
    summary="报送信息列表（按单位、报送日期筛选），含重复和迟报标记",
)
def list_submissions(request: HttpRequest, filters: Query[SubmissionFilters]):
    items = access.visible_submissions(request.user).select_related("unit")
    if filters.unit is not None:
        items = items.filter(unit=_unit(request, filters.unit))
    if filters.start:
        items = items.filter(submitted__gte=filters.start)
    if filters.end:
        items = items.filter(submitted__lte=filters.end)
    items = list(items.order_by("unit__name", "submitted", "number"))
    marks = services.flags(items)
    return [
        {
            "id": s.pk,
            "unit_id": s.unit_id,
            "unit": s.unit.name,
            "number": s.number,
            "title": s.title,
            "submitted": s.submitted,
            "event_date": s.event_date,
            "link": s.link,
            "reviewed": s.reviewed is not None,
            "adopted": s.adopted,
            "level": s.level,
            "key_area": s.key_area,
            "duplicate_of": marks[s.pk].duplicate_of.pk if marks[s.pk].duplicate_of else None,
            "days_late": marks[s.pk].days_late,
        }
        for s in items
    ]


@router.get(
    "/submissions/stats", response=list[StatsOut], summary="各单位报送、采用（分级别）和重点领域信息条数"
)
def submission_stats(request: HttpRequest, filters: Query[StatsFilters]):
    if filters.start > filters.end:
        raise HttpError(400, "起始日期晚于截止日期。")
    if (filters.unit is None) == (filters.region is None):
        raise HttpError(400, "请指定 unit 或 region 之一。")
    if filters.unit is not None:
        units = [_unit(request, filters.unit)]
    else:
        region = get_object_or_404(Region, pk=filters.region)
        if not access.can_view_region_table(request.user, region):
            raise HttpError(403, "无权查看该地区的报送统计。")
        units = list(services.units_of_region(region))
    return services.stats(units, filters.start, filters.end)
