"""The doors of the sign-in lockout (counts in ``gongkai.oversight.signin``).

- ``LockoutModelBackend`` refuses to authenticate a locked account or address, whichever view
  asks (web login, admin login, anything added later that calls ``authenticate``);
- the ``user_login_failed`` / ``user_logged_in`` receivers count failures and reset on success, for
  the same views;
- ``SigninLockoutMiddleware`` answers a POST to a door with a Chinese 429 before the view runs, so
  the attacker learns nothing from the password check; the API-token page is a door too (a locked
  account cannot mint a token with a session it may have stolen).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import user_logged_in, user_login_failed
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from gongkai.oversight import signin

# url name -> where the account name comes from
LOGIN_DOORS = {"login", "admin:login"}
SESSION_DOORS = {"oversight:api_tokens"}


def client_address(request: HttpRequest | None) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None and signin.blocked_message(username, client_address(request)):
            raise PermissionDenied  # stops authenticate(); user_login_failed is still sent
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed, dispatch_uid="gongkai-signin-failed")
def _count_failure(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    signin.note_failure(str(credentials.get("username", "")), client_address(request))


@receiver(user_logged_in, dispatch_uid="gongkai-signin-succeeded")
def _reset_on_success(sender, request: HttpRequest | None, user, **kwargs) -> None:
    signin.clear(user.get_username())


def locked_response(request: HttpRequest, message: str) -> HttpResponse:
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "web/signin_locked.html", {"message": message}, status=429)


class SigninLockoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if request.method != "POST" or request.resolver_match is None:
            return None
        door = request.resolver_match.view_name
        if door in LOGIN_DOORS:
            username = request.POST.get("username", "")
        elif door in SESSION_DOORS and request.user.is_authenticated and "revoke" not in request.POST:
            username = request.user.get_username()  # revoking a token stays possible: it is a defence
        else:
            return None
        message = signin.blocked_message(username, client_address(request))
        return locked_response(request, message) if message else None
