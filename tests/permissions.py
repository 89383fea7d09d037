"""The permission matrix: for every page and API endpoint, what each role gets.

Each app's tests declare ``Case`` rows and call ``check_case``; ``tests/test_permission_matrix.py``
holds the foundation's rows. Expected results:

- a role in ``allowed`` gets ``ok`` (200 by default);
- another role of the owning organisation gets 403 (or 404 when ``hidden_from_others``: object-level
  scoping hides rows of jobs the user is not on);
- a user of another organisation with an allowed role gets 404 for object endpoints (``object_bound``);
- anonymous gets a redirect to the login page (pages) or 401 (API).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from openhire.accounts.models import User

ROLES = ("admin", "recruiter", "interviewer", "hiring_manager", "auditor")


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str | Callable[[dict[str, Any]], str]
    allowed: tuple[str, ...]
    api: bool = False
    ok: int = 200
    data: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] | None = None
    object_bound: bool = False
    denied_status: int = 403
    extra: dict[str, Any] = field(default_factory=dict)

    def url(self, ctx: dict[str, Any]) -> str:
        return self.path(ctx) if callable(self.path) else self.path

    def payload(self, ctx: dict[str, Any]) -> dict[str, Any] | None:
        return self.data(ctx) if callable(self.data) else self.data


def request(client: Client, case: Case, ctx: dict[str, Any]) -> Any:
    url = case.url(ctx)
    data = case.payload(ctx)
    method = case.method.lower()
    if case.api and method in ("post", "put", "patch"):
        import json

        return getattr(client, method)(url, data=json.dumps(data or {}), content_type="application/json")
    if method == "get":
        return client.get(url, data or {})
    return getattr(client, method)(url, data or {})


def check_case(
    case: Case,
    ctx: dict[str, Any],
    client_for: Callable[[User | None], Client],
    users: dict[str, User],
    other_users: dict[str, User],
) -> None:
    anon = request(client_for(None), case, ctx)
    if case.api:
        assert anon.status_code == 401, f"{case.name}: anonymous got {anon.status_code}"
    else:
        assert anon.status_code == 302 and "/accounts/login/" in anon["Location"], (
            f"{case.name}: anonymous got {anon.status_code}"
        )
    for role in ROLES:
        response = request(client_for(users[role]), case, ctx)
        expected = case.ok if role in case.allowed else case.denied_status
        assert response.status_code == expected, (
            f"{case.name}: {role} got {response.status_code}, expected {expected}"
        )
    if case.object_bound:
        for role in case.allowed:
            response = request(client_for(other_users[role]), case, ctx)
            assert response.status_code == 404, (
                f"{case.name}: {role} of another organisation got {response.status_code}"
            )
