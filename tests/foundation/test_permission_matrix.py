"""Foundation rows of the permission matrix (later issues add rows in their own test modules)."""

from __future__ import annotations

import itertools

import pytest

from tests.permissions import Case, check_case

_n = itertools.count()

CASES = [
    Case("home page", "get", "/", allowed=("admin", "recruiter", "interviewer", "hiring_manager", "auditor")),
    Case("users page", "get", "/accounts/users/", allowed=("admin",)),
    Case("audit log page", "get", "/audit/", allowed=("admin", "auditor")),
    Case("audit CSV export", "get", "/audit/export.csv", allowed=("admin", "auditor")),
    Case(
        "deactivate user page action",
        "post",
        lambda ctx: f"/accounts/users/{ctx['target'].id}/toggle/",
        allowed=("admin",),
        ok=302,
        object_bound=True,
    ),
    Case(
        "edit user page",
        "get",
        lambda ctx: f"/accounts/users/{ctx['target'].id}/",
        allowed=("admin",),
        object_bound=True,
    ),
    Case(
        "edit user page save",
        "post",
        lambda ctx: f"/accounts/users/{ctx['target'].id}/",
        allowed=("admin",),
        ok=302,
        object_bound=True,
        data=lambda ctx: {"display_name": f"改名{next(_n)}", "role": "recruiter", "wecom_userid": "WangXiao"},
    ),
    Case(
        "API: edit user",
        "patch",
        lambda ctx: f"/api/v1/users/{ctx['target'].id}",
        api=True,
        allowed=("admin",),
        object_bound=True,
        data=lambda ctx: {"wecom_userid": f"member{next(_n)}"},
    ),
    Case(
        "create API key page action",
        "post",
        "/accounts/api-keys/",
        allowed=("admin",),
        data=lambda ctx: {"name": f"ERP {next(_n)}", "role": "recruiter", "write": "on"},
    ),
    Case(
        "revoke API key page action",
        "post",
        lambda ctx: f"/accounts/api-keys/{ctx['api_key'].id}/revoke/",
        allowed=("admin",),
        ok=302,
        object_bound=True,
    ),
    Case(
        "API: me",
        "get",
        "/api/v1/me",
        api=True,
        allowed=("admin", "recruiter", "interviewer", "hiring_manager", "auditor"),
    ),
    Case("API: users", "get", "/api/v1/users", api=True, allowed=("admin",)),
    Case(
        "API: create user",
        "post",
        "/api/v1/users",
        api=True,
        allowed=("admin",),
        ok=201,
        data=lambda ctx: {
            "username": f"made-{next(_n)}",
            "password": "a-long-enough-password",
            "role": "recruiter",
        },
    ),
    Case(
        "API: deactivate user",
        "post",
        lambda ctx: f"/api/v1/users/{ctx['target'].id}/deactivate",
        api=True,
        allowed=("admin",),
        object_bound=True,
    ),
    Case("API: audit events", "get", "/api/v1/audit/events", api=True, allowed=("admin", "auditor")),
    Case(
        "API: task progress",
        "get",
        lambda ctx: f"/api/v1/tasks/{ctx['progress'].key}",
        api=True,
        allowed=("admin", "recruiter", "interviewer", "hiring_manager", "auditor"),
        object_bound=True,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_permission_matrix(case, org, users, other_users, client_for, make_user):
    from openhire.accounts.services import api_key_create
    from openhire.core.progress import progress_start

    ctx = {
        "target": make_user(org, "recruiter"),
        "progress": progress_start(organization_id=org.id, kind="test"),
        "api_key": api_key_create(
            organization=org, name="ERP", scopes=["read"], role="recruiter", actor=users["admin"]
        ).api_key,
    }
    check_case(case, ctx, client_for, users, other_users)


def test_support_admin_only_for_verified_admins(users, client_for):
    assert client_for(users["admin"]).get("/support/admin/").status_code == 200
    for role in ("recruiter", "interviewer", "hiring_manager", "auditor"):
        assert client_for(users[role]).get("/support/admin/").status_code == 302


def test_support_admin_lists_only_own_organisation(users, other_users, client_for):
    page = client_for(users["admin"]).get("/support/admin/accounts/user/").content.decode()
    assert "other-recruiter" not in page and "recruiter" in page
