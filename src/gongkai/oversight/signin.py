"""Sign-in rate limiting: after MAX_FAILURES failed sign-ins for one user name from one address
within the window, further attempts are refused with a Chinese message until the window ends.

Counts live in Django's cache (the database cache in settings, shared by all web processes). The
address is REMOTE_ADDR only: X-Forwarded-For is chosen by the client and would let an attacker
pick a fresh address for every guess.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from gongkai.accounts import access
from gongkai.oversight import events

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _limits() -> tuple[int, int]:
    return (
        getattr(settings, "SIGNIN_MAX_FAILURES", MAX_FAILURES),
        getattr(settings, "SIGNIN_WINDOW_SECONDS", WINDOW_SECONDS),
    )


def _key(username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.strip().lower()}\n{address}".encode()).hexdigest()
    return f"signin-failures:{digest}"


def failures(username: str, address: str) -> int:
    """Failed sign-ins of this name from this address in the current window."""
    count, expires = cache.get(_key(username, address), (0, 0.0))
    return count if expires > time.time() else 0


def blocked(username: str, address: str) -> bool:
    return failures(username, address) >= _limits()[0]


def note_failure(username: str, address: str) -> int:
    """Count one failure; the window starts at the first failure and is not extended by later
    ones (the cache's own incr would reset the expiry). Returns the new count."""
    key = _key(username, address)
    now = time.time()
    count, expires = cache.get(key, (0, 0.0))
    if expires <= now:
        count, expires = 0, now + _limits()[1]
    count += 1
    cache.set(key, (count, expires), timeout=max(1, int(expires - now) + 1))
    return count


def clear(username: str, address: str) -> None:
    cache.delete(_key(username, address))


def blocked_message() -> str:
    return f"登录失败次数过多（{_limits()[0]} 次），为保护账号安全，请 {_limits()[1] // 60} 分钟后再试。"


class RateLimitedLoginView(LoginView):
    """Django's LoginView with the failure count checked before the password is."""

    template_name = "web/login.html"

    def _who(self) -> tuple[str, str]:
        return self.request.POST.get("username", ""), self.request.META.get("REMOTE_ADDR", "")

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if blocked(*self._who()):
            messages.error(request, blocked_message())
            response = self.render_to_response(self.get_context_data(form=self.form_class(request)))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        clear(*self._who())
        return super().form_valid(form)

    def form_invalid(self, form) -> HttpResponse:
        username, address = self._who()
        if note_failure(username, address) == _limits()[0]:
            account = get_user_model().objects.filter(username=username).first()
            events.record(
                events.Event.Kind.SIGNIN_BLOCKED,
                f"用户名“{username[:50]}”在 {address} 连续登录失败 {_limits()[0]} 次，暂停登录",
                region=access.scope_region(account) if account else None,
            )
        return super().form_invalid(form)
