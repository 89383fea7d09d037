"""The automation engine: an event handler that turns events into rule runs (``RuleTimer`` rows),
and the periodic jobs that fire due runs and claim the interviews' due reminders.

A run is one row per (rule, event), so an event dispatched twice runs each rule once. Immediate
rules fire right away; timers fire from the periodic job. Both claim the row with one conditional
UPDATE, re-check the conditions at firing time, do all actions in one transaction (each action is
idempotent: its messages carry a key derived from the run), and on failure retry with backoff, then
mark the run failed and tell HR. Loops are stopped by the event's cause chain: a rule never runs on
an event that it (directly or through other rules) caused, and chains deeper than ``MAX_DEPTH`` stop.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from openhire.core import events
from openhire.core.models import DomainEvent
from openhire.workflow.models import Rule, RuleTimer, Scorecard

if TYPE_CHECKING:
    from openhire.candidates.models import Application

logger = logging.getLogger("openhire.workflow")

MAX_DEPTH = 6
MAX_ATTEMPTS = 4
BACKOFF = (timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1))
STALE_CLAIM = timedelta(minutes=10)

TRIGGERS = (
    events.CANDIDATE_APPLIED,
    events.CANDIDATE_SCREENED,
    events.SCREENING_PASSED,
    events.STAGE_ENTERED,
    events.INVITATION_SENT,
    events.INVITATION_OPENED,
    events.SLOT_BOOKED,
    events.INTERVIEW_COMPLETED,
    events.EVALUATION_READY,
    events.HUMAN_INTERVIEW_REQUESTED,
    events.HUMAN_REVIEW_REQUESTED,
    events.SCORECARD_ASSIGNED,
    events.SCORECARD_SUBMITTED,
    events.OFFER_SIGNED,
    events.REMINDER_DUE,
)
OPERATORS = (
    "eq",
    "ne",
    "gt",
    "gte",
    "lt",
    "lte",
    "in",
    "not_in",
    "contains",
    "is_true",
    "is_false",
    "exists",
)
ACTION_TYPES = (
    "send_message",
    "move_stage",
    "invite_ai_interview",
    "release_feedback",
    "notify_staff",
    "add_tag",
    "create_todo",
    "create_scorecards",
)


class RuleSkipped(Exception):
    """An action that cannot apply any more (not an error: the run is recorded as skipped)."""


# --- facts ---------------------------------------------------------------------------------------


def facts_for(event: DomainEvent) -> dict[str, Any]:
    """The current state an event's rules look at (read fresh every time a run fires)."""
    from openhire.candidates.models import Application
    from openhire.interviews.models import Interview, Reminder

    facts: dict[str, Any] = {f"payload.{k}": v for k, v in (event.payload or {}).items()}
    facts["event.name"] = event.name
    application = (
        Application.objects.select_related("candidate", "job").filter(pk=event.application_id).first()
        if event.application_id
        else None
    )
    if application is not None:
        facts.update(
            {
                "application.stage": application.stage,
                "application.status": application.status,
                "application.source": application.source,
                "application.match_score": application.match_score,
                "application.human_review_requested": application.human_review_requested,
                "application.days_in_stage": (timezone.now() - application.stage_entered_at).days
                if application.stage_entered_at
                else 0,
                "candidate.tags": list(application.candidate.tags or []),
                "job.invite_threshold": application.job.invite_threshold,
            }
        )
    interview = None
    interview_id = (event.payload or {}).get("interview_id") or (
        event.subject_id if event.subject_type == "interview" else None
    )
    if interview_id:
        interview = Interview.objects.filter(pk=interview_id, organization_id=event.organization_id).first()
    elif application is not None:
        interview = Interview.objects.filter(application=application).order_by("-created_at").first()
    if interview is not None:
        facts["interview.state"] = interview.state
        facts["interview.id"] = str(interview.pk)
    if event.name == events.REMINDER_DUE:
        reminder = (
            Reminder.objects.filter(pk=str((event.payload or {}).get("reminder_id") or "")).first()
            if (event.payload or {}).get("reminder_id")
            else None
        )
        facts["reminder.kind"] = reminder.kind if reminder else None
        facts["reminder.cancelled"] = bool(reminder is None or reminder.cancelled_at)
    evaluation = _evaluation_for(event, interview)
    if evaluation is not None:
        facts.update(
            {
                "evaluation.overall": evaluation.overall_score,
                "evaluation.percentile": evaluation.percentile,
                "evaluation.suggestion": evaluation.suggestion,
                "evaluation.is_current": bool(evaluation.is_current and evaluation.status == "done"),
                "evaluation.needs_human_review": evaluation.needs_human_review,
            }
        )
        for score in evaluation.competency_scores.all():
            facts[f"evaluation.competency.{score.key}"] = score.score_100
    if event.subject_type == "scorecard":
        card = Scorecard.objects.filter(pk=event.subject_id).first()
        facts["scorecard.submitted"] = bool(card is None or card.submitted_at)
    return facts


