"""API endpoint of the new-media register: the check over a window, the contract's per-account
records (registers-contract §5) plus the account's id, platform, filing status and last post.
Unit administrators' tokens see their unit's accounts, supervisors', assessors' and leaders' their
regions'; a unit outside the caller's scope is a 403."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from gongkai.accounts import access as base_access
from gongkai.params import ApiId
from gongkai.registers import newmedia_services as services
from gongkai.registry.models import Unit

router = Router(tags=["政务新媒体"])


class CheckFilters(Schema):
    start: date = Field(..., alias="from", description="开始日期 YYYY-MM-DD")
    end: date = Field(..., alias="to", description="结束日期 YYYY-MM-DD")
    unit: ApiId | None = Field(None, description="单位编号（留空为可见的全部单位）")


class AccountCheckOut(Schema):
    account: str
    unit: str
    posts: int
    longest_gap_days: int
    gap_over_14_days: bool
    weekly: bool
    account_id: int
    unit_id: int
    platform: str
    filed: bool
    last_post: date | None


@router.get("/newmedia/check", response=list[AccountCheckOut], summary="政务新媒体账号更新检查（期间内）")
def check(request: HttpRequest, filters: Query[CheckFilters]):
    if filters.end < filters.start:
        raise HttpError(400, "结束日期早于开始日期。")
    units = base_access.visible_units(request.user)
    if filters.unit is not None:
        unit = get_object_or_404(Unit, pk=filters.unit)
        if not base_access.can_view_unit(request.user, unit):
            raise HttpError(403, "无权查看该单位。")
        units = units.filter(pk=unit.pk)
    return [
        {
            **item.record,
            "account_id": item.account.pk,
            "unit_id": item.account.unit_id,
            "platform": item.account.platform,
            "filed": item.account.filed,
            "last_post": item.last_post,
        }
        for item in services.check(units, filters.start, filters.end)
    ]
