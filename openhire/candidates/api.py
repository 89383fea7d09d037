"""Candidates API: upload resumes to a job, create a candidate from JSON, list/search candidates and
applications. (No ``from __future__ import annotations`` here: ninja reads the annotations at runtime.)"""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from openhire.audit.services import audit_record
from openhire.candidates import selectors, services
from openhire.candidates.models import Application, Candidate, IntakeBatch, IntakeItem
from openhire.core.api import require_roles, require_write
from openhire.core.errors import ValidationFailed
from openhire.screening.selectors import RankFilters, ranked_applications

router = Router(tags=["candidates"])


class IntakeItemOut(Schema):
    id: UUID
    file: str
    status: str
    error_code: str
    error: str
    candidate_id: UUID | None = None
    application_id: UUID | None = None

    @staticmethod
    def resolve_file(obj: IntakeItem) -> str:
        return obj.original_name


class IntakeOut(Schema):
    batch_id: UUID
    progress_key: str
    items: list[IntakeItemOut]


class CandidateIn(Schema):
    name: str
    phone: str = ""
    email: str = ""
    birth_date: str = ""
    gender: str = ""
    location: str = ""
    job_id: UUID | None = None
    source: str = "api"
    skills: list[str] = []
    certificates: list[str] = []
    total_years: float | None = None


class ApplicationBrief(Schema):
    id: UUID
    job_id: UUID
    source: str
    status: str
    stage: str
    match_score: float | None
    passed_hard_requirements: bool | None
    marked_for_interview: bool
    created_at: datetime


class CandidateOut(Schema):
    id: UUID
    name: str
    phone: str
    email: str
    location: str
    profile: dict[str, Any]
    created_at: datetime


class CandidateCreated(Schema):
    candidate: CandidateOut
    created: bool
    application: ApplicationBrief | None = None


class ApplicationOut(ApplicationBrief):
    candidate_id: UUID
    candidate_name: str
    screening: dict[str, Any]

    @staticmethod
    def resolve_candidate_name(obj: Application) -> str:
        return obj.candidate.name


@router.post("/jobs/{job_id}/resumes", response={202: IntakeOut})
def upload_resumes(
    request: HttpRequest,
    job_id: UUID,
    files: list[UploadedFile] = File(...),  # noqa: B008 - ninja's declaration style
    batch_id: UUID | None = Form(None),  # noqa: B008
) -> tuple[int, dict[str, Any]]:
    """Upload one or more resume files (or bulk zips) to a job; they are parsed and screened in the
    background (poll ``/api/v1/tasks/{progress_key}``; per-file results at ``/intake/{batch_id}``)."""
    user = require_write(request, *selectors.CANDIDATE_WRITERS)
    job = selectors.writable_job(user, job_id)
    batch = selectors.access_intake_batch(user, batch_id) if batch_id else None
    receipt = services.intake_files(
        job=job,
        files=[(f.name or "resume", f) for f in files],
        actor=user,
        source=IntakeBatch.Source.API,
        batch=batch,
    )
    return 202, {"batch_id": receipt.batch.id, "progress_key": receipt.progress_key, "items": receipt.items}


@router.get("/intake/{batch_id}", response=IntakeOut)
def intake_status(request: HttpRequest, batch_id: UUID) -> dict[str, Any]:
    user = require_roles(request, *selectors.CANDIDATE_WRITERS)
    batch = selectors.access_intake_batch(user, batch_id)
    return {"batch_id": batch.id, "progress_key": batch.progress_key, "items": list(batch.items.all())}


@router.post("/candidates", response={201: CandidateCreated})
def create_candidate(request: HttpRequest, payload: CandidateIn) -> tuple[int, dict[str, Any]]:
    """Create a candidate from JSON (de-duplicated by phone, e-mail, name + birth date), optionally
    applying them to a job (refused with 409 when they already applied)."""
    user = require_write(request, *selectors.CANDIDATE_WRITERS)
    job = selectors.writable_job(user, payload.job_id) if payload.job_id else None
    profile: dict[str, Any] = {}
    if payload.skills:
        profile["skills"] = payload.skills
    if payload.certificates:
        profile["certificates"] = payload.certificates
    if payload.total_years is not None:
        if not 0 <= payload.total_years <= 60:
            raise ValidationFailed("total_years must be between 0 and 60", field="total_years")
        profile["total_years"] = payload.total_years
    result, application = services.candidate_create(
        organization=user.organization,  # type: ignore[arg-type]
        actor=user,
        name=payload.name,
        phone=payload.phone,
        email=payload.email,
        birth_date=payload.birth_date,
        gender=payload.gender,
        location=payload.location,
        profile=profile,
        job=job,
        source=payload.source[:64] or "api",
    )
    if application is not None:
        from openhire.screening.services import application_screen

        application_screen(application=application, actor=user)
        application.refresh_from_db()
    return 201, {"candidate": result.candidate, "created": result.created, "application": application}


@router.get("/candidates", response=list[CandidateOut])
@paginate(LimitOffsetPagination)
def list_candidates(request: HttpRequest, q: str = "", job_id: UUID | None = None) -> Any:
    """Candidates the caller may see; ``q`` matches a name fragment or an exact phone / e-mail."""
    user = require_roles(request, *selectors.CANDIDATE_READERS)
    audit_record(
        actor=user,
        organization=user.organization,
        action="candidate.list",
        object_type="candidates.candidate",
        after={"searched": bool(q), "channel": "api"},
    )
    return selectors.candidate_search(user, q=q, job_id=job_id)


@router.get("/candidates/{candidate_id}", response=CandidateOut)
def get_candidate(request: HttpRequest, candidate_id: UUID) -> Candidate:
    user = require_roles(request, *selectors.CANDIDATE_READERS)
    return selectors.access_candidate(user, candidate_id)


@router.get("/applications", response=list[ApplicationOut])
@paginate(LimitOffsetPagination)
def list_applications(
    request: HttpRequest,
    job_id: UUID,
    min_score: float | None = None,
    max_score: float | None = None,
    passed: bool | None = None,
    skill: str = "",
    source: str = "",
    status: str = "",
) -> Any:
    """A job's applications ranked by match score (best first), with the screening explanation."""
    user = require_roles(request, *selectors.CANDIDATE_READERS)
    from openhire.jobs.selectors import access_job

    job = access_job(user, job_id)
    audit_record(
        actor=user,
        organization=user.organization,
        action="application.list",
        obj=job,
        after={"channel": "api"},
    )
    filters = RankFilters(
        min_score=min_score, max_score=max_score, passed=passed, skill=skill, source=source, status=status
    )
    return ranked_applications(user, job_id=job.id, filters=filters)


@router.get("/applications/{application_id}", response=ApplicationOut)
def get_application(request: HttpRequest, application_id: UUID) -> Application:
    user = require_roles(request, *selectors.CANDIDATE_READERS)
    return selectors.access_application(user, application_id)
