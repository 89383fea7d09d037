from __future__ import annotations

import csv
import io

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from openhire.accounts import services
from openhire.audit.models import AuditEvent


def test_services_write_audit_rows_with_request_context(org, users, client_for):
    client = client_for(users["admin"])
    client.post(
        "/api/v1/users",
        data={"username": "newbie", "password": "a-long-enough-password", "role": "recruiter"},
        content_type="application/json",
        HTTP_USER_AGENT="pytest-agent",
        REMOTE_ADDR="10.1.2.3",
    )
    event = AuditEvent.objects.filter(action="user.create", after__username="newbie").get()
    assert event.actor_id == users["admin"].id
    assert event.organization_id == org.id
    assert event.ip == "10.1.2.3" and event.user_agent == "pytest-agent" and event.channel == "api"


def test_audit_row_rolls_back_with_the_change(org, users):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.user_create(
            organization=org, username="ghost", password=None, role="recruiter", actor=users["admin"]
        )
        raise RuntimeError("boom")
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'tampered'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_database_refuses_update_and_delete(org, statement):
    assert AuditEvent.objects.exists()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert not AuditEvent.objects.filter(action="tampered").exists()
    assert AuditEvent.objects.exists()


def test_orm_update_and_delete_are_refused_too(org):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().update(action="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_auditor_filters_and_exports_csv(org, users, other_users, client_for):
    services.user_deactivate(user=users["recruiter"], actor=users["admin"])
    client = client_for(users["auditor"])
    page = client.get("/audit/", {"action": "user.deactivate"}).content.decode()
    assert "user.deactivate" in page and "user.create" not in page
    response = client.get("/audit/export.csv", {"action": "user."})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["action"] for r in rows} >= {"user.create", "user.deactivate"}
    assert all(r["action"].startswith("user.") for r in rows)
    # nothing from the other organisation
    other_ids = {str(u.id) for u in other_users.values()}
    assert not other_ids & {r["object_id"] for r in rows}
    assert AuditEvent.objects.filter(action="audit.export", actor=users["auditor"]).exists()


def test_audit_api_is_paginated(org, users, client_for):
    data = client_for(users["auditor"]).get("/api/v1/audit/events", {"limit": 2}).json()
    assert data["count"] >= 5 and len(data["items"]) == 2
