"""Object-level access: who may see which rows.

Rules, enforced in selectors (``access_<thing>(viewer, id)`` raises ``NotFound``):

- nothing ever crosses organisations;
- admins see everything in their organisation;
- auditors see the audit log and read-only administration, not candidate data by default;
- recruiters, interviewers and hiring managers see what belongs to the jobs they are on.

The jobs app registers the function that lists the jobs a user is on (``register_job_membership``);
every app with job-owned rows filters through ``visible_job_ids``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from django.db.models import Model, QuerySet

from openhire.core.errors import NotFound

if TYPE_CHECKING:
    from openhire.accounts.models import User

M = TypeVar("M", bound=Model)

_job_membership: Callable[[User], Iterable[UUID]] | None = None


def register_job_membership(fn: Callable[[User], Iterable[UUID]]) -> None:
    global _job_membership
    _job_membership = fn


def sees_all_jobs(viewer: User) -> bool:
    return viewer.is_active and viewer.role == "admin"


def visible_job_ids(viewer: User) -> set[UUID] | None:
    """``None`` means every job of the viewer's organisation; otherwise the set of job ids."""
    if sees_all_jobs(viewer):
        return None
    if _job_membership is None:
        return set()
    return set(_job_membership(viewer))


def org_queryset(queryset: QuerySet[M], viewer: User) -> QuerySet[M]:
    if not viewer.is_authenticated or not viewer.is_active or viewer.organization_id is None:
        return queryset.none()
    return queryset.filter(organization_id=viewer.organization_id)


def job_scoped(queryset: QuerySet[M], viewer: User, *, job_field: str = "job") -> QuerySet[M]:
    """Rows of the viewer's organisation that belong to jobs the viewer is on."""
    queryset = org_queryset(queryset, viewer)
    job_ids = visible_job_ids(viewer)
    if job_ids is None:
        return queryset
    return queryset.filter(**{f"{job_field}__in": job_ids})


def get_or_404(queryset: QuerySet[M], pk: Any) -> M:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:  # type: ignore[attr-defined]
        raise NotFound("not found") from exc
    except Exception as exc:  # malformed UUIDs raise ValidationError on some backends
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            raise NotFound("not found") from exc
        raise
