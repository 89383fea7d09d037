"""AI interview API: invitations, status, timeline and answer metadata (media stays in the console)."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from openhire.core.api import require_roles, require_write
from openhire.core.errors import NotFound
from openhire.interviews import selectors, services
from openhire.interviews.models import Answer, Interview
from openhire.jobs.selectors import access_plan_version

router = Router(tags=["interviews"])
READERS = ("admin", "recruiter", "interviewer", "hiring_manager")
WRITERS = ("admin", "recruiter")


class InviteIn(Schema):
    application_id: UUID
    plan_version_id: UUID


class InvitationOut(Schema):
    interview_id: UUID
    state: str
    url: str
    short_code: str
    code_url: str
    expires_at: datetime
    qr_svg: str
    qr_png_base64: str


class InterviewOut(Schema):
    id: UUID
    application_id: UUID
    candidate_id: UUID
    job_id: UUID
    plan_version_id: UUID
    state: str
    answer_mode: str
    invited_at: datetime | None
    opened_at: datetime | None
    consented_at: datetime | None
    booked_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    feedback_released_at: datetime | None
    updated_at: datetime


class EventOut(Schema):
    id: UUID
    name: str
    created_at: datetime
    payload: dict[str, Any]


class AnswerOut(Schema):
    id: UUID
    question_id: str
    attempt: int
    is_followup: bool
    kind: str
    mime: str
    container: str
    duration_ms: int
    size: int
    sha256: str
    submitted_at: datetime

    @staticmethod
    def resolve_kind(obj: Answer) -> str:
        return "media" if obj.media else "text"


class ExtendIn(Schema):
    days: int = 7


def _invitation_out(result: services.InviteResult) -> InvitationOut:
    return InvitationOut(
        interview_id=result.interview.pk,
        state=result.interview.state,
        url=result.url,
        short_code=result.code,
        code_url=result.code_url,
        expires_at=result.invitation.expires_at,
        qr_svg=result.qr_svg,
        qr_png_base64=result.qr_png_base64,
    )


@router.post("/interviews/invitations", response={201: InvitationOut})
def invitation_create(request: HttpRequest, payload: InviteIn) -> Status[InvitationOut]:
    user = require_write(request, *WRITERS)
    application = selectors.access_application(user, payload.application_id)
    version = access_plan_version(user, payload.plan_version_id)
    if version.job_id != application.job_id:
        raise NotFound("not found")
    result = services.interview_invite(application=application, plan_version=version, actor=user)
    return Status(201, _invitation_out(result))


@router.get("/interviews", response=list[InterviewOut])
@paginate(LimitOffsetPagination)
def interview_list(request: HttpRequest, job_id: UUID | None = None, state: str | None = None) -> Any:
    user = require_roles(request, *READERS)
    qs = selectors.interviews_for(user).order_by("-updated_at")
    if job_id:
        qs = qs.filter(job_id=job_id)
    if state:
        qs = qs.filter(state=state)
    return qs


@router.get("/interviews/{interview_id}", response=InterviewOut)
def interview_get(request: HttpRequest, interview_id: UUID) -> Interview:
    return selectors.access_interview(require_roles(request, *READERS), interview_id)


@router.get("/interviews/{interview_id}/timeline", response=list[EventOut])
@paginate(LimitOffsetPagination)
def interview_timeline(request: HttpRequest, interview_id: UUID) -> Any:
    interview = selectors.access_interview(require_roles(request, *READERS), interview_id)
    return selectors.timeline(interview)


@router.get("/interviews/{interview_id}/answers", response=list[AnswerOut])
@paginate(LimitOffsetPagination)
def interview_answers(request: HttpRequest, interview_id: UUID) -> Any:
    interview = selectors.access_interview(require_roles(request, *READERS), interview_id)
    return interview.answers.order_by("submitted_at")


@router.post("/interviews/{interview_id}/resend", response=InvitationOut)
def interview_resend(request: HttpRequest, interview_id: UUID) -> InvitationOut:
    user = require_write(request, *WRITERS)
    interview = selectors.access_interview(user, interview_id)
    return _invitation_out(services.invitation_resend(interview=interview, actor=user))


@router.post("/interviews/{interview_id}/revoke", response=InterviewOut)
def interview_revoke(request: HttpRequest, interview_id: UUID) -> Interview:
    user = require_write(request, *WRITERS)
    return services.invitation_revoke(interview=selectors.access_interview(user, interview_id), actor=user)


@router.post("/interviews/{interview_id}/extend", response=InterviewOut)
def interview_extend(request: HttpRequest, interview_id: UUID, payload: ExtendIn) -> Interview:
    user = require_write(request, *WRITERS)
    interview = selectors.access_interview(user, interview_id)
    services.invitation_extend(interview=interview, actor=user, days=payload.days)
    interview.refresh_from_db()
    return interview
