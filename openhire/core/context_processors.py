from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _nav(user: Any) -> list[tuple[str, Any, str]]:
    """(url, label, key) for the console navigation, by role."""
    if not user.is_authenticated or not user.organization_id:
        return []
    role = user.role
    items: list[tuple[str, Any, str]] = [("/", _("Home"), "home")]
    from openhire.core import navigation

    for entry in navigation.entries():
        if role in entry.roles:
            items.append((entry.url, entry.label, entry.key))
    if role in ("admin", "auditor"):
        items.append(("/audit/", _("Audit log"), "audit"))
    if role == "admin":
        items.append(("/accounts/users/", _("Users"), "users"))
    return items


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    org = getattr(user, "organization", None) if user is not None and user.is_authenticated else None
    return {"nav_items": _nav(user) if user is not None else [], "current_org": org}
