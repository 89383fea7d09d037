"""The one way to write an audit row. Called by services inside their transaction, and by selectors when
candidate data is read. Summaries hold field names and non-sensitive values, never secrets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Model

from openhire.audit.models import AuditEvent
from openhire.core import context

if TYPE_CHECKING:
    from openhire.accounts.models import Organization, User


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any]:
    if not data:
        return {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None or isinstance(value, str | int | float | bool):
            out[key] = value
        elif isinstance(value, list | tuple):
            out[key] = [v if isinstance(v, str | int | float | bool) or v is None else str(v) for v in value]
        elif isinstance(value, dict):
            out[key] = _jsonable(value)
        else:
            out[key] = str(value)
    return out


def audit_record(
    *,
    actor: User | None,
    organization: Organization | None,
    action: str,
    obj: Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    ctx = context.current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(
        organization=organization,
        actor=actor_obj,
        actor_label=str(actor_obj.get_username()) if actor_obj else "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=str(obj)[:200] if obj is not None and not _is_personal(obj) else "",
        before=_jsonable(before),
        after=_jsonable(after),
        ip=ctx.ip,
        user_agent=ctx.user_agent,
        channel=ctx.channel,
    )


def _is_personal(obj: Model) -> bool:
    # Candidate rows are personal data: the log keeps their id, not their name, so that deletion of
    # the candidate leaves nothing identifying behind in the append-only log.
    return getattr(obj, "audit_personal", False) is True


def audit_read(*, viewer: User, obj: Model, action: str = "read") -> AuditEvent:
    """Record that ``viewer`` read personal data held in ``obj``."""
    return audit_record(
        actor=viewer,
        organization=getattr(viewer, "organization", None),
        action=f"{obj._meta.model_name}.{action}",
        obj=obj,
    )
