from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from openhire.candidates.models import Application, Candidate
from openhire.jobs.models import InterviewPlan, Job, JobMember, PlanVersion


def snapshot(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema": 1,
        "job": {"id": "", "title": "客户经理", "title_en": "Customer Manager"},
        "language": "zh",
        "intro": {"zh": "欢迎参加面试", "en": "Welcome"},
        "competencies": [
            {"key": "communication", "name": {"zh": "沟通能力", "en": "Communication"}, "weight": 100}
        ],
        "questions": [
            {
                "id": "q1",
                "competency": "communication",
                "type": "behavioural",
                "text": {"zh": "请介绍一个你负责的项目。", "en": "Tell us about a project you led."},
                "prep_seconds": 1,
                "answer_seconds": 30,
                "followups": [
                    {
                        "condition": {"any": ["失败", "failed"], "all": [], "missing_point": None},
                        "question": {"zh": "你从中学到了什么？", "en": "What did you learn from it?"},
                        "answer_seconds": 20,
                    }
                ],
            },
            {
                "id": "q2",
                "competency": "communication",
                "text": {"zh": "你如何处理客户投诉？", "en": "How do you handle a complaint?"},
                "prep_seconds": 1,
                "answer_seconds": 30,
            },
            {
                "id": "q3",
                "competency": "communication",
                "text": {"zh": "你为什么想加入我们？", "en": "Why do you want to join us?"},
                "prep_seconds": 1,
                "answer_seconds": 30,
            },
        ],
        "retakes": 1,
        "allow_text_answers": True,
        "allow_start_now": True,
        "pass_threshold": 70,
        "invitation_valid_days": 7,
        "booking": {"enabled": True},
    }
    base.update(overrides)
    return base


@pytest.fixture
def job(org, users):  # type: ignore[no-untyped-def]
    job = Job.objects.create(organization=org, title="客户经理", title_en="Customer Manager", status="open")
    for role in ("recruiter", "interviewer", "hiring_manager"):
        JobMember.objects.create(organization=org, job=job, user=users[role], team_role=role)
    return job


@pytest.fixture
def plan_version(job, users):  # type: ignore[no-untyped-def]
    plan = InterviewPlan.objects.create(organization=job.organization, job=job, name="AI 面试")
    snap = snapshot()
    snap["job"]["id"] = str(job.id)
    return PlanVersion.objects.create(
        organization=job.organization, plan=plan, job=job, number=1, snapshot=snap
    )


@pytest.fixture
def make_application(job):  # type: ignore[no-untyped-def]
    counter = {"n": 0}

    def make(name: str = "") -> Application:
        counter["n"] += 1
        candidate = Candidate.objects.create(
            organization=job.organization, name=name or f"候选人{counter['n']}"
        )
        return Application.objects.create(organization=job.organization, candidate=candidate, job=job)

    return make


@pytest.fixture
def invite(plan_version, make_application, users):  # type: ignore[no-untyped-def]
    from openhire.interviews.services import interview_invite

    def make(name: str = ""):  # type: ignore[no-untyped-def]
        return interview_invite(
            application=make_application(name), plan_version=plan_version, actor=users["recruiter"]
        )

    return make


def open_link(result: Any, client: Client | None = None) -> Client:
    """A candidate's browser that opened the invitation link."""
    client = client or Client(enforce_csrf_checks=False)
    response = client.get(f"/i/{result.token}")
    assert response.status_code == 302, response.status_code
    return client


@pytest.fixture(scope="session")
def recording(tmp_path_factory) -> bytes:  # type: ignore[no-untyped-def]
    """A real 2-second webm (opus audio tone), ~3 chunks when sent in 16 KiB pieces."""
    from openhire.ai.media.synthetic import encode, tone

    path = Path(tmp_path_factory.mktemp("media")) / "answer.webm"
    encode(path, tone(2.0), kind="webm")
    return path.read_bytes()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def upload(client: Client, question_id: str, data: bytes, *, chunk: int = 1024 * 1024) -> dict[str, Any]:
    """Upload ``data`` as the answer to ``question_id`` the way candidate.js does; return the completion JSON."""
    opened = client.post(
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
    assert opened.status_code == 201, opened.content
    upload_id, offset = opened.json()["id"], opened.json()["offset"]
    while offset < len(data):
        piece = data[offset : offset + chunk]
        r = client.put(
            f"/i/s/api/uploads/{upload_id}/chunk?offset={offset}",
            data=piece,
            content_type="application/octet-stream",
            headers={"X-Chunk-SHA256": sha(piece)},
        )
        assert r.status_code == 200, r.content
        offset = r.json()["offset"]
    done = client.post(f"/i/s/api/uploads/{upload_id}/complete")
    assert done.status_code == 200, done.content
    return done.json()
