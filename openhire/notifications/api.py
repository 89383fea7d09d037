"""Notifications API: the delivery log, HR messages to candidates, retries."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from openhire.core.api import require_roles, require_write
from openhire.notifications import selectors, services
from openhire.notifications.models import Delivery

router = Router(tags=["notifications"])
WRITERS = ("admin", "recruiter")


class DeliveryOut(Schema):
    id: UUID
    channel: str
    status: str
    template_key: str
    candidate_id: UUID | None
    user_id: UUID | None
    application_id: UUID | None
    subject: str
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None
    error: str
    provider_response: str
    rule_id: UUID | None
    created_at: datetime


@router.get("/notifications/deliveries", response=list[DeliveryOut])
@paginate(LimitOffsetPagination)
def deliveries(request: HttpRequest, status: str = "", channel: str = "", application_id: str = "") -> Any:
    viewer = require_roles(request, *WRITERS)
    return selectors.deliveries_for(
        viewer, selectors.LogFilters(status=status, channel=channel, application_id=application_id)
    )


class MessageIn(Schema):
    application_ids: list[UUID]
    text: str = ""
    template: str = "hr_message"
    channel: str | None = None


@router.post("/notifications/messages", response={201: list[DeliveryOut]})
def message(request: HttpRequest, payload: MessageIn) -> Status:
    """HR messages one or many candidates (logged like every message; opt-outs respected)."""
    from openhire.workflow.selectors import access_application_for_move

    viewer = require_write(request, *WRITERS)
    applications = [access_application_for_move(viewer, pk) for pk in payload.application_ids]
    rows = services.message_candidates(
        actor=viewer,
        applications=applications,
        text=payload.text,
        template_key=payload.template,
        channel=payload.channel,
    )
    return Status(201, rows)


@router.post("/notifications/deliveries/{delivery_id}/retry", response=DeliveryOut)
def retry(request: HttpRequest, delivery_id: UUID) -> Delivery:
    viewer = require_write(request, *WRITERS)
    return services.delivery_retry(delivery=selectors.access_delivery(viewer, delivery_id), actor=viewer)


class PreferenceIn(Schema):
    channels: list[str] = []
    opted_out: bool = False


class PreferenceOut(Schema):
    candidate_id: UUID
    channels: list[str]
    opted_out: bool


@router.put("/notifications/candidates/{candidate_id}/preferences", response=PreferenceOut)
def preferences(request: HttpRequest, candidate_id: UUID, payload: PreferenceIn) -> Any:
    """The candidate's channels in order of preference, and opt-out (as told to HR, or from an integration)."""
    from openhire.candidates.selectors import access_candidate

    viewer = require_write(request, *WRITERS)
    candidate = access_candidate(viewer, candidate_id)
    return services.preference_set(
        candidate=candidate, actor=viewer, channels=payload.channels, opted_out=payload.opted_out
    )
