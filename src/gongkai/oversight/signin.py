"""Sign-in lockout counts, shared by every way in (web login, admin login, API token creation).

Failures are counted twice: per account (the user name, from any address: guessing one
supervisor's password from many machines) and per client address (for any name: one machine
trying many accounts). Either count at its limit locks that account or address on every door until
the window that began with the first failure ends. The doors themselves are in
``gongkai.accounts.lockout``.

Counts live in Django's cache (the database cache in settings, shared by all web processes). The
address is REMOTE_ADDR only: X-Forwarded-For is chosen by the client and would let an attacker
pick a fresh address for every guess.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView
from django.core.cache import cache

from gongkai.accounts import access
from gongkai.oversight import events

MAX_FAILURES = 5  # per account
MAX_ADDRESS_FAILURES = 20  # per client address, over all names
WINDOW_SECONDS = 15 * 60


def _window() -> int:
    return getattr(settings, "SIGNIN_WINDOW_SECONDS", WINDOW_SECONDS)


def _account_limit() -> int:
    return getattr(settings, "SIGNIN_MAX_FAILURES", MAX_FAILURES)


def _address_limit() -> int:
    return getattr(settings, "SIGNIN_MAX_ADDRESS_FAILURES", MAX_ADDRESS_FAILURES)


def _key(kind: str, value: str) -> str:
    return f"signin-failures:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _account_key(username: str) -> str:
    return _key("account", username.strip().lower())


def _address_key(address: str) -> str:
    return _key("address", address)


def _count(key: str) -> int:
    count, expires = cache.get(key, (0, 0.0))
    return count if expires > time.time() else 0


def _increment(key: str) -> int:
    """Count one failure; the window starts at the first failure and is not extended by later
    ones (the cache's own incr would reset the expiry). Returns the new count."""
    now = time.time()
    count, expires = cache.get(key, (0, 0.0))
    if expires <= now:
        count, expires = 0, now + _window()
    count += 1
    cache.set(key, (count, expires), timeout=max(1, int(expires - now) + 1))
    return count


def failures(username: str, address: str) -> tuple[int, int]:
    """(failures of this account, failures from this address) in their current windows."""
    return _count(_account_key(username)), _count(_address_key(address)) if address else 0


def blocked_message(username: str, address: str) -> str | None:
    """The Chinese refusal when the account or the address is locked, else None."""
    account_failures, address_failures = failures(username, address)
    minutes = max(1, _window() // 60)
    if username.strip() and account_failures >= _account_limit():
        return f"登录失败次数过多（该账号 {_account_limit()} 次），为保护账号安全，请 {minutes} 分钟后再试。"
    if address and address_failures >= _address_limit():
        return (
            f"登录失败次数过多（本机地址 {_address_limit()} 次），为保护账号安全，请 {minutes} 分钟后再试。"
        )
    return None


def note_failure(username: str, address: str) -> None:
    """Count a failed sign-in on both counters; record an audit-log event when one reaches its
    limit (once per window: later failures go past the limit without a new event)."""
    username = username.strip()
    if username and _increment(_account_key(username)) == _account_limit():
        account = get_user_model().objects.filter(username=username).first()
        events.record(
            events.Event.Kind.SIGNIN_BLOCKED,
            f"用户名“{username[:50]}”连续登录失败 {_account_limit()} 次（最近一次来自 {address or '未知地址'}），"
            "该账号暂停登录及创建接口令牌",
            region=access.scope_region(account) if account else None,
        )
    if address and _increment(_address_key(address)) == _address_limit():
        events.record(
            events.Event.Kind.SIGNIN_BLOCKED,
            f"地址 {address} 登录失败 {_address_limit()} 次（涉及多个用户名），该地址暂停登录",
        )


def clear(username: str) -> None:
    """A successful sign-in resets the account's count (not the address's: an attacker holding one
    valid account must not reset the count of their guesses at others)."""
    cache.delete(_account_key(username))


class RateLimitedLoginView(LoginView):
    """Django's LoginView with the site's template; the lockout is enforced for it and for the
    other doors by ``gongkai.accounts.lockout``."""

    template_name = "web/login.html"
