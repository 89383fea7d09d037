"""Measure the pipeline's write paths on this database: stage moves (with the rules they trigger) and
message deliveries (log-only SMS), inside a transaction that is rolled back at the end."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time stage moves + rule dispatch and message deliveries (nothing is kept)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--candidates", type=int, default=300)

    def handle(self, *args: Any, **options: Any) -> None:
        n = options["candidates"]
        try:
            with transaction.atomic():
                self._run(n)
                raise _Rollback
        except _Rollback:
            pass

    def _run(self, n: int) -> None:
        import uuid

        from openhire.accounts.services import organization_create, user_create
        from openhire.candidates.models import Application, Candidate
        from openhire.core import events
        from openhire.core.models import DomainEvent
        from openhire.jobs.models import Job, JobMember
        from openhire.notifications.services import deliveries_send_due, message_send
        from openhire.workflow.services import application_move

        org = organization_create(name="基准测试", slug=f"bench-{uuid.uuid4().hex[:8]}")
        hr = user_create(
            organization=org, username=f"bench-{uuid.uuid4().hex[:8]}", password=None, role="recruiter"
        )
        iv = user_create(
            organization=org, username=f"bench-{uuid.uuid4().hex[:8]}", password=None, role="interviewer"
        )
        job = Job.objects.create(organization=org, title="柜员", status="open")
        JobMember.objects.create(organization=org, job=job, user=hr, team_role="recruiter")
        JobMember.objects.create(organization=org, job=job, user=iv, team_role="interviewer")
        apps = [
            Application.objects.create(
                organization=org,
                job=job,
                candidate=Candidate.objects.create(organization=org, name=f"候选人{i}", phone=f"138{i:08d}"),
            )
            for i in range(n)
        ]
        started = time.perf_counter()
        for a in apps:
            application_move(application=a, to_stage="structured_interview", actor=hr)
        moved = time.perf_counter() - started
        started = time.perf_counter()
        handled = 0
        while True:  # the moves' events, then the scorecard events their rules emit
            batch = list(
                DomainEvent.objects.filter(organization=org, dispatched_at__isnull=True).order_by(
                    "created_at"
                )
            )
            if not batch:
                break
            for event in batch:
                events.dispatch(event)
                DomainEvent.objects.filter(pk=event.pk).update(dispatched_at=timezone.now())
            handled += len(batch)
        dispatched = time.perf_counter() - started
        started = time.perf_counter()
        for a in apps:
            message_send(
                organization=org,
                template_key="hr_message",
                dedupe_key=f"bench:{a.pk}",
                candidate=a.candidate,
                application=a,
                context={"job": job.title, "text": "请尽快选择面试时间"},
            )
        queued = time.perf_counter() - started
        started = time.perf_counter()
        sent = deliveries_send_due(limit=n)
        sending = time.perf_counter() - started
        self.stdout.write(
            f"{n} stage moves: {n / moved:.0f}/s; rule dispatch of their events (scorecards + timers): "
            f"{handled} events at {handled / dispatched:.0f}/s; messages queued: {n / queued:.0f}/s; "
            f"sent ({sent}, log SMS): {n / sending:.0f}/s"
        )
