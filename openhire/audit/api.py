from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from openhire.audit.selectors import AUDIT_ROLES, AuditFilter, audit_events_for
from openhire.core.api import require_roles

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    created_at: datetime
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_label: str
    before: dict[str, Any]
    after: dict[str, Any]
    ip: str
    user_agent: str
    channel: str


class AuditQuery(Schema):
    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


@router.get("/events", response=list[AuditEventOut])
@paginate(LimitOffsetPagination)
def audit_events(request: HttpRequest, filters: Query[AuditQuery]) -> object:
    user = require_roles(request, *AUDIT_ROLES)
    return audit_events_for(user, AuditFilter(**filters.dict()))
