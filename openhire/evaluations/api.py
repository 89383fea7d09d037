"""AI evaluation API: evaluations of an interview, the current one, competency scores, per-answer
analyses, re-run, feedback release, human review, benchmark groups, pasted transcripts, settings."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from openhire.core.api import require_roles, require_write
from openhire.evaluations import selectors, services
from openhire.evaluations.models import (
    AnswerAnalysis,
    BenchmarkGroup,
    CompetencyScore,
    Evaluation,
    HumanReviewRequest,
)
from openhire.jobs.selectors import access_job

router = Router(tags=["evaluations"])
READERS = ("admin", "recruiter", "interviewer", "hiring_manager")
WRITERS = ("admin", "recruiter")


class EvaluationOut(Schema):
    id: UUID
    interview_id: UUID
    job_id: UUID
    version: int
    is_current: bool
    trigger: str
    status: str
    overall_score: float | None
    percentile: float | None
    benchmark_group_id: UUID | None
    benchmark_size: int
    suggestion: str
    reasons: dict[str, Any]
    flags: list[dict[str, Any]]
    needs_human_review: bool
    feedback: dict[str, Any]
    feedback_released_at: datetime | None
    engines: list[list[str]]
    config_hash: str
    switches: dict[str, Any]
    error: str
    created_at: datetime
    completed_at: datetime | None


class CompetencyScoreOut(Schema):
    key: str
    name_zh: str
    name_en: str
    weight: int
    score_100: float | None
    scale_1_5: float | None
    answers: int
    evidence: list[dict[str, Any]]


class AnalysisOut(Schema):
    id: UUID
    answer_id: UUID
    question_id: str
    competency: str
    status: str
    transcript: dict[str, Any]
    transcript_source: str
    language: str
    asr_engine: str
    asr_rtf: float | None
    delivery: dict[str, Any]
    camera: dict[str, Any]
    content: dict[str, Any]
    score_100: float | None
    scale_1_5: float | None
    evidence: list[dict[str, Any]]
    engines: list[list[str]]
    config_hash: str
    flags: list[str]


class RerunIn(Schema):
    retranscribe: bool = False


class ReviewIn(Schema):
    reason: str


class ReviewOut(Schema):
    id: UUID
    evaluation_id: UUID
    by_candidate: bool
    reason: str
    status: str
    resolution: str
    created_at: datetime


class BenchmarkIn(Schema):
    name: str
    kind: str = "selected"
    evaluation_ids: list[UUID] = []
    scores: list[float] = []
    make_default: bool = True


class BenchmarkOut(Schema):
    id: UUID
    job_id: UUID
    plan_id: UUID | None
    name: str
    kind: str
    evaluation_ids: list[str]
    scores: list[float]
    is_default: bool
    size: int

    @staticmethod
    def resolve_size(obj: BenchmarkGroup) -> int:
        return len(services.benchmark_scores(obj))


class TranscriptIn(Schema):
    text: str
    language: str


class WithdrawIn(Schema):
    note: str = ""


class WithdrawOut(Schema):
    evaluations_deleted: int


class SettingsIn(Schema):
    delivery: bool | None = None
    camera: bool | None = None
    llm_grader: bool | None = None
    candidate_raw_scores: bool | None = None
    auto_release_feedback: bool | None = None


class SettingsOut(Schema):
    delivery: bool
    camera: bool
    llm_grader: bool
    candidate_raw_scores: bool
    auto_release_feedback: bool


@router.get("/evaluations", response=list[EvaluationOut])
@paginate(LimitOffsetPagination)
def evaluation_list(request: HttpRequest, job_id: UUID | None = None, current: bool = True) -> Any:
    user = require_roles(request, *READERS)
    qs = selectors.evaluations_for(user).order_by("-created_at")
    if job_id:
        qs = qs.filter(job_id=job_id)
    if current:
        qs = qs.filter(is_current=True)
    return qs


@router.get("/evaluations/settings", response=SettingsOut)
def settings_get(request: HttpRequest) -> dict[str, bool]:
    return selectors.evaluation_switches(require_roles(request, "admin")).to_dict()


@router.put("/evaluations/settings", response=SettingsOut)
def settings_put(request: HttpRequest, payload: SettingsIn) -> dict[str, bool]:
    user = require_write(request, "admin")
    assert user.organization is not None
    values = {k: v for k, v in payload.dict().items() if v is not None}
    return services.evaluation_settings_update(
        organization=user.organization, actor=user, values=values
    ).to_dict()


@router.get("/evaluations/interviews/{interview_id}", response=list[EvaluationOut])
@paginate(LimitOffsetPagination)
def interview_evaluations(request: HttpRequest, interview_id: UUID) -> Any:
    return selectors.access_interview_evaluations(require_roles(request, *READERS), interview_id)


@router.get("/evaluations/interviews/{interview_id}/current", response=EvaluationOut)
def interview_current(request: HttpRequest, interview_id: UUID) -> Evaluation:
    return selectors.access_current_evaluation(require_roles(request, *READERS), interview_id)


@router.post("/evaluations/interviews/{interview_id}/rerun", response={202: EvaluationOut})
def interview_rerun(request: HttpRequest, interview_id: UUID, payload: RerunIn) -> Status[Evaluation]:
    user = require_write(request, *WRITERS)
    current = selectors.access_current_evaluation(user, interview_id)
    evaluation = services.evaluation_rerun(
        interview=current.interview, actor=user, retranscribe=payload.retranscribe
    )
    return Status(202, evaluation)


@router.post("/evaluations/interviews/{interview_id}/consent-withdrawal", response=WithdrawOut)
def interview_consent_withdrawal(
    request: HttpRequest, interview_id: UUID, payload: WithdrawIn
) -> dict[str, int]:
    """The candidate withdrew consent: nothing more is processed and every derivative is deleted."""
    from openhire.interviews.selectors import access_interview

    user = require_write(request, *WRITERS)
    interview = access_interview(user, interview_id)
    deleted = services.evaluation_consent_withdraw(interview=interview, actor=user, note=payload.note)
    return {"evaluations_deleted": deleted}


@router.get("/evaluations/{evaluation_id}", response=EvaluationOut)
def evaluation_get(request: HttpRequest, evaluation_id: UUID) -> Evaluation:
    return selectors.access_evaluation(require_roles(request, *READERS), evaluation_id)


@router.get("/evaluations/{evaluation_id}/competencies", response=list[CompetencyScoreOut])
def evaluation_competencies(request: HttpRequest, evaluation_id: UUID) -> list[CompetencyScore]:
    evaluation = selectors.access_evaluation(require_roles(request, *READERS), evaluation_id)
    return list(evaluation.competency_scores.all())


@router.get("/evaluations/{evaluation_id}/answers", response=list[AnalysisOut])
@paginate(LimitOffsetPagination)
def evaluation_answers(request: HttpRequest, evaluation_id: UUID) -> Any:
    evaluation = selectors.access_evaluation(require_roles(request, *READERS), evaluation_id)
    return evaluation.analyses.order_by("answer__submitted_at")


@router.post("/evaluations/{evaluation_id}/release", response=EvaluationOut)
def evaluation_release(request: HttpRequest, evaluation_id: UUID) -> Evaluation:
    user = require_write(request, *WRITERS)
    evaluation = selectors.access_evaluation(user, evaluation_id)
    return services.evaluation_release_feedback(evaluation=evaluation, actor=user)


@router.post("/evaluations/{evaluation_id}/human-review", response={201: ReviewOut})
def evaluation_review(
    request: HttpRequest, evaluation_id: UUID, payload: ReviewIn
) -> Status[HumanReviewRequest]:
    user = require_write(request, *READERS)
    evaluation = selectors.access_evaluation(user, evaluation_id)
    return Status(
        201, services.human_review_request(evaluation=evaluation, actor=user, reason=payload.reason)
    )


@router.post("/evaluations/analyses/{analysis_id}/transcript", response=AnalysisOut)
def analysis_transcript(request: HttpRequest, analysis_id: UUID, payload: TranscriptIn) -> AnswerAnalysis:
    user = require_write(request, *WRITERS)
    analysis = selectors.access_analysis(user, analysis_id)
    return services.analysis_paste_transcript(
        analysis=analysis, text=payload.text, language=payload.language, actor=user
    )


@router.get("/evaluations/jobs/{job_id}/benchmark-groups", response=list[BenchmarkOut])
def benchmark_groups(request: HttpRequest, job_id: UUID) -> list[BenchmarkGroup]:
    user = require_roles(request, *READERS)
    job = access_job(user, job_id)
    return list(selectors.benchmark_groups_for(user, job.pk))


@router.post("/evaluations/jobs/{job_id}/benchmark-groups", response={201: BenchmarkOut})
def benchmark_group_create(
    request: HttpRequest, job_id: UUID, payload: BenchmarkIn
) -> Status[BenchmarkGroup]:
    user = require_write(request, *WRITERS)
    job = access_job(user, job_id)
    group = services.benchmark_group_create(
        job=job,
        actor=user,
        name=payload.name,
        kind=payload.kind,
        evaluation_ids=[str(i) for i in payload.evaluation_ids],
        scores=payload.scores,
        make_default=payload.make_default,
    )
    return Status(201, group)
