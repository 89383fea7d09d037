from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from openhire.accounts.models import User
from openhire.audit.models import AuditEvent
from openhire.core.access import org_queryset

AUDIT_ROLES = ("admin", "auditor")


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_events_for(viewer: User, filters: AuditFilter | None = None) -> QuerySet[AuditEvent]:
    if viewer.role not in AUDIT_ROLES:
        return AuditEvent.objects.none()
    qs = org_queryset(AuditEvent.objects.all(), viewer)
    f = filters or AuditFilter()
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    if f.actor:
        qs = qs.filter(actor_label__icontains=f.actor)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.object_id:
        qs = qs.filter(object_id=f.object_id)
    tz = timezone.get_current_timezone()
    if f.date_from:
        qs = qs.filter(created_at__gte=datetime.combine(f.date_from, time.min, tzinfo=tz))
    if f.date_to:
        qs = qs.filter(created_at__lt=datetime.combine(f.date_to + timedelta(days=1), time.min, tzinfo=tz))
    return qs.order_by("-id")
