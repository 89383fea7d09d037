"""Reads of the notifications app: the delivery log (scoped to the viewer's jobs), the inbox, templates."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from openhire.accounts.models import User
from openhire.audit.services import audit_read
from openhire.candidates.models import Candidate
from openhire.core.access import get_or_404, job_scoped, org_queryset
from openhire.core.navigation import Tile
from openhire.jobs.models import Job
from openhire.notifications.models import (
    CandidatePreference,
    Channel,
    ChannelConfig,
    Delivery,
    MessageTemplate,
)


@dataclass(frozen=True)
class LogFilters:
    status: str = ""
    channel: str = ""
    application_id: str = ""


def deliveries_for(viewer: User, filters: LogFilters | None = None) -> QuerySet[Delivery]:
    """Messages to candidates of the viewer's jobs and to staff (admins: the whole organisation)."""
    filters = filters or LogFilters()
    qs = org_queryset(Delivery.objects.select_related("candidate", "user", "application__job"), viewer)
    if viewer.role != "admin":
        jobs = job_scoped(Job.objects.all(), viewer, job_field="id").values("id")
        qs = qs.filter(Q(application__job__in=jobs) | Q(user=viewer))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.application_id:
        qs = qs.filter(application_id=filters.application_id)
    return qs.order_by("-created_at")


def access_delivery(viewer: User, delivery_id: UUID | str) -> Delivery:
    delivery = get_or_404(deliveries_for(viewer), delivery_id)
    audit_read(viewer=viewer, obj=delivery)
    return delivery


def inbox_for(viewer: User) -> QuerySet[Delivery]:
    return org_queryset(Delivery.objects.filter(user=viewer, channel="inapp"), viewer).order_by("-created_at")


def unread_count(viewer: User) -> int:
    return inbox_for(viewer).filter(read_at__isnull=True).count()


def templates_for(viewer: User) -> QuerySet[MessageTemplate]:
    return org_queryset(MessageTemplate.objects.all(), viewer)


def access_template(viewer: User, template_id: UUID | str) -> MessageTemplate:
    return get_or_404(templates_for(viewer), template_id)


def channels_for(viewer: User) -> QuerySet[ChannelConfig]:
    return org_queryset(ChannelConfig.objects.all(), viewer).order_by("kind")


def home_tiles(viewer: User) -> list[Tile]:
    """Home page: unread in-app notifications and messages that could not be delivered."""
    failed = deliveries_for(viewer, LogFilters(status=Delivery.Status.FAILED)).count()
    return [
        Tile(_("Unread notifications"), unread_count(viewer), "/notifications/", attention=True),
        Tile(_("Messages not delivered"), failed, "/notifications/log/?status=failed", attention=True),
    ]


def candidate_preference(candidate: Candidate) -> CandidatePreference | None:
    """The candidate's own message settings (read by the candidate in their interview session)."""
    return CandidatePreference.objects.filter(candidate=candidate).first()


def candidate_channels(candidate: Candidate) -> dict[str, str]:
    """channel → masked address, for the candidate channels the organisation has switched on and the
    candidate has an address for (the candidate sees where messages go, not the full number)."""
    enabled = set(
        ChannelConfig.objects.filter(organization_id=candidate.organization_id, enabled=True).values_list(
            "kind", flat=True
        )
    )
    out = {}
    for channel, address in (
        (Channel.WECHAT, candidate.wechat_openid and "微信 / WeChat"),
        (Channel.SMS, _mask(candidate.phone, keep=4)),
        (Channel.EMAIL, _mask_email(candidate.email)),
    ):
        if channel in enabled and address:
            out[str(channel)] = address
    return out


def _mask(value: str, *, keep: int) -> str:
    value = (value or "").strip()
    return "" if not value else "•" * max(0, len(value) - keep) + value[-keep:]


def _mask_email(value: str) -> str:
    name, at, domain = (value or "").partition("@")
    return f"{name[:1]}•••@{domain}" if at else ""
