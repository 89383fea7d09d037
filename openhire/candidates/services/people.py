"""Candidates, applications and HR corrections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openhire.ai.resume.contracts import ResumeProfile
from openhire.audit.services import audit_record
from openhire.candidates.models import Application, Candidate
from openhire.candidates.profile import (
    CORRECTABLE_FIELDS,
    LIST_FIELDS,
    email_index,
    identity_index,
    merged_profile,
    normalize_birth_date,
    phone_index,
)
from openhire.core import events
from openhire.core.errors import Conflict, ValidationFailed

if TYPE_CHECKING:
    from openhire.accounts.models import Organization, User
    from openhire.jobs.models import Job


@dataclass(frozen=True)
class CandidateResult:
    candidate: Candidate
    created: bool


def candidate_find_duplicate(
    *, organization_id: Any, phone: str = "", email: str = "", name: str = "", birth_date: str = ""
) -> Candidate | None:
    """The existing candidate with the same phone, e-mail, or name + birth date (in that order)."""
    keys = (
        ("phone_index", phone_index(phone)),
        ("email_index", email_index(email)),
        ("identity_index", identity_index(name, birth_date)),
    )
    query = Q()
    for field, value in keys:
        if value:
            query |= Q(**{field: value})
    if not query:
        return None
    found = list(Candidate.objects.filter(query, organization_id=organization_id).order_by("created_at")[:5])
    for field, value in keys:  # prefer the strongest key
        for candidate in found:
            if value and getattr(candidate, field) == value:
                return candidate
    return None


def _set_identity(candidate: Candidate) -> None:
    candidate.phone_index = phone_index(candidate.phone)
    candidate.email_index = email_index(candidate.email)
    candidate.identity_index = identity_index(candidate.name, candidate.birth_date)


def candidate_upsert(
    *,
    organization: Organization,
    actor: User | None,
    name: str,
    phone: str = "",
    email: str = "",
    birth_date: str = "",
    gender: str = "",
    location: str = "",
    profile: dict[str, Any] | None = None,
) -> CandidateResult:
    """The de-duplicated candidate: an existing one (blank contact fields filled in) or a new one."""
    name = (name or "").strip()[:200]
    birth_date = normalize_birth_date(birth_date) or (birth_date or "").strip()[:32]
    with transaction.atomic():
        existing = candidate_find_duplicate(
            organization_id=organization.id, phone=phone, email=email, name=name, birth_date=birth_date
        )
        if existing is not None:
            filled = []
            for field, value in (
                ("phone", phone),
                ("email", email),
                ("birth_date", birth_date),
                ("location", location),
                ("gender", gender),
            ):
                if value and not getattr(existing, field):
                    setattr(existing, field, value.strip())
                    filled.append(field)
            if (not existing.name or existing.name == "?") and name:
                existing.name = name
                filled.append("name")
            if filled:
                _set_identity(existing)
                existing.save()
                audit_record(
                    actor=actor,
                    organization=organization,
                    action="candidate.merged",
                    obj=existing,
                    after={"filled": filled},
                )
            return CandidateResult(existing, False)
        candidate = Candidate(
            organization=organization,
            name=name or "?",
            phone=(phone or "").strip(),
            email=(email or "").strip(),
            birth_date=birth_date,
            gender=(gender or "")[:16],
            location=(location or "")[:200],
            corrections={},
        )
        if profile:
            candidate.corrections = {k: v for k, v in profile.items() if k in CORRECTABLE_FIELDS}
            candidate.profile = merged_profile({}, candidate.corrections)
        _set_identity(candidate)
        candidate.save()
        audit_record(actor=actor, organization=organization, action="candidate.created", obj=candidate)
        return CandidateResult(candidate, True)


def application_create(
    *,
    candidate: Candidate,
    job: Job,
    source: str,
    actor: User | None,
    consent_version: str = "",
    consented_at: datetime | None = None,
) -> Application:
    """Apply ``candidate`` to ``job`` in stage "new"; a second application to the same job is refused."""
    if Application.objects.filter(candidate=candidate, job=job).exists():
        raise Conflict(_("This candidate has already applied for this job."), code="already_applied")
    try:
        with transaction.atomic():
            application = Application.objects.create(
                organization_id=candidate.organization_id,
                candidate=candidate,
                job=job,
                source=source,
                created_by=actor if actor is not None and actor.pk else None,
                consent_version=consent_version,
                consented_at=consented_at,
            )
            audit_record(
                actor=actor,
                organization=job.organization,
                action="application.created",
                obj=application,
                after={"job": str(job.id), "source": source, "consent_version": consent_version},
            )
            events.event_emit(
                organization_id=job.organization_id,
                name=events.CANDIDATE_APPLIED,
                application_id=application.id,
                candidate_id=candidate.id,
                job_id=job.id,
                payload={"source": source},
                actor_id=actor.pk if actor is not None and actor.pk else None,
            )
    except IntegrityError:  # a concurrent request created it first
        raise Conflict(
            _("This candidate has already applied for this job."), code="already_applied"
        ) from None
    return application


def application_request_human_review(*, application_id: Any, actor: User | None, source: str) -> bool:
    """A person must decide on this application from now on (PIPL art. 24 / GDPR art. 22): set when the
    candidate asks for a human interview or a human review of the AI result, or HR asks for one.
    Automatic rejection is then refused (workflow ``application_move``). Idempotent: ``True`` when it
    changed something."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("organization")
            .filter(pk=application_id)
            .first()
        )
        if application is None or application.human_review_requested:
            return False
        application.human_review_requested = True
        application.save(update_fields=["human_review_requested", "updated_at"])
        audit_record(
            actor=actor,
            organization=application.organization,
            action="application.human_review_requested",
            obj=application,
            before={"human_review_requested": False},
            after={"human_review_requested": True, "source": source},
        )
    return True


