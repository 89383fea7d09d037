"""Base models: UUID primary keys, timestamps, and organisation ownership."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class OrgOwnedModel(BaseModel):
    """Every business row belongs to exactly one organisation; queries never cross it."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )

    class Meta:
        abstract = True


class TaskProgress(OrgOwnedModel):
    """Progress of a background job, for a progress bar (``key`` identifies the job to the page)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=64)
    key = models.CharField(_("key"), max_length=128, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("task progress")

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class WorkerHeartbeat(models.Model):
    """One row per running worker process, touched every few seconds (for /healthz and crash recovery)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.IntegerField()
    queues = models.CharField(max_length=255)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)


class TaskRun(BaseModel):
    """Idempotency ledger: a task step keyed by ``key`` completes at most once."""

    key = models.CharField(max_length=200, unique=True)
    result = models.JSONField(default=dict)


class DomainEvent(OrgOwnedModel):
    """Something that happened to a candidate, application, interview or job (see core/events.py)."""

    name = models.CharField(max_length=64, db_index=True)
    application_id = models.UUIDField(null=True, blank=True, db_index=True)
    candidate_id = models.UUIDField(null=True, blank=True, db_index=True)
    job_id = models.UUIDField(null=True, blank=True, db_index=True)
    subject_type = models.CharField(max_length=64, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    actor_id = models.UUIDField(null=True, blank=True)
    # The event whose handling caused this one (automation rules use it to stop loops).
    cause_id = models.UUIDField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "name", "-created_at"])]
