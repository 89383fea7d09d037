"""Invitations: invite, resend, revoke, extend, and the candidate's token exchange."""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from openhire.audit.services import audit_record
from openhire.core import events
from openhire.core.errors import Conflict, ValidationFailed
from openhire.interviews.models import Interview, Invitation, Reminder, TokenGuess
from openhire.interviews.services._common import (
    PRE_START_STATES,
    cancel_reminders,
    code_hash,
    emit,
    latest_invitation,
    new_code,
    new_nonce,
    new_token,
    now,
    restored_state,
    token_hash,
)

if TYPE_CHECKING:
    from openhire.accounts.models import User
    from openhire.candidates.models import Application
    from openhire.jobs.models import PlanVersion

GUESS_WINDOW = timedelta(minutes=15)
GUESS_LIMIT = 20


@dataclass(frozen=True)
class InviteResult:
    """The only moment the raw token and code exist: show or send them now, they are not stored."""

    interview: Interview
    invitation: Invitation
    token: str
    code: str
    url: str
    code_url: str
    qr_png_base64: str
    qr_svg: str


def _qr(url: str) -> tuple[str, str]:
    import qrcode
    import qrcode.image.svg

    png = io.BytesIO()
    qrcode.make(url, box_size=8, border=2).save(png)
    svg = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return base64.b64encode(png.getvalue()).decode(), svg.to_string(encoding="unicode")


def _valid_days(interview: Interview) -> int:
    try:
        return max(1, int(interview.snapshot.get("invitation_valid_days") or 7))
    except (TypeError, ValueError):
        return 7


def _new_invitation(interview: Interview, actor: User | None) -> InviteResult:
    for _attempt in range(5):
        token, code = new_token(), new_code()
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    organization_id=interview.organization_id,
                    interview=interview,
                    token_hash=token_hash(token),
                    code_hash=code_hash(code),
                    expires_at=now() + timedelta(days=_valid_days(interview)),
                    sent_by=actor,
                )
            break
        except IntegrityError:  # a short-code collision (40 bits): draw again
            continue
    else:  # pragma: no cover - five collisions in a row
        raise Conflict("could not allocate a short code")
    base = settings.OPENHIRE_BASE_URL
    url = f"{base}/i/{token}"
    png, svg = _qr(url)
    return InviteResult(interview, invitation, token, code, url, f"{base}/i/c/", png, svg)


def interview_invite(
    *, application: Application, plan_version: PlanVersion, actor: User | None
) -> InviteResult:
    """Invite the candidate of ``application`` to the AI interview of ``plan_version`` (same job)."""
    if (
        plan_version.job_id != application.job_id
        or plan_version.organization_id != application.organization_id
    ):
        raise ValidationFailed(_("This interview plan belongs to another job."), field="plan_version")
    if not (plan_version.snapshot or {}).get("questions"):
        raise ValidationFailed(_("This interview plan has no questions."), field="plan_version")
    with transaction.atomic():
        if Interview.objects.filter(application=application, plan_version=plan_version).exists():
            raise Conflict(
                _("This candidate is already invited to this interview; re-send the invitation instead.")
            )
        interview = Interview.objects.create(
            organization_id=application.organization_id,
            application=application,
            candidate_id=application.candidate_id,
            job_id=application.job_id,
            plan_version=plan_version,
            invited_at=now(),
            session_nonce=new_nonce(),
            created_by=actor,
        )
        result = _new_invitation(interview, actor)
        if (interview.snapshot.get("booking") or {}).get("enabled", True):
            Reminder.objects.create(
                organization_id=interview.organization_id,
                interview=interview,
                kind=Reminder.Kind.BOOKING_NUDGE,
                due_at=now() + timedelta(hours=24),
            )
        audit_record(
            actor=actor,
            organization=application.organization,
            action="interview.invite",
            obj=interview,
            after={
                "plan_version": str(plan_version.pk),
                "expires_at": result.invitation.expires_at.isoformat(),
            },
        )
        emit(
            interview,
            events.INVITATION_SENT,
            actor_id=getattr(actor, "pk", None),
            expires_at=result.invitation.expires_at.isoformat(),
        )
    return result


