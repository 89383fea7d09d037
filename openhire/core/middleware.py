from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from openhire.core import context


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it, and the
    # deployment guide has the proxy set REMOTE_ADDR (gunicorn --forwarded-allow-ips).
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        ctx = context.RequestContext(
            ip=client_ip(request),
            user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:400],
            channel=channel,
        )
        with context.using(ctx):
            return self.get_response(request)
