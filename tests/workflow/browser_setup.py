"""Data for the pipeline browser test, created in the test server's own database."""

from __future__ import annotations

import json


def main() -> None:
    from openhire.accounts.services import organization_create, user_create
    from openhire.candidates.models import Application, Candidate
    from openhire.jobs.models import Job, JobMember

    org = organization_create(name="示例银行", name_en="Demo Bank", slug="wf-e2e-bank")
    recruiter = user_create(
        organization=org,
        username="wf-recruiter",
        password="openhire-demo-2026",
        role="recruiter",
        display_name="王招聘",
    )
    job = Job.objects.create(organization=org, title="柜员", status="open")
    JobMember.objects.create(organization=org, job=job, user=recruiter, team_role="recruiter")
    ids = {}
    for name in ("张三", "李四", "王五"):
        candidate = Candidate.objects.create(organization=org, name=name)
        ids[name] = str(
            Application.objects.create(organization=org, candidate=candidate, job=job, source="careers").pk
        )
    print("SETUP" + json.dumps({"job_id": str(job.pk), "applications": ids}))
