"""Writes around the reports: feedback release, human review, benchmark groups, the organisation's switches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openhire.audit.services import audit_record
from openhire.candidates.services import application_request_human_review
from openhire.core import events
from openhire.core.errors import Conflict, ValidationFailed
from openhire.core.events import event_emit
from openhire.evaluations.models import BenchmarkGroup, Evaluation, HumanReviewRequest
from openhire.evaluations.switches import SETTINGS_KEY, Switches

if TYPE_CHECKING:
    from openhire.accounts.models import Organization, User
    from openhire.jobs.models import InterviewPlan, Job

MAX_REASON = 2000


def evaluation_release_feedback(*, evaluation: Evaluation, actor: User | None) -> Evaluation:
    """Let the candidate read the feedback report (HR's button, or a rule when ``actor`` is ``None``).
    Idempotent; only a finished, current evaluation can be released."""
    from openhire.interviews.models import Interview
    from openhire.interviews.services import feedback_release

    with transaction.atomic():
        evaluation = (
            Evaluation.objects.select_for_update().select_related("organization").get(pk=evaluation.pk)
        )
        if evaluation.status != Evaluation.Status.DONE or not evaluation.is_current:
            raise Conflict(_("Only a finished, current evaluation can be released to the candidate."))
        interview = Interview.objects.get(pk=evaluation.interview_id)
        if evaluation.feedback_released_at is not None and interview.feedback_released_at is not None:
            return evaluation
        feedback_release(interview=interview, actor=actor)  # type: ignore[arg-type]  # None: a rule released it
        evaluation.feedback_released_at = evaluation.feedback_released_at or timezone.now()
        evaluation.save(update_fields=["feedback_released_at", "updated_at"])
        audit_record(
            actor=actor,
            organization=evaluation.organization,
            action="evaluation.feedback_release",
            obj=evaluation,
            after={"by": "rule" if actor is None else "person"},
        )
    return evaluation


def human_review_request(
    *, evaluation: Evaluation, actor: User | None, reason: str, by_candidate: bool = False
) -> HumanReviewRequest:
    """Ask a person to review the AI result (HR, or the candidate exercising the right to human review)."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Say what should be reviewed."), field="reason")
    if len(reason) > MAX_REASON:
        raise ValidationFailed(_("The reason is too long."), field="reason")
    with transaction.atomic():
        already_open = HumanReviewRequest.objects.filter(
            evaluation=evaluation, status=HumanReviewRequest.Status.OPEN
        ).exists()
        request = HumanReviewRequest.objects.create(
            organization_id=evaluation.organization_id,
            evaluation=evaluation,
            requested_by=actor,
            by_candidate=by_candidate,
            reason=reason,
        )
        Evaluation.objects.filter(pk=evaluation.pk).update(needs_human_review=True)
        audit_record(
            actor=actor,
            organization=evaluation.organization,
            action="evaluation.human_review_request",
            obj=evaluation,
            after={"request": str(request.pk), "by_candidate": by_candidate},
        )
        from openhire.interviews.models import Interview

        interview = Interview.objects.get(pk=evaluation.interview_id)
        application_request_human_review(
            application_id=interview.application_id,
            actor=actor,
            source="candidate" if by_candidate else "staff",
        )
        if already_open:  # HR has it on the list already; this request joins the trail
            return request
        event_emit(
            organization_id=evaluation.organization_id,
            name=events.HUMAN_REVIEW_REQUESTED,
            application_id=interview.application_id,
            candidate_id=interview.candidate_id,
            job_id=interview.job_id,
            subject_type="evaluation",
            subject_id=str(evaluation.pk),
            payload={"by_candidate": by_candidate, "request": str(request.pk)},
            actor_id=actor.pk if actor is not None else None,
        )
    return request


