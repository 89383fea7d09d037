"""API plumbing shared by every app's router: authentication, the error format, role checks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from openhire.accounts.models import User
from openhire.core.errors import NotFound
from openhire.core.models import TaskProgress


class ConsoleSessionAuth(SessionAuth):
    """The console's session (CSRF-checked); users who must pass a second factor must have passed it."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or getattr(user, "is_service", False) or not user.organization_id:
            return None
        from django_otp import user_has_device

        if not user.is_verified() and (user.needs_second_factor or user_has_device(user, confirmed=True)):
            return None
        return user


def _user_for_key(request: HttpRequest, secret: str) -> User | None:
    from openhire.accounts.services import api_key_authenticate

    key = api_key_authenticate(secret)
    if key is None or not key.user.is_active:
        return None
    request.user = key.user
    request.api_scopes = set(key.scopes)  # type: ignore[attr-defined]
    return key.user


class ApiKeyBearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return _user_for_key(request, token)


class ApiKeyHeaderAuth(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        return _user_for_key(request, key or "")


AUTH = [ApiKeyBearer(), ApiKeyHeaderAuth(), ConsoleSessionAuth()]


def viewer(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def require_roles(request: HttpRequest, *roles: str) -> User:
    user = viewer(request)
    if user.role not in roles:
        raise HttpError(403, "Your role does not allow this.")
    return user


def require_write(request: HttpRequest, *roles: str) -> User:
    """Writes need the write scope (API keys) and one of ``roles``."""
    scopes = getattr(request, "api_scopes", None)
    if scopes is not None and "write" not in scopes:
        raise HttpError(403, "This API key is read-only.")
    return require_roles(request, *roles)


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


class ProgressOut(Schema):
    key: str
    kind: str
    status: str
    total: int
    done: int
    percent: int
    message: str
    result: dict[str, Any]


router = Router(tags=["tasks"])


@router.get("/tasks/{key}", response=ProgressOut)
def task_progress(request: HttpRequest, key: str) -> TaskProgress:
    user = viewer(request)
    progress = TaskProgress.objects.filter(organization=user.organization, key=key).first()
    if progress is None:
        raise NotFound("not found")
    return progress
