"""Screening: each application's resume profile against its job → an explained 0–100 match.

The result (``MatchResult.to_dict()``: hard requirements with reasons, matched / missing, evidence
lines, score, engines, config hash) is stored on ``Application.screening``. Screening the same input
again changes nothing and emits nothing. At or above the job's ``invite_threshold`` (with every hard
requirement passed) the application is marked for the AI-interview invitation and
``SCREENING_PASSED`` is emitted once.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openhire.ai.matching import JobSpec, MatchResult, Screener, SkillWeight, load_default_embedder
from openhire.ai.matching.jobspec import JobSpecError
from openhire.ai.resume.contracts import ResumeProfile
from openhire.audit.services import audit_record
from openhire.candidates.models import Application, Document
from openhire.candidates.profile import profile_from_dict
from openhire.core import events, progress
from openhire.core.models import TaskProgress

if TYPE_CHECKING:
    from openhire.accounts.models import User
    from openhire.jobs.models import Job

_cache_lock = threading.Lock()
_screeners: dict[tuple[str, str], Screener] = {}


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.replace("，", ",").replace("、", ",").split(",")]
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(v).strip() for v in value if isinstance(v, str | int | float) and str(v).strip())


def job_spec_for(job: Job) -> JobSpec:
    """The job as the matcher sees it (title, description, responsibilities, hard requirements, skills)."""
    hard = job.hard_requirements if isinstance(job.hard_requirements, dict) else {}
    skills = []
    for item in job.skills if isinstance(job.skills, list) else []:
        if isinstance(item, dict) and str(item.get("name", "")).strip():
            try:
                weight = max(0.0, float(item.get("weight", 1) or 0))
            except (TypeError, ValueError):
                weight = 1.0
            skills.append(SkillWeight(str(item["name"]).strip(), weight or 1.0))
        elif isinstance(item, str) and item.strip():
            skills.append(SkillWeight(item.strip(), 1.0))
    min_years = hard.get("min_years")
    try:
        years = float(min_years) if min_years not in (None, "") else None
    except (TypeError, ValueError):
        years = None
    return JobSpec(
        title=job.title or job.title_en or "-",
        description=job.description or job.title or "-",
        requirements=job.responsibilities or "",
        skills=tuple(skills),
        must_have=_names(hard.get("must_have")),
        min_years=years,
        education=str(hard.get("education") or ""),
        certificates=_names(hard.get("certificates")),
        languages=_names(hard.get("languages")),
        location="、".join(_names(hard.get("locations") or hard.get("location"))),
    )


def _embedder() -> Any:
    # Sentence embeddings cost ~70 ms of CPU a resume: opt in (OPENHIRE_SCREENING_SEMANTIC) where
    # that is affordable.
    if not settings.OPENHIRE_SCREENING_SEMANTIC:
        return None
    return load_default_embedder()


def screener_for(job: Job) -> Screener:
    """The job's screener, built once per job version and reused (it precomputes the job side)."""
    key = (str(job.id), job.updated_at.isoformat() if job.updated_at else "")
    with _cache_lock:
        screener = _screeners.get(key)
    if screener is not None:
        return screener
    spec = job_spec_for(job)
    try:
        screener = Screener(spec, embedder=_embedder())
    except JobSpecError:  # an education level the dictionary does not know: screen without it
        spec = dataclasses.replace(spec, education="")
        screener = Screener(spec, embedder=_embedder())
    with _cache_lock:
        if len(_screeners) > 64:
            _screeners.clear()
        _screeners[key] = screener
    return screener


def application_profile(application: Application) -> ResumeProfile:
    """The merged profile (parse ⊕ corrections) with the resume's protected-attribute-free text."""
    document = (
        Document.objects.filter(candidate_id=application.candidate_id, kind=Document.Kind.RESUME)
        .order_by("-created_at")
        .only("scoring_text", "created_at")
        .first()
    )
    scoring_text = document.scoring_text if document is not None else ""
    return profile_from_dict(application.candidate.profile or {}, scoring_text=scoring_text)


@dataclass(frozen=True)
class ScreeningOutcome:
    application: Application
    result: MatchResult
    changed: bool
    newly_marked: bool


