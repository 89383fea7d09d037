"""Pipeline and automation API: the board, stage moves (one or many), stage history, rules."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from openhire.core.api import require_roles, require_write
from openhire.jobs.selectors import access_job
from openhire.workflow import selectors, services
from openhire.workflow.models import Rule, RuleTimer, StageChange

router = Router(tags=["workflow"])
READERS = ("admin", "recruiter", "interviewer", "hiring_manager")
WRITERS = ("admin", "recruiter")


class CardOut(Schema):
    application_id: UUID
    candidate_name: str
    match_score: float | None
    ai_score: float | None
    source: str
    days_in_stage: int
    stalled: bool


class ColumnOut(Schema):
    key: str
    name_zh: str
    name_en: str
    outcome: str
    sla_days: int | None
    cards: list[CardOut]


class BoardOut(Schema):
    job_id: UUID
    total: int
    columns: list[ColumnOut]


@router.get("/workflow/jobs/{job_id}/board", response=BoardOut)
def board(
    request: HttpRequest,
    job_id: UUID,
    min_score: float | None = None,
    tag: str = "",
    source: str = "",
    min_days: int | None = None,
    stalled: bool = False,
    min_ai_score: float | None = None,
) -> dict[str, Any]:
    viewer = require_roles(request, *READERS)
    result = selectors.board_for_job(
        viewer,
        job_id,
        selectors.BoardFilters(
            min_score=min_score,
            tag=tag,
            source=source,
            min_days=min_days,
            stalled=stalled,
            min_ai_score=min_ai_score,
        ),
    )
    return {
        "job_id": result.job.pk,
        "total": result.total,
        "columns": [
            {
                "key": c.stage.key,
                "name_zh": c.stage.name_zh,
                "name_en": c.stage.name_en,
                "outcome": c.stage.outcome,
                "sla_days": c.stage.sla_days,
                "cards": [
                    {
                        "application_id": card.application.pk,
                        "candidate_name": card.application.candidate.name,
                        "match_score": card.application.match_score,
                        "ai_score": card.ai_score,
                        "source": card.application.source,
                        "days_in_stage": card.days_in_stage,
                        "stalled": card.stalled,
                    }
                    for card in c.cards
                ],
            }
            for c in result.columns
        ],
    }


class MoveIn(Schema):
    application_ids: list[UUID]
    stage: str
    reason: str = ""


class MoveOut(Schema):
    application_id: UUID
    stage: str
    status: str
    moved: bool


@router.post("/workflow/moves", response=list[MoveOut])
def move(request: HttpRequest, payload: MoveIn) -> list[dict[str, Any]]:
    """Move one or many applications to a stage (all or none). Rejections need a reason."""
    viewer = require_write(request, *WRITERS)
    applications = [selectors.access_application_for_move(viewer, pk) for pk in payload.application_ids]
    results = services.applications_move_bulk(
        applications=applications, to_stage=payload.stage, actor=viewer, reason=payload.reason
    )
    return [
        {
            "application_id": r.application.pk,
            "stage": r.application.stage,
            "status": r.application.status,
            "moved": r.change is not None,
        }
        for r in results
    ]


class StageChangeOut(Schema):
    id: UUID
    from_stage: str
    to_stage: str
    reason: str
    actor_id: UUID | None
    rule_id: UUID | None
    created_at: datetime


@router.get("/workflow/applications/{application_id}/history", response=list[StageChangeOut])
def history(request: HttpRequest, application_id: UUID) -> list[StageChange]:
    viewer = require_roles(request, *READERS)
    _application, changes = selectors.stage_history(viewer, application_id)
    return list(changes)


class RuleIn(Schema):
    name: str
    trigger: str
    delay_minutes: int = 0
    conditions: list[dict[str, Any]] = []
    actions: list[dict[str, Any]]
    enabled: bool = True
    description: str = ""


class RuleOut(Schema):
    id: UUID
    key: str
    name: str
    description: str
    trigger: str
    delay_minutes: int
    conditions: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    enabled: bool
    updated_at: datetime


@router.get("/workflow/rules", response=list[RuleOut])
@paginate(LimitOffsetPagination)
def rules(request: HttpRequest) -> Any:
    return selectors.rules_for(require_roles(request, "admin", "recruiter"))


@router.get("/workflow/rules/{rule_id}", response=RuleOut)
def rule_get(request: HttpRequest, rule_id: UUID) -> Rule:
    return selectors.access_rule(require_roles(request, "admin", "recruiter"), rule_id)


@router.post("/workflow/rules", response={201: RuleOut})
def rule_create(request: HttpRequest, payload: RuleIn) -> Status:
    viewer = require_write(request, "admin")
    assert viewer.organization is not None
    return Status(201, services.rule_save(organization=viewer.organization, actor=viewer, **payload.dict()))


@router.put("/workflow/rules/{rule_id}", response=RuleOut)
def rule_update(request: HttpRequest, rule_id: UUID, payload: RuleIn) -> Rule:
    viewer = require_write(request, "admin")
    rule = selectors.access_rule(viewer, rule_id)
    assert viewer.organization is not None
    return services.rule_save(organization=viewer.organization, actor=viewer, rule=rule, **payload.dict())


class FailureOut(Schema):
    id: UUID
    rule_id: UUID
    event_name: str
    application_id: UUID | None
    attempts: int
    last_error: str
    fired_at: datetime | None

    @staticmethod
    def resolve_event_name(obj: RuleTimer) -> str:
        return obj.event.name


@router.get("/workflow/failures", response=list[FailureOut])
@paginate(LimitOffsetPagination)
def failures(request: HttpRequest) -> Any:
    return selectors.failed_runs(require_roles(request, "admin", "recruiter"))


class StageOut(Schema):
    key: str
    name_zh: str
    name_en: str
    position: int
    outcome: str
    sla_days: int | None
    auto_reject: bool


class StageIn(Schema):
    name_zh: str
    name_en: str = ""
    position: int = 0
    outcome: str = "active"
    sla_days: int | None = None
    auto_reject: bool = False


@router.get("/workflow/jobs/{job_id}/stages", response=list[StageOut])
def job_stages(request: HttpRequest, job_id: UUID) -> list[Any]:
    """The job's pipeline: its own stages, or the organisation's template while it has none."""
    viewer = require_roles(request, *READERS)
    return services.stages_for_job(access_job(viewer, job_id))


@router.put("/workflow/jobs/{job_id}/stages/{key}", response=StageOut)
def job_stage_save(request: HttpRequest, job_id: UUID, key: str, payload: StageIn) -> Any:
    """Add or change one stage of the job (the first change copies the template to the job)."""
    viewer = require_write(request, *WRITERS)
    job = access_job(viewer, job_id)
    return services.stage_save(
        organization=job.organization, actor=viewer, key=key, job=job, **payload.dict()
    )


@router.delete("/workflow/jobs/{job_id}/stages/{key}", response={204: None})
def job_stage_delete(request: HttpRequest, job_id: UUID, key: str) -> Status:
    """Remove a stage of the job; refused (409) while candidates are in it."""
    viewer = require_write(request, *WRITERS)
    job = access_job(viewer, job_id)
    services.stage_delete(organization=job.organization, actor=viewer, key=key, job=job)
    return Status(204, None)