def invitation_resend(*, interview: Interview, actor: User | None) -> InviteResult:
    """A new link and code; every earlier one stops working, and so do sessions opened with them."""
    if interview.state in (Interview.State.COMPLETED,):
        raise Conflict(_("The interview is already completed."))
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        Invitation.objects.filter(interview=interview, revoked_at__isnull=True).update(revoked_at=now())
        result = _new_invitation(interview, actor)
        before = interview.state
        interview.session_nonce = new_nonce()
        if interview.state in (Interview.State.EXPIRED, Interview.State.REVOKED):
            interview.revoked_at = None
            interview.expired_at = None
            interview.state = restored_state(interview)
        interview.save(update_fields=["session_nonce", "state", "revoked_at", "expired_at", "updated_at"])
        audit_record(
            actor=actor,
            organization=interview.organization,
            action="interview.invitation_resend",
            obj=interview,
            before={"state": before},
            after={"state": interview.state},
        )
        emit(
            interview,
            events.INVITATION_SENT,
            actor_id=getattr(actor, "pk", None),
            resend=True,
            expires_at=result.invitation.expires_at.isoformat(),
        )
    return replace(result, interview=interview)


def invitation_revoke(*, interview: Interview, actor: User | None) -> Interview:
    if interview.state == Interview.State.COMPLETED:
        raise Conflict(_("A completed interview cannot be revoked."))
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        if interview.state == Interview.State.REVOKED:
            return interview
        before = interview.state
        Invitation.objects.filter(interview=interview, revoked_at__isnull=True).update(revoked_at=now())
        interview.state = Interview.State.REVOKED
        interview.revoked_at = now()
        interview.session_nonce = new_nonce()
        interview.save(update_fields=["state", "revoked_at", "session_nonce", "updated_at"])
        cancel_reminders(interview)
        audit_record(
            actor=actor,
            organization=interview.organization,
            action="interview.revoke",
            obj=interview,
            before={"state": before},
            after={"state": interview.state},
        )
        emit(interview, events.INVITATION_REVOKED, actor_id=getattr(actor, "pk", None))
    return interview


def invitation_extend(*, interview: Interview, actor: User | None, days: int = 7) -> Invitation:
    if not 1 <= days <= 60:
        raise ValidationFailed(_("Extend by 1 to 60 days."), field="days")
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        invitation = latest_invitation(interview)
        if (
            invitation is None
            or invitation.revoked_at is not None
            or interview.state == Interview.State.REVOKED
        ):
            raise Conflict(_("The invitation was revoked; re-send it instead."))
        before = invitation.expires_at
        invitation.expires_at = max(invitation.expires_at, now()) + timedelta(days=days)
        invitation.save(update_fields=["expires_at", "updated_at"])
        if interview.state == Interview.State.EXPIRED:
            interview.expired_at = None
            interview.state = restored_state(interview)
            interview.save(update_fields=["state", "expired_at", "updated_at"])
        audit_record(
            actor=actor,
            organization=interview.organization,
            action="interview.invitation_extend",
            obj=interview,
            before={"expires_at": before.isoformat()},
            after={"expires_at": invitation.expires_at.isoformat()},
        )
        emit(
            interview,
            events.INVITATION_EXTENDED,
            actor_id=getattr(actor, "pk", None),
            expires_at=invitation.expires_at.isoformat(),
        )
    return invitation


def _expire(interview: Interview) -> None:
    interview.state = Interview.State.EXPIRED
    interview.expired_at = now()
    interview.save(update_fields=["state", "expired_at", "updated_at"])
    cancel_reminders(interview)
    audit_record(actor=None, organization=interview.organization, action="interview.expire", obj=interview)
    emit(interview, events.INTERVIEW_EXPIRED)


def interviews_expire_due() -> int:
    """Mark not-yet-started interviews whose newest invitation has expired; idempotent. Returns how many."""
    count = 0
    candidates = Interview.objects.filter(
        state__in=PRE_START_STATES, invitations__expires_at__lt=now()
    ).distinct()
    for interview in candidates:
        with transaction.atomic():
            locked = Interview.objects.select_for_update().get(pk=interview.pk)
            invitation = latest_invitation(locked)
            if locked.state in PRE_START_STATES and invitation is not None and invitation.expires_at < now():
                _expire(locked)
                count += 1
    return count


