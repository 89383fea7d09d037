"""Interview plans: edit the draft, publish an immutable ``PlanVersion``."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from openhire.accounts.models import User
from openhire.audit.services import audit_record
from openhire.core.errors import Conflict, ValidationFailed
from openhire.core.events import PLAN_PUBLISHED, event_emit
from openhire.jobs import planning
from openhire.jobs import validation as v
from openhire.jobs.models import InterviewPlan, Job, PlanVersion, Question

SETTING_RANGES = {
    "retakes": (0, 5),
    "pass_threshold": (0, 100),
    "invitation_valid_days": (1, 90),
}


def plan_ensure(*, job: Job, actor: User | None) -> InterviewPlan:
    """The job's interview plan, created (with a fresh draw seed) if it has none."""
    plan = InterviewPlan.objects.filter(job=job).order_by("created_at").first()
    if plan is not None:
        return plan
    with transaction.atomic():
        plan = InterviewPlan.objects.create(
            organization_id=job.organization_id,
            job=job,
            name=str(_("AI interview")),
            draft={"selection": {**planning.SELECTION_DEFAULTS, "seed": secrets.randbelow(10**6)}},
        )
        _refresh(plan)
        audit_record(actor=actor, organization=job.organization, action="plan.create", obj=plan)
    return plan


def _refresh(plan: InterviewPlan) -> None:
    """Store the built snapshot in the draft next to the settings (the draft follows the snapshot schema)."""
    settings = {
        k: val
        for k, val in (plan.draft or {}).items()
        if k in (*planning.SETTING_DEFAULTS, "selection", "timings")
    }
    snapshot = planning.build_snapshot(plan)
    plan.draft = {**snapshot, **settings}
    plan.save(update_fields=["draft", "updated_at"])


def plans_refresh(*, job: Job) -> None:
    """Rebuild the drafts of a job's plans after its competency model changed (called inside a service)."""
    for plan in InterviewPlan.objects.filter(job=job).select_related("job"):
        _refresh(plan)


def _int_in(value: Any, name: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(_("Enter a whole number."), field=name) from exc
    if not low <= number <= high:
        raise ValidationFailed(
            _("Enter a number from %(low)d to %(high)d.") % {"low": low, "high": high}, field=name
        )
    return number


def _clean_settings(plan: InterviewPlan, changes: dict[str, Any]) -> dict[str, Any]:
    current = planning.plan_settings(plan)
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name in SETTING_RANGES:
            out[name] = _int_in(value, name, *SETTING_RANGES[name])
        elif name in ("allow_text_answers", "allow_start_now"):
            out[name] = bool(value)
        elif name == "language":
            if value not in ("zh", "en", "both"):
                raise ValidationFailed(_("Unknown language."), field=name)
            out[name] = value
        elif name == "intro":
            out[name] = v.bilingual(value, field=name)
        elif name == "booking":
            out[name] = {"enabled": bool((value or {}).get("enabled", True))}
        elif name == "selection":
            out[name] = _clean_selection(plan, {**current["selection"], **(value or {})})
        elif name == "timings":
            out[name] = _clean_timings(value or {})
        else:
            raise ValidationFailed(_("Unknown plan setting."), field=name)
    return out


def _clean_selection(plan: InterviewPlan, selection: dict[str, Any]) -> dict[str, Any]:
    mode = selection.get("mode")
    if mode not in ("fixed", "drawn"):
        raise ValidationFailed(_("Questions are fixed or drawn from the bank."), field="selection.mode")
    balance = selection.get("balance") or "types"
    if balance not in planning.BALANCE_RULES:
        raise ValidationFailed(_("Unknown balance rule."), field="selection.balance")
    ids = [str(i) for i in selection.get("question_ids") or []]
    if len(ids) != len(set(ids)):
        raise ValidationFailed(_("A question appears twice in the plan."), field="selection.question_ids")
    found = set(
        str(pk)
        for pk in Question.objects.filter(organization_id=plan.organization_id, id__in=ids).values_list(
            "id", flat=True
        )
    )
    if len(found) != len(ids):
        raise ValidationFailed(_("Unknown question."), field="selection.question_ids")
    return {
        "mode": mode,
        "per_competency": _int_in(selection.get("per_competency", 1), "selection.per_competency", 1, 10),
        "seed": _int_in(selection.get("seed", 1), "selection.seed", 0, 2**31 - 1),
        "balance": balance,
        "question_ids": ids,
    }


def _clean_timings(timings: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for qid, item in timings.items():
        item = item or {}
        out[str(qid)] = {
            "prep_seconds": v.seconds(item.get("prep_seconds", 30), field="timings", high=600),
            "answer_seconds": v.seconds(item.get("answer_seconds", 120), field="timings", low=10, high=1800),
        }
    return out


def plan_update(*, plan: InterviewPlan, actor: User | None, changes: dict[str, Any]) -> InterviewPlan:
    """Change the draft's settings (keys of ``planning.SETTING_DEFAULTS``, ``selection``, ``timings``).
    Published versions are never touched: the next publish makes a new version."""
    with transaction.atomic():
        plan = InterviewPlan.objects.select_for_update().select_related("job").get(pk=plan.pk)
        cleaned = _clean_settings(plan, changes)
        current = planning.plan_settings(plan)
        changed = {k: val for k, val in cleaned.items() if current.get(k) != val}
        if not changed:
            return plan
        plan.draft = {**(plan.draft or {}), **changed}
        _refresh(plan)
        audit_record(
            actor=actor,
            organization=plan.job.organization,
            action="plan.update",
            obj=plan,
            before={k: current.get(k) for k in changed if k not in ("timings",)},
            after={k: val for k, val in changed.items() if k not in ("timings",)},
        )
    return plan


def plan_publish(*, plan: InterviewPlan, actor: User | None) -> PlanVersion:
    """Freeze the plan as it is now into version n+1. Refuses when it is incomplete or unchanged."""
    with transaction.atomic():
        plan = InterviewPlan.objects.select_for_update().select_related("job").get(pk=plan.pk)
        snapshot = planning.build_snapshot(plan)
        problems = planning.publish_problems(snapshot)
        if problems:
            raise ValidationFailed(" ".join(problems), field="plan")
        latest = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
        if latest is not None and planning.comparable(latest.snapshot) == planning.comparable(snapshot):
            raise Conflict(_("Nothing changed since version %(n)d.") % {"n": latest.number}, code="unchanged")
        number = (PlanVersion.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0) + 1
        snapshot = {
            **snapshot,
            "plan_id": str(plan.id),
            "version": number,
            "published_at": timezone.now().isoformat(),
        }
        version = PlanVersion.objects.create(
            organization_id=plan.organization_id,
            plan=plan,
            job=plan.job,
            number=number,
            snapshot=snapshot,
            published_by=actor,
        )
        audit_record(
            actor=actor,
            organization=plan.job.organization,
            action="plan.publish",
            obj=version,
            after={"plan": str(plan.id), "number": number, "questions": len(snapshot["questions"])},
        )
        event_emit(
            organization_id=plan.organization_id,
            name=PLAN_PUBLISHED,
            job_id=plan.job_id,
            subject_type="plan_version",
            subject_id=str(version.id),
            payload={"plan_id": str(plan.id), "number": number},
            actor_id=actor.id if actor is not None else None,
        )
    return version
