from django.contrib import admin

from openhire.accounts.models import ApiKey, Organization, User
from openhire.core.admin_site import OrgAdmin


@admin.register(User)
class UserAdmin(OrgAdmin):
    list_display = ("username", "display_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "display_name", "email")
    fields = ("username", "display_name", "email", "role", "is_active", "language", "locked_until")
    readonly_fields = ("username",)


@admin.register(Organization)
class OrganizationAdmin(OrgAdmin):
    org_field = "pk"
    list_display = ("name", "name_en", "slug")
    fields = ("name", "name_en", "default_language", "settings")


@admin.register(ApiKey)
class ApiKeyAdmin(OrgAdmin):
    list_display = ("name", "prefix", "scopes", "last_used_at", "revoked_at")
    readonly_fields = ("name", "prefix", "scopes", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
