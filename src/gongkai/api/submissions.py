"""API endpoints of the information-submissions register (信息报送): the items with their flags,
and the statistics of registers-contract §4, with the register's access rules
(gongkai.registers.submissions_access): a unit administrator's token sees only its unit's items."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.api.registers_common import in_window, stats_units, viewable_unit
from gongkai.params import ApiId
from gongkai.registers import submissions_access as access
from gongkai.registers import submissions_services as services

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


@router.get(
    "/submissions",
    response=list[SubmissionOut],
    summary="报送信息列表（按单位、报送日期筛选），含重复和迟报标记",
)
def list_submissions(request: HttpRequest, filters: Query[SubmissionFilters]):
    items = access.visible_submissions(request.user).select_related("unit")
    if filters.unit is not None:
        items = items.filter(unit=viewable_unit(request, filters.unit))
    items = in_window(items, "submitted", filters.start, filters.end)
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
    units = stats_units(
        request, filters, services.units_of_region, access.can_view_region_table, "无权查看该地区的报送统计。"
    )
    return services.stats(units, filters.start, filters.end)
