from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from openhire.accounts import services
from openhire.accounts.models import User


class OrganisationUserBackend(ModelBackend):
    """Username + password, with lockout after repeated failures; service accounts cannot log in."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        user = User.objects.filter(username__iexact=username.strip()).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no user-enumeration by timing
            return None
        if user.is_service or services.login_locked(user):
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            services.login_succeeded(user=user)
            return user
        services.login_failed(user=user)
        return None
