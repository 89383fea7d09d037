"""HR side: board, detail with timeline, playback (audited), invitations, windows, API; permission matrix."""

from __future__ import annotations

import itertools
import json

import pytest

from openhire.audit.models import AuditEvent
from openhire.interviews.models import Interview
from tests.interviews.conftest import open_link, upload
from tests.permissions import Case, check_case

pytestmark = pytest.mark.django_db
_n = itertools.count()
READERS = ("admin", "recruiter", "interviewer", "hiring_manager")
WRITERS = ("admin", "recruiter")


@pytest.fixture
def answered(invite, recording):  # type: ignore[no-untyped-def]
    result = invite("王小明")
    client = open_link(result)
    client.post("/i/s/consent/", {"ai_consent": "on", "av_consent": "on", "alternative": ""})
    client.post("/i/s/start/")
    upload(client, "q1", recording)
    return Interview.objects.get(pk=result.interview.pk)


def test_board_counts_and_lists_by_state(job, invite, answered, users, client_for):
    invite("李四")
    page = client_for(users["recruiter"]).get(f"/interviews/jobs/{job.id}/")
    html = page.content.decode()
    assert page.status_code == 200 and 'hx-trigger="every 3s"' in html
    live = client_for(users["recruiter"]).get(f"/interviews/jobs/{job.id}/live/").content.decode()
    assert 'data-state="in_progress"' in live and "王小明" in live and "李四" in live


def test_detail_shows_the_timeline_and_playback_is_audited(answered, users, client_for):
    client = client_for(users["interviewer"])
    html = client.get(f"/interviews/{answered.id}/").content.decode()
    for name in (
        "invitation.sent",
        "invitation.opened",
        "interview.consented",
        "interview.started",
        "interview.answer_submitted",
    ):
        assert f'data-event="{name}"' in html
    answer = answered.answers.get()
    media = client.get(f"/interviews/answers/{answer.id}/media")
    assert media.status_code == 200 and media["Cache-Control"] == "private, no-store"
    assert b"".join(media.streaming_content)[:4] == b"\x1a\x45\xdf\xa3"  # decrypted webm (EBML header)
    assert AuditEvent.objects.filter(
        action="answer.play", object_id=str(answer.id), actor=users["interviewer"]
    ).exists()


def test_invite_page_shows_link_qr_and_code_once(job, plan_version, make_application, users, client_for):
    application = make_application()
    client = client_for(users["recruiter"])
    page = client.post(
        f"/interviews/applications/{application.id}/invite/", {"plan_version": str(plan_version.id)}
    )
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "data:image/png;base64," in html and "/i/" in html
    again = client.post(
        f"/interviews/applications/{application.id}/invite/", {"plan_version": str(plan_version.id)}
    )
    assert 'class="error"' in again.content.decode() and "<svg" not in again.content.decode()


