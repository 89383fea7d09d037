"""The candidate's journey through the pages and endpoints (Django test client, no browser)."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from openhire.core import events
from openhire.core.models import DomainEvent
from openhire.interviews.models import Answer, Interview, Reminder, UploadSession
from openhire.interviews.services import answer_transcript_ready
from tests.interviews.conftest import open_link, sha, upload

pytestmark = pytest.mark.django_db


def consent_and_start(client, *, alternative: str = "") -> None:
    data = {"ai_consent": "on", "av_consent": "on", "alternative": alternative}
    assert client.post("/i/s/consent/", data).status_code == 302
    assert client.post("/i/s/start/").status_code == 302


def test_link_exchange_sets_cookie_and_redirects_to_a_clean_url(invite):
    result = invite()
    client = open_link(result)
    response = client.get(f"/i/{result.token}")  # same device again: fine
    assert response.status_code == 302 and response["Location"] == "/i/s/"
    page = client.get("/i/s/welcome/")
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    assert result.token not in page.content.decode()
    interview = Interview.objects.get(pk=result.interview.pk)
    assert interview.state == "opened" and interview.opened_at is not None


def test_consent_is_required_and_recorded(invite):
    client = open_link(invite())
    page = client.post("/i/s/consent/", {"ai_consent": "on", "alternative": ""})
    assert page.status_code == 200 and 'class="error"' in page.content.decode()
    assert Interview.objects.get().state == "opened"
    client.post(
        "/i/s/consent/", {"ai_consent": "on", "av_consent": "on", "alternative": ""}, REMOTE_ADDR="10.1.2.3"
    )
    interview = Interview.objects.get()
    consent = interview.consents.get()
    assert interview.state == "consented" and consent.av_analysis_consent and consent.ip == "10.1.2.3"
    assert consent.privacy_version


def test_asking_for_a_human_interview_is_recorded_and_emitted(invite):
    client = open_link(invite())
    client.post("/i/s/consent/", {"alternative": "human"})
    interview = Interview.objects.get()
    assert interview.state == "human_requested"
    assert DomainEvent.objects.filter(
        name=events.HUMAN_INTERVIEW_REQUESTED, subject_id=str(interview.pk)
    ).exists()
    assert not Reminder.objects.filter(interview=interview, cancelled_at__isnull=True).exists()


def test_nothing_can_be_uploaded_before_consent(invite, recording):
    client = open_link(invite())
    r = client.post(
        "/i/s/api/uploads",
        data={"question_id": "q1", "size": 10, "sha256": "0" * 64, "mime": "video/webm"},
        content_type="application/json",
    )
    assert r.status_code == 409


def test_three_question_video_interview_end_to_end(invite, recording, django_capture_on_commit_callbacks):
    result = invite()
    client = open_link(result)
    consent_and_start(client)
    for qid in ("q1", "q2", "q3"):
        state = client.get("/i/s/api/state").json()
        assert state["item"]["id"] == qid
        done = upload(client, qid, recording, chunk=16 * 1024)
        assert done["sha256"] == sha(recording)
    assert client.get("/i/s/api/state").json()["item"] is None
    assert client.post("/i/s/api/finish").status_code == 200
    interview = Interview.objects.get()
    assert interview.state == "completed" and interview.completed_at
    answer = interview.answers.get(question_id="q2")
    with default_storage.open(answer.media.name) as fh:
        assert sha(fh.read()) == sha(recording)  # encrypted at rest, decrypts to the recorded bytes
    with open(default_storage.path(answer.media.name), "rb") as raw:
        assert recording[:64] not in raw.read()
    names = list(
        DomainEvent.objects.filter(subject_id=str(interview.pk))
        .order_by("created_at")
        .values_list("name", flat=True)
    )
    assert names[:4] == [
        events.INVITATION_SENT,
        events.INVITATION_OPENED,
        events.INTERVIEW_CONSENTED,
        events.INTERVIEW_STARTED,
    ]
    assert names.count(events.ANSWER_SUBMITTED) == 3 and names[-1] == events.INTERVIEW_COMPLETED
    # a double submit of the finish is harmless
    assert client.post("/i/s/api/finish").status_code == 200
    assert DomainEvent.objects.filter(name=events.INTERVIEW_COMPLETED).count() == 1


def test_upload_resumes_from_the_server_offset_and_resent_chunks_are_idempotent(invite, recording):
    client = open_link(invite())
    consent_and_start(client)
    meta = {
        "question_id": "q1",
        "size": len(recording),
        "sha256": sha(recording),
        "mime": "video/webm",
        "duration_ms": 2000,
    }
    opened = client.post("/i/s/api/uploads", data=meta, content_type="application/json").json()
    first = recording[:16384]
    url = f"/i/s/api/uploads/{opened['id']}/chunk"
    put = lambda off, data, s=None: client.put(  # noqa: E731
        f"{url}?offset={off}",
        data=data,
        content_type="application/octet-stream",
        headers={"X-Chunk-SHA256": s or sha(data)},
    )
    assert put(0, first).json()["offset"] == 16384
    assert put(0, first).json()["offset"] == 16384  # the same chunk again: acknowledged, nothing changes
    gap = put(32768, recording[32768:49152])
    assert gap.status_code == 409 and gap.json()["offset"] == 16384
    bad = put(16384, recording[16384:32768], s="0" * 64)
    assert bad.status_code == 422
    # the page reloads: the same recording opens the same session, which says where to continue
    again = client.post("/i/s/api/uploads", data=meta, content_type="application/json").json()
    assert again["id"] == opened["id"] and again["offset"] == 16384
    assert client.get(f"/i/s/api/uploads/{opened['id']}").json()["offset"] == 16384
    done = upload(client, "q1", recording, chunk=16384)
    assert done["sha256"] == sha(recording)
    assert UploadSession.objects.get(pk=opened["id"]).state == "complete"
    assert client.post(f"/i/s/api/uploads/{opened['id']}/complete").json()["answer_id"] == done["answer_id"]
    assert Answer.objects.count() == 1


def test_too_large_uploads_and_chunks_get_413(invite, recording, settings):
    settings.OPENHIRE_MAX_UPLOAD_BYTES = 1000
    client = open_link(invite())
    consent_and_start(client)
    r = client.post(
        "/i/s/api/uploads",
        data={"question_id": "q1", "size": 5000, "sha256": "a" * 64, "mime": "video/webm"},
        content_type="application/json",
    )
    assert r.status_code == 413
    settings.OPENHIRE_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
    opened = client.post(
        "/i/s/api/uploads",
        data={"question_id": "q1", "size": 3 * 1024 * 1024, "sha256": "a" * 64, "mime": "video/webm"},
        content_type="application/json",
    ).json()
    big = b"x" * (2 * 1024 * 1024)
    r = client.put(
        f"/i/s/api/uploads/{opened['id']}/chunk?offset=0",
        data=big,
        content_type="application/octet-stream",
        headers={"X-Chunk-SHA256": sha(big)},
    )
    assert r.status_code == 413
    long = client.post(
        "/i/s/api/uploads",
        data={
            "question_id": "q1",
            "size": 100,
            "sha256": "b" * 64,
            "mime": "video/webm",
            "duration_ms": 600_000,
        },
        content_type="application/json",
    )
    assert long.status_code == 413


def test_a_file_that_is_not_media_is_refused_by_content(invite):
    client = open_link(invite())
    consent_and_start(client)
    fake = b"%PDF-1.4 not a video at all" * 100
    opened = client.post(
        "/i/s/api/uploads",
        data={"question_id": "q1", "size": len(fake), "sha256": sha(fake), "mime": "video/webm"},
        content_type="application/json",
    ).json()
    client.put(
        f"/i/s/api/uploads/{opened['id']}/chunk?offset=0",
        data=fake,
        content_type="application/octet-stream",
        headers={"X-Chunk-SHA256": sha(fake)},
    )
    r = client.post(f"/i/s/api/uploads/{opened['id']}/complete")
    assert r.status_code == 422 and r.json()["error"]["code"].startswith("media_")
    assert Answer.objects.count() == 0
    assert client.get("/i/s/api/state").json()["item"]["id"] == "q1"  # same question, same attempt


def test_declared_checksum_must_match_the_whole_file(invite, recording):
    client = open_link(invite())
    consent_and_start(client)
    wrong = sha(b"something else")
    opened = client.post(
        "/i/s/api/uploads",
        data={"question_id": "q1", "size": len(recording), "sha256": wrong, "mime": "video/webm"},
        content_type="application/json",
    ).json()
    client.put(
        f"/i/s/api/uploads/{opened['id']}/chunk?offset=0",
        data=recording,
        content_type="application/octet-stream",
        headers={"X-Chunk-SHA256": sha(recording)},
    )
    r = client.post(f"/i/s/api/uploads/{opened['id']}/complete")
    assert r.status_code == 422 and r.json()["error"]["code"] == "checksum"


def test_a_submitted_answer_is_not_replaced_and_a_retake_is_a_new_attempt(invite, recording):
    client = open_link(invite())
    consent_and_start(client)
    upload(client, "q1", recording)
    # uploading for q1 again without asking for a retake is refused
    r = client.post(
        "/i/s/api/uploads",
        data={"question_id": "q1", "size": len(recording), "sha256": sha(recording), "mime": "video/webm"},
        content_type="application/json",
    )
    assert r.status_code == 409
    assert (
        client.post(
            "/i/s/api/retake", data={"question_id": "q1"}, content_type="application/json"
        ).status_code
        == 200
    )
    state = client.get("/i/s/api/state").json()
    assert state["item"]["id"] == "q1" and state["item"]["attempt"] == 2
    upload(client, "q1", recording)
    assert list(
        Answer.objects.filter(question_id="q1").values_list("attempt", flat=True).order_by("attempt")
    ) == [1, 2]
    # the plan allows one retake: a third attempt is refused
    r = client.post("/i/s/api/retake", data={"question_id": "q1"}, content_type="application/json")
    assert r.status_code == 409
    assert client.get("/i/s/api/state").json()["item"]["id"] == "q2"
    from openhire.interviews.selectors import evaluated_answers

    assert [a.attempt for a in evaluated_answers(Interview.objects.get())] == [2]


def test_typed_answer_triggers_the_follow_up_rule(invite):
    client = open_link(invite())
    consent_and_start(client, alternative="text")
    r = client.post(
        "/i/s/api/text",
        data={"question_id": "q1", "text": "那个项目最后失败了，预算超支。"},
        content_type="application/json",
    )
    assert r.status_code == 200
    item = r.json()["state"]["item"]
    assert item["id"] == "q1#f0" and item["is_followup"] and item["text"] == "你从中学到了什么？"
    client.post(
        "/i/s/api/text",
        data={"question_id": "q1#f0", "text": "要更早沟通风险。"},
        content_type="application/json",
    )
    assert client.get("/i/s/api/state").json()["item"]["id"] == "q2"


def test_transcript_hook_lets_the_next_page_ask_the_follow_up(invite, recording):
    client = open_link(invite())
    consent_and_start(client)
    done = upload(client, "q1", recording)
    assert done["state"]["item"]["id"] == "q2"  # no transcript yet: the plan's next question
    answer_transcript_ready(answer_id=done["answer_id"], text="The project failed because we started late.")
    assert client.get("/i/s/api/state").json()["item"]["id"] == "q1#f0"


def test_reload_mid_interview_returns_to_the_right_question(invite, recording):
    client = open_link(invite())
    consent_and_start(client)
    upload(client, "q1", recording)
    page = client.get("/i/s/")
    assert page.status_code == 302 and page["Location"] == "/i/s/interview/"
    html = client.get("/i/s/interview/").content.decode()
    assert '"id": "q2"' in html


def test_abandoned_uploads_and_old_guesses_are_cleaned_up(invite, recording, time_machine):
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from openhire.interviews.models import TokenGuess
    from openhire.interviews.services import guesses_forget_old, uploads_clean_stale
    from openhire.interviews.services.uploads import part_path

    client = open_link(invite())
    consent_and_start(client)
    meta = {"question_id": "q1", "size": len(recording), "sha256": sha(recording), "mime": "video/webm"}
    opened = client.post("/i/s/api/uploads", data=meta, content_type="application/json").json()
    piece = recording[:1000]
    client.put(
        f"/i/s/api/uploads/{opened['id']}/chunk?offset=0",
        data=piece,
        content_type="application/octet-stream",
        headers={"X-Chunk-SHA256": sha(piece)},
    )
    Client().get("/i/" + "Z" * 32)
    session = UploadSession.objects.get(pk=opened["id"])
    assert part_path(session).exists() and TokenGuess.objects.count() == 1
    assert uploads_clean_stale() == 0
    time_machine.move_to(timezone.now() + timedelta(days=4))
    assert uploads_clean_stale() == 1 and uploads_clean_stale() == 0
    assert not part_path(session).exists()
    assert guesses_forget_old() == 1 and TokenGuess.objects.count() == 0
