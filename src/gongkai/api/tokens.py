"""Issue, revoke and check API tokens (``Authorization: Bearer <key>``); issuing and revoking are
written to the audit log."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from gongkai.accounts import access
from gongkai.api.models import ApiToken, hash_key
from gongkai.oversight import events

LAST_USED_RESOLUTION = timedelta(minutes=1)  # at most one write per token per minute


def create_token(
    user: AbstractBaseUser, name: str, *, by: AbstractBaseUser | None = None
) -> tuple[ApiToken, str]:
    """A new token of ``user``; the clear key is returned once and must be shown right away."""
    name = name.strip() or "未命名"
    token, key = ApiToken.issue(user, name)
    events.record(
        events.Event.Kind.TOKEN_CREATED,
        f"为用户 {user.get_username()} 创建接口令牌“{name}”",
        user=by or user,
        region=access.scope_region(user),
    )
    return token, key


def revoke_token(token: ApiToken, *, by: AbstractBaseUser | None = None) -> None:
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        events.record(
            events.Event.Kind.TOKEN_REVOKED,
            f"吊销用户 {token.user.get_username()} 的接口令牌“{token.name}”",
            user=by or token.user,
            region=access.scope_region(token.user),
        )


def user_for_key(key: str) -> AbstractBaseUser | None:
    """The active user of a valid, unrevoked token; None otherwise."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


class BearerToken(HttpBearer):
    """django-ninja authentication: a valid token signs the request in as its user, so the access
    rules see the same ``request.user`` as with a session."""

    openapi_description = (
        "接口令牌：Authorization: Bearer <令牌>（用 `gongkai token create --user 用户名` 创建）"
    )

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser | None:
        user = user_for_key(token.strip())
        if user is not None:
            request.user = user
        return user
