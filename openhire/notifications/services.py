"""Every write of the notifications app: messages, delivery attempts, templates, channels, preferences."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openhire.audit.services import audit_record
from openhire.core.errors import ValidationFailed
from openhire.notifications.defaults import DEFAULT_TEMPLATES
from openhire.notifications.models import (
    CANDIDATE_CHANNELS,
    CandidatePreference,
    Channel,
    ChannelConfig,
    Delivery,
    MessageTemplate,
)
from openhire.notifications.transports import TRANSPORTS, Message, Settings, TransportError

if TYPE_CHECKING:
    from openhire.accounts.models import Organization, User
    from openhire.candidates.models import Application, Candidate

logger = logging.getLogger("openhire.notifications")

MAX_ATTEMPTS = 5
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
STALE_CLAIM = timedelta(minutes=5)
DEFAULT_QUIET = {"quiet_start": "22:00", "quiet_end": "08:00", "timezone": "Asia/Shanghai"}
_VAR = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def render(text: str, context: dict[str, Any]) -> str:
    """Replace ``{{ name }}`` with the context value (unknown names become empty)."""
    return _VAR.sub(lambda m: str(context.get(m.group(1), "") or ""), text)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    external_id: str


def template_for(organization_id: Any, key: str, *, channel: str, language: str) -> MessageTemplate | None:
    rows = MessageTemplate.objects.filter(organization_id=organization_id, key=key)
    lang = "en" if language.startswith("en") else "zh"
    for ch, lg in ((channel, lang), ("", lang), (channel, "zh"), ("", "zh")):
        found = next((t for t in rows if t.channel == ch and t.language == lg), None)
        if found is not None:
            return found
    return None


def template_render(
    organization_id: Any, key: str, *, channel: str, language: str, context: dict[str, Any]
) -> Rendered:
    template = template_for(organization_id, key, channel=channel, language=language)
    if template is None:
        raise ValidationFailed(_("There is no message template with this key."), field="template")
    return Rendered(render(template.subject, context), render(template.body, context), template.external_id)


def _configs(organization_id: Any) -> dict[str, ChannelConfig]:
    return {c.kind: c for c in ChannelConfig.objects.filter(organization_id=organization_id)}


def _candidate_address(candidate: Candidate, channel: str) -> str:
    if channel == Channel.WECHAT:
        return candidate.wechat_openid
    if channel == Channel.SMS:
        return candidate.phone
    if channel == Channel.EMAIL:
        return candidate.email
    return ""


def quiet_until(organization: Organization, at: datetime) -> datetime | None:
    """The end of the candidates' quiet hours when ``at`` falls inside them, else ``None``."""
    conf = {**DEFAULT_QUIET, **(organization.settings or {}).get("notifications", {})}
    if not conf.get("quiet_start") or not conf.get("quiet_end"):
        return None
    tz = ZoneInfo(str(conf["timezone"]))
    local = at.astimezone(tz)
    start, end = time.fromisoformat(str(conf["quiet_start"])), time.fromisoformat(str(conf["quiet_end"]))
    now_t = local.time()
    inside = (start <= now_t or now_t < end) if start > end else (start <= now_t < end)
    if not inside:
        return None
    end_dt = datetime.combine(local.date(), end, tzinfo=tz)
    if end_dt <= local:
        end_dt += timedelta(days=1)
    return end_dt


def _create(delivery: Delivery) -> tuple[Delivery, bool]:
    existing = Delivery.objects.filter(
        organization_id=delivery.organization_id, dedupe_key=delivery.dedupe_key
    ).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError:
        return Delivery.objects.get(
            organization_id=delivery.organization_id, dedupe_key=delivery.dedupe_key
        ), False
    return delivery, True


def _enqueue(delivery: Delivery) -> None:
    if (
        delivery.status == Delivery.Status.PENDING
        and delivery.next_attempt_at
        and delivery.next_attempt_at <= timezone.now()
    ):
        from openhire.notifications.tasks import delivery_send

        delivery_id = str(delivery.pk)
        transaction.on_commit(lambda: delivery_send.enqueue(delivery_id=delivery_id))


