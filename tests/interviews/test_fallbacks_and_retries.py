"""The server side of the candidate's fallbacks and of the upload's retries: switching to typed answers
or asking for a person after consent (device check, interview page), a completion retried after its
reply was lost, and a damaged chunk that the client resends."""

from __future__ import annotations

import pytest

from openhire.audit.models import AuditEvent
from openhire.core import events
from openhire.core.events import ANSWER_MODE_CHANGED
from openhire.core.models import DomainEvent
from openhire.interviews.models import Answer, Interview, UploadSession
from openhire.interviews.services import uploads
from tests.interviews.conftest import open_link, sha
from tests.interviews.test_candidate_flow import consent_and_start

pytestmark = pytest.mark.django_db


def _consented(invite, **snapshot):  # type: ignore[no-untyped-def]
    result = invite()
    if snapshot:  # a second version of the plan, with these settings
        from openhire.interviews.services import interview_invite
        from openhire.jobs.models import PlanVersion

        first = result.interview.plan_version
        version = PlanVersion.objects.create(
            organization=first.organization,
            plan=first.plan,
            job=first.job,
            number=2,
            snapshot={**first.snapshot, **snapshot},
        )
        result = interview_invite(application=result.interview.application, plan_version=version, actor=None)
    client = open_link(result)
    data = {"ai_consent": "on", "av_consent": "on", "alternative": ""}
    assert client.post("/i/s/consent/", data).status_code == 302
    return client, Interview.objects.get(pk=result.interview.pk)


