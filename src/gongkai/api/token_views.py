"""Page: the user's own API tokens. It asks gongkai.accounts.access first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.accounts import access
from gongkai.api.models import ApiToken
from gongkai.api.tokens import create_token, revoke_token


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens: create one (its key is shown on this response only) or revoke."""
    if access.role_of(request.user) is None:
        raise PermissionDenied("您的账号尚未分配角色，不能使用接口。")
    new_key = None
    if request.method == "POST":
        if "revoke" in request.POST:
            token = get_object_or_404(ApiToken, pk=request.POST["revoke"], user=request.user)
            revoke_token(token, by=request.user)
            messages.success(request, f"已吊销令牌“{token.name}”。")
            return redirect("oversight:api_tokens")
        name = request.POST.get("name", "").strip()[:100]
        if not name:
            messages.error(request, "请填写令牌用途。")
        else:
            _, new_key = create_token(request.user, name, by=request.user)
    tokens = ApiToken.objects.filter(user=request.user)
    response = render(request, "api/api_tokens.html", {"tokens": tokens, "new_key": new_key})
    response["Cache-Control"] = "no-store"  # the page may carry a key
    return response