def _evaluation_for(event: DomainEvent, interview: Any) -> Any:
    try:
        from openhire.evaluations.models import Evaluation
    except ImportError:  # pragma: no cover - the evaluations app is optional for the pipeline
        return None
    if event.subject_type == "evaluation":
        return Evaluation.objects.filter(pk=event.subject_id).first()
    if interview is not None:
        return Evaluation.objects.filter(interview=interview, is_current=True).first()
    return None


def condition_holds(condition: dict[str, Any], facts: dict[str, Any]) -> bool:
    field, op, expected = condition.get("field", ""), condition.get("op", "eq"), condition.get("value")
    value = facts.get(field)
    try:
        if op == "exists":
            return value is not None
        if op == "is_true":
            return bool(value)
        if op == "is_false":
            return field in facts and not value
        if op == "eq":
            return bool(value == expected)
        if op == "ne":
            return bool(value != expected)
        if op == "in":
            return value in (expected or [])
        if op == "not_in":
            return value not in (expected or [])
        if op == "contains":
            return expected in (value or [])
        if value is None or expected is None:
            return False
        number, limit = float(value), float(expected)
        return {"gt": number > limit, "gte": number >= limit, "lt": number < limit, "lte": number <= limit}[
            op
        ]
    except (TypeError, ValueError, KeyError):
        return False


def conditions_hold(rule: Rule, facts: dict[str, Any]) -> bool:
    return all(condition_holds(c, facts) for c in rule.conditions or [])


# --- the handler ---------------------------------------------------------------------------------


def _ancestors(event: DomainEvent) -> list[Any]:
    chain: list[Any] = []
    cause = event.cause_id
    while cause is not None and len(chain) <= MAX_DEPTH:
        chain.append(cause)
        cause = DomainEvent.objects.filter(pk=cause).values_list("cause_id", flat=True).first()
    return chain


def on_event(event: DomainEvent) -> None:
    """Registered with ``core.events``: schedule (and for immediate rules, run) every matching rule."""
    rules = list(Rule.objects.filter(organization_id=event.organization_id, enabled=True, trigger=event.name))
    if not rules:
        return
    ancestors = _ancestors(event)
    if len(ancestors) >= MAX_DEPTH:
        logger.warning("event %s: cause chain too deep, rules not run", event.pk)
        return
    for rule in rules:
        if (
            ancestors
            and RuleTimer.objects.filter(
                rule=rule, event_id__in=ancestors, status=RuleTimer.Status.DONE
            ).exists()
        ):
            continue  # the rule caused this event: running it again would loop
        due = event.created_at + timedelta(minutes=rule.delay_minutes)
        try:
            with transaction.atomic():
                timer = RuleTimer.objects.create(
                    organization_id=event.organization_id,
                    rule=rule,
                    event=event,
                    application_id=event.application_id,
                    due_at=due,
                )
        except IntegrityError:
            timer = RuleTimer.objects.get(rule=rule, event=event)  # dispatched twice: same run
        if timer.due_at <= timezone.now():
            timer_fire(timer_id=timer.pk)


