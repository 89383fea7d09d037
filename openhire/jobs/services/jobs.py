"""Jobs: create, edit, status transitions with history, hiring team."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from openhire.accounts.models import Organization, User
from openhire.audit.services import audit_record
from openhire.core.errors import Conflict, ValidationFailed
from openhire.core.events import JOB_STATUS_CHANGED, event_emit
from openhire.jobs import validation as v
from openhire.jobs.models import Job, JobMember, JobStatusChange

S = Job.Status
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.OPEN, S.CLOSED),
    S.OPEN: (S.PAUSED, S.CLOSED),
    S.PAUSED: (S.OPEN, S.CLOSED),
    S.CLOSED: (S.OPEN,),
}
EDITABLE_FIELDS = (
    "title",
    "title_en",
    "department",
    "location",
    "headcount",
    "employment_type",
    "description",
    "responsibilities",
    "hard_requirements",
    "skills",
    "invite_threshold",
)
# Which console roles may sit on a hiring team as what.
TEAM_ROLES_BY_USER_ROLE = {
    "admin": ("recruiter", "interviewer", "hiring_manager"),
    "recruiter": ("recruiter", "interviewer"),
    "interviewer": ("interviewer",),
    "hiring_manager": ("hiring_manager", "interviewer"),
}


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if "title" in out:
        out["title"] = str(out["title"] or "").strip()
        if not out["title"]:
            raise ValidationFailed(_("A job needs a title."), field="title")
    for name in ("title_en", "department", "location", "description", "responsibilities"):
        if name in out:
            out[name] = str(out[name] or "").strip()
    if "headcount" in out:
        try:
            out["headcount"] = int(out["headcount"])
        except (TypeError, ValueError) as exc:
            raise ValidationFailed(_("Headcount is a whole number."), field="headcount") from exc
        if not 1 <= out["headcount"] <= 10000:
            raise ValidationFailed(_("Headcount is from 1 to 10,000."), field="headcount")
    if "employment_type" in out and out["employment_type"] not in Job.EmploymentType.values:
        raise ValidationFailed(_("Unknown employment type."), field="employment_type")
    if "hard_requirements" in out:
        out["hard_requirements"] = v.hard_requirements(out["hard_requirements"])
    if "skills" in out:
        out["skills"] = v.skills(out["skills"])
    if "invite_threshold" in out:
        threshold = v.score_or_none(out["invite_threshold"], field="invite_threshold")
        out["invite_threshold"] = 70 if threshold is None else threshold
    return out


def job_create(
    *,
    organization: Organization,
    actor: User | None,
    title: str,
    title_en: str = "",
    department: str = "",
    location: str = "",
    headcount: int = 1,
    employment_type: str = Job.EmploymentType.FULL_TIME,
    description: str = "",
    responsibilities: str = "",
    hard_requirements: dict[str, Any] | None = None,
    skills: list[dict[str, Any]] | None = None,
    invite_threshold: int = 70,
    template_key: str = "",
) -> Job:
    """A draft job with an empty interview plan; a creating recruiter joins its hiring team."""
    from openhire.jobs.services.plans import plan_ensure

    fields = _clean(
        {
            "title": title,
            "title_en": title_en,
            "department": department,
            "location": location,
            "headcount": headcount,
            "employment_type": employment_type,
            "description": description,
            "responsibilities": responsibilities,
            "hard_requirements": hard_requirements or {},
            "skills": skills or [],
            "invite_threshold": invite_threshold,
        }
    )
    with transaction.atomic():
        job = Job.objects.create(
            organization=organization, created_by=actor, template_key=template_key, **fields
        )
        JobStatusChange.objects.create(
            organization=organization, job=job, from_status="", to_status=job.status, actor=actor
        )
        audit_record(
            actor=actor,
            organization=organization,
            action="job.create",
            obj=job,
            after={"title": job.title, "template": template_key},
        )
        if actor is not None and actor.role in ("recruiter", "hiring_manager", "interviewer"):
            team_role = {"recruiter": "recruiter", "hiring_manager": "hiring_manager"}.get(
                actor.role, "interviewer"
            )
            _member_add(job=job, user=actor, team_role=team_role, actor=actor)
        plan_ensure(job=job, actor=actor)
    return job


def job_update(*, job: Job, actor: User | None, changes: dict[str, Any]) -> Job:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    fields = _clean(changes)
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        before = {name: getattr(job, name) for name in fields}
        changed = {name: value for name, value in fields.items() if before[name] != value}
        if not changed:
            return job
        for name, value in changed.items():
            setattr(job, name, value)
        job.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            organization=job.organization,
            action="job.update",
            obj=job,
            before={k: before[k] for k in changed},
            after=changed,
        )
    return job


def job_status_change(*, job: Job, to_status: str, actor: User | None, note: str = "") -> Job:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        from_status = job.status
        if to_status not in STATUS_TRANSITIONS.get(from_status, ()):
            raise Conflict(
                _("A %(from)s job cannot become %(to)s.")
                % {"from": Job.Status(from_status).label, "to": _status_label(to_status)},
                field="status",
            )
        job.status = to_status
        job.save(update_fields=["status", "updated_at"])
        JobStatusChange.objects.create(
            organization=job.organization,
            job=job,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            note=note[:2000],
        )
        audit_record(
            actor=actor,
            organization=job.organization,
            action="job.status",
            obj=job,
            before={"status": from_status},
            after={"status": to_status, "note": note[:200]},
        )
        event_emit(
            organization_id=job.organization_id,
            name=JOB_STATUS_CHANGED,
            job_id=job.id,
            subject_type="job",
            subject_id=str(job.id),
            payload={"from": from_status, "to": to_status},
            actor_id=actor.id if actor is not None else None,
        )
    return job


def _status_label(status: str) -> str:
    try:
        return str(Job.Status(status).label)
    except ValueError:
        return status


def _member_add(*, job: Job, user: User, team_role: str, actor: User | None) -> JobMember:
    member, created = JobMember.objects.get_or_create(
        organization=job.organization, job=job, user=user, team_role=team_role
    )
    if created:
        audit_record(
            actor=actor,
            organization=job.organization,
            action="job.member_add",
            obj=job,
            after={"user": user.username, "team_role": team_role},
        )
    return member


def job_member_add(*, job: Job, user: User, team_role: str, actor: User | None) -> JobMember:
    """Put ``user`` on the hiring team of ``job`` (idempotent); their role must fit the team role."""
    if team_role not in JobMember.TeamRole.values:
        raise ValidationFailed(_("Unknown team role."), field="team_role")
    if user.organization_id != job.organization_id or not user.is_active or user.is_service:
        raise ValidationFailed(_("This user cannot join the team."), field="user")
    if team_role not in TEAM_ROLES_BY_USER_ROLE.get(user.role, ()):
        raise ValidationFailed(
            _("A user with the role %(role)s cannot be a %(team_role)s on the team.")
            % {"role": user.get_role_display(), "team_role": JobMember.TeamRole(team_role).label},
            field="team_role",
        )
    with transaction.atomic():
        return _member_add(job=job, user=user, team_role=team_role, actor=actor)


def job_member_remove(*, member: JobMember, actor: User | None) -> None:
    with transaction.atomic():
        job = member.job
        audit_record(
            actor=actor,
            organization=job.organization,
            action="job.member_remove",
            obj=job,
            before={"user": member.user.username, "team_role": member.team_role},
        )
        member.delete()
