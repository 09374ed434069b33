"""REST API (read) with an OpenAPI description at /api/docs (JSON at /api/openapi.json). The same
access rules as the pages: gongkai.accounts.access decides; a unit outside the caller's scope is a
403. Callers sign in with their session or with an API token (``Authorization: Bearer <key>``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.security import django_auth

from gongkai.accounts import access
from gongkai.api.applications import router as applications_router
from gongkai.api.assessment import router as assessment_router
from gongkai.api.messages import router as messages_router
from gongkai.api.newmedia import router as newmedia_router
from gongkai.api.submissions import router as submissions_router
from gongkai.api.tokens import BearerToken
from gongkai.params import ApiId
from gongkai.registry.models import Unit

api = NinjaAPI(
    title="gongkai 接口",
    version="1",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("", assessment_router)
api.add_router("", applications_router)
api.add_router("", submissions_router)
api.add_router("", newmedia_router)
api.add_router("", messages_router)


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError):
    """A parameter that is not what the operation takes (an id that is not a positive integer
    within the database's range, a malformed date…): 400 with the parameters named, in Chinese."""
    names = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("path", "query", "body")]
        names.append("、".join(location) or "请求")
    detail = f"参数有误：{'，'.join(dict.fromkeys(names))}。编号应为正整数。"
    return api.create_response(request, {"detail": detail}, status=400)


class SiteOut(Schema):
    id: int
    name: str
    url: str
    site_id_code: str
    is_portal: bool


class UnitOut(Schema):
    id: int
    name: str
    category: str
    region: str
    active: bool


class UnitDetailOut(UnitOut):
    sites: list[SiteOut]


def _unit_out(unit: Unit) -> dict:
    return {
        "id": unit.pk,
        "name": unit.name,
        "category": unit.category.name,
        "region": unit.region.full_name,
        "active": unit.active,
    }


def _visible_unit(request: HttpRequest, unit_id: int) -> Unit:
    unit = get_object_or_404(Unit, pk=unit_id)
    if not access.can_view_unit(request.user, unit):
        raise HttpError(403, "无权查看该单位。")
    return unit


@api.get("/units", response=list[UnitOut], summary="单位列表（仅限本人可见范围）")
def list_units(request: HttpRequest):
    units = access.visible_units(request.user).select_related("category", "region", "region__parent")
    return [_unit_out(u) for u in units]


@api.get("/units/{unit_id}", response=UnitDetailOut, summary="单位详情及其网站")
def get_unit(request: HttpRequest, unit_id: ApiId):
    unit = _visible_unit(request, unit_id)
    return {**_unit_out(unit), "sites": list(unit.sites.all())}


@api.get("/units/{unit_id}/sites", response=list[SiteOut], summary="单位的网站")
def unit_sites(request: HttpRequest, unit_id: ApiId):
    return list(_visible_unit(request, unit_id).sites.all())