Outcome = Literal["ok", "invalid", "expired", "revoked", "used", "throttled"]


@dataclass(frozen=True)
class ExchangeResult:
    outcome: Outcome
    interview: Interview | None = None


def _ip_hash(ip: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}|guess|{ip}".encode()).hexdigest()


def guesses_forget_old() -> int:
    """Forget failed token guesses older than the rate-limit window (they are only counted inside it)."""
    deleted, _ = TokenGuess.objects.filter(at__lt=now() - GUESS_WINDOW).delete()
    return deleted


def guesses_exceeded(ip: str) -> bool:
    return (
        TokenGuess.objects.filter(ip_hash=_ip_hash(ip), at__gte=now() - GUESS_WINDOW).count() >= GUESS_LIMIT
    )


def invitation_exchange(
    *, token: str = "", code: str = "", ip: str = "", session_interview_id: str = "", session_nonce: str = ""
) -> ExchangeResult:
    """Check a link token or short code and open the interview for this device.

    The first use binds the interview to the device that used it (a fresh session nonce in its
    cookie); the same link on another device is refused. Wrong guesses are counted per address.
    """
    if guesses_exceeded(ip):
        return ExchangeResult("throttled")
    if token:
        invitation = (
            Invitation.objects.filter(token_hash=token_hash(token)).select_related("interview").first()
        )
    elif code:
        invitation = Invitation.objects.filter(code_hash=code_hash(code)).select_related("interview").first()
    else:
        invitation = None
    if invitation is None:
        TokenGuess.objects.create(ip_hash=_ip_hash(ip), at=now())
        return ExchangeResult("invalid")
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        interview = Interview.objects.select_for_update().get(pk=invitation.interview_id)
        if invitation.revoked_at is not None or interview.state == Interview.State.REVOKED:
            return ExchangeResult("revoked")
        same_device = session_interview_id == str(interview.pk) and session_nonce == interview.session_nonce
        if invitation.exchanged_at is not None and not same_device:
            return ExchangeResult("used")
        if invitation.expires_at < now() and interview.state in PRE_START_STATES:
            _expire(interview)
            return ExchangeResult("expired")
        if interview.state == Interview.State.EXPIRED:
            return ExchangeResult("expired")
        if invitation.exchanged_at is None:
            invitation.exchanged_at = now()
            invitation.save(update_fields=["exchanged_at", "updated_at"])
            interview.session_nonce = new_nonce()
            fields = ["session_nonce", "updated_at"]
            if interview.state == Interview.State.INVITED:
                interview.state = Interview.State.OPENED
                interview.opened_at = now()
                fields += ["state", "opened_at"]
            interview.save(update_fields=fields)
            audit_record(
                actor=None,
                organization=interview.organization,
                action="interview.open",
                obj=interview,
                after={"via": "code" if code else "link"},
            )
            emit(interview, events.INVITATION_OPENED, via="code" if code else "link")
    return ExchangeResult("ok", interview)


HANDOFF_MAX_AGE = 600


def session_handoff(*, interview: Interview) -> str:
    """A one-time value that moves the candidate's session to another browser (e.g. out of WeChat)."""
    from django.core import signing

    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        handoff = new_nonce()
        audit_record(
            actor=None, organization=interview.organization, action="interview.handoff_create", obj=interview
        )
        return signing.dumps(
            {"i": str(interview.pk), "n": interview.session_nonce, "h": handoff},
            salt="openhire.interviews.handoff",
        )


def session_handoff_accept(*, value: str) -> Interview | None:
    """Accept a handoff: the new browser gets the session, the old one's cookie stops working."""
    from django.core import signing

    try:
        data = signing.loads(value, salt="openhire.interviews.handoff", max_age=HANDOFF_MAX_AGE)
    except signing.BadSignature:
        return None
    with transaction.atomic():
        interview = Interview.objects.select_for_update().filter(pk=data.get("i")).first()
        if (
            interview is None
            or interview.session_nonce != data.get("n")
            or interview.state == Interview.State.REVOKED
        ):
            return None
        interview.session_nonce = new_nonce()
        interview.save(update_fields=["session_nonce", "updated_at"])
        audit_record(
            actor=None, organization=interview.organization, action="interview.handoff_accept", obj=interview
        )
    return interview
