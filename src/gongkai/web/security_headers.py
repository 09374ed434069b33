"""Content-Security-Policy on every response: scripts, styles, images and fonts from this site only
(the product uses no CDN and no inline code; tests/web/test_serve.py checks the templates), no
plugins, no framing, forms post only here. Django's SecurityMiddleware adds nosniff, the
Referrer-Policy and, when GONGKAI_HTTPS is on, HSTS."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
