"""Notification channels, message templates, the delivery log, candidate preferences.

Every message (automatic or sent by HR) is a ``Delivery`` row: it is rendered when created, sent by
``services.delivery_attempt`` (a task right after commit, and the periodic job for due retries and
deferred quiet-hour messages), and keeps its attempts and the provider's response.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openhire.core.fields import EncryptedTextField
from openhire.core.models import OrgOwnedModel


class Channel(models.TextChoices):
    WECOM = "wecom", _("WeCom")
    WECHAT = "wechat", _("WeChat official account")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    INAPP = "inapp", _("In-app")


# Default order for candidates: WeChat is opened far more than SMS, SMS more than e-mail (the seeds).
CANDIDATE_CHANNELS = (Channel.WECHAT, Channel.SMS, Channel.EMAIL)
STAFF_CHANNELS = (Channel.INAPP, Channel.WECOM, Channel.EMAIL)


class ChannelConfig(OrgOwnedModel):
    """One organisation's settings for one channel. ``secret`` holds the credential (encrypted)."""

    kind = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    enabled = models.BooleanField(_("enabled"), default=False)
    # Non-secret settings: corp_id / agent_id (WeCom), app_id (WeChat), provider / sign_name /
    # access_key_id (SMS), from_email (e-mail), api_base (a different API host, e.g. a proxy).
    options = models.JSONField(_("settings"), default=dict, blank=True)
    secret = EncryptedTextField(_("secret"), blank=True, default="")

    class Meta:
        verbose_name = _("channel settings")
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="channel_config_unique")]


class MessageTemplate(OrgOwnedModel):
    """A message per key, channel and language. ``channel`` empty = any channel without its own."""

    key = models.SlugField(_("key"), max_length=64)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=[("zh", "中文"), ("en", "English")])
    name = models.CharField(_("name"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    # WeChat template id (official account) or SMS template code (Aliyun / Tencent Cloud).
    external_id = models.CharField(_("provider template id"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("message template")
        ordering = ["key", "channel", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key", "channel", "language"], name="message_template_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} / {self.channel or '*'} / {self.language}"


class Delivery(OrgOwnedModel):
    """One message to one person over one channel: the delivery log."""

    audit_personal = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")
        CANCELLED = "cancelled", _("Cancelled")

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    application = models.ForeignKey(
        "candidates.Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    template_key = models.CharField(_("message"), max_length=64, blank=True)
    address = EncryptedTextField(_("address"), blank=True, default="")
    subject = EncryptedTextField(_("subject"), blank=True, default="")
    body = EncryptedTextField(_("text"), blank=True, default="")
    # Channel-specific extras: link, wechat template id/data, SMS params, calendar event.
    extra = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_response = models.TextField(_("provider response"), blank=True)
    error = models.TextField(_("error"), blank=True)
    # Stable key of the reason for this message (rule + event, reminder row, HR batch): one row per key.
    dedupe_key = models.CharField(max_length=200)
    rule_id = models.UUIDField(null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)  # in-app messages
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("delivery log")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "dedupe_key"], name="delivery_dedupe_unique")
        ]
        indexes = [models.Index(fields=["organization", "status", "-created_at"])]


class CandidatePreference(OrgOwnedModel):
    """The candidate's channels in order of preference, and opt-out of all messages."""

    candidate = models.OneToOneField(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="notification_preference"
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)
    opted_out = models.BooleanField(_("opted out"), default=False)
    opted_out_at = models.DateTimeField(null=True, blank=True)
