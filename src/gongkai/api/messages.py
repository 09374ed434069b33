"""API endpoints of the messages register (网民留言 / 网上问政 / 找错): the messages with their
limits, and the statistics of registers-contract §3, with the register's access rules
(gongkai.registers.messages_access): a unit administrator's token sees only its unit's messages."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.api.registers_common import in_window, stats_units, viewable_unit
from gongkai.params import ApiId
from gongkai.registers import deadlines
from gongkai.registers import messages_access as access
from gongkai.registers import messages_services as services

router = Router(tags=["网民留言"])


class MessageOut(Schema):
    id: int
    unit_id: int
    unit: str
    number: str
    channel: str
    title: str
    received: date
    assigned: date | None
    handled: date | None
    public: bool
    source: str
    due: date = Field(description="办理期限（工作日计）")
    days_left: int | None = Field(description="距期限的工作日数（负数为已逾期；已办结为 null）")
    on_time: bool | None = Field(description="是否按时办结（未办结为 null）")
    unanswered_over_3_months: bool = Field(description="截至今天未办结且超过3个月")


class StatsOut(Schema):
    unit: str
    received: int
    handled: int
    completion_rate: float | None
    on_time: int
    on_time_rate: float | None
    overdue_open: int
    unanswered_over_3_months: int


class MessageFilters(Schema):
    start: date | None = Field(None, alias="from", description="收到日期起（含）")
    end: date | None = Field(None, alias="to", description="收到日期止（含）")
    unit: ApiId | None = Field(None, description="单位编号")


class StatsFilters(Schema):
    start: date = Field(alias="from", description="收到日期起（含）")
    end: date = Field(alias="to", description="收到日期止（含），办结按此日计")
    unit: ApiId | None = Field(None, description="单位编号")
    region: ApiId | None = Field(None, description="地区编号（含下级地区）")


@router.get(
    "/messages",
    response=list[MessageOut],
    summary="网民留言列表（按单位、收到日期筛选），含办理期限和逾期标记",
)
def list_messages(request: HttpRequest, filters: Query[MessageFilters]):
    items = access.visible_messages(request.user).select_related("unit__region")
    if filters.unit is not None:
        items = items.filter(unit=viewable_unit(request, filters.unit))
    items = in_window(items, "received", filters.start, filters.end)
    items = list(items.order_by("unit__name", "received", "number"))
    clocks = services.clocks(items, deadlines.today())
    return [
        {
            "id": m.pk,
            "unit_id": m.unit_id,
            "unit": m.unit.name,
            "number": m.number,
            "channel": m.channel,
            "title": m.title,
            "received": m.received,
            "assigned": m.assigned,
            "handled": m.handled,
            "public": m.public,
            "source": m.source,
            "due": clocks[m.pk].due,
            "days_left": clocks[m.pk].days_left,
            "on_time": clocks[m.pk].on_time,
            "unanswered_over_3_months": clocks[m.pk].unanswered_over_3_months,
        }
        for m in items
    ]


@router.get(
    "/messages/stats",
    response=list[StatsOut],
    summary="各单位收到、办结、按时办结、逾期和超3个月未答复的留言",
)
def message_stats(request: HttpRequest, filters: Query[StatsFilters]):
    units = stats_units(
        request, filters, services.units_of_region, access.can_view_region_table, "无权查看该地区的留言统计。"
    )
    return services.stats(units, filters.start, filters.end, estimate=True)