def message_send(
    *,
    organization: Organization,
    template_key: str,
    dedupe_key: str,
    candidate: Candidate | None = None,
    user: User | None = None,
    application: Application | None = None,
    context: dict[str, Any] | None = None,
    channel: str | None = None,
    extra: dict[str, Any] | None = None,
    actor: User | None = None,
    rule_id: Any = None,
) -> list[Delivery]:
    """Queue one message (to a candidate: one channel by preference; to a staff member: in-app and,
    where configured, WeCom). One delivery per ``dedupe_key`` (and staff channel), ever: calling
    again with the same key returns the existing rows. Candidates who opted out, or have no usable
    channel, get a ``skipped`` row so the log says why nothing went out."""
    if (candidate is None) == (user is None):
        raise ValueError("message_send needs exactly one of candidate or user")
    now = timezone.now()
    configs = _configs(organization.pk)
    enabled = {kind for kind, c in configs.items() if c.enabled}
    context = {"company": organization.name, **(context or {})}
    out: list[Delivery] = []
    with transaction.atomic():
        if candidate is not None:
            context.setdefault("candidate", candidate.name)
            pref = CandidatePreference.objects.filter(candidate=candidate).first()
            order = [c for c in (pref.channels if pref and pref.channels else [])] + list(CANDIDATE_CHANNELS)
            choices = [channel] if channel else list(dict.fromkeys(order))
            chosen = next(
                (
                    c
                    for c in choices
                    if c in enabled and c in CANDIDATE_CHANNELS and _candidate_address(candidate, c)
                ),
                None,
            )
            status, error, address = Delivery.Status.PENDING, "", ""
            if pref is not None and pref.opted_out:
                status, error = Delivery.Status.SKIPPED, "opted out"
            elif chosen is None:
                status, error = Delivery.Status.SKIPPED, "no enabled channel with an address"
            else:
                address = _candidate_address(candidate, chosen)
            targets = [(chosen or (channel or Channel.EMAIL), address, status, error, dedupe_key)]
            language = candidate.language or organization.default_language
        else:
            assert user is not None
            context.setdefault("interviewer", str(user))
            targets = [(Channel.INAPP, str(user.pk), Delivery.Status.PENDING, "", f"{dedupe_key}:inapp")]
            if Channel.WECOM in enabled and user.wecom_userid:
                targets.append(
                    (Channel.WECOM, user.wecom_userid, Delivery.Status.PENDING, "", f"{dedupe_key}:wecom")
                )
            language = user.language or organization.default_language
        for ch, address, status, error, key in targets:
            rendered = template_render(
                organization.pk, template_key, channel=ch, language=language, context=context
            )
            next_at: datetime | None = now
            if candidate is not None and status == Delivery.Status.PENDING:
                next_at = quiet_until(organization, now) or now
            delivery, created = _create(
                Delivery(
                    organization=organization,
                    channel=ch,
                    candidate=candidate,
                    user=user,
                    application=application,
                    template_key=template_key,
                    address=address,
                    subject=rendered.subject,
                    body=rendered.body,
                    extra={
                        **(extra or {}),
                        "external_id": rendered.external_id,
                        "link": str(context.get("link", "")),
                        "job": str(context.get("job", "")),
                        "slot_time": str(context.get("slot_time", "")),
                    },
                    status=status,
                    error=error,
                    next_attempt_at=next_at if status == Delivery.Status.PENDING else None,
                    dedupe_key=key,
                    rule_id=rule_id,
                    created_by=actor,
                )
            )
            if created:
                audit_record(
                    actor=actor,
                    organization=organization,
                    action="notification.queue",
                    obj=delivery,
                    after={"channel": ch, "template": template_key, "status": status, "rule": rule_id},
                )
                _enqueue(delivery)
            out.append(delivery)
    return out


