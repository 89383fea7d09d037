"""Domain events: a row per thing that happened, dispatched to registered handlers after commit.

Services call ``event_emit`` inside their transaction. The row is the durable record (the automation
rules of the workflow app and the timeline pages read it); handlers run in a background task after
the transaction commits, so a rolled-back change emits nothing and a crashed worker re-runs the
dispatch (handlers must be idempotent: they get the event id).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import transaction

if TYPE_CHECKING:
    from openhire.core.models import DomainEvent

# Event names (stable: stored in rows, used by automation rules and webhooks).
CANDIDATE_APPLIED = "candidate.applied"
CANDIDATE_SCREENED = "candidate.screened"
SCREENING_PASSED = "screening.passed"  # match score at or above the job's invitation threshold
STAGE_ENTERED = "stage.entered"
INVITATION_SENT = "invitation.sent"
INVITATION_OPENED = "invitation.opened"
SLOT_BOOKED = "slot.booked"
INTERVIEW_STARTED = "interview.started"
INTERVIEW_COMPLETED = "interview.completed"
HUMAN_INTERVIEW_REQUESTED = "interview.human_requested"
INTERVIEW_CONSENTED = "interview.consented"
INTERVIEW_DECLINED = "interview.declined"
INTERVIEW_EXPIRED = "interview.expired"
INVITATION_REVOKED = "invitation.revoked"
INVITATION_EXTENDED = "invitation.extended"
ANSWER_SUBMITTED = "interview.answer_submitted"
ANSWER_MODE_CHANGED = "interview.answer_mode_changed"  # the candidate switched to typed answers
EVALUATION_READY = "evaluation.ready"
HUMAN_REVIEW_REQUESTED = "evaluation.human_review_requested"  # payload: {"by_candidate": bool}
SCORECARD_SUBMITTED = "scorecard.submitted"
OFFER_SIGNED = "offer.signed"
JOB_STATUS_CHANGED = "job.status_changed"  # payload: {"from": ..., "to": ...}
PLAN_PUBLISHED = "plan.published"  # subject: the PlanVersion; payload: {"plan_id", "number"}
SCORECARD_ASSIGNED = "scorecard.assigned"  # subject: the workflow Scorecard; payload: {"interviewer_id"}
# An interview Reminder row fell due; payload: {"kind", "reminder_id", "interview_id"}
REMINDER_DUE = "reminder.due"

Handler = Callable[["DomainEvent"], None]
_handlers: list[Handler] = []


def register_handler(fn: Handler) -> Handler:
    """Called for every event, in a background task after commit. Must be idempotent."""
    _handlers.append(fn)
    return fn


def event_emit(
    *,
    organization_id: UUID,
    name: str,
    application_id: UUID | None = None,
    candidate_id: UUID | None = None,
    job_id: UUID | None = None,
    subject_type: str = "",
    subject_id: str = "",
    payload: dict[str, Any] | None = None,
    actor_id: UUID | None = None,
    cause_id: UUID | None = None,
) -> DomainEvent:
    from openhire.core.models import DomainEvent

    event = DomainEvent.objects.create(
        organization_id=organization_id,
        name=name,
        application_id=application_id,
        candidate_id=candidate_id,
        job_id=job_id,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=payload or {},
        actor_id=actor_id,
        cause_id=cause_id,
    )
    if _handlers:
        from openhire.core.tasks import dispatch_event

        transaction.on_commit(lambda: dispatch_event.enqueue(event_id=str(event.id)))
    return event


def dispatch(event: DomainEvent) -> None:
    for handler in list(_handlers):
        handler(event)
