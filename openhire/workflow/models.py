"""The recruiting pipeline (stages, moves), automation rules and their timers, scorecards and to-dos."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openhire.core.models import OrgOwnedModel


class Outcome(models.TextChoices):
    """What entering a stage makes of the application (``Application.status``)."""

    ACTIVE = "active", _("Active")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TALENT_POOL = "talent_pool", _("Talent pool")


class Stage(OrgOwnedModel):
    """A pipeline stage: the organisation's template (``job`` empty) or one job's own list."""

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    key = models.SlugField(_("key"), max_length=64)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.ACTIVE)
    # Candidates longer than this in the stage are flagged as stalled (empty: no limit).
    sla_days = models.PositiveSmallIntegerField(_("SLA (days)"), null=True, blank=True)
    # Rules may reject candidates from this stage without a person (off unless the organisation turns it on).
    auto_reject = models.BooleanField(_("automatic rejection allowed"), default=False)

    class Meta:
        ordering = ["position", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key"], condition=Q(job=None), name="stage_org_key_unique"
            ),
            models.UniqueConstraint(fields=["job", "key"], name="stage_job_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def is_exit(self) -> bool:
        return self.outcome not in (Outcome.ACTIVE, Outcome.HIRED)


class StageChange(OrgOwnedModel):
    """One move of one application: who (person or rule), when, from, to, why."""

    audit_personal = True

    application = models.ForeignKey(
        "candidates.Application", on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from"), max_length=64)
    to_stage = models.CharField(_("to"), max_length=64)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rule = models.ForeignKey(
        "workflow.Rule", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    time_in_previous = models.DurationField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class Rule(OrgOwnedModel):
    """When ``trigger`` happens (``delay_minutes`` later, if the conditions still hold), do ``actions``.

    ``conditions``: ``[{"field": "evaluation.overall", "op": "gte", "value": 70}, ...]`` (all must hold).
    ``actions``: ``[{"type": "send_message", "template": "booking_nudge", "to": "candidate"}, ...]``.
    See ``workflow/engine.py`` for the fields, operators and action types.
    """

    key = models.SlugField(_("key"), max_length=64, blank=True)  # the default rules' stable key
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    trigger = models.CharField(_("trigger event"), max_length=64, db_index=True)
    delay_minutes = models.PositiveIntegerField(_("delay (minutes)"), default=0)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    actions = models.JSONField(_("actions"), default=list)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class RuleTimer(OrgOwnedModel):
    """One rule's run for one event: due now (immediate rules) or later (timers). Claimed with one
    conditional UPDATE, re-checks the conditions when it fires, retried with backoff, never dropped."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Condition no longer holds")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="timers")
    event = models.ForeignKey("core.DomainEvent", on_delete=models.CASCADE, related_name="+")
    application_id = models.UUIDField(null=True, blank=True, db_index=True)
    due_at = models.DateTimeField(db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    fired_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [models.UniqueConstraint(fields=["rule", "event"], name="rule_timer_once_per_event")]


class Scorecard(OrgOwnedModel):
    """An interviewer's scorecard for a structured (human) interview: assigned, due, submitted.

    Minimal on purpose: competency ratings and a recommendation; the structured-interview kit can
    grow it (or replace it and emit the same events)."""

    audit_personal = True

    application = models.ForeignKey("candidates.Application", on_delete=models.CASCADE, related_name="+")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField(_("due"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    ratings = models.JSONField(_("ratings"), default=dict, blank=True)  # {competency key: 1..5}
    recommendation = models.CharField(_("recommendation"), max_length=16, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "interviewer"], name="scorecard_unique")
        ]


class Todo(OrgOwnedModel):
    """A task for a person, created by a rule or by hand."""

    application = models.ForeignKey(
        "candidates.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    rule = models.ForeignKey(Rule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    dedupe_key = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["done_at", "due_at", "-created_at"]
