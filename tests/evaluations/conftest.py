"""Fixtures: a job with a three-competency plan, candidates who take the interview through the real
candidate endpoints (espeak-ng answers encoded as webm/opus, typed answers), and a worker drain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from openhire.candidates.models import Application, Candidate
from openhire.interviews.models import Interview
from openhire.jobs.models import InterviewPlan, Job, JobMember, PlanVersion
from tests.interviews.conftest import open_link, upload

EN_ANSWER = (
    "In my last role I led a team of five people. The deadline was only two months away. "
    "I split the work into weekly goals and talked to every customer myself. "
    "As a result we launched on time and complaints fell by thirty percent."
)
ZH_ANSWER = "我负责协调三个小组的进度。我先和客户沟通需求，然后把工作拆分成每周的目标。最后项目按时上线，投诉减少了百分之三十。"
TYPED_ANSWER = (
    "当客户投诉时，我首先认真倾听，确认问题。然后我向客户道歉，并在当天给出解决方案。"
    "去年我处理了一百多起投诉，客户满意度提高了百分之二十。"
)


def snapshot(job: Job, *, language: str = "both") -> dict[str, Any]:
    def comp(key: str, zh: str, en: str, weight: int) -> dict[str, Any]:
        return {
            "key": key,
            "name": {"zh": zh, "en": en},
            "weight": weight,
            "anchors": {
                "1": {"zh": "回答空泛，没有具体行动", "en": "vague, no concrete action"},
                "3": {"zh": "描述了情境和行动", "en": "describes the situation and actions"},
                "5": {
                    "zh": "完整的情境、任务、行动和可量化的结果",
                    "en": "situation, task, action and a measured result",
                },
            },
            "min_score": None,
        }

    return {
        "schema": 1,
        "job": {"id": str(job.pk), "title": job.title, "title_en": job.title_en},
        "language": language,
        "competencies": [
            comp("communication", "沟通能力", "Communication", 40),
            comp("problem_solving", "问题解决能力", "Problem solving", 30),
            comp("customer_focus", "客户导向", "Customer focus", 30),
        ],
        "questions": [
            {"id": "q1", "competency": "communication",
             "text": {"zh": "请讲一个你协调多个团队的经历。", "en": "Tell us about coordinating several teams."},
             "prep_seconds": 1, "answer_seconds": 60,
             "ideal_points": [{"zh": "与各方沟通需求", "en": "talk to everyone about the needs"}]},
            {"id": "q2", "competency": "problem_solving",
             "text": {"zh": "讲一个你在压力下解决问题的经历。", "en": "Tell us about solving a problem under pressure."},
             "prep_seconds": 1, "answer_seconds": 60},
            {"id": "q3", "competency": "customer_focus",
             "text": {"zh": "你如何处理客户投诉？", "en": "How do you handle a customer complaint?"},
             "prep_seconds": 1, "answer_seconds": 60},
        ],
        "retakes": 1,
        "allow_text_answers": True,
        "allow_start_now": True,
        "pass_threshold": 50,
        "invitation_valid_days": 7,
        "booking": {"enabled": False},
    }  # fmt: skip


@pytest.fixture
def job(org, users) -> Job:  # type: ignore[no-untyped-def]
    job = Job.objects.create(organization=org, title="客户经理", title_en="Customer Manager", status="open")
    for role in ("recruiter", "interviewer", "hiring_manager"):
        JobMember.objects.create(organization=org, job=job, user=users[role], team_role=role)
    return job


@pytest.fixture
def plan_version(job) -> PlanVersion:  # type: ignore[no-untyped-def]
    plan = InterviewPlan.objects.create(organization=job.organization, job=job, name="AI 面试")
    return PlanVersion.objects.create(
        organization=job.organization, plan=plan, job=job, number=1, snapshot=snapshot(job)
    )


@pytest.fixture(scope="session")
def recordings(tmp_path_factory) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """espeak-ng speech (English and Mandarin) as browser-like webm (opus + vp8 with a drawn face)."""
    from openhire.ai.media import synthetic as syn

    if not syn.espeak_available():
        pytest.skip("espeak-ng is not installed (bash scripts/system-deps.sh)")
    folder = Path(tmp_path_factory.mktemp("eval-media"))
    face = syn.scene()

    def make(name: str, text: str, voice: str) -> bytes:
        audio = syn.concat(
            [syn.silence(0.3), syn.speak(text, voice=voice, words_per_minute=165), syn.silence(0.3)]
        )
        return syn.encode(
            folder / f"{name}.webm", audio, kind="webm", video=lambda i, t: face, fps=5
        ).read_bytes()

    return {"en": make("en", EN_ANSWER, "en"), "zh": make("zh", ZH_ANSWER, "cmn-latn-pinyin")}


@dataclass
class Taken:
    interview: Interview
    client: Client


@pytest.fixture
def take_interview(plan_version, users, request, django_capture_on_commit_callbacks) -> Callable[..., Taken]:  # type: ignore[no-untyped-def]
    """A candidate takes the interview: q1 (zh) and q2 (en) recorded, q3 typed; ``text_only`` answers all
    three in writing after consenting to AI assessment only."""
    from openhire.interviews.services import interview_invite

    counter = {"n": 0}

    def take(*, text_only: bool = False, finish: bool = True, answers: bool = True) -> Taken:
        # events are queued on commit, as in production
        with django_capture_on_commit_callbacks(execute=True):
            return _take(text_only=text_only, finish=finish, answers=answers)

    def _take(*, text_only: bool, finish: bool, answers: bool) -> Taken:
        counter["n"] += 1
        candidate = Candidate.objects.create(
            organization=plan_version.organization, name=f"候选人{counter['n']}"
        )
        application = Application.objects.create(
            organization=plan_version.organization, candidate=candidate, job=plan_version.job
        )
        result = interview_invite(
            application=application, plan_version=plan_version, actor=users["recruiter"]
        )
        client = open_link(result)
        consent = (
            {"ai_consent": "on", "alternative": "text"}
            if text_only
            else {"ai_consent": "on", "av_consent": "on"}
        )
        assert client.post("/i/s/consent/", consent).status_code == 302
        assert client.post("/i/s/start/").status_code == 302
        if not answers:
            return Taken(Interview.objects.get(pk=result.interview.pk), client)
        if text_only:
            answer_text(client, "q1", ZH_ANSWER)
            answer_text(client, "q2", EN_ANSWER)
        else:
            recordings = request.getfixturevalue("recordings")  # synthesised once per session, when needed
            upload(client, "q1", recordings["zh"])
            upload(client, "q2", recordings["en"])
        answer_text(client, "q3", TYPED_ANSWER)
        if finish:
            assert client.post("/i/s/api/finish").status_code == 200
        return Taken(Interview.objects.get(pk=result.interview.pk), client)

    return take


def answer_text(client: Client, question_id: str, text: str) -> None:
    r = client.post(
        "/i/s/api/text", data={"question_id": question_id, "text": text}, content_type="application/json"
    )
    assert r.status_code == 200, r.content


@pytest.fixture(autouse=True)
def _keep_test_transaction(monkeypatch):  # type: ignore[no-untyped-def]
    """The worker closes "obsolete" connections between tasks; inside a test's transaction that would
    close the connection holding the test data."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


