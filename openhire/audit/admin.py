from django.contrib import admin

from openhire.audit.models import AuditEvent
from openhire.core.admin_site import OrgAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(OrgAdmin):
    list_display = ("created_at", "actor_label", "action", "object_type", "object_id", "ip")
    list_filter = ("action",)
    search_fields = ("action", "object_id", "actor_label")