def test_api_invite_and_read(job, plan_version, make_application, users, client_for):
    client = client_for(users["recruiter"])
    application = make_application()
    r = client.post(
        "/api/v1/interviews/invitations",
        data=json.dumps({"application_id": str(application.id), "plan_version_id": str(plan_version.id)}),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["url"].count("/i/") == 1 and len(body["short_code"]) == 8 and body["qr_svg"].startswith("<")
    listed = client.get(f"/api/v1/interviews?job_id={job.id}").json()
    assert listed["count"] == 1 and listed["items"][0]["state"] == "invited"
    timeline = client.get(f"/api/v1/interviews/{body['interview_id']}/timeline").json()
    assert [e["name"] for e in timeline["items"]] == ["invitation.sent"]


def ctx_for(answered, job, plan_version, make_application, users):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from openhire.interviews.services import booking_window_create

    start = timezone.now() + timedelta(days=2)
    window = booking_window_create(
        job=job,
        actor=users["recruiter"],
        start=start,
        end=start + timedelta(hours=1),
        slot_minutes=30,
        capacity=2,
    )

    def new_window():  # type: ignore[no-untyped-def]
        return booking_window_create(
            job=job,
            actor=users["recruiter"],
            start=start,
            end=start + timedelta(hours=1),
            slot_minutes=30,
            capacity=2,
        )

    return {
        "new_window": new_window,
        "interview": answered,
        "answer": answered.answers.get(),
        "job": job,
        "window": window,
        "plan_version": plan_version,
        "make_application": make_application,
    }


CASES = [
    Case("interviews index", "get", "/interviews/", allowed=READERS),
    Case("board", "get", lambda c: f"/interviews/jobs/{c['job'].id}/", allowed=READERS, object_bound=True),
    Case(
        "board live",
        "get",
        lambda c: f"/interviews/jobs/{c['job'].id}/live/",
        allowed=READERS,
        object_bound=True,
    ),
    Case(
        "windows page",
        "get",
        lambda c: f"/interviews/jobs/{c['job'].id}/windows/",
        allowed=READERS,
        object_bound=True,
    ),
    Case(
        "add window",
        "post",
        lambda c: f"/interviews/jobs/{c['job'].id}/windows/",
        allowed=WRITERS,
        ok=302,
        object_bound=True,
        data={"start": "2030-01-01T09:00", "end": "2030-01-01T10:00", "slot_minutes": "30", "capacity": "3"},
    ),
    Case(
        "interview detail",
        "get",
        lambda c: f"/interviews/{c['interview'].id}/",
        allowed=READERS,
        object_bound=True,
    ),
    Case(
        "answer playback",
        "get",
        lambda c: f"/interviews/answers/{c['answer'].id}/media",
        allowed=READERS,
        object_bound=True,
    ),
    Case(
        "extend",
        "post",
        lambda c: f"/interviews/{c['interview'].id}/extend/",
        allowed=WRITERS,
        ok=302,
        object_bound=True,
        data={"days": "1"},
    ),
    Case(
        "invite page",
        "get",
        lambda c: f"/interviews/applications/{c['make_application']().id}/invite/",
        allowed=WRITERS,
        object_bound=True,
    ),
    Case("API: list", "get", "/api/v1/interviews", api=True, allowed=READERS),
    Case(
        "API: get",
        "get",
        lambda c: f"/api/v1/interviews/{c['interview'].id}",
        api=True,
        allowed=READERS,
        object_bound=True,
    ),
    Case(
        "API: timeline",
        "get",
        lambda c: f"/api/v1/interviews/{c['interview'].id}/timeline",
        api=True,
        allowed=READERS,
        object_bound=True,
    ),
    Case(
        "API: answers",
        "get",
        lambda c: f"/api/v1/interviews/{c['interview'].id}/answers",
        api=True,
        allowed=READERS,
        object_bound=True,
    ),
    Case(
        "API: extend",
        "post",
        lambda c: f"/api/v1/interviews/{c['interview'].id}/extend",
        api=True,
        allowed=WRITERS,
        object_bound=True,
        data={"days": 1},
    ),
    Case(
        "API: invite",
        "post",
        "/api/v1/interviews/invitations",
        api=True,
        allowed=WRITERS,
        ok=201,
        data=lambda c: {
            "application_id": str(c["make_application"]().id),
            "plan_version_id": str(c["plan_version"].id),
        },
    ),
]
# Destructive actions run last on a fresh interview each (see the test below).
DESTRUCTIVE = [
    Case(
        "resend",
        "post",
        lambda c: f"/interviews/{c['interview'].id}/resend/",
        allowed=WRITERS,
        object_bound=True,
    ),
    Case(
        "revoke",
        "post",
        lambda c: f"/interviews/{c['interview'].id}/revoke/",
        allowed=WRITERS,
        ok=302,
        object_bound=True,
    ),
    Case(
        "API: resend",
        "post",
        lambda c: f"/api/v1/interviews/{c['interview'].id}/resend",
        api=True,
        allowed=WRITERS,
        object_bound=True,
    ),
    Case(
        "API: revoke",
        "post",
        lambda c: f"/api/v1/interviews/{c['interview'].id}/revoke",
        api=True,
        allowed=WRITERS,
        object_bound=True,
    ),
    Case(
        "delete window",
        "post",
        lambda c: f"/interviews/windows/{c['new_window']().id}/delete/",
        allowed=WRITERS,
        ok=302,
        object_bound=True,
    ),
]


@pytest.mark.parametrize("case", CASES + DESTRUCTIVE, ids=lambda c: c.name)
def test_permission_matrix(
    case, answered, job, plan_version, make_application, users, other_users, client_for
):
    check_case(
        case, ctx_for(answered, job, plan_version, make_application, users), client_for, users, other_users
    )


def test_team_members_of_other_jobs_see_nothing(answered, make_user, org, client_for):
    outsider = make_user(org, "recruiter")
    client = client_for(outsider)
    assert client.get(f"/interviews/{answered.id}/").status_code == 404
    assert client.get(f"/interviews/answers/{answered.answers.get().id}/media").status_code == 404
    assert client.get(f"/api/v1/interviews/{answered.id}").status_code == 404
    assert client.get("/api/v1/interviews").json()["count"] == 0
