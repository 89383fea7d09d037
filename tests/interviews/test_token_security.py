"""Invitation tokens and candidate sessions: no data for wrong, expired, revoked, reused or guessed tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from openhire.interviews.models import Interview, Invitation
from openhire.interviews.services import (
    interviews_expire_due,
    invitation_extend,
    invitation_resend,
    invitation_revoke,
)
from openhire.interviews.services._common import token_hash
from tests.interviews.conftest import open_link

pytestmark = pytest.mark.django_db


def assert_no_data(response, result) -> None:  # type: ignore[no-untyped-def]
    body = response.content.decode()
    assert response["Referrer-Policy"] == "no-referrer"
    assert "oh_interview" not in response.cookies
    for secret in ("客户经理", "Customer Manager", result.interview.candidate.name, "请介绍一个你负责的项目"):
        assert secret not in body


def test_tokens_are_long_random_and_stored_only_as_hashes(invite):
    result = invite()
    assert len(result.token) >= 32  # 24 random bytes, url-safe base64
    assert len(result.code) == 8 and not set(result.code) & set("01OIL")
    stored = Invitation.objects.get()
    assert stored.token_hash == token_hash(result.token)
    assert result.token not in str(Invitation.objects.filter(pk=stored.pk).values().get())
    assert result.code not in str(Invitation.objects.filter(pk=stored.pk).values().get())


def test_short_code_opens_the_interview(invite):
    result = invite()
    client = Client()
    r = client.post("/i/c/", {"code": result.code.lower()[:4] + "-" + result.code[4:]})
    assert r.status_code == 302 and r["Location"] == "/i/s/"
    assert client.get("/i/s/welcome/").status_code == 200


def test_expired_token_shows_a_friendly_page(invite, time_machine):
    result = invite()
    time_machine.move_to(timezone.now() + timedelta(days=8))
    r = Client().get(f"/i/{result.token}")
    assert r.status_code == 410
    assert_no_data(r, result)
    assert Interview.objects.get().state == "expired"


def test_expiry_task_marks_not_started_interviews(invite, time_machine):
    invite()
    time_machine.move_to(timezone.now() + timedelta(days=8))
    assert interviews_expire_due() == 1
    assert interviews_expire_due() == 0  # idempotent
    interview = Interview.objects.get()
    invitation_extend(interview=interview, actor=None, days=3)
    interview.refresh_from_db()
    assert interview.state == "invited"


def test_revoked_token_and_session_show_nothing(invite, users):
    result = invite()
    client = open_link(result)
    invitation_revoke(interview=result.interview, actor=users["recruiter"])
    r = Client().get(f"/i/{result.token}")
    assert r.status_code == 410
    assert_no_data(r, result)
    page = client.get("/i/s/welcome/")  # the already-open session ends too
    assert page.status_code == 403
    assert_no_data(page, result)
    assert client.get("/i/s/api/state").status_code == 401


def test_token_reused_on_a_second_device_is_refused(invite):
    result = invite()
    first = open_link(result)
    r = Client().get(f"/i/{result.token}")
    assert r.status_code == 409
    assert_no_data(r, result)
    assert first.get("/i/s/welcome/").status_code == 200


def test_resend_invalidates_the_old_link_and_old_sessions(invite, users):
    result = invite()
    old_device = open_link(result)
    fresh = invitation_resend(interview=result.interview, actor=users["recruiter"])
    assert Client().get(f"/i/{result.token}").status_code == 410
    assert old_device.get("/i/s/welcome/").status_code == 403
    assert open_link(fresh).get("/i/s/welcome/").status_code == 200


def test_another_candidates_upload_is_not_found(invite, recording):
    a, b = invite("甲"), invite("乙")
    client_a, client_b = open_link(a), open_link(b)
    for c in (client_a, client_b):
        c.post("/i/s/consent/", {"ai_consent": "on", "av_consent": "on", "alternative": ""})
        c.post("/i/s/start/")
    import hashlib

    opened = client_a.post(
        "/i/s/api/uploads",
        data={
            "question_id": "q1",
            "size": 10,
            "mime": "video/webm",
            "sha256": hashlib.sha256(b"x").hexdigest(),
        },
        content_type="application/json",
    ).json()
    assert client_b.get(f"/i/s/api/uploads/{opened['id']}").status_code == 404
    r = client_b.put(
        f"/i/s/api/uploads/{opened['id']}/chunk?offset=0",
        data=b"x",
        content_type="application/octet-stream",
        headers={"X-Chunk-SHA256": hashlib.sha256(b"x").hexdigest()},
    )
    assert r.status_code == 404
    assert client_b.post(f"/i/s/api/uploads/{opened['id']}/complete").status_code == 404


def test_forged_cookie_opens_nothing(invite):
    result = invite()
    client = Client()
    client.cookies["oh_interview"] = f"{result.interview.pk}:whatever"
    assert client.get("/i/s/welcome/").status_code == 403
    assert client.get("/i/s/api/state").status_code == 401


def test_guessed_tokens_get_nothing_and_are_rate_limited(invite):
    result = invite()
    client = Client()
    for n in range(20):
        r = client.get(f"/i/{'A' * 31}{n:02d}")
        assert r.status_code == 404
        assert_no_data(r, result)
    assert client.get(f"/i/{result.token}").status_code == 429  # even the right token waits now
    assert client.post("/i/c/", {"code": "ABCDEFGH"}).status_code == 429
    assert Client(REMOTE_ADDR="10.9.9.9").get(f"/i/{result.token}").status_code == 302


def test_candidate_pages_without_a_session_are_friendly(db):
    for path in (
        "/i/s/",
        "/i/s/welcome/",
        "/i/s/consent/",
        "/i/s/device/",
        "/i/s/booking/",
        "/i/s/interview/",
        "/i/s/status/",
        "/i/s/booking.ics",
    ):
        r = Client().get(path)
        assert r.status_code == 403 and 'data-problem="session"' in r.content.decode(), path
    for path in ("/i/s/api/state", "/i/s/api/uploads/00000000-0000-0000-0000-000000000000"):
        assert Client().get(path).status_code == 401
