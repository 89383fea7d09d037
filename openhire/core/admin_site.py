"""Django admin for support staff: only organisation admins who passed the second factor."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class OpenhireAdminSite(admin.AdminSite):
    site_header = "openhire support"
    site_title = "openhire support"

    def has_permission(self, request: HttpRequest) -> bool:
        user: Any = request.user
        return bool(
            user.is_active
            and user.is_authenticated
            and getattr(user, "role", "") == "admin"
            and user.is_verified()
        )


class OpenhireAdminConfig(AdminConfig):
    default_site = "openhire.core.admin_site.OpenhireAdminSite"


class OrgAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Admins see only their own organisation's rows, read-only: every change goes through the console's
    services so it is validated and audited."""

    org_field = "organization"

    def _is_admin(self, request: HttpRequest) -> bool:
        return getattr(request.user, "role", "") == "admin"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> Any:
        qs = super().get_queryset(request)
        return qs.filter(**{self.org_field: getattr(request.user, "organization_id", None)})