def timer_fire(*, timer_id: Any) -> RuleTimer | None:
    """Fire one due run once: claim it, re-check conditions, run the actions, record the outcome."""
    now = timezone.now()
    claimed = (
        RuleTimer.objects.filter(pk=timer_id, status=RuleTimer.Status.WAITING, due_at__lte=now)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM))
        .update(claimed_at=now)
    )
    if not claimed:
        return None
    timer = RuleTimer.objects.select_related("rule", "event", "organization").get(pk=timer_id)
    try:
        with transaction.atomic():
            result: dict[str, Any]
            if not timer.rule.enabled:
                outcome, result = RuleTimer.Status.CANCELLED, {"why": "rule switched off"}
            elif not conditions_hold(timer.rule, facts_for(timer.event)):
                outcome, result = RuleTimer.Status.SKIPPED, {"why": "conditions do not hold"}
            else:
                try:
                    with transaction.atomic():
                        result = {
                            "actions": [run_action(timer, i, a) for i, a in enumerate(timer.rule.actions)]
                        }
                    outcome = RuleTimer.Status.DONE
                except RuleSkipped as exc:
                    outcome, result = RuleTimer.Status.SKIPPED, {"why": str(exc)}
            RuleTimer.objects.filter(pk=timer.pk).update(
                status=outcome,
                fired_at=timezone.now(),
                result=result,
                attempts=timer.attempts + 1,
                last_error="",
            )
    except Exception as exc:
        logger.exception("rule %s failed on event %s", timer.rule_id, timer.event_id)
        _failed(timer, exc)
    timer.refresh_from_db()
    return timer


def _failed(timer: RuleTimer, exc: Exception) -> None:
    attempts = timer.attempts + 1
    message = f"{exc.__class__.__name__}: {exc}"[:2000]
    with transaction.atomic():
        if attempts >= MAX_ATTEMPTS:
            RuleTimer.objects.filter(pk=timer.pk).update(
                status=RuleTimer.Status.FAILED,
                attempts=attempts,
                last_error=message,
                claimed_at=None,
                fired_at=timezone.now(),
            )
            _tell_hr_rule_failed(timer, message)
        else:
            RuleTimer.objects.filter(pk=timer.pk).update(
                attempts=attempts,
                last_error=message,
                claimed_at=None,
                due_at=timezone.now() + BACKOFF[min(attempts, len(BACKOFF)) - 1],
            )


def _tell_hr_rule_failed(timer: RuleTimer, message: str) -> None:
    from openhire.notifications.services import message_send

    for user in _recruiters(timer.organization_id, timer.event.job_id, include_admins=True):
        message_send(
            organization=timer.organization,
            template_key="rule_failed",
            dedupe_key=f"rule-failed:{timer.pk}:{user.pk}",
            user=user,
            context={
                "rule": timer.rule.name,
                "error": message[:200],
                "link": f"{settings.OPENHIRE_BASE_URL}/workflow/failures/",
            },
            rule_id=timer.rule_id,
        )


def _recruiters(organization_id: Any, job_id: Any, *, include_admins: bool = False) -> list[Any]:
    from openhire.accounts.models import User
    from openhire.jobs.models import JobMember

    users = (
        list(
            User.objects.filter(
                pk__in=JobMember.objects.filter(job_id=job_id, team_role="recruiter").values("user_id"),
                is_active=True,
            )
        )
        if job_id
        else []
    )
    if include_admins or not users:
        users += [
            u
            for u in User.objects.filter(organization_id=organization_id, role="admin", is_active=True)
            if u not in users
        ]
    return users


# --- actions -------------------------------------------------------------------------------------


