"""Helpers shared by the interview services (not part of the public surface)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from django.utils import timezone

from openhire.core.events import event_emit
from openhire.core.fields import blind_index
from openhire.interviews.models import Booking, Interview, Invitation, Reminder

# Unambiguous alphabet for short codes (no 0/O, 1/I/L): 32 symbols, 8 of them = 40 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
PRIVACY_VERSION = "2026-11-v1"
PRE_START_STATES = (
    Interview.State.INVITED,
    Interview.State.OPENED,
    Interview.State.CONSENTED,
    Interview.State.BOOKED,
)


def now() -> datetime:
    return timezone.now()


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def code_hash(code: str) -> str:
    # Keyed: a short code has only 40 bits, so a plain hash could be reversed from a leaked table.
    return blind_index(normalise_code(code), purpose="interview-short-code")


def new_nonce() -> str:
    return secrets.token_hex(8)


def active_booking(interview: Interview) -> Booking | None:
    return interview.bookings.filter(cancelled_at__isnull=True).order_by("-created_at").first()


def latest_invitation(interview: Interview) -> Invitation | None:
    return interview.invitations.order_by("-created_at").first()


def restored_state(interview: Interview) -> str:
    """The state the timestamps say the interview is in (after an expiry or revocation is lifted)."""
    if interview.completed_at:
        return Interview.State.COMPLETED
    if interview.started_at:
        return Interview.State.IN_PROGRESS
    if interview.human_requested_at:
        return Interview.State.HUMAN_REQUESTED
    if active_booking(interview) is not None:
        return Interview.State.BOOKED
    if interview.consented_at:
        return Interview.State.CONSENTED
    if interview.opened_at:
        return Interview.State.OPENED
    return Interview.State.INVITED


def emit(interview: Interview, name: str, *, actor_id: Any = None, **payload: Any) -> None:
    event_emit(
        organization_id=interview.organization_id,
        name=name,
        application_id=interview.application_id,
        candidate_id=interview.candidate_id,
        job_id=interview.job_id,
        subject_type="interview",
        subject_id=str(interview.pk),
        payload={"state": interview.state, **payload},
        actor_id=actor_id,
    )


def cancel_reminders(interview: Interview, *kinds: str) -> None:
    qs = Reminder.objects.filter(interview=interview, sent_at__isnull=True, cancelled_at__isnull=True)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    qs.update(cancelled_at=now())