def _backoff(attempts: int) -> timedelta:
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def delivery_attempt(*, delivery_id: Any) -> Delivery | None:
    """Send one due delivery once (claimed with one conditional UPDATE, so two workers never both
    send it). Temporary errors are retried with backoff up to ``MAX_ATTEMPTS``; permanent ones fail."""
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM))
        .update(claimed_at=now)
    )
    delivery = Delivery.objects.select_related("organization").filter(pk=delivery_id).first()
    if not claimed or delivery is None:
        return delivery
    config = ChannelConfig.objects.filter(
        organization_id=delivery.organization_id, kind=delivery.channel
    ).first()
    transport_class = TRANSPORTS[delivery.channel]
    try:
        if delivery.channel != Channel.INAPP and (config is None or not config.enabled):
            raise TransportError(f"channel {delivery.channel} is switched off", permanent=True)
        transport = transport_class(
            Settings(dict(config.options) if config else {}, config.secret if config else "")
        )
        extra = dict(delivery.extra)
        response = transport.send(
            Message(delivery.address, delivery.subject, delivery.body, str(extra.get("link", "")), extra)
        )
        error: TransportError | None = None
    except TransportError as exc:
        error, response = exc, exc.response
    except Exception as exc:  # a bug in a transport must not lose the message: retry, then show it
        logger.exception("transport %s crashed", delivery.channel)
        error, response = TransportError(repr(exc), permanent=False), ""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.attempts += 1
        delivery.claimed_at = None
        delivery.provider_response = (response or "")[:4000]
        if error is None:
            delivery.status = Delivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.error = ""
        elif error.permanent or delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
            delivery.error = str(error)[:2000]
        else:
            delivery.error = str(error)[:2000]
            delivery.next_attempt_at = timezone.now() + _backoff(delivery.attempts)
        delivery.save()
        if delivery.status != Delivery.Status.PENDING:
            audit_record(
                actor=None,
                organization=delivery.organization,
                action=f"notification.{delivery.status}",
                obj=delivery,
                after={
                    "channel": delivery.channel,
                    "attempts": delivery.attempts,
                    "error": delivery.error[:200],
                },
            )
    return delivery


def deliveries_send_due(*, limit: int = 200) -> int:
    """Periodic job: send every due delivery (retries, quiet-hour deferrals, missed enqueues)."""
    ids = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in ids:
        result = delivery_attempt(delivery_id=pk)
        sent += int(result is not None and result.status == Delivery.Status.SENT)
    return sent