def _context(application: Application | None, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    ctx: dict[str, Any] = {"link": f"{settings.OPENHIRE_BASE_URL}/i/c/"}
    if application is not None:
        ctx.update({"candidate": application.candidate.name, "job": application.job.title})
    return {**ctx, **(extra or {})}


def _slot_context(facts_interview_id: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Slot time for the message and an .ics for e-mail, from the interview's active booking."""
    from zoneinfo import ZoneInfo

    from openhire.interviews.models import Booking
    from openhire.notifications.services import ics_event

    booking = (
        Booking.objects.filter(interview_id=facts_interview_id, cancelled_at__isnull=True)
        .order_by("-created_at")
        .first()
        if facts_interview_id
        else None
    )
    if booking is None:
        return {}, {}
    local = booking.slot_start.astimezone(ZoneInfo("Asia/Shanghai"))
    ics = ics_event(
        uid=f"{booking.pk}@openhire",
        summary="AI interview / AI面试",
        start=booking.slot_start,
        end=booking.slot_end,
        url=f"{settings.OPENHIRE_BASE_URL}/i/c/",
    )
    return {"slot_time": local.strftime("%Y-%m-%d %H:%M")}, {"ics": ics}


def run_action(timer: RuleTimer, index: int, action: dict[str, Any]) -> dict[str, Any]:
    from openhire.candidates.models import Application
    from openhire.notifications.services import message_send

    event, rule = timer.event, timer.rule
    kind = action.get("type")
    key = f"rule:{timer.pk}:{index}"
    application = (
        Application.objects.select_related("candidate", "job", "organization")
        .filter(pk=event.application_id)
        .first()
        if event.application_id
        else None
    )
    if (
        kind in ("send_message", "move_stage", "invite_ai_interview", "add_tag", "create_scorecards")
        and application is None
    ):
        raise RuleSkipped("the event has no application")
    assert application is not None or kind in ("notify_staff", "create_todo", "release_feedback")
    if kind == "send_message":
        extra: dict[str, Any] = {}
        ctx = _context(application)
        if action.get("template") == "slot_soon" or event.name == events.SLOT_BOOKED:
            slot, extra = _slot_context(facts_for(event).get("interview.id"))
            ctx.update(slot)
        assert application is not None
        rows = message_send(
            organization=application.organization,
            template_key=str(action.get("template")),
            dedupe_key=key,
            candidate=application.candidate,
            application=application,
            context=ctx,
            channel=action.get("channel") or None,
            extra=extra,
            rule_id=rule.pk,
        )
        return {"type": kind, "deliveries": [str(d.pk) for d in rows]}
    if kind == "move_stage":
        from openhire.workflow.services import application_move

        assert application is not None
        result = application_move(
            application=application,
            to_stage=str(action.get("stage")),
            actor=None,
            reason=str(action.get("reason") or rule.name),
            rule=rule,
            cause_id=event.pk,
        )
        return {"type": kind, "moved": result.change is not None}
    if kind == "invite_ai_interview":
        assert application is not None
        return _invite(timer, application, action, key)
    if kind == "release_feedback":
        from openhire.evaluations.models import Evaluation
        from openhire.evaluations.services import evaluation_release_feedback

        evaluation = (
            Evaluation.objects.filter(pk=event.subject_id).first()
            if event.subject_type == "evaluation"
            else None
        )
        if evaluation is None:
            raise RuleSkipped("no evaluation")
        evaluation_release_feedback(evaluation=evaluation, actor=None)
        return {"type": kind}
    if kind == "notify_staff":
        return _notify_staff(timer, action, key, application)
    if kind == "add_tag":
        from openhire.candidates.models import Candidate

        assert application is not None
        tag = str(action.get("tag") or "").strip()
        candidate = Candidate.objects.select_for_update().get(pk=application.candidate_id)
        if tag and tag not in (candidate.tags or []):
            candidate.tags = [*(candidate.tags or []), tag]
            candidate.save(update_fields=["tags", "updated_at"])
            from openhire.audit.services import audit_record

            audit_record(
                actor=None,
                organization=application.organization,
                action="candidate.tag_add",
                obj=candidate,
                after={"tag": tag, "rule": rule.key or str(rule.pk)},
            )
        return {"type": kind, "tag": tag}
    if kind == "create_todo":
        from openhire.workflow.services import todo_create

        assignees = _recruiters(event.organization_id, event.job_id)
        hours = int(action.get("due_hours") or 24)
        title = str(action.get("title") or rule.name)
        if application is not None:
            title = f"{title}: {application.candidate.name}"
        for user in assignees[:1]:
            todo_create(
                organization=timer.organization,
                title=title,
                actor=None,
                assignee=user,
                application=application,
                due_at=timezone.now() + timedelta(hours=hours),
                rule=rule,
                dedupe_key=key,
            )
        return {"type": kind}
    if kind == "create_scorecards":
        from openhire.accounts.models import User
        from openhire.jobs.models import JobMember
        from openhire.workflow.services import scorecard_assign

        assert application is not None
        due = timezone.now() + timedelta(hours=int(action.get("due_hours") or 24))
        interviewers = User.objects.filter(
            pk__in=JobMember.objects.filter(job_id=application.job_id, team_role="interviewer").values(
                "user_id"
            ),
            is_active=True,
        )
        cards = [
            scorecard_assign(application=application, interviewer=u, due_at=due, cause_id=event.pk)
            for u in interviewers
        ]
        return {"type": kind, "scorecards": [str(c.pk) for c in cards]}
    raise ValueError(f"unknown action {kind!r}")


def _invite(timer: RuleTimer, application: Application, action: dict[str, Any], key: str) -> dict[str, Any]:
    from openhire.interviews.models import Interview
    from openhire.interviews.services import interview_invite
    from openhire.jobs.models import PlanVersion
    from openhire.notifications.services import message_send

    plan_version = (
        PlanVersion.objects.filter(job_id=application.job_id).order_by("-number", "-created_at").first()
    )
    if plan_version is None:
        raise RuleSkipped("the job has no published interview plan")
    if Interview.objects.filter(application=application).exists():
        raise RuleSkipped("already invited")
    result = interview_invite(application=application, plan_version=plan_version, actor=None)
    message_send(
        organization=application.organization,
        template_key=str(action.get("template") or "ai_invite"),
        dedupe_key=key,
        candidate=application.candidate,
        application=application,
        context=_context(application, {"link": result.url}),
        channel=action.get("channel") or None,
        rule_id=timer.rule_id,
    )
    return {"type": "invite_ai_interview", "interview": str(result.interview.pk)}


def _notify_staff(
    timer: RuleTimer, action: dict[str, Any], key: str, application: Application | None
) -> dict[str, Any]:
    from openhire.accounts.models import User
    from openhire.jobs.models import JobMember
    from openhire.notifications.services import message_send

    event = timer.event
    to = str(action.get("to") or "recruiters")
    if to == "interviewer" and event.subject_type == "scorecard":
        card = Scorecard.objects.select_related("interviewer").filter(pk=event.subject_id).first()
        users = [card.interviewer] if card else []
    elif to in ("interviewers", "hiring_managers"):
        users = list(
            User.objects.filter(
                pk__in=JobMember.objects.filter(job_id=str(event.job_id), team_role=to.rstrip("s")).values(
                    "user_id"
                ),
                is_active=True,
            )
        )
    else:
        users = _recruiters(event.organization_id, event.job_id)
    link = (
        f"{settings.OPENHIRE_BASE_URL}/workflow/jobs/{event.job_id}/"
        if event.job_id
        else settings.OPENHIRE_BASE_URL
    )
    if event.subject_type == "scorecard":
        link = f"{settings.OPENHIRE_BASE_URL}/workflow/scorecards/{event.subject_id}/"
    ids: list[str] = []
    for user in users:
        ctx = _context(application, {"link": link, "interviewer": str(user)})
        rows = message_send(
            organization=timer.organization,
            template_key=str(action.get("template")),
            dedupe_key=f"{key}:{user.pk}",
            user=user,
            application=application,
            context=ctx,
            rule_id=timer.rule_id,
        )
        ids += [str(d.pk) for d in rows]
    return {"type": "notify_staff", "deliveries": ids}


# --- periodic jobs -------------------------------------------------------------------------------


def timers_fire_due(*, limit: int = 200) -> int:
    """Fire every due run (including stale claims of a worker that died mid-run)."""
    now = timezone.now()
    ids = list(
        RuleTimer.objects.filter(status=RuleTimer.Status.WAITING, due_at__lte=now)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM))
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in ids if timer_fire(timer_id=pk) is not None)


