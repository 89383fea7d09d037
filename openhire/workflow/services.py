"""Every write of the workflow app: stage moves, pipeline stages, rules, scorecards, to-dos."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openhire.audit.services import audit_record
from openhire.core import events
from openhire.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from openhire.core.events import event_emit
from openhire.workflow.defaults import DEFAULT_RULES, DEFAULT_STAGES
from openhire.workflow.models import Outcome, Rule, RuleTimer, Scorecard, Stage, StageChange, Todo

if TYPE_CHECKING:
    from uuid import UUID

    from openhire.accounts.models import Organization, User
    from openhire.candidates.models import Application
    from openhire.jobs.models import Job

MAX_REASON = 1000


def stages_for_job(job: Job) -> list[Stage]:
    """The job's own stages when it has any, otherwise the organisation's template."""
    own = list(Stage.objects.filter(job=job))
    if own:
        return own
    return list(Stage.objects.filter(organization_id=job.organization_id, job__isnull=True))


@dataclass(frozen=True)
class MoveResult:
    application: Application
    change: StageChange | None  # None: already in that stage, nothing happened


def application_move(
    *,
    application: Application,
    to_stage: str,
    actor: User | None,
    reason: str = "",
    rule: Rule | None = None,
    cause_id: UUID | None = None,
) -> MoveResult:
    """Move one application to ``to_stage`` — the one way stages change.

    Rejections need a reason and a person, unless the organisation allowed automatic rejection from
    the current stage; a candidate who asked for human review is never rejected by a rule.
    """
    from openhire.candidates.models import Application

    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise ValidationFailed(_("The reason is too long."), field="reason")
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("job", "organization")
            .get(pk=application.pk)
        )
        stages = {s.key: s for s in stages_for_job(application.job)}
        target = stages.get(to_stage)
        if target is None:
            raise ValidationFailed(_("This job has no such stage."), field="stage")
        if application.stage == to_stage:
            return MoveResult(application, None)
        if target.outcome == Outcome.REJECTED:
            if actor is None:
                current = stages.get(application.stage)
                if current is None or not current.auto_reject:
                    raise PermissionDenied(_("Rejections are made by a person for this stage."))
                if application.human_review_requested:
                    raise PermissionDenied(_("The candidate asked for a human review; a person must decide."))
            if not reason:
                raise ValidationFailed(_("Give a reason for the rejection."), field="reason")
        now = timezone.now()
        from_stage = application.stage
        change = StageChange.objects.create(
            organization_id=application.organization_id,
            application=application,
            from_stage=from_stage,
            to_stage=to_stage,
            reason=reason,
            actor=actor,
            rule=rule,
            time_in_previous=now - application.stage_entered_at if application.stage_entered_at else None,
        )
        before_status = application.status
        application.stage = to_stage
        application.stage_entered_at = now
        application.status = target.outcome if target.outcome != Outcome.HIRED else Application.Status.HIRED
        application.save(update_fields=["stage", "stage_entered_at", "status", "updated_at"])
        audit_record(
            actor=actor,
            organization=application.organization,
            action="application.move",
            obj=application,
            before={"stage": from_stage, "status": before_status},
            after={
                "stage": to_stage,
                "status": application.status,
                "reason": reason,
                "rule": rule.key if rule else None,
            },
        )
        event_emit(
            organization_id=application.organization_id,
            name=events.STAGE_ENTERED,
            application_id=application.pk,
            candidate_id=application.candidate_id,
            job_id=application.job_id,
            subject_type="application",
            subject_id=str(application.pk),
            payload={
                "from": from_stage,
                "to": to_stage,
                "reason": reason,
                "rule_id": str(rule.pk) if rule else None,
            },
            actor_id=getattr(actor, "pk", None),
            cause_id=cause_id,
        )
    return MoveResult(application, change)


def applications_move_bulk(
    *, applications: list[Application], to_stage: str, actor: User, reason: str = ""
) -> list[MoveResult]:
    """Move several applications at once (all or none)."""
    with transaction.atomic():
        return [
            application_move(application=a, to_stage=to_stage, actor=actor, reason=reason)
            for a in applications
        ]


def _stage_key_ok(key: str) -> None:
    if not re.fullmatch(r"[a-z0-9_]{1,64}", key):
        raise ValidationFailed(_("Use lower-case letters, digits and _ for the key."), field="key")


def _copy_template_to(organization: Organization, job: Job | None) -> None:
    """A job's first own edit starts from a copy of the organisation's template."""
    if job is None or Stage.objects.filter(job=job).exists():
        return
    for s in Stage.objects.filter(organization=organization, job__isnull=True):
        Stage.objects.create(
            organization=organization,
            job=job,
            key=s.key,
            name_zh=s.name_zh,
            name_en=s.name_en,
            position=s.position,
            outcome=s.outcome,
            sla_days=s.sla_days,
            auto_reject=s.auto_reject,
        )


def stage_save(
    *,
    organization: Organization,
    actor: User,
    key: str,
    name_zh: str,
    name_en: str,
    position: int,
    outcome: str = Outcome.ACTIVE,
    sla_days: int | None = None,
    auto_reject: bool = False,
    job: Job | None = None,
) -> Stage:
    """Add or change a stage of the organisation's template (``job=None``) or of one job's pipeline
    (the first edit of a job copies the template to the job)."""
    _stage_key_ok(key)
    if outcome not in Outcome.values:
        raise ValidationFailed(_("Unknown outcome."), field="outcome")
    if not name_zh.strip():
        raise ValidationFailed(_("Give the stage a name."), field="name_zh")
    with transaction.atomic():
        _copy_template_to(organization, job)
        stage, created = Stage.objects.get_or_create(
            organization=organization, job=job, key=key, defaults={"name_zh": name_zh, "name_en": name_en}
        )
        before = {"name_zh": stage.name_zh, "sla_days": stage.sla_days, "auto_reject": stage.auto_reject}
        stage.name_zh, stage.name_en = name_zh.strip(), name_en.strip() or name_zh.strip()
        stage.position, stage.outcome, stage.sla_days, stage.auto_reject = (
            position,
            outcome,
            sla_days,
            auto_reject,
        )
        stage.save()
        audit_record(
            actor=actor,
            organization=organization,
            action="workflow.stage_save",
            obj=stage,
            before=None if created else before,
            after={
                "key": key,
                "job": str(job.pk) if job else None,
                "sla_days": sla_days,
                "auto_reject": auto_reject,
            },
        )
    return stage


def stage_delete(*, organization: Organization, actor: User, key: str, job: Job | None = None) -> None:
    """Remove a stage from the template (``job=None``) or from one job's pipeline. Refused while any
    application is in it (move them first: nothing is lost) and for the entry stage "new"."""
    from openhire.candidates.models import Application

    if key == "new":
        raise ValidationFailed(_("New applications enter this stage: it cannot be removed."), field="key")
    with transaction.atomic():
        _copy_template_to(organization, job)
        stage = Stage.objects.filter(organization=organization, job=job, key=key).first()
        if stage is None:
            raise NotFound(_("No such stage."))
        occupied = Application.objects.filter(organization=organization, stage=key)
        if job is not None:
            occupied = occupied.filter(job=job)
        else:  # the template serves every job that has no pipeline of its own
            occupied = occupied.exclude(job__in=Stage.objects.filter(job__isnull=False).values("job_id"))
        count = occupied.count()
        if count:
            raise Conflict(
                _("%(n)d candidates are in this stage: move them to another stage first.") % {"n": count},
                field="key",
            )
        stage.delete()
        audit_record(
            actor=actor,
            organization=organization,
            action="workflow.stage_delete",
            obj=stage,
            before={"key": key, "job": str(job.pk) if job else None},
        )


def _validate_rule(trigger: str, conditions: Any, actions: Any) -> None:
    from openhire.workflow.engine import ACTION_TYPES, OPERATORS, TRIGGERS

    if trigger not in TRIGGERS:
        raise ValidationFailed(_("Unknown trigger event."), field="trigger")
    if not isinstance(conditions, list) or not all(
        isinstance(c, dict) and isinstance(c.get("field"), str) and c.get("op") in OPERATORS
        for c in conditions
    ):
        raise ValidationFailed(_("Each condition needs a field and a known operator."), field="conditions")
    if (
        not isinstance(actions, list)
        or not actions
        or not all(isinstance(a, dict) and a.get("type") in ACTION_TYPES for a in actions)
    ):
        raise ValidationFailed(_("Give at least one action of a known type."), field="actions")


def rule_save(
    *,
    organization: Organization,
    actor: User | None,
    name: str,
    trigger: str,
    actions: list[dict[str, Any]],
    conditions: list[dict[str, Any]] | None = None,
    delay_minutes: int = 0,
    enabled: bool = True,
    description: str = "",
    rule: Rule | None = None,
    key: str = "",
) -> Rule:
    conditions = conditions or []
    _validate_rule(trigger, conditions, actions)
    if not name.strip():
        raise ValidationFailed(_("Give the rule a name."), field="name")
    if delay_minutes < 0 or delay_minutes > 60 * 24 * 90:
        raise ValidationFailed(_("The delay must be between 0 minutes and 90 days."), field="delay_minutes")
    with transaction.atomic():
        before = None
        if rule is None:
            rule = Rule(
                organization=organization,
                key=key,
                position=Rule.objects.filter(organization=organization).count(),
            )
        else:
            before = {"trigger": rule.trigger, "delay": rule.delay_minutes, "enabled": rule.enabled}
        rule.name, rule.description, rule.trigger = name.strip(), description, trigger
        rule.conditions, rule.actions, rule.delay_minutes, rule.enabled = (
            conditions,
            actions,
            delay_minutes,
            enabled,
        )
        rule.save()
        if not enabled:  # waiting timers of a switched-off rule do not fire
            RuleTimer.objects.filter(rule=rule, status=RuleTimer.Status.WAITING).update(
                status=RuleTimer.Status.CANCELLED, cancelled_at=timezone.now()
            )
        audit_record(
            actor=actor,
            organization=organization,
            action="workflow.rule_save",
            obj=rule,
            before=before,
            after={
                "trigger": trigger,
                "delay": delay_minutes,
                "enabled": enabled,
                "actions": [a["type"] for a in actions],
            },
        )
    return rule


def rule_delete(*, rule: Rule, actor: User) -> None:
    with transaction.atomic():
        audit_record(actor=actor, organization=actor.organization, action="workflow.rule_delete", obj=rule)
        rule.delete()


def rule_timer_retry(*, timer: RuleTimer, actor: User) -> RuleTimer:
    """HR runs a failed rule again (after fixing what made it fail)."""
    with transaction.atomic():
        timer = RuleTimer.objects.select_for_update().get(pk=timer.pk)
        if timer.status != RuleTimer.Status.FAILED:
            raise Conflict(_("Only failed rule runs can be retried."))
        timer.status, timer.attempts, timer.claimed_at = RuleTimer.Status.WAITING, 0, None
        timer.due_at = timezone.now()
        timer.save()
        audit_record(actor=actor, organization=actor.organization, action="workflow.rule_retry", obj=timer)
    return timer


def scorecard_assign(
    *, application: Application, interviewer: User, due_at: datetime, cause_id: UUID | None = None
) -> Scorecard:
    """Ask ``interviewer`` for a scorecard (idempotent: one per interviewer and application)."""
    with transaction.atomic():
        existing = Scorecard.objects.filter(application=application, interviewer=interviewer).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                card = Scorecard.objects.create(
                    organization_id=application.organization_id,
                    application=application,
                    interviewer=interviewer,
                    due_at=due_at,
                )
        except IntegrityError:
            return Scorecard.objects.get(application=application, interviewer=interviewer)
        audit_record(
            actor=None,
            organization=application.organization,
            action="workflow.scorecard_assign",
            obj=card,
            after={"interviewer": str(interviewer.pk), "due_at": due_at.isoformat()},
        )
        event_emit(
            organization_id=application.organization_id,
            name=events.SCORECARD_ASSIGNED,
            application_id=application.pk,
            candidate_id=application.candidate_id,
            job_id=application.job_id,
            subject_type="scorecard",
            subject_id=str(card.pk),
            payload={"interviewer_id": str(interviewer.pk)},
            cause_id=cause_id,
        )
    return card


def scorecard_submit(
    *, scorecard: Scorecard, actor: User, ratings: dict[str, int], recommendation: str, notes: str = ""
) -> Scorecard:
    if scorecard.interviewer_id != actor.pk:
        raise PermissionDenied(_("Only the assigned interviewer submits this scorecard."))
    if recommendation not in ("strong_yes", "yes", "no", "strong_no"):
        raise ValidationFailed(_("Choose a recommendation."), field="recommendation")
    if any(not isinstance(v, int) or not 1 <= v <= 5 for v in ratings.values()):
        raise ValidationFailed(_("Ratings are whole numbers from 1 to 5."), field="ratings")
    with transaction.atomic():
        scorecard = Scorecard.objects.select_for_update().select_related("application").get(pk=scorecard.pk)
        if scorecard.submitted_at is not None:
            raise Conflict(_("This scorecard is already submitted."))
        scorecard.ratings, scorecard.recommendation, scorecard.notes = ratings, recommendation, notes
        scorecard.submitted_at = timezone.now()
        scorecard.save()
        audit_record(
            actor=actor,
            organization=actor.organization,
            action="workflow.scorecard_submit",
            obj=scorecard,
            after={"recommendation": recommendation, "ratings": ratings},
        )
        application = scorecard.application
        event_emit(
            organization_id=scorecard.organization_id,
            name=events.SCORECARD_SUBMITTED,
            application_id=application.pk,
            candidate_id=application.candidate_id,
            job_id=application.job_id,
            subject_type="scorecard",
            subject_id=str(scorecard.pk),
            payload={"recommendation": recommendation},
            actor_id=actor.pk,
        )
    return scorecard


def todo_create(
    *,
    organization: Organization,
    title: str,
    actor: User | None,
    assignee: User | None = None,
    application: Application | None = None,
    due_at: datetime | None = None,
    rule: Rule | None = None,
    dedupe_key: str = "",
) -> Todo:
    with transaction.atomic():
        if dedupe_key:
            existing = Todo.objects.filter(organization=organization, dedupe_key=dedupe_key).first()
            if existing is not None:
                return existing
        todo = Todo.objects.create(
            organization=organization,
            title=title[:300],
            assignee=assignee,
            application=application,
            due_at=due_at,
            rule=rule,
            dedupe_key=dedupe_key,
        )
        audit_record(
            actor=actor,
            organization=organization,
            action="workflow.todo_create",
            obj=todo,
            after={"title": title[:300]},
        )
    return todo


def todo_done(*, todo: Todo, actor: User) -> Todo:
    with transaction.atomic():
        if todo.done_at is None:
            todo.done_at = timezone.now()
            todo.save(update_fields=["done_at", "updated_at"])
            audit_record(actor=actor, organization=actor.organization, action="workflow.todo_done", obj=todo)
    return todo


def workflow_install_defaults(organization: Organization) -> None:
    """The pipeline template and the default rules (``on_organization_created``; idempotent)."""
    with transaction.atomic():
        for position, (key, zh, en, outcome, sla) in enumerate(DEFAULT_STAGES):
            Stage.objects.get_or_create(
                organization=organization,
                job=None,
                key=key,
                defaults={
                    "name_zh": zh,
                    "name_en": en,
                    "position": position * 10,
                    "outcome": outcome,
                    "sla_days": sla,
                },
            )
        for position, spec in enumerate(DEFAULT_RULES):
            if Rule.objects.filter(organization=organization, key=spec["key"]).exists():
                continue
            Rule.objects.create(
                organization=organization,
                key=spec["key"],
                name=spec["name_zh"] if organization.default_language.startswith("zh") else spec["name"],
                description=spec["name"],
                trigger=spec["trigger"],
                delay_minutes=spec.get("delay_minutes", 0),
                conditions=spec.get("conditions", []),
                actions=spec["actions"],
                position=position,
            )
        audit_record(
            actor=None,
            organization=organization,
            action="workflow.defaults_install",
            after={"stages": len(DEFAULT_STAGES), "rules": len(DEFAULT_RULES)},
        )


def scorecard_due_default() -> datetime:
    return timezone.now() + timedelta(hours=24)
