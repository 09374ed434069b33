"""The site's front door (each role's start page) and the 400 page with its Chinese reason."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect

from gongkai.accounts import access
from gongkai.accounts.models import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if access.role_of(request.user) == Role.UNIT_ADMIN:
        return redirect("followup:portal")
    if access.role_of(request.user) is None:
        raise PermissionDenied("您的账号尚未分配角色，请联系监管人员。")
    return redirect("unit_list")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page, with the Chinese reason the view gave (Django's default shows none)."""
    from django.template import loader

    body = loader.render_to_string("400.html", {"exception": str(exception)}, request)
    return HttpResponseBadRequest(body)
