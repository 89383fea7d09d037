"""Booking windows (HR): when candidates of a job may book their interview."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from openhire.audit.services import audit_record
from openhire.core.errors import Conflict, ValidationFailed
from openhire.interviews.models import Booking, BookingWindow

if TYPE_CHECKING:
    from openhire.accounts.models import User
    from openhire.jobs.models import Job


def booking_window_create(
    *, job: Job, actor: User, start: datetime, end: datetime, slot_minutes: int, capacity: int
) -> BookingWindow:
    if end <= start:
        raise ValidationFailed(_("The window must end after it starts."), field="end")
    if not 5 <= slot_minutes <= 240:
        raise ValidationFailed(_("Slots last 5 to 240 minutes."), field="slot_minutes")
    if not 1 <= capacity <= 500:
        raise ValidationFailed(_("Capacity is 1 to 500 candidates per slot."), field="capacity")
    with transaction.atomic():
        window = BookingWindow.objects.create(
            organization_id=job.organization_id,
            job=job,
            start=start,
            end=end,
            slot_minutes=slot_minutes,
            capacity=capacity,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            organization=actor.organization,
            action="interview.window_create",
            obj=window,
            after={
                "start": start.isoformat(),
                "end": end.isoformat(),
                "slot_minutes": slot_minutes,
                "capacity": capacity,
            },
        )
    return window


def booking_window_delete(*, window: BookingWindow, actor: User) -> None:
    with transaction.atomic():
        if Booking.objects.filter(window=window, cancelled_at__isnull=True).exists():
            raise Conflict(_("Candidates have booked this window; it cannot be deleted."))
        audit_record(
            actor=actor, organization=actor.organization, action="interview.window_delete", obj=window
        )
        Booking.objects.filter(window=window).delete()
        window.delete()
