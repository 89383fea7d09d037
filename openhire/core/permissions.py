"""Role checks for views and API handlers (object-level checks live in selectors)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

F = TypeVar("F", bound=Callable[..., HttpResponseBase])

ADMIN = "admin"
RECRUITER = "recruiter"
INTERVIEWER = "interviewer"
HIRING_MANAGER = "hiring_manager"
AUDITOR = "auditor"
STAFF_ROLES = (ADMIN, RECRUITER, INTERVIEWER, HIRING_MANAGER)
ALL_ROLES = (*STAFF_ROLES, AUDITOR)


def has_role(user: Any, *roles: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.organization_id and user.role in roles)


def roles_required(*roles: str) -> Callable[[F], F]:
    """Console views: anonymous → login redirect; wrong role → 403."""

    def decorator(view: F) -> F:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
