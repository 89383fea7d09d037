"""Reads of the interviews app: permission-checked lookups for the console and the API, and the
candidate's own view of their interview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openhire.accounts.models import User
from openhire.audit.services import audit_read
from openhire.candidates.models import Application
from openhire.core import rawsql
from openhire.core.access import get_or_404, job_scoped
from openhire.core.models import DomainEvent
from openhire.core.navigation import Tile
from openhire.interviews import flow
from openhire.interviews.models import Answer, BookingWindow, Interview, Invitation, UploadSession

# The board's columns, in the order HR reads them (待预约 / 待面试 / 面试中 / 已完成 and the rest).
BOARD_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("to_book", (Interview.State.INVITED, Interview.State.OPENED, Interview.State.CONSENTED)),
    ("booked", (Interview.State.BOOKED,)),
    ("in_progress", (Interview.State.IN_PROGRESS,)),
    ("completed", (Interview.State.COMPLETED,)),
    (
        "other",
        (
            Interview.State.EXPIRED,
            Interview.State.REVOKED,
            Interview.State.DECLINED,
            Interview.State.HUMAN_REQUESTED,
        ),
    ),
]


def interviews_for(viewer: User) -> QuerySet[Interview]:
    return job_scoped(Interview.objects.select_related("candidate", "job", "plan_version"), viewer)


def access_interview(viewer: User, interview_id: UUID | str) -> Interview:
    interview = get_or_404(interviews_for(viewer), interview_id)
    audit_read(viewer=viewer, obj=interview)
    return interview


def access_answer(viewer: User, answer_id: UUID | str) -> Answer:
    answer = get_or_404(
        job_scoped(Answer.objects.select_related("interview"), viewer, job_field="interview__job"), answer_id
    )
    audit_read(viewer=viewer, obj=answer, action="play")
    return answer


def access_application(viewer: User, application_id: UUID | str) -> Application:
    application = get_or_404(
        job_scoped(Application.objects.select_related("candidate", "job"), viewer), application_id
    )
    audit_read(viewer=viewer, obj=application)
    return application


def windows_for(viewer: User, job_id: UUID | str) -> QuerySet[BookingWindow]:
    return job_scoped(BookingWindow.objects.all(), viewer).filter(job_id=job_id)


def access_window(viewer: User, window_id: UUID | str) -> BookingWindow:
    return get_or_404(job_scoped(BookingWindow.objects.all(), viewer), window_id)


@dataclass(frozen=True)
class Board:
    counts: dict[str, int]
    columns: list[tuple[str, list[Interview]]]
    total: int


def status_board(viewer: User, job_id: UUID | str, *, per_column: int = 100) -> Board:
    """Counts by state and the newest interviews of each board column (job access checked by caller)."""
    qs = interviews_for(viewer).filter(job_id=job_id)
    counts = {row["state"]: row["n"] for row in qs.values("state").annotate(n=Count("id")).order_by()}
    columns = []
    for key, states in BOARD_COLUMNS:
        rows = list(qs.filter(state__in=states).order_by("-updated_at")[:per_column])
        columns.append((key, rows))
    return Board(counts=counts, columns=columns, total=sum(counts.values()))


def timeline(interview: Interview) -> QuerySet[DomainEvent]:
    return DomainEvent.objects.filter(
        organization_id=interview.organization_id, subject_type="interview", subject_id=str(interview.pk)
    ).order_by("created_at")


def evaluated_answers(interview: Interview) -> list[Answer]:
    """The answers the evaluation uses: the last submitted attempt of each question and follow-up."""
    answers = list(interview.answers.all())
    latest = {id(a) for a in flow.latest_by_question(answers).values()}
    return sorted((a for a in answers if id(a) in latest), key=lambda a: a.submitted_at)


def latest_invitation(interview: Interview) -> Invitation | None:
    return interview.invitations.order_by("-created_at").first()


FLOW_FIELDS = ("id", "question_id", "attempt", "followup_index", "submitted_at")


def _flow_answers(interview: Interview) -> list[Answer]:
    """The answers' flow fields, read through hand-written SQL: every status poll does this."""
    return list(
        Answer.objects.raw(
            rawsql.select_sql(Answer, FLOW_FIELDS, ("interview",)), [rawsql.pk_param(Interview, interview.pk)]
        )
    )


def candidate_upload(interview: Interview, upload_id: Any) -> UploadSession | None:
    """The candidate's own upload session (one per chunk request: read through hand-written SQL)."""
    try:
        pk = upload_id if isinstance(upload_id, UUID) else UUID(str(upload_id))
    except ValueError:
        return None
    sql = rawsql.select_sql(UploadSession, None, ("id", "interview"))
    return rawsql.first(
        UploadSession, sql, [rawsql.pk_param(UploadSession, pk), rawsql.pk_param(Interview, interview.pk)]
    )


def candidate_state(interview: Interview, language: str) -> dict[str, Any]:
    """What the candidate's interview page needs: the current item, progress, limits. No other data."""
    answers = _flow_answers(interview)
    snapshot = interview.snapshot
    item = (
        flow.next_item(snapshot, answers, interview.retake_of)
        if interview.state == Interview.State.IN_PROGRESS
        else None
    )
    done, total = flow.progress(snapshot, answers)
    lang = "en" if language.startswith("en") else "zh"
    last = max(answers, key=lambda a: a.submitted_at, default=None)
    retakes = int(snapshot.get("retakes") or 0)
    can_retake = (
        last is not None
        and not interview.retake_of
        and interview.state == Interview.State.IN_PROGRESS
        and sum(1 for a in answers if a.question_id == last.question_id) <= retakes
    )
    state: dict[str, Any] = {
        "state": interview.state,
        "mode": interview.answer_mode,
        "done": done,
        "total": total,
        "retake_of": interview.retake_of,
        "last_answered": last.question_id if last else None,
        "can_retake": can_retake,
        "item": None,
    }
    if item is not None:
        state["item"] = {
            "id": item.id,
            "text": item.text[lang] or item.text["zh"],
            "number": item.number,
            "is_followup": item.is_followup,
            "prep_seconds": item.prep_seconds,
            "answer_seconds": item.answer_seconds,
            "attempt": 1 + sum(1 for a in answers if a.question_id == item.id),
            "max_attempts": 1 + retakes,
        }
    return state


def home_tiles(viewer: User) -> list[Tile]:
    """Home page: the live states HR watches (待预约 / 待面试 / 面试中 / 已完成 this week)."""
    counts = dict(interviews_for(viewer).values_list("state").annotate(n=Count("id")).order_by())
    state = Interview.State
    since = timezone.now() - timedelta(days=7)
    completed = interviews_for(viewer).filter(state=state.COMPLETED, completed_at__gte=since).count()
    return [
        Tile(
            _("To book"),
            sum(counts.get(s, 0) for s in (state.INVITED, state.OPENED, state.CONSENTED)),
            "/interviews/",
        ),
        Tile(_("Booked"), counts.get(state.BOOKED, 0), "/interviews/"),
        Tile(_("In progress"), counts.get(state.IN_PROGRESS, 0), "/interviews/"),
        Tile(_("Completed (7 days)"), completed, "/interviews/"),
    ]
