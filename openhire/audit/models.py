from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Append-only: the database refuses UPDATE and DELETE on this table (see migration 0002)."""

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(_("time (UTC)"), auto_now_add=True, db_index=True)
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.DO_NOTHING, null=True, db_constraint=False, related_name="+"
    )
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.DO_NOTHING, null=True, db_constraint=False, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    ip = models.CharField(_("IP address"), max_length=64, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=400, blank=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]
        indexes = [models.Index(fields=["organization", "-id"])]
