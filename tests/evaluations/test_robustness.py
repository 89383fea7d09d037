"""Reproducibility, re-runs, crashes, consent, missing speech engine, unusable media, switches."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from openhire.core.errors import Conflict
from openhire.evaluations import engine, services, tasks
from openhire.evaluations.models import AnswerAnalysis, CompetencyScore, Evaluation
from openhire.interviews.models import Answer

pytestmark = pytest.mark.django_db


def _fields(evaluation: Evaluation) -> dict:
    return {
        a.question_id: (a.score_100, a.scale_1_5, a.evidence, a.config_hash, a.content["features"])
        for a in evaluation.analyses.all()
    }


def test_same_answers_scored_twice_give_identical_results_and_rerun_keeps_the_old_one(
    take_interview, drain, fake_asr, users, django_capture_on_commit_callbacks
):
    taken = take_interview()
    drain()
    first = Evaluation.objects.get(interview=taken.interview)
    assert fake_asr.calls == 2

    with django_capture_on_commit_callbacks(execute=True):
        with_capture = services.evaluation_rerun(interview=taken.interview, actor=users["recruiter"])
    assert with_capture.version == 2 and not with_capture.is_current  # the old one stays current meanwhile
    drain()
    second = Evaluation.objects.get(pk=with_capture.pk)
    first.refresh_from_db()
    assert fake_asr.calls == 2  # transcripts are reused, not recognised again
    assert second.status == "done" and second.is_current and not first.is_current
    assert Evaluation.objects.filter(interview=taken.interview).count() == 2
    assert _fields(first) == _fields(second)
    assert (first.overall_score, first.config_hash, first.suggestion) == (
        second.overall_score,
        second.config_hash,
        second.suggestion,
    )
    assert [(c.key, c.score_100) for c in first.competency_scores.all()] == [
        (c.key, c.score_100) for c in second.competency_scores.all()
    ]


def test_worker_killed_mid_transcription_runs_again_and_leaves_one_result(
    take_interview, drain, fake_asr, monkeypatch, django_capture_on_commit_callbacks
):
    class Killed(BaseException):
        pass

    real = fake_asr.transcribe
    calls = {"n": 0}

    def dying(audio, *, language=None):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise Killed
        return real(audio, language=language)

    monkeypatch.setattr(fake_asr, "transcribe", dying)
    taken = take_interview(finish=False)
    drain(["default"])  # the answers' events are handled; their analyses wait on the media queue
    analysis = AnswerAnalysis.objects.get(question_id="q1", evaluation__interview=taken.interview)
    with pytest.raises(Killed):
        tasks.analyse(str(analysis.pk))
    assert AnswerAnalysis.objects.get(pk=analysis.pk).status == "pending"

    assert tasks.analyse(str(analysis.pk)) == "done"
    assert tasks.analyse(str(analysis.pk)) == "done"  # a third run changes nothing
    assert calls["n"] == 2

    # a crash after the transcript was stored: the re-run scores without recognising again
    q2 = AnswerAnalysis.objects.get(question_id="q2", evaluation__interview=taken.interview)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "score_content", lambda *a, **k: (_ for _ in ()).throw(Killed()))
        with pytest.raises(Killed):
            tasks.analyse(str(q2.pk))
    assert AnswerAnalysis.objects.get(pk=q2.pk).status == "transcribed"
    before = fake_asr.calls
    assert tasks.analyse(str(q2.pk)) == "done"
    assert fake_asr.calls == before

    with django_capture_on_commit_callbacks(execute=True):
        assert taken.client.post("/i/s/api/finish").status_code == 200
    drain()
    evaluation = Evaluation.objects.get(interview=taken.interview)
    services.evaluation_aggregate(evaluation_id=str(evaluation.pk))  # once more: nothing changes
    assert evaluation.analyses.count() == 3
    assert CompetencyScore.objects.filter(evaluation=evaluation).count() == 3
    assert Evaluation.objects.filter(interview=taken.interview).count() == 1


def test_withdrawn_consent_deletes_derivatives_and_stops_processing(take_interview, drain, fake_asr, users):
    taken = take_interview()
    drain()
    assert Evaluation.objects.filter(interview=taken.interview).exists()
    assert Answer.objects.filter(interview=taken.interview).exclude(transcript="").exists()

    deleted = services.evaluation_consent_withdraw(
        interview=taken.interview, actor=users["recruiter"], note="电话撤回"
    )
    assert deleted == 1
    assert not Evaluation.objects.filter(interview=taken.interview).exists()
    assert not AnswerAnalysis.objects.filter(evaluation__interview=taken.interview).exists()
    assert not Answer.objects.filter(interview=taken.interview).exclude(transcript="").exists()

    calls = fake_asr.calls
    assert services.evaluation_interview_completed(interview=taken.interview) is None
    drain()
    assert not Evaluation.objects.filter(interview=taken.interview).exists() and fake_asr.calls == calls
    with pytest.raises(Conflict):
        services.evaluation_rerun(interview=taken.interview, actor=users["recruiter"])


def test_text_answers_are_scored_with_ai_consent_only(take_interview, drain, fake_asr):
    taken = take_interview(text_only=True)
    drain()
    evaluation = Evaluation.objects.get(interview=taken.interview)
    assert evaluation.status == "done" and fake_asr.calls == 0
    assert {a.transcript_source for a in evaluation.analyses.all()} == {"typed"}
    assert all(a.score_100 is not None and not a.delivery and not a.camera for a in evaluation.analyses.all())


def test_without_speech_engine_answers_wait_for_a_transcript_pasted_by_hr(
    take_interview, drain, monkeypatch, users, client_for, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("OPENHIRE_ASR_ENGINE", "none")
    monkeypatch.setattr(engine, "_recognizers", {})
    taken = take_interview()
    drain()
    evaluation = Evaluation.objects.get(interview=taken.interview)
    assert evaluation.status == "waiting_transcript"
    waiting = list(evaluation.analyses.filter(status="waiting_transcript").order_by("question_id"))
    assert [a.question_id for a in waiting] == ["q1", "q2"]

    recruiter = client_for(users["recruiter"])
    page = recruiter.get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert f"/evaluations/analyses/{waiting[0].pk}/transcript/" in page
    for analysis in waiting:
        with django_capture_on_commit_callbacks(execute=True):
            r = recruiter.post(
                f"/evaluations/analyses/{analysis.pk}/transcript/",
                {"text": "我先和客户沟通，最后问题解决了。", "language": "zh"},
            )
        assert r.status_code == 302
    drain()
    evaluation.refresh_from_db()
    assert evaluation.status == "done"
    pasted = AnswerAnalysis.objects.get(pk=waiting[0].pk)
    assert pasted.transcript_source == "manual" and pasted.transcript_entered_by == users["recruiter"]
    assert pasted.transcript["status"] == "manual" and pasted.score_100 is not None
    assert {"question_id": "q1", "code": "manual_transcript"} in evaluation.flags
    assert Answer.objects.get(pk=pasted.answer_id).transcript == "我先和客户沟通，最后问题解决了。"
    again = recruiter.post(
        f"/evaluations/analyses/{pasted.pk}/transcript/", {"text": "别的", "language": "zh"}
    )
    assert again.status_code == 302 and AnswerAnalysis.objects.get(pk=pasted.pk).text.startswith("我先")


def test_corrupt_and_silent_recordings_are_flagged_and_the_others_scored(
    take_interview, drain, fake_asr, django_capture_on_commit_callbacks
):
    from openhire.ai.media import synthetic as syn

    taken = take_interview(finish=False)
    q1 = Answer.objects.get(interview=taken.interview, question_id="q1")
    q2 = Answer.objects.get(interview=taken.interview, question_id="q2")
    corrupt = default_storage.save(
        "interviews/c.webm", ContentFile(b"\x1aE\xdf\xa3 not really a webm file" * 50)
    )
    Answer.objects.filter(pk=q1.pk).update(media=corrupt)
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        silent = syn.encode(Path(folder) / "s.webm", syn.silence(3.0), kind="webm").read_bytes()
    Answer.objects.filter(pk=q2.pk).update(
        media=default_storage.save("interviews/s.webm", ContentFile(silent))
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert taken.client.post("/i/s/api/finish").status_code == 200
    drain()
    evaluation = Evaluation.objects.get(interview=taken.interview)
    by_q = {a.question_id: a for a in evaluation.analyses.all()}
    assert by_q["q1"].status == "flagged" and by_q["q1"].flags == ["media_unusable"]
    assert by_q["q2"].status == "flagged" and by_q["q2"].flags == ["silent"]
    assert by_q["q3"].status == "done" and by_q["q3"].score_100 is not None
    assert evaluation.status == "done" and evaluation.needs_human_review
    assert {f["code"] for f in evaluation.flags} >= {"media_unusable", "silent"}


def test_switched_off_signals_are_not_measured(take_interview, drain, fake_asr, org, users):
    services.evaluation_settings_update(
        organization=org, actor=users["admin"], values={"camera": False, "delivery": False}
    )
    taken = take_interview()
    drain()
    evaluation = Evaluation.objects.get(interview=taken.interview)
    assert evaluation.switches["camera"] is False
    assert all(not a.camera and not a.delivery for a in evaluation.analyses.all())
    assert all(a.score_100 is not None for a in evaluation.analyses.all())


def test_feedback_released_by_rule_and_raw_scores_only_when_enabled(
    take_interview, drain, fake_asr, org, users
):
    services.evaluation_settings_update(
        organization=org,
        actor=users["admin"],
        values={"auto_release_feedback": True, "candidate_raw_scores": True},
    )
    taken = take_interview()
    drain()
    evaluation = Evaluation.objects.get(interview=taken.interview)
    taken.interview.refresh_from_db()
    assert evaluation.feedback_released_at is not None and taken.interview.feedback_released_at is not None
    page = taken.client.get("/i/s/feedback/").content.decode()
    assert "/ 100" in page
    r = taken.client.post("/i/s/feedback/review/", {"reason": "我觉得第二题的转写不准确"})
    assert r.status_code == 302
    request = evaluation.review_requests.get()
    assert request.by_candidate and request.requested_by is None


def test_candidate_sees_no_feedback_before_it_is_released(take_interview, drain, fake_asr, users):
    from openhire.evaluations.report import candidate_feedback_html
    from openhire.interviews.models import Interview

    taken = take_interview(text_only=True)
    drain()
    Interview.objects.filter(pk=taken.interview.pk).update(feedback_released_at=None)  # no workflow rule
    interview = Interview.objects.get(pk=taken.interview.pk)
    assert candidate_feedback_html(interview, language="zh-hans") is None
    page = taken.client.get("/i/s/feedback/").content.decode()
    assert "优势" not in page and "Strengths" not in page
    evaluation = Evaluation.objects.get(interview=interview)
    services.evaluation_release_feedback(evaluation=evaluation, actor=users["recruiter"])
    interview.refresh_from_db()
    html = candidate_feedback_html(interview, language="zh-hans")
    assert html is not None and evaluation.feedback["zh"] in html and "/ 100" not in html
    assert (
        evaluation.feedback["zh"] in taken.client.get("/i/s/status/").content.decode()
    )  # the status page slot


def test_a_retaken_answer_replaces_the_earlier_attempt_in_the_scores(
    take_interview, drain, fake_asr, users, client_for, django_capture_on_commit_callbacks
):
    from tests.evaluations.conftest import EN_ANSWER, TYPED_ANSWER, ZH_ANSWER, answer_text

    taken = take_interview(text_only=True, finish=False, answers=False)
    client = taken.client
    with django_capture_on_commit_callbacks(execute=True):
        answer_text(client, "q1", "我不知道。")
        assert (
            client.post("/i/s/api/retake", {"question_id": "q1"}, content_type="application/json").status_code
            == 200
        )
        answer_text(client, "q1", ZH_ANSWER)
        answer_text(client, "q2", EN_ANSWER)
        answer_text(client, "q3", TYPED_ANSWER)
        assert client.post("/i/s/api/finish").status_code == 200
    drain()
    evaluation = Evaluation.objects.get(interview=taken.interview)
    assert evaluation.status == "done" and evaluation.analyses.count() == 4
    comm = evaluation.competency_scores.get(key="communication")
    latest = evaluation.analyses.get(question_id="q1", answer__attempt=2)
    assert comm.answers == 1 and comm.score_100 == latest.score_100
    page = client_for(users["recruiter"]).get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert page.count('class="ev-answer"') == 4 and (
        "earlier attempt, not used" in page or "较早的作答，未采用" in page
    )


def test_second_voice_and_read_aloud_become_review_flags_unless_delivery_is_off():
    from openhire.ai.scoring.interview import confidence_flags
    from openhire.evaluations.services.aggregate import _scored
    from openhire.evaluations.switches import Switches

    analysis = AnswerAnalysis(
        question_id="q1",
        competency="communication",
        score_100=70.0,
        transcript={"text": "我负责过一个重点客户的贷款续作项目。" * 5},
        language="zh",
        delivery={"prosody": {"second_voice": True}, "read_aloud": True},
    )
    codes = {f.code for f in confidence_flags([_scored(analysis, Switches())])}
    assert {"second_voice", "read_aloud"} <= codes
    off = _scored(analysis, Switches(delivery=False))
    assert not off.signals.second_voice and not off.signals.read_aloud
