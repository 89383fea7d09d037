"""Data for the browser tests, created inside the test server's own database
(``openhire manage shell -c "from tests.interviews.browser_setup import main; main()"``)."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta


def main() -> None:
    from django.utils import timezone

    from openhire.accounts.services import organization_create, user_create
    from openhire.candidates.models import Application, Candidate
    from openhire.interviews.services import booking_window_create, interview_invite
    from openhire.jobs.models import InterviewPlan, Job, JobMember, PlanVersion
    from tests.interviews.conftest import snapshot

    org = organization_create(name="示例银行", name_en="Demo Bank", slug="e2e-bank")
    recruiter = user_create(
        organization=org,
        username="e2e-recruiter",
        password="openhire-demo-2026",
        role="recruiter",
        display_name="王招聘",
    )
    job = Job.objects.create(organization=org, title="客户经理", title_en="Customer Manager", status="open")
    JobMember.objects.create(organization=org, job=job, user=recruiter, team_role="recruiter")
    plan = InterviewPlan.objects.create(organization=org, job=job, name="AI 面试")
    snap = snapshot()
    snap["job"]["id"] = str(job.id)
    for q in snap["questions"]:
        q["answer_seconds"] = 8
    version = PlanVersion.objects.create(organization=org, plan=plan, job=job, number=1, snapshot=snap)
    start = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    booking_window_create(
        job=job, actor=recruiter, start=start, end=start + timedelta(hours=2), slot_minutes=30, capacity=3
    )
    no_text = PlanVersion.objects.create(
        organization=org, plan=plan, job=job, number=2, snapshot={**snap, "allow_text_answers": False}
    )
    out = {"job_id": str(job.id), "invites": []}
    # 张三: the full interview; 李四: failing upload replies; 王五: no camera, typed answers;
    # 赵六: no camera and no typed answers (the phone's camera app through the file input).
    for name, plan_version in (("张三", version), ("李四", version), ("王五", version), ("赵六", no_text)):
        candidate = Candidate.objects.create(organization=org, name=name)
        application = Application.objects.create(organization=org, candidate=candidate, job=job)
        result = interview_invite(application=application, plan_version=plan_version, actor=recruiter)
        out["invites"].append(
            {
                "name": name,
                "token": result.token,
                "code": result.code,
                "interview_id": str(result.interview.pk),
            }
        )
    print("SETUP" + json.dumps(out))


def answers(interview_id: str) -> None:
    """Print each answer's declared SHA-256 and the SHA-256 of what storage decrypts."""
    from django.core.files.storage import default_storage

    from openhire.interviews.models import Answer

    rows = []
    for answer in Answer.objects.filter(interview_id=interview_id).order_by("submitted_at"):
        with default_storage.open(answer.media.name) as fh:
            stored = hashlib.sha256(fh.read()).hexdigest()
        rows.append(
            {
                "question_id": answer.question_id,
                "attempt": answer.attempt,
                "sha256": answer.sha256,
                "stored_sha256": stored,
                "size": answer.size,
                "container": answer.container,
            }
        )
    print("ANSWERS" + json.dumps(rows))


def audit(interview_id: str) -> None:
    """Print the interview's audit actions and answer mode."""
    from openhire.audit.models import AuditEvent
    from openhire.interviews.models import Interview

    actions = list(
        AuditEvent.objects.filter(object_id=interview_id)
        .order_by("created_at")
        .values_list("action", flat=True)
    )
    mode = Interview.objects.get(pk=interview_id).answer_mode
    print("AUDIT" + json.dumps({"actions": actions, "mode": mode}))
