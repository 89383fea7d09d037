"""Reads of the jobs app. ``access_<thing>(viewer, id)`` raises ``NotFound`` when the viewer may not see it:
jobs (and everything hanging off them) are scoped to the hiring team (admins see the whole organisation);
the competency library and question bank are organisation-wide."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from openhire.accounts.models import User
from openhire.core.access import get_or_404, job_scoped, org_queryset
from openhire.core.errors import NotFound
from openhire.core.navigation import Tile
from openhire.jobs.models import Competency, InterviewPlan, Job, JobMember, PlanVersion, Question


def job_ids_of_member(user: User) -> Iterable[UUID]:
    return JobMember.objects.filter(user=user, organization_id=user.organization_id).values_list(  # type: ignore[misc]
        "job_id", flat=True
    )


def jobs_for(viewer: User) -> QuerySet[Job]:
    return job_scoped(Job.objects.all(), viewer, job_field="id")


@dataclass(frozen=True)
class JobFilters:
    status: str = ""
    q: str = ""


def jobs_list(viewer: User, filters: JobFilters | None = None) -> QuerySet[Job]:
    filters = filters or JobFilters()
    qs = jobs_for(viewer).annotate(member_count=Count("members", distinct=True))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.q:
        qs = qs.filter(
            Q(title__icontains=filters.q)
            | Q(title_en__icontains=filters.q)
            | Q(department__icontains=filters.q)
        )
    return qs.order_by("-created_at")


def access_job(viewer: User, job_id: UUID | str) -> Job:
    return get_or_404(jobs_for(viewer), job_id)


def job_members(job: Job) -> QuerySet[JobMember]:
    return JobMember.objects.filter(job=job).select_related("user").order_by("team_role", "user__username")


def access_job_member(viewer: User, job_id: UUID | str, member_id: UUID | str) -> JobMember:
    job = access_job(viewer, job_id)
    return get_or_404(job_members(job), member_id)


def team_candidates(job: Job) -> QuerySet[User]:
    """Active console users of the job's organisation who could join its team."""
    return User.objects.filter(
        organization_id=job.organization_id,
        is_active=True,
        is_service=False,
        role__in=("admin", "recruiter", "interviewer", "hiring_manager"),
    ).order_by("username")


def plan_of(job: Job) -> InterviewPlan | None:
    return InterviewPlan.objects.filter(job=job).select_related("job").order_by("created_at").first()


def access_plan(viewer: User, job_id: UUID | str) -> InterviewPlan:
    """The interview plan of a job the viewer may see."""
    plan = plan_of(access_job(viewer, job_id))
    if plan is None:
        raise NotFound("not found")
    return plan


def plan_versions_for(viewer: User) -> QuerySet[PlanVersion]:
    return job_scoped(PlanVersion.objects.select_related("plan", "job", "published_by"), viewer)


def access_plan_version(viewer: User, version_id: UUID | str) -> PlanVersion:
    return get_or_404(plan_versions_for(viewer), version_id)


def latest_version(job: Job) -> PlanVersion | None:
    return PlanVersion.objects.filter(job=job).order_by("-created_at", "-number").first()


def competencies_for(viewer: User) -> QuerySet[Competency]:
    return org_queryset(Competency.objects.all(), viewer).annotate(
        question_count=Count("questions", filter=Q(questions__is_archived=False))
    )


def access_competency(viewer: User, competency_id: UUID | str) -> Competency:
    return get_or_404(org_queryset(Competency.objects.all(), viewer), competency_id)


@dataclass(frozen=True)
class QuestionFilters:
    competency: str = ""  # id or key
    type: str = ""
    language: str = ""  # zh | en: questions that have a text in it; both: questions in both
    difficulty: int | None = None
    q: str = ""
    archived: bool = False


def questions_list(viewer: User, filters: QuestionFilters | None = None) -> QuerySet[Question]:
    filters = filters or QuestionFilters()
    qs = org_queryset(Question.objects.select_related("competency"), viewer).filter(
        is_archived=filters.archived
    )
    if filters.competency:
        try:
            qs = qs.filter(competency_id=UUID(str(filters.competency)))
        except ValueError:
            qs = qs.filter(competency__key=filters.competency)
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.language == "zh":
        qs = qs.exclude(text_zh="")
    elif filters.language == "en":
        qs = qs.exclude(text_en="")
    elif filters.language == "both":
        qs = qs.exclude(text_zh="").exclude(text_en="")
    if filters.difficulty:
        qs = qs.filter(difficulty=filters.difficulty)
    if filters.q:
        qs = qs.filter(
            Q(text_zh__icontains=filters.q) | Q(text_en__icontains=filters.q) | Q(key__icontains=filters.q)
        )
    return qs


def access_question(viewer: User, question_id: UUID | str) -> Question:
    return get_or_404(org_queryset(Question.objects.select_related("competency"), viewer), question_id)


def competencies_for_org(organization_id: UUID | str) -> QuerySet[Competency]:
    """The library of an organisation whose job the caller has already access-checked."""
    return Competency.objects.filter(organization_id=organization_id).order_by("name_zh")


def home_tiles(viewer: User) -> list[Tile]:
    """Home page: the jobs the viewer is on that take candidates now, and drafts still to publish."""
    jobs = jobs_for(viewer)
    return [
        Tile(_("Open jobs"), jobs.filter(status=Job.Status.OPEN).count(), "/jobs/?status=open"),
        Tile(_("Draft jobs"), jobs.filter(status=Job.Status.DRAFT).count(), "/jobs/?status=draft"),
    ]