def candidate_create(
    *,
    organization: Organization,
    actor: User | None,
    name: str,
    phone: str = "",
    email: str = "",
    birth_date: str = "",
    gender: str = "",
    location: str = "",
    profile: dict[str, Any] | None = None,
    job: Job | None = None,
    source: str = "api",
) -> tuple[CandidateResult, Application | None]:
    """Create (or find) a candidate from typed-in data, and apply them to ``job`` when given."""
    if not (name or "").strip():
        raise ValidationFailed(_("A name is required."), field="name")
    if not (phone or "").strip() and not (email or "").strip():
        raise ValidationFailed(_("A mobile phone number or an e-mail address is required."), field="phone")
    with transaction.atomic():
        result = candidate_upsert(
            organization=organization,
            actor=actor,
            name=name,
            phone=phone,
            email=email,
            birth_date=birth_date,
            gender=gender,
            location=location,
            profile=profile,
        )
        application = None
        if job is not None:
            application = application_create(candidate=result.candidate, job=job, source=source, actor=actor)
    return result, application


def candidate_apply_parse(*, candidate: Candidate, profile: ResumeProfile) -> Candidate:
    """Store a resume's parse result; HR's corrections stay on top. Blank contact fields are filled."""
    parsed = profile.to_dict()
    with transaction.atomic():
        candidate.parsed = parsed
        candidate.parsed_at = timezone.now()
        candidate.profile = merged_profile(parsed, candidate.corrections or {})
        if (not candidate.name or candidate.name == "?") and profile.name:
            candidate.name = profile.name[:200]
        for field in ("phone", "email", "location", "gender"):
            if not getattr(candidate, field) and getattr(profile, field):
                setattr(candidate, field, str(getattr(profile, field))[:200])
        if not candidate.birth_date and profile.birth_date:
            candidate.birth_date = profile.birth_date
        _set_identity(candidate)
        candidate.save()
        audit_record(
            actor=None,
            organization=candidate.organization,
            action="candidate.parsed",
            obj=candidate,
            after={
                "engines": [f"{e.name} {e.version}" for e in profile.engines],
                "errors": len(profile.errors),
            },
        )
    return candidate


def candidate_correct(*, candidate: Candidate, actor: User, changes: dict[str, Any]) -> Candidate:
    """Record HR's corrections of parsed fields (kept apart from the parse; both stay visible)."""
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("These fields cannot be corrected: %s") % ", ".join(sorted(unknown)))
    clean: dict[str, Any] = {}
    for field, value in changes.items():
        if field in LIST_FIELDS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValidationFailed(_("Expected a list of text."), field=field)
            clean[field] = [v.strip() for v in value if v.strip()]
        elif field == "total_years":
            try:
                clean[field] = round(float(value), 1)
            except (TypeError, ValueError):
                raise ValidationFailed(_("Enter a number of years."), field=field) from None
            if not 0 <= clean[field] <= 60:
                raise ValidationFailed(_("Enter a number of years between 0 and 60."), field=field)
        elif field in ("education", "experience"):
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise ValidationFailed(_("Expected a list of entries."), field=field)
            clean[field] = value
        else:
            clean[field] = str(value or "").strip()
    with transaction.atomic():
        corrections = dict(candidate.corrections or {})
        changed = [f for f, v in clean.items() if candidate.profile.get(f) != v]
        corrections.update({f: clean[f] for f in changed})
        if not changed:
            return candidate
        candidate.corrections = corrections
        candidate.profile = merged_profile(candidate.parsed or {}, corrections)
        for field in ("name", "phone", "email", "location", "gender", "birth_date"):
            if field in changed:
                setattr(candidate, field, clean[field])
        _set_identity(candidate)
        candidate.save()
        audit_record(
            actor=actor,
            organization=candidate.organization,
            action="candidate.corrected",
            obj=candidate,
            after={"fields": sorted(changed)},
        )
    return candidate