def delivery_retry(*, delivery: Delivery, actor: User) -> Delivery:
    """HR sends a failed message again (after fixing the channel or the address)."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status not in (Delivery.Status.FAILED, Delivery.Status.SKIPPED):
            raise ValidationFailed(_("Only failed messages can be sent again."))
        before = delivery.status
        if delivery.status == Delivery.Status.SKIPPED and delivery.candidate_id:
            candidate = delivery.candidate
            assert candidate is not None
            configs = _configs(delivery.organization_id)
            channel = next(
                (
                    c
                    for c in CANDIDATE_CHANNELS
                    if configs.get(c) and configs[c].enabled and _candidate_address(candidate, c)
                ),
                None,
            )
            if channel is None:
                raise ValidationFailed(_("This candidate has no address on any enabled channel."))
            delivery.channel, delivery.address = channel, _candidate_address(candidate, channel)
        delivery.status = Delivery.Status.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.claimed_at = None
        delivery.save()
        audit_record(
            actor=actor,
            organization=actor.organization,
            action="notification.retry",
            obj=delivery,
            before={"status": before},
        )
        _enqueue(delivery)
    return delivery


def message_candidates(
    *,
    actor: User,
    applications: list[Application],
    text: str = "",
    template_key: str = "hr_message",
    channel: str | None = None,
) -> list[Delivery]:
    """HR messages one or many candidates from the console; logged like every other message."""
    if template_key == "hr_message" and not text.strip():
        raise ValidationFailed(_("Write the message first."), field="text")
    if len(text) > 500:
        raise ValidationFailed(_("The message is too long (at most 500 characters)."), field="text")
    batch = uuid.uuid4().hex
    out: list[Delivery] = []
    organization = actor.organization
    assert organization is not None
    for application in applications:
        out += message_send(
            organization=organization,
            template_key=template_key,
            dedupe_key=f"hr:{batch}:{application.pk}",
            candidate=application.candidate,
            application=application,
            context={
                "job": application.job.title,
                "text": text.strip(),
                "link": f"{settings.OPENHIRE_BASE_URL}/i/c/",
            },
            channel=channel or None,
            actor=actor,
        )
    return out


def inapp_mark_read(*, user: User, delivery_ids: list[Any] | None = None) -> int:
    with transaction.atomic():
        qs = Delivery.objects.filter(user=user, channel=Channel.INAPP, read_at__isnull=True)
        if delivery_ids is not None:
            qs = qs.filter(pk__in=delivery_ids)
        count = qs.update(read_at=timezone.now())
        if count:
            audit_record(
                actor=user, organization=user.organization, action="notification.read", after={"count": count}
            )
    return count


def template_save(
    *,
    organization: Organization,
    actor: User,
    key: str,
    channel: str,
    language: str,
    subject: str,
    body: str,
    external_id: str = "",
    name: str = "",
) -> MessageTemplate:
    if not re.fullmatch(r"[a-z0-9_-]{1,64}", key):
        raise ValidationFailed(_("Use lower-case letters, digits, - and _ for the key."), field="key")
    if channel and channel not in Channel.values:
        raise ValidationFailed(_("Unknown channel."), field="channel")
    if language not in ("zh", "en"):
        raise ValidationFailed(_("Unknown language."), field="language")
    if not body.strip():
        raise ValidationFailed(_("The text cannot be empty."), field="body")
    with transaction.atomic():
        template, created = MessageTemplate.objects.get_or_create(
            organization=organization, key=key, channel=channel, language=language, defaults={"body": body}
        )
        before = {"subject": template.subject, "body": template.body}
        template.subject, template.body, template.external_id = subject, body, external_id
        template.name = name or template.name
        template.save()
        audit_record(
            actor=actor,
            organization=organization,
            action="notification.template_save",
            obj=template,
            before=None if created else before,
            after={"subject": subject, "body": body},
        )
    return template


SECRET_UNCHANGED = object()


def channel_configure(
    *,
    organization: Organization,
    actor: User | None,
    kind: str,
    enabled: bool,
    options: dict[str, Any],
    secret: str | None = None,
) -> ChannelConfig:
    """Switch a channel on or off and store its settings; ``secret=None`` keeps the stored secret."""
    if kind not in Channel.values:
        raise ValidationFailed(_("Unknown channel."), field="kind")
    allowed = {
        "corp_id",
        "agent_id",
        "app_id",
        "template_id",
        "provider",
        "sign_name",
        "access_key_id",
        "from_email",
        "api_base",
        "oauth_base",
    }
    unknown = set(options) - allowed
    if unknown:
        raise ValidationFailed(
            _("Unknown setting: %(names)s") % {"names": ", ".join(sorted(unknown))}, field="options"
        )
    with transaction.atomic():
        config, _created = ChannelConfig.objects.get_or_create(organization=organization, kind=kind)
        config.enabled = enabled
        config.options = {k: v for k, v in options.items() if v not in (None, "")}
        if secret is not None:
            config.secret = secret
        config.save()
        audit_record(
            actor=actor,
            organization=organization,
            action="notification.channel_configure",
            obj=config,
            after={
                "kind": kind,
                "enabled": enabled,
                "options": config.options,
                "secret_changed": secret is not None,
            },
        )
    return config


def preference_set(
    *, candidate: Candidate, actor: User | None, channels: list[str], opted_out: bool
) -> CandidatePreference:
    bad = [c for c in channels if c not in CANDIDATE_CHANNELS]
    if bad:
        raise ValidationFailed(_("Unknown channel."), field="channels")
    with transaction.atomic():
        pref, _created = CandidatePreference.objects.get_or_create(
            candidate=candidate, defaults={"organization_id": candidate.organization_id}
        )
        before = {"channels": pref.channels, "opted_out": pref.opted_out}
        pref.channels = list(dict.fromkeys(channels))
        if opted_out and not pref.opted_out:
            pref.opted_out_at = timezone.now()
        pref.opted_out = opted_out
        pref.save()
        audit_record(
            actor=actor,
            organization=candidate.organization,
            action="notification.preference_set",
            obj=pref,
            before=before,
            after={"channels": pref.channels, "opted_out": opted_out},
        )
    return pref


def notifications_install_defaults(organization: Organization) -> None:
    """Default templates and channel settings for a new organisation (``on_organization_created``)."""
    for key, spec in DEFAULT_TEMPLATES.items():
        for language in ("zh", "en"):
            subject, body = spec[language]
            MessageTemplate.objects.get_or_create(
                organization=organization,
                key=key,
                channel="",
                language=language,
                defaults={"subject": subject, "body": body, "name": spec["name"]},
            )
    defaults: dict[str, tuple[bool, dict[str, Any]]] = {
        Channel.INAPP: (True, {}),
        Channel.EMAIL: (True, {}),
        Channel.SMS: (True, {"provider": "log"}),
        Channel.WECHAT: (False, {}),
        Channel.WECOM: (False, {}),
    }
    for kind, (enabled, options) in defaults.items():
        ChannelConfig.objects.get_or_create(
            organization=organization, kind=kind, defaults={"enabled": enabled, "options": options}
        )
    audit_record(
        actor=None,
        organization=organization,
        action="notification.defaults_install",
        after={"templates": len(DEFAULT_TEMPLATES)},
    )


def ics_event(*, uid: str, summary: str, start: datetime, end: datetime, url: str = "") -> str:
    """An iCalendar invitation (attached to e-mails about a booked slot)."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//openhire//EN")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", timezone.now())
    if url:
        event.add("url", url)
    cal.add_component(event)
    return str(cal.to_ical().decode())


