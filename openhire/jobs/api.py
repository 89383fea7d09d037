"""The jobs API: jobs (CRUD, status, team, templates), competency library and job models, question bank
(filters, duplicates, import/export), interview plans, publishing and plan versions."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from openhire.accounts.models import User
from openhire.core.api import require_roles, require_write
from openhire.core.errors import ValidationFailed
from openhire.core.permissions import ADMIN, RECRUITER, STAFF_ROLES
from openhire.jobs import interchange, planning, selectors, services, templates
from openhire.jobs.models import InterviewPlan, Job, JobCompetency, JobMember, PlanVersion, Question
from openhire.jobs.services.questions import question_duplicates

router = Router(tags=["jobs"])
WRITERS = (ADMIN, RECRUITER)


# ---- schemas -------------------------------------------------------------------------------------


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    note: str
    created_at: datetime
    actor_id: UUID | None


class MemberOut(Schema):
    id: UUID
    user_id: UUID
    username: str
    display_name: str
    team_role: str

    @staticmethod
    def resolve_username(obj: JobMember) -> str:
        return obj.user.username

    @staticmethod
    def resolve_display_name(obj: JobMember) -> str:
        return obj.user.display_name


class JobOut(Schema):
    id: UUID
    title: str
    title_en: str
    department: str
    location: str
    headcount: int
    employment_type: str
    description: str
    responsibilities: str
    hard_requirements: dict[str, Any]
    skills: list[dict[str, Any]]
    status: str
    invite_threshold: int
    template_key: str
    created_at: datetime
    updated_at: datetime


class JobCompetencyOut(Schema):
    competency_id: UUID
    key: str
    name: dict[str, str]
    weight: int
    min_score: int | None
    indicators: list[dict[str, str]]
    anchors: dict[str, dict[str, str]]

    @staticmethod
    def resolve_key(obj: JobCompetency) -> str:
        return obj.competency.key

    @staticmethod
    def resolve_name(obj: JobCompetency) -> dict[str, str]:
        return obj.competency.name


class VersionSummaryOut(Schema):
    id: UUID
    number: int
    created_at: datetime
    published_by_id: UUID | None
    question_count: int

    @staticmethod
    def resolve_question_count(obj: PlanVersion) -> int:
        return len(obj.snapshot.get("questions", []))


class JobDetailOut(JobOut):
    status_history: list[StatusChangeOut]
    team: list[MemberOut]
    competencies: list[JobCompetencyOut]
    latest_version: VersionSummaryOut | None


class JobIn(Schema):
    title: str
    title_en: str = ""
    department: str = ""
    location: str = ""
    headcount: int = 1
    employment_type: str = "full_time"
    description: str = ""
    responsibilities: str = ""
    hard_requirements: dict[str, Any] = {}
    skills: list[dict[str, Any]] = []
    invite_threshold: int = 70


class JobPatch(Schema):
    title: str | None = None
    title_en: str | None = None
    department: str | None = None
    location: str | None = None
    headcount: int | None = None
    employment_type: str | None = None
    description: str | None = None
    responsibilities: str | None = None
    hard_requirements: dict[str, Any] | None = None
    skills: list[dict[str, Any]] | None = None
    invite_threshold: int | None = None


class JobFromTemplateIn(Schema):
    template: str
    title: str = ""
    title_en: str = ""
    department: str = ""
    location: str = ""
    headcount: int = 1


class StatusIn(Schema):
    status: str
    note: str = ""


class MemberIn(Schema):
    user_id: UUID
    team_role: str


class TemplateOut(Schema):
    key: str
    title: dict[str, str]
    department: dict[str, str]
    employment_type: str
    competency_count: int
    question_count: int


class CompetencyOut(Schema):
    id: UUID
    key: str
    name_zh: str
    name_en: str
    definition_zh: str
    definition_en: str
    indicators: list[dict[str, str]]
    anchors: dict[str, dict[str, str]]


class CompetencyIn(Schema):
    name_zh: str
    name_en: str = ""
    definition_zh: str = ""
    definition_en: str = ""
    key: str = ""
    indicators: list[dict[str, str]] = []
    anchors: dict[str, dict[str, str]] = {}


class CompetencyPatch(Schema):
    name_zh: str | None = None
    name_en: str | None = None
    definition_zh: str | None = None
    definition_en: str | None = None
    indicators: list[dict[str, str]] | None = None
    anchors: dict[str, dict[str, str]] | None = None


class JobCompetencyIn(Schema):
    competency_id: UUID
    weight: int
    min_score: int | None = None
    indicators: list[dict[str, str]] | None = None
    anchors: dict[str, dict[str, str]] | None = None


class CompetencyModelIn(Schema):
    items: list[JobCompetencyIn]


class QuestionOut(Schema):
    id: UUID
    key: str
    competency_id: UUID
    competency_key: str
    type: str
    language: str
    difficulty: int
    text_zh: str
    text_en: str
    prep_seconds: int
    answer_seconds: int
    ideal_points: list[dict[str, str]]
    reference_answer: dict[str, str]
    scoring_guide: dict[str, str]
    followups: list[dict[str, Any]]
    source: str
    is_archived: bool

    @staticmethod
    def resolve_competency_key(obj: Question) -> str:
        return obj.competency.key


class QuestionIn(Schema):
    competency_id: UUID
    text_zh: str = ""
    text_en: str = ""
    type: str = "behavioural"
    language: str = ""
    difficulty: int = 2
    prep_seconds: int = 30
    answer_seconds: int = 120
    ideal_points: list[dict[str, str]] = []
    reference_answer: dict[str, str] = {}
    scoring_guide: dict[str, str] = {}
    followups: list[dict[str, Any]] = []
    key: str = ""
    allow_duplicate: bool = False


class QuestionPatch(Schema):
    competency_id: UUID | None = None
    text_zh: str | None = None
    text_en: str | None = None
    type: str | None = None
    language: str | None = None
    difficulty: int | None = None
    prep_seconds: int | None = None
    answer_seconds: int | None = None
    ideal_points: list[dict[str, str]] | None = None
    reference_answer: dict[str, str] | None = None
    scoring_guide: dict[str, str] | None = None
    followups: list[dict[str, Any]] | None = None
    is_archived: bool | None = None
    allow_duplicate: bool = False


class QuestionFilterIn(Schema):
    competency: str = ""
    type: str = ""
    language: str = ""
    difficulty: int | None = None
    q: str = ""
    archived: bool = False


class DuplicateIn(Schema):
    text_zh: str = ""
    text_en: str = ""
    exclude_id: UUID | None = None


class DuplicateOut(Schema):
    question_id: str
    similarity: float


class ImportOut(Schema):
    created: int
    competencies_created: int
    duplicates: list[dict[str, Any]]
    errors: list[dict[str, Any]]


class PlanOut(Schema):
    id: UUID
    job_id: UUID
    name: str
    settings: dict[str, Any]
    preview: dict[str, Any]
    problems: list[str]
    warnings: list[str]
    versions: list[VersionSummaryOut]


class PlanIn(Schema):
    language: str | None = None
    intro: dict[str, str] | None = None
    retakes: int | None = None
    allow_text_answers: bool | None = None
    allow_start_now: bool | None = None
    pass_threshold: int | None = None
    invitation_valid_days: int | None = None
    booking: dict[str, Any] | None = None
    selection: dict[str, Any] | None = None
    timings: dict[str, dict[str, int]] | None = None


class VersionOut(VersionSummaryOut):
    plan_id: UUID
    job_id: UUID
    snapshot: dict[str, Any]


# ---- jobs ----------------------------------------------------------------------------------------


def _detail(job: Job) -> dict[str, Any]:
    data = JobOut.from_orm(job).dict()
    data["status_history"] = list(job.status_history.all())
    data["team"] = list(selectors.job_members(job))
    data["competencies"] = list(JobCompetency.objects.filter(job=job).select_related("competency"))
    data["latest_version"] = selectors.latest_version(job)
    return data


@router.get("/jobs", response=list[JobOut])
@paginate(LimitOffsetPagination)
def job_list(request: HttpRequest, status: str = "", q: str = "") -> Any:
    user = require_roles(request, *STAFF_ROLES)
    return selectors.jobs_list(user, selectors.JobFilters(status=status, q=q))


@router.post("/jobs", response={201: JobDetailOut})
def job_create(request: HttpRequest, payload: JobIn) -> Status[Any]:
    actor = require_write(request, *WRITERS)
    assert actor.organization is not None
    job = services.job_create(organization=actor.organization, actor=actor, **payload.dict())
    return Status(201, _detail(job))


@router.get("/job-templates", response=list[TemplateOut])
def template_list(request: HttpRequest) -> Any:
    require_roles(request, *WRITERS)
    return templates.template_list()


@router.post("/jobs/from-template", response={201: JobDetailOut})
def job_create_from_template(request: HttpRequest, payload: JobFromTemplateIn) -> Status[Any]:
    actor = require_write(request, *WRITERS)
    assert actor.organization is not None
    data = payload.dict()
    job = services.job_create_from_template(
        organization=actor.organization, actor=actor, key=data.pop("template"), **data
    )
    return Status(201, _detail(job))


@router.get("/jobs/{job_id}", response=JobDetailOut)
def job_detail(request: HttpRequest, job_id: UUID) -> dict[str, Any]:
    user = require_roles(request, *STAFF_ROLES)
    return _detail(selectors.access_job(user, job_id))


@router.patch("/jobs/{job_id}", response=JobDetailOut)
def job_update(request: HttpRequest, job_id: UUID, payload: JobPatch) -> dict[str, Any]:
    actor = require_write(request, *WRITERS)
    job = selectors.access_job(actor, job_id)
    job = services.job_update(job=job, actor=actor, changes=payload.dict(exclude_unset=True))
    return _detail(job)


@router.post("/jobs/{job_id}/status", response=JobDetailOut)
def job_status(request: HttpRequest, job_id: UUID, payload: StatusIn) -> dict[str, Any]:
    actor = require_write(request, *WRITERS)
    job = services.job_status_change(
        job=selectors.access_job(actor, job_id), to_status=payload.status, actor=actor, note=payload.note
    )
    return _detail(job)


@router.get("/jobs/{job_id}/team", response=list[MemberOut])
def team_list(request: HttpRequest, job_id: UUID) -> Any:
    user = require_roles(request, *STAFF_ROLES)
    return selectors.job_members(selectors.access_job(user, job_id))


@router.post("/jobs/{job_id}/team", response={201: MemberOut})
def team_add(request: HttpRequest, job_id: UUID, payload: MemberIn) -> Status[Any]:
    actor = require_write(request, *WRITERS)
    job = selectors.access_job(actor, job_id)
    user = (
        selectors.team_candidates(job).filter(id=payload.user_id).first()
        or User.objects.filter(id=payload.user_id, organization_id=job.organization_id).first()
    )
    if user is None:
        raise ValidationFailed(_("This user cannot join the team."), field="user_id")
    return Status(201, services.job_member_add(job=job, user=user, team_role=payload.team_role, actor=actor))


@router.delete("/jobs/{job_id}/team/{member_id}", response={204: None})
def team_remove(request: HttpRequest, job_id: UUID, member_id: UUID) -> Status[Any]:
    actor = require_write(request, *WRITERS)
    services.job_member_remove(member=selectors.access_job_member(actor, job_id, member_id), actor=actor)
    return Status(204, None)


# ---- competency models ---------------------------------------------------------------------------


@router.get("/jobs/{job_id}/competencies", response=list[JobCompetencyOut])
def job_model(request: HttpRequest, job_id: UUID) -> Any:
    user = require_roles(request, *STAFF_ROLES)
    return planning.job_model(selectors.access_job(user, job_id))


@router.put("/jobs/{job_id}/competencies", response=list[JobCompetencyOut])
def job_model_set(request: HttpRequest, job_id: UUID, payload: CompetencyModelIn) -> Any:
    actor = require_write(request, *WRITERS)
    job = selectors.access_job(actor, job_id)
    items = [services.CompetencyWeight(**item.dict()) for item in payload.items]
    services.job_competency_model_set(job=job, actor=actor, items=items)
    return planning.job_model(job)


@router.get("/competencies", response=list[CompetencyOut])
@paginate(LimitOffsetPagination)
def competency_list(request: HttpRequest) -> Any:
    return selectors.competencies_for(require_roles(request, *STAFF_ROLES))


@router.post("/competencies", response={201: CompetencyOut})
def competency_create(request: HttpRequest, payload: CompetencyIn) -> Status[Any]:
    actor = require_write(request, *WRITERS)
    assert actor.organization is not None
    return Status(
        201, services.competency_create(organization=actor.organization, actor=actor, **payload.dict())
    )


@router.get("/competencies/{competency_id}", response=CompetencyOut)
def competency_detail(request: HttpRequest, competency_id: UUID) -> Any:
    return selectors.access_competency(require_roles(request, *STAFF_ROLES), competency_id)


@router.patch("/competencies/{competency_id}", response=CompetencyOut)
def competency_update(request: HttpRequest, competency_id: UUID, payload: CompetencyPatch) -> Any:
    actor = require_write(request, *WRITERS)
    competency = selectors.access_competency(actor, competency_id)
    return services.competency_update(
        competency=competency, actor=actor, changes=payload.dict(exclude_unset=True)
    )


# ---- question bank -------------------------------------------------------------------------------


def _filters(f: QuestionFilterIn) -> selectors.QuestionFilters:
    return selectors.QuestionFilters(**f.dict())


@router.get("/questions", response=list[QuestionOut])
@paginate(LimitOffsetPagination)
def question_list(request: HttpRequest, filters: Query[QuestionFilterIn]) -> Any:
    return selectors.questions_list(require_roles(request, *STAFF_ROLES), _filters(filters))


@router.post("/questions", response={201: QuestionOut})
def question_create(request: HttpRequest, payload: QuestionIn) -> Status[Any]:
    actor = require_write(request, *WRITERS)
    assert actor.organization is not None
    data = payload.dict()
    competency = selectors.access_competency(actor, data.pop("competency_id"))
    return Status(
        201,
        services.question_create(organization=actor.organization, actor=actor, competency=competency, **data),
    )


@router.post("/questions/duplicates", response=list[DuplicateOut])
def question_duplicate_check(request: HttpRequest, payload: DuplicateIn) -> Any:
    user = require_roles(request, *STAFF_ROLES)
    matches = question_duplicates(
        organization_id=user.organization_id,
        text_zh=payload.text_zh,
        text_en=payload.text_en,
        exclude_id=payload.exclude_id,
    )
    return [{"question_id": m.ident, "similarity": m.similarity} for m in matches]


@router.get("/questions/export")
def question_export(
    request: HttpRequest, filters: Query[QuestionFilterIn], format: str = "yaml"
) -> HttpResponse:
    user = require_roles(request, *STAFF_ROLES)
    if format not in interchange.FORMATS:
        raise ValidationFailed(_("Unknown file format."), field="format")
    content = interchange.export_bank(selectors.questions_list(user, _filters(filters)), format)
    content_type, ext = interchange.FORMATS[format]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="question-bank.{ext}"'
    return response


@router.post("/questions/import", response=ImportOut)
def question_import(request: HttpRequest, format: str = "") -> Any:
    """The file as the request body (``?format=yaml|json|xlsx``) or as a multipart field ``file``."""
    actor = require_write(request, *WRITERS)
    assert actor.organization is not None
    upload = request.FILES.get("file")
    if upload is not None:
        fmt = format or interchange.guess_format(upload.name or "")
        content = upload.read(interchange.MAX_IMPORT_BYTES + 1)
    else:
        fmt = format or "json"
        content = request.body
    if fmt not in interchange.FORMATS:
        raise ValidationFailed(_("Unknown file format."), field="format")
    return services.questions_import(organization=actor.organization, actor=actor, content=content, fmt=fmt)


@router.get("/questions/{question_id}", response=QuestionOut)
def question_detail(request: HttpRequest, question_id: UUID) -> Any:
    return selectors.access_question(require_roles(request, *STAFF_ROLES), question_id)


@router.patch("/questions/{question_id}", response=QuestionOut)
def question_update(request: HttpRequest, question_id: UUID, payload: QuestionPatch) -> Any:
    actor = require_write(request, *WRITERS)
    question = selectors.access_question(actor, question_id)
    changes = payload.dict(exclude_unset=True)
    allow_duplicate = changes.pop("allow_duplicate", False)
    archived = changes.pop("is_archived", None)
    if "competency_id" in changes:
        changes["competency"] = selectors.access_competency(actor, changes.pop("competency_id"))
    if changes:
        question = services.question_update(
            question=question, actor=actor, changes=changes, allow_duplicate=allow_duplicate
        )
    if archived is not None:
        question = services.question_archive(question=question, actor=actor, archived=archived)
    return question


# ---- plans and versions --------------------------------------------------------------------------


def _plan_out(plan: InterviewPlan) -> dict[str, Any]:
    preview = planning.build_snapshot(plan)
    return {
        "id": plan.id,
        "job_id": plan.job_id,
        "name": plan.name,
        "settings": planning.plan_settings(plan),
        "preview": preview,
        "problems": planning.publish_problems(preview),
        "warnings": planning.publish_warnings(preview),
        "versions": list(PlanVersion.objects.filter(plan=plan).order_by("-number")),
    }


@router.get("/jobs/{job_id}/plan", response=PlanOut)
def plan_detail(request: HttpRequest, job_id: UUID) -> dict[str, Any]:
    return _plan_out(selectors.access_plan(require_roles(request, *STAFF_ROLES), job_id))


@router.put("/jobs/{job_id}/plan", response=PlanOut)
def plan_update(request: HttpRequest, job_id: UUID, payload: PlanIn) -> dict[str, Any]:
    actor = require_write(request, *WRITERS)
    plan = selectors.access_plan(actor, job_id)
    plan = services.plan_update(
        plan=plan, actor=actor, changes=payload.dict(exclude_unset=True, exclude_none=True)
    )
    return _plan_out(plan)


@router.post("/jobs/{job_id}/plan/publish", response={201: VersionOut})
def plan_publish(request: HttpRequest, job_id: UUID) -> Status[Any]:
    actor = require_write(request, *WRITERS)
    return Status(201, services.plan_publish(plan=selectors.access_plan(actor, job_id), actor=actor))


@router.get("/jobs/{job_id}/plan-versions", response=list[VersionSummaryOut])
def plan_version_list(request: HttpRequest, job_id: UUID) -> Any:
    user = require_roles(request, *STAFF_ROLES)
    return (
        selectors.plan_versions_for(user).filter(job=selectors.access_job(user, job_id)).order_by("-number")
    )


@router.get("/plan-versions/{version_id}", response=VersionOut)
def plan_version_detail(request: HttpRequest, version_id: UUID) -> PlanVersion:
    """The frozen plan (``snapshot``, schema in ``jobs/plan_schema.md``) an interview uses."""
    return selectors.access_plan_version(require_roles(request, *STAFF_ROLES), version_id)