@pytest.fixture
def drain(django_capture_on_commit_callbacks) -> Callable[..., int]:  # type: ignore[no-untyped-def]
    """Run the worker (batch mode, every queue) until nothing is left; commit callbacks fire as they would."""
    from django_tasks_db.models import DBTaskResult

    from openhire.core.worker import run_db_worker

    def run(queues: list[str] | None = None) -> int:
        queues = queues or ["default", "media", "reports"]
        rounds = 0
        while rounds < 30:
            rounds += 1
            with django_capture_on_commit_callbacks(execute=True):
                run_db_worker(queues=queues, batch=True, interval=0)
            if not DBTaskResult.objects.filter(status="READY", queue_name__in=queues).exists():
                break
        failed = list(
            DBTaskResult.objects.filter(status="FAILED").values_list("task_path", "exception_class_path")
        )
        assert not failed, failed
        return rounds

    return run


class FakeRecognizer:
    """A fast stand-in for faster-whisper: one segment per sentence, deterministic."""

    name = "fake-asr"
    version = "1"

    def __init__(self) -> None:
        self.calls = 0

    def transcribe(self, audio: Any, *, language: str | None = None) -> Any:
        from openhire.ai.speech.contracts import Segment, Transcript

        self.calls += 1
        text = EN_ANSWER
        sentences = [s.strip() + "." for s in text.split(".") if s.strip()]
        segments = tuple(Segment(start=2.0 * i, end=2.0 * i + 1.8, text=s) for i, s in enumerate(sentences))
        return Transcript(
            text=" ".join(sentences), language="en", segments=segments, engine="fake-asr", engine_version="1",
            duration_s=audio.duration_s, rtf=0.01, confidence=0.9, config_hash="fake",
        )  # fmt: skip


@pytest.fixture
def fake_asr(monkeypatch) -> FakeRecognizer:  # type: ignore[no-untyped-def]
    fake = FakeRecognizer()
    monkeypatch.setattr("openhire.evaluations.engine.recognizer", lambda: fake)
    return fake