# --- WeChat web authorisation (网页授权): the candidate's openid for template messages --------------


def wechat_oauth(organization_id: Any, redirect_uri: str, state: str) -> Any | None:
    """wechatpy's OAuth client for the organisation's official account, or None when the WeChat
    channel is not switched on with an app id and secret. ``snsapi_base`` asks the candidate nothing:
    WeChat only tells us the openid of the account that opened the page."""
    config = ChannelConfig.objects.filter(
        organization_id=organization_id, kind=Channel.WECHAT, enabled=True
    ).first()
    if config is None or not config.options.get("app_id") or not config.secret:
        return None
    from wechatpy.oauth import WeChatOAuth

    client = WeChatOAuth(str(config.options["app_id"]), config.secret, redirect_uri, "snsapi_base", state)
    if config.options.get("api_base"):  # a proxy, or the local stand-in the tests use
        # api_base is the cgi-bin base of the message API; web authorisation lives beside it (/sns/).
        client.API_BASE_URL = str(config.options["api_base"]).rstrip("/").removesuffix("/cgi-bin") + "/"
    if config.options.get("oauth_base"):
        client.OAUTH_BASE_URL = str(config.options["oauth_base"]).rstrip("/") + "/"
    return client


def candidate_wechat_link(*, candidate: Candidate, code: str, redirect_uri: str) -> Candidate:
    """Exchange the code WeChat sent back for the candidate's openid and keep it (audited, the openid
    itself is not written to the audit log). A code is single-use: WeChat refuses it a second time."""
    from wechatpy.exceptions import WeChatClientException, WeChatOAuthException

    from openhire.candidates.models import Candidate

    client = wechat_oauth(candidate.organization_id, redirect_uri, "")
    if client is None:
        raise ValidationFailed(_("WeChat messages are not set up by this organisation."))
    try:
        token = client.fetch_access_token(code)
    except (WeChatOAuthException, WeChatClientException) as exc:
        raise ValidationFailed(
            _("WeChat did not confirm your account. Please try again."), code="wechat"
        ) from exc
    openid = str(token.get("openid") or "")
    if not openid:
        raise ValidationFailed(_("WeChat did not confirm your account. Please try again."), code="wechat")
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        had = bool(candidate.wechat_openid)
        candidate.wechat_openid = openid
        candidate.save(update_fields=["wechat_openid", "updated_at"])
        audit_record(
            actor=None,
            organization=candidate.organization,
            action="candidate.wechat_linked",
            obj=candidate,
            before={"wechat": had},
            after={"wechat": True},
        )
    return candidate