def human_review_resolve(*, request: HumanReviewRequest, actor: User, resolution: str) -> HumanReviewRequest:
    resolution = resolution.strip()
    if not resolution:
        raise ValidationFailed(_("Write what the review found."), field="resolution")
    with transaction.atomic():
        request = HumanReviewRequest.objects.select_for_update().get(pk=request.pk)
        if request.status == HumanReviewRequest.Status.RESOLVED:
            raise Conflict(_("This review request is already resolved."))
        request.status = HumanReviewRequest.Status.RESOLVED
        request.resolution = resolution[:MAX_REASON]
        request.resolved_by = actor
        request.resolved_at = timezone.now()
        request.save()
        audit_record(
            actor=actor,
            organization=actor.organization,
            action="evaluation.human_review_resolve",
            obj=request.evaluation,
            after={"request": str(request.pk)},
        )
    return request


def benchmark_group_create(
    *,
    job: Job,
    actor: User,
    name: str,
    kind: str = BenchmarkGroup.Kind.SELECTED,
    evaluation_ids: list[str] | None = None,
    scores: list[float] | None = None,
    plan: InterviewPlan | None = None,
    make_default: bool = True,
) -> BenchmarkGroup:
    """A benchmark population for the job, e.g. current high performers who took the same plan (their
    evaluations and/or overall scores entered by hand); ``make_default`` uses it for new percentiles."""
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Name the benchmark group."), field="name")
    if kind not in BenchmarkGroup.Kind.values:
        raise ValidationFailed(_("Unknown kind of benchmark group."), field="kind")
    clean_scores = []
    for s in scores or []:
        if not isinstance(s, int | float) or not 0 <= float(s) <= 100:
            raise ValidationFailed(_("Scores must be numbers from 0 to 100."), field="scores")
        clean_scores.append(float(s))
    ids = [str(i) for i in evaluation_ids or []]
    found = set(
        str(i)
        for i in Evaluation.objects.filter(
            organization_id=job.organization_id, job=job, id__in=ids, status=Evaluation.Status.DONE
        ).values_list("id", flat=True)
    )
    if len(found) != len(set(ids)):
        raise ValidationFailed(_("Choose finished evaluations of this job."), field="evaluation_ids")
    if kind == BenchmarkGroup.Kind.SELECTED and not ids and not clean_scores:
        raise ValidationFailed(_("Choose at least one person or enter a score."), field="evaluation_ids")
    with transaction.atomic():
        if make_default:
            BenchmarkGroup.objects.filter(job=job, is_default=True).update(is_default=False)
        group = BenchmarkGroup.objects.create(
            organization_id=job.organization_id,
            job=job,
            plan=plan,
            name=name[:200],
            kind=kind,
            evaluation_ids=sorted(set(ids)),
            scores=clean_scores,
            is_default=make_default,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            organization=actor.organization,
            action="evaluation.benchmark_group_create",
            obj=group,
            after={
                "job": str(job.pk),
                "kind": kind,
                "members": len(ids) + len(clean_scores),
                "default": make_default,
            },
        )
    return group


def evaluation_settings_update(
    *, organization: Organization, actor: User, values: dict[str, Any]
) -> Switches:
    """Switch evaluation signals on or off for the organisation (applies to evaluations started later)."""
    known = set(Switches().to_dict())
    unknown = set(values) - known
    if unknown:
        raise ValidationFailed(_("Unknown setting."), field=sorted(unknown)[0])
    from openhire.accounts.models import Organization as Org

    with transaction.atomic():
        org = Org.objects.select_for_update().get(pk=organization.pk)
        before = Switches.from_settings(org.settings)
        merged = {**before.to_dict(), **{k: bool(v) for k, v in values.items()}}
        settings = dict(org.settings or {})
        settings[SETTINGS_KEY] = merged
        org.settings = settings
        org.save(update_fields=["settings", "updated_at"])
        audit_record(
            actor=actor,
            organization=org,
            action="evaluation.settings_update",
            obj=org,
            before=before.to_dict(),
            after=merged,
        )
    organization.settings = settings
    return Switches.from_settings(settings)