def reminders_claim_due(*, limit: int = 200) -> int:
    """Claim the interviews' due reminder rows (one conditional UPDATE each) and emit ``REMINDER_DUE``
    in the same transaction; the default rules send the messages."""
    from openhire.interviews.models import Reminder

    now = timezone.now()
    due = list(
        Reminder.objects.filter(sent_at__isnull=True, cancelled_at__isnull=True, due_at__lte=now)
        .select_related("interview")
        .order_by("due_at")[:limit]
    )
    claimed = 0
    for reminder in due:
        with transaction.atomic():
            if not Reminder.objects.filter(
                pk=reminder.pk, sent_at__isnull=True, cancelled_at__isnull=True
            ).update(sent_at=now):
                continue
            interview = reminder.interview
            events.event_emit(
                organization_id=reminder.organization_id,
                name=events.REMINDER_DUE,
                application_id=interview.application_id,
                candidate_id=interview.candidate_id,
                job_id=interview.job_id,
                subject_type="interview",
                subject_id=str(interview.pk),
                payload={
                    "kind": reminder.kind,
                    "reminder_id": str(reminder.pk),
                    "interview_id": str(interview.pk),
                },
            )
            claimed += 1
    return claimed


def stalled_flag_due() -> int:
    """Not a timer: SLA flags are computed on the board from ``stage_entered_at`` and the stage's SLA."""
    return 0
