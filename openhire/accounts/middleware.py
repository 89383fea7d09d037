from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp import user_has_device

# Paths a logged-in user may reach before passing the second factor.
_OPEN_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/otp/",
    "/static/",
    "/healthz",
    "/i18n/",
    "/api/",
    "/i/",
    "/careers/",
)


class SecondFactorRequiredMiddleware:
    """Admins must set up and pass TOTP; anyone who has a device must pass it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES) and not user.is_verified()  # type: ignore[union-attr, attr-defined]
        ):
            if user_has_device(user, confirmed=True):
                return redirect(f"/accounts/otp/verify/?next={request.get_full_path()}")
            if getattr(user, "needs_second_factor", False):
                return redirect("/accounts/otp/setup/")
        return self.get_response(request)
