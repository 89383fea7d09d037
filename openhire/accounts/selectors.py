from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from openhire.accounts.models import ApiKey, User
from openhire.core.access import get_or_404, org_queryset
from openhire.core.errors import NotFound


def users_for(viewer: User) -> QuerySet[User]:
    return org_queryset(User.objects.filter(is_service=False), viewer).order_by("username")


def access_user(viewer: User, user_id: UUID | str) -> User:
    if viewer.role != "admin" and str(viewer.pk) != str(user_id):
        raise NotFound("not found")
    return get_or_404(users_for(viewer), user_id)


def api_keys_for(viewer: User) -> QuerySet[ApiKey]:
    if viewer.role != "admin":
        return ApiKey.objects.none()
    return org_queryset(ApiKey.objects.all(), viewer).order_by("-created_at")


def access_api_key(viewer: User, key_id: UUID | str) -> ApiKey:
    return get_or_404(api_keys_for(viewer), key_id)