def _passes(application: Application, result: MatchResult) -> bool:
    return result.passed_hard_requirements and result.score >= application.job.invite_threshold


def application_screen(
    *, application: Application, screener: Screener | None = None, actor: User | None = None
) -> ScreeningOutcome:
    """Screen one application and store the explained result (no-op when nothing changed)."""
    screener = screener or screener_for(application.job)
    result = screener.match(application_profile(application))
    stored = result.to_dict()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("job", "candidate").get(id=application.id)
        )
        previous = {k: v for k, v in (application.screening or {}).items() if k != "screened_at"}
        changed = _json(previous) != _json(stored)
        marked = _passes(application, result)
        newly_marked = marked and not application.marked_for_interview
        # Once the workflow has moved an application on, screening no longer un-marks it.
        unmark = not marked and application.marked_for_interview and application.stage == "new"
        if not changed and not newly_marked and not unmark:
            return ScreeningOutcome(application, result, False, False)
        application.screening = {**stored, "screened_at": timezone.now().isoformat()}
        application.match_score = result.score
        application.passed_hard_requirements = result.passed_hard_requirements
        application.screened_at = timezone.now()
        if newly_marked:
            application.marked_for_interview = True
        elif unmark:
            application.marked_for_interview = False
        application.save(
            update_fields=[
                "screening",
                "match_score",
                "passed_hard_requirements",
                "screened_at",
                "marked_for_interview",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            organization=application.job.organization,
            action="application.screened",
            obj=application,
            after={
                "score": result.score,
                "passed_hard_requirements": result.passed_hard_requirements,
                "marked_for_interview": application.marked_for_interview,
                "config_hash": result.config_hash,
            },
        )
        common: dict[str, Any] = {
            "organization_id": application.organization_id,
            "application_id": application.id,
            "candidate_id": application.candidate_id,
            "job_id": application.job_id,
            "actor_id": actor.pk if actor is not None and actor.pk else None,
        }
        if changed:
            events.event_emit(
                name=events.CANDIDATE_SCREENED,
                payload={"score": result.score, "passed_hard_requirements": result.passed_hard_requirements},
                **common,
            )
        if newly_marked:
            events.event_emit(
                name=events.SCREENING_PASSED,
                payload={"score": result.score, "threshold": application.job.invite_threshold},
                **common,
            )
    return ScreeningOutcome(application, result, changed, newly_marked)


def _json(data: Any) -> str:
    import json

    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


def job_screen_start(*, job: Job, actor: User | None) -> TaskProgress:
    """Screen (again) every active application of ``job`` in the background; returns the progress row."""
    from openhire.screening.tasks import job_screen_run

    with transaction.atomic():
        total = Application.objects.filter(job=job, status=Application.Status.ACTIVE).count()
        row = progress.progress_start(organization_id=job.organization_id, kind="job_screening", total=total)
        audit_record(
            actor=actor,
            organization=job.organization,
            action="job.screening_started",
            obj=job,
            after={"total": total},
        )
        job_id, key = str(job.id), row.key
        transaction.on_commit(lambda: job_screen_run.enqueue(job_id=job_id, progress_key=key))
    return row


def job_screen_process(*, job_id: Any, progress_key: str) -> dict[str, int]:
    """Screen every active application of a job (idempotent: unchanged results are not rewritten)."""
    from openhire.jobs.models import Job

    job = Job.objects.get(id=job_id)
    screener = screener_for(job)
    ids = list(
        Application.objects.filter(job=job, status=Application.Status.ACTIVE)
        .order_by("created_at")
        .values_list("id", flat=True)
    )
    progress.progress_running(progress_key, total=len(ids))
    counts = {"screened": 0, "changed": 0, "marked": 0}
    for number, app_id in enumerate(ids, start=1):
        application = Application.objects.select_related("job", "candidate").get(id=app_id)
        outcome = application_screen(application=application, screener=screener)
        counts["screened"] += 1
        counts["changed"] += int(outcome.changed)
        counts["marked"] += int(outcome.newly_marked)
        if number % 10 == 0 or number == len(ids):
            progress.progress_set(progress_key, done=number)
    progress.progress_finish(progress_key, result=counts)
    return counts
