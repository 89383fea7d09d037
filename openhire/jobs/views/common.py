from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest

from openhire.accounts.models import User
from openhire.core.errors import OpenhireError
from openhire.core.permissions import ADMIN, RECRUITER, STAFF_ROLES

WRITERS = (ADMIN, RECRUITER)
READERS = STAFF_ROLES


def viewer(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def can_write(user: Any) -> bool:
    return bool(getattr(user, "role", None) in WRITERS)


def form_error(form: forms.Form, exc: OpenhireError) -> None:
    """Show a service error on the field it names (or on the form)."""
    field = (exc.field or "").split(".")[0]
    form.add_error(field if field in form.fields else None, str(exc.message))


def language(request: HttpRequest) -> str:
    return "en" if (getattr(request, "LANGUAGE_CODE", "") or "").startswith("en") else "zh"


def unchanged_version(job: Any, snapshot: dict[str, Any] | None) -> int | None:
    """The number of the latest version when publishing ``snapshot`` would publish nothing new."""
    from openhire.jobs import planning, selectors

    latest = selectors.latest_version(job)
    if latest is None or snapshot is None:
        return None
    return latest.number if planning.comparable(latest.snapshot) == planning.comparable(snapshot) else None
