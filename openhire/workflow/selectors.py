"""Reads of the workflow app, permission-checked: the board, stage history, rules, failures, scorecards."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openhire.accounts.models import User
from openhire.audit.services import audit_read
from openhire.candidates.models import Application
from openhire.candidates.selectors import applications_for
from openhire.core.access import get_or_404, job_scoped, org_queryset
from openhire.core.navigation import Tile
from openhire.jobs.models import Job
from openhire.jobs.selectors import access_job
from openhire.workflow.models import Rule, RuleTimer, Scorecard, Stage, StageChange, Todo
from openhire.workflow.services import stages_for_job


@dataclass(frozen=True)
class BoardFilters:
    min_score: float | None = None
    tag: str = ""
    source: str = ""
    min_days: int | None = None  # at least this many days in the stage
    stalled: bool = False
    min_ai_score: float | None = None  # overall score of the current AI-interview evaluation


@dataclass
class Card:
    application: Application
    days_in_stage: int
    stalled: bool
    ai_score: float | None = None  # overall AI-interview score, once the evaluation is done


@dataclass
class Column:
    stage: Stage
    cards: list[Card] = field(default_factory=list)

    @property
    def stalled_count(self) -> int:
        return sum(1 for c in self.cards if c.stalled)


@dataclass
class Board:
    job: Job
    columns: list[Column]
    sources: list[str]
    tags: list[str]
    total: int


def _ai_scores(job: Job) -> dict[Any, float]:
    """application id → overall score of its current, finished AI-interview evaluation."""
    from openhire.evaluations.models import Evaluation

    rows = Evaluation.objects.filter(
        job=job, is_current=True, status=Evaluation.Status.DONE, overall_score__isnull=False
    ).values_list("interview__application_id", "overall_score")
    return {application_id: score for application_id, score in rows if score is not None}


def board_for_job(viewer: User, job_id: UUID | str, filters: BoardFilters | None = None) -> Board:
    """The Kanban board: one column per stage, cards filtered, each flagged when past the stage's SLA."""
    filters = filters or BoardFilters()
    job = access_job(viewer, job_id)
    stages = stages_for_job(job)
    applications = list(
        applications_for(viewer).filter(job=job).select_related("candidate").order_by("stage_entered_at")
    )
    ai_scores = _ai_scores(job)
    now = timezone.now()
    by_key = {s.key: Column(stage=s) for s in stages}
    sources = sorted({a.source for a in applications if a.source})
    tags = sorted({t for a in applications for t in (a.candidate.tags or [])})
    for application in applications:
        column = by_key.get(application.stage)
        if column is None:
            continue
        days = (now - application.stage_entered_at).days if application.stage_entered_at else 0
        sla = column.stage.sla_days
        stalled = bool(
            sla and application.stage_entered_at and now - application.stage_entered_at > timedelta(days=sla)
        )
        if filters.min_score is not None and (application.match_score or 0) < filters.min_score:
            continue
        if filters.tag and filters.tag not in (application.candidate.tags or []):
            continue
        if filters.source and application.source != filters.source:
            continue
        if filters.min_days is not None and days < filters.min_days:
            continue
        if filters.stalled and not stalled:
            continue
        ai_score = ai_scores.get(application.pk)
        if filters.min_ai_score is not None and (ai_score or 0) < filters.min_ai_score:
            continue
        column.cards.append(Card(application, days, stalled, ai_score))
    return Board(job, list(by_key.values()), sources, tags, len(applications))


def access_application_for_move(viewer: User, application_id: UUID | str) -> Application:
    application = get_or_404(applications_for(viewer), application_id)
    audit_read(viewer=viewer, obj=application)
    return application


def stage_history(viewer: User, application_id: UUID | str) -> tuple[Application, QuerySet[StageChange]]:
    application = access_application_for_move(viewer, application_id)
    changes = StageChange.objects.filter(application=application).select_related("actor", "rule")
    return application, changes


def rules_for(viewer: User) -> QuerySet[Rule]:
    return org_queryset(Rule.objects.all(), viewer)


def access_rule(viewer: User, rule_id: UUID | str) -> Rule:
    return get_or_404(rules_for(viewer), rule_id)


def org_stages(viewer: User) -> QuerySet[Stage]:
    return org_queryset(Stage.objects.filter(job__isnull=True), viewer)


def failed_runs(viewer: User) -> QuerySet[RuleTimer]:
    """Rule runs that failed after their retries (HR's console list), for the jobs the viewer is on."""
    qs = org_queryset(RuleTimer.objects.filter(status=RuleTimer.Status.FAILED), viewer).select_related(
        "rule", "event"
    )
    ids = job_scoped(Job.objects.all(), viewer, job_field="id").values("id")
    if viewer.role != "admin":
        qs = qs.filter(event__job_id__in=ids)
    return qs.order_by("-fired_at")


def access_failed_run(viewer: User, timer_id: UUID | str) -> RuleTimer:
    return get_or_404(failed_runs(viewer), timer_id)


def scorecards_for(viewer: User) -> QuerySet[Scorecard]:
    """Scorecards of the jobs the viewer is on (interviewers: their own)."""
    qs = job_scoped(
        Scorecard.objects.select_related("application__candidate", "application__job", "interviewer"),
        viewer,
        job_field="application__job",
    )
    if viewer.role == "interviewer":
        qs = qs.filter(interviewer=viewer)
    return qs


def access_scorecard(viewer: User, scorecard_id: UUID | str) -> Scorecard:
    card = get_or_404(scorecards_for(viewer), scorecard_id)
    audit_read(viewer=viewer, obj=card)
    return card


def todos_for(viewer: User) -> QuerySet[Todo]:
    return org_queryset(Todo.objects.select_related("application__candidate"), viewer).filter(
        Q(assignee=viewer)
        | Q(assignee__isnull=True, application__job__in=job_scoped(Job.objects.all(), viewer, job_field="id"))
    )


def access_todo(viewer: User, todo_id: UUID | str) -> Todo:
    return get_or_404(todos_for(viewer), todo_id)


def pipeline_summary(viewer: User) -> list[dict[str, Any]]:
    """Jobs the viewer is on with their count per stage and stalled count (the pipeline index page)."""
    out = []
    for job in job_scoped(Job.objects.all(), viewer, job_field="id").order_by("-created_at")[:100]:
        board = board_for_job(viewer, job.pk)
        out.append(
            {
                "job": job,
                "total": board.total,
                "stalled": sum(c.stalled_count for c in board.columns),
                "columns": [(c.stage, len(c.cards)) for c in board.columns if not c.stage.is_exit],
            }
        )
    return out


def home_tiles(viewer: User) -> list[Tile]:
    """Home page: the viewer's open to-dos, candidates past their stage's SLA, automation that failed."""
    stalled = sum(job["stalled"] for job in pipeline_summary(viewer))
    tiles = [
        Tile(
            _("My open to-dos"),
            todos_for(viewer).filter(done_at__isnull=True).count(),
            "/workflow/todos/",
            attention=True,
        ),
        Tile(_("Stalled candidates"), stalled, "/workflow/", attention=True),
    ]
    if viewer.role in ("admin", "recruiter"):
        tiles.append(
            Tile(
                _("Failed automation runs"),
                failed_runs(viewer).count(),
                "/workflow/failures/",
                attention=True,
            )
        )
    return tiles