def _open_upload(client, data: bytes, question_id: str = "q1"):  # type: ignore[no-untyped-def]
    r = client.post(
        "/i/s/api/uploads",
        data={
            "question_id": question_id,
            "size": len(data),
            "sha256": sha(data),
            "mime": "video/webm",
            "duration_ms": 2000,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    return r.json()["id"]


def _put(client, upload_id: str, offset: int, data: bytes, checksum: str | None = None):  # type: ignore[no-untyped-def]
    return client.put(
        f"/i/s/api/uploads/{upload_id}/chunk?offset={offset}",
        data=data,
        content_type="application/octet-stream",
        headers={"X-Chunk-SHA256": checksum or sha(data)},
    )


# --- typed answers / a person, after consent ------------------------------------------------------


def test_device_page_offers_typed_answers_and_a_person_where_the_plan_allows(invite):
    client, _ = _consented(invite)
    page = client.get("/i/s/device/").content.decode()
    assert 'id="btn-text-mode"' in page and 'action="/i/s/text-mode/"' in page
    assert 'id="btn-human"' in page and 'id="no-text"' not in page
    assert 'action="/i/s/handoff/"' in page  # open in the system browser, also outside WeChat


def test_device_page_says_when_typed_answers_are_not_allowed(invite):
    client, interview = _consented(invite, allow_text_answers=False)
    page = client.get("/i/s/device/").content.decode()
    assert 'id="btn-text-mode"' not in page and 'id="no-text"' in page
    assert 'id="btn-human"' in page and 'action="/i/s/handoff/"' in page
    r = client.post("/i/s/text-mode/", {"reason": "device"})
    assert r.status_code == 422 and 'class="error" role="alert"' in r.content.decode()
    interview.refresh_from_db()
    assert interview.answer_mode == "video"
    assert not AuditEvent.objects.filter(action="interview.answer_mode").exists()


def test_switching_to_typed_answers_on_the_device_page_is_audited_and_emitted(invite):
    client, interview = _consented(invite)
    r = client.post("/i/s/text-mode/", {"reason": "device"})
    assert r.status_code == 302 and r["Location"] == "/i/s/"
    assert client.get("/i/s/")["Location"] == "/i/s/booking/"  # text mode skips the device check
    interview.refresh_from_db()
    assert interview.answer_mode == "text" and interview.state == "consented"
    row = AuditEvent.objects.get(action="interview.answer_mode", object_id=str(interview.pk))
    assert row.actor is None
    assert row.before["answer_mode"] == "video" and row.after == {"answer_mode": "text", "reason": "device"}
    event = DomainEvent.objects.get(name=ANSWER_MODE_CHANGED, subject_id=str(interview.pk))
    assert event.payload["mode"] == "text" and event.payload["previous"] == "video"
    client.post("/i/s/text-mode/", {"reason": "device"})  # twice: nothing new
    assert DomainEvent.objects.filter(name=ANSWER_MODE_CHANGED).count() == 1
    # and the interview then takes typed answers, refusing recordings
    assert client.post("/i/s/start/").status_code == 302
    state = client.get("/i/s/api/state").json()
    assert state["mode"] == "text"
    r = client.post(
        "/i/s/api/text",
        data={"question_id": "q1", "text": "我负责过一个项目。"},
        content_type="application/json",
    )
    assert r.status_code == 200
    r = client.post(
        "/i/s/api/uploads",
        data={"question_id": "q2", "size": 10, "sha256": "a" * 64, "mime": "video/webm", "duration_ms": 1},
        content_type="application/json",
    )
    assert r.status_code == 409


def test_switching_mid_interview_when_recording_fails(invite, recording):
    client = open_link(invite())
    consent_and_start(client)
    page = client.get("/i/s/interview/").content.decode()
    assert 'id="btn-text-mode"' in page and 'id="file-limit"' in page
    from tests.interviews.conftest import upload

    upload(client, "q1", recording)
    assert client.post("/i/s/text-mode/", {"reason": "interview"})["Location"] == "/i/s/"
    assert client.get("/i/s/api/state").json()["mode"] == "text"
    assert Answer.objects.get(question_id="q1").media  # the recorded answer stays


def test_switching_is_refused_before_consent_and_after_the_interview(invite):
    result = invite()
    client = open_link(result)
    assert client.post("/i/s/text-mode/", {}).status_code == 409
    assert Interview.objects.get().answer_mode == "video"


def test_asking_for_a_person_after_consent(invite):
    client, interview = _consented(invite)
    r = client.post("/i/s/human/")
    assert r.status_code == 302 and r["Location"] == "/i/s/status/"
    interview.refresh_from_db()
    assert interview.state == "human_requested" and interview.human_requested_at
    assert AuditEvent.objects.filter(action="interview.human_request", object_id=str(interview.pk)).exists()
    assert DomainEvent.objects.filter(name=events.HUMAN_INTERVIEW_REQUESTED).count() == 1
    client.post("/i/s/human/")  # idempotent
    assert DomainEvent.objects.filter(name=events.HUMAN_INTERVIEW_REQUESTED).count() == 1


# --- uploads: lost replies and damaged chunks ------------------------------------------------------


def test_a_damaged_chunk_is_refused_with_a_code_the_client_resends_on(invite, recording):
    client = open_link(invite())
    consent_and_start(client)
    upload_id = _open_upload(client, recording)
    piece = recording[:16384]
    r = _put(client, upload_id, 0, piece, checksum=sha(b"other bytes"))
    assert r.status_code == 422 and r.json()["error"]["code"] == "chunk_damaged" and r.json()["offset"] == 0
    assert _put(client, upload_id, 0, piece).json()["offset"] == len(piece)  # the resend is taken
    assert _put(client, upload_id, 0, piece).json()["offset"] == len(piece)  # a duplicate too


def test_a_completion_retried_after_its_reply_was_lost_returns_the_same_answer(invite, recording):
    client = open_link(invite())
    consent_and_start(client)
    upload_id = _open_upload(client, recording)
    assert _put(client, upload_id, 0, recording).status_code == 200
    first = client.post(f"/i/s/api/uploads/{upload_id}/complete")
    assert first.status_code == 200
    # the reply got lost: the client asks where the upload stands, then completes again
    status = client.get(f"/i/s/api/uploads/{upload_id}").json()
    assert status["state"] == "complete" and status["offset"] == len(recording)
    assert _put(client, upload_id, 0, recording).status_code == 200  # a late copy of the chunk
    again = client.post(f"/i/s/api/uploads/{upload_id}/complete")
    assert again.status_code == 200
    assert again.json()["answer_id"] == first.json()["answer_id"]
    assert again.json()["sha256"] == sha(recording)
    assert again.json()["state"]["item"]["id"] == "q2"
    assert Answer.objects.filter(question_id="q1").count() == 1
    assert DomainEvent.objects.filter(name=events.ANSWER_SUBMITTED).count() == 1


def test_overlapping_completions_both_get_the_answer(invite, recording, monkeypatch):
    """The second copy passes the first check while the first is still running; by the time it reads
    the temp file the first has finished and removed it: it must answer with that answer, not
    'damaged', which would have the client upload the recording again."""
    client = open_link(invite())
    consent_and_start(client)
    upload_id = _open_upload(client, recording)
    _put(client, upload_id, 0, recording)
    real = uploads._file_sha256
    state = {"nested": False}

    def first_finishes_meanwhile(path):  # type: ignore[no-untyped-def]
        digest = real(path)
        if not state["nested"]:
            state["nested"] = True
            uploads.upload_complete(session=UploadSession.objects.get(pk=upload_id))
        return digest

    monkeypatch.setattr(uploads, "_file_sha256", first_finishes_meanwhile)
    r = client.post(f"/i/s/api/uploads/{upload_id}/complete")
    assert r.status_code == 200, r.content
    assert Answer.objects.filter(question_id="q1").count() == 1
    assert UploadSession.objects.get(pk=upload_id).state == "complete"
