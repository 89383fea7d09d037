from __future__ import annotations

from typing import Any

import pytest

from openhire.candidates.models import Application, Candidate
from openhire.jobs.models import InterviewPlan, Job, JobMember, PlanVersion
from tests.interviews.conftest import snapshot


def pump(rounds: int = 20) -> None:
    """What the workers do, in a loop until nothing is left: claim due reminders, dispatch events to
    their handlers, fire due rule timers, send due messages."""
    from django.utils import timezone

    from openhire.core import events
    from openhire.core.models import DomainEvent
    from openhire.notifications.services import deliveries_send_due
    from openhire.workflow.engine import reminders_claim_due, timers_fire_due

    for _ in range(rounds):
        progressed = reminders_claim_due() + timers_fire_due()
        for event in DomainEvent.objects.filter(dispatched_at__isnull=True).order_by("created_at"):
            events.dispatch(event)
            DomainEvent.objects.filter(pk=event.pk).update(dispatched_at=timezone.now())
            progressed += 1
        progressed += deliveries_send_due()
        if not progressed:
            return


@pytest.fixture
def job(org, users):  # type: ignore[no-untyped-def]
    job = Job.objects.create(organization=org, title="客户经理", title_en="Customer Manager", status="open")
    for role in ("recruiter", "interviewer", "hiring_manager"):
        JobMember.objects.create(organization=org, job=job, user=users[role], team_role=role)
    return job


@pytest.fixture
def plan_version(job):  # type: ignore[no-untyped-def]
    plan = InterviewPlan.objects.create(organization=job.organization, job=job, name="AI 面试")
    snap = snapshot()
    snap["job"]["id"] = str(job.id)
    return PlanVersion.objects.create(
        organization=job.organization, plan=plan, job=job, number=1, snapshot=snap
    )


@pytest.fixture
def make_application(job):  # type: ignore[no-untyped-def]
    counter = {"n": 0}

    def make(name: str = "", **candidate: Any) -> Application:
        counter["n"] += 1
        cand = Candidate.objects.create(
            organization=job.organization,
            name=name or f"候选人{counter['n']}",
            phone=candidate.pop("phone", f"1380000{counter['n']:04d}"),
            **candidate,
        )
        return Application.objects.create(
            organization=job.organization, candidate=cand, job=job, source="careers"
        )

    return make


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
