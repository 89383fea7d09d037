"""The candidate's AI interview: invitation, consent, booking, answers and their resumable uploads.

The timeline of an interview is the one event log (``openhire.core.models.DomainEvent``, subject
``interview``); these rows hold the current state. Every write goes through ``services``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openhire.core.models import BaseModel, OrgOwnedModel


class Interview(OrgOwnedModel):
    """One candidate's AI interview for one application, on one frozen plan version."""

    audit_personal = True

    class State(models.TextChoices):
        INVITED = "invited", _("Invited")
        OPENED = "opened", _("Opened")
        CONSENTED = "consented", _("Consented")
        BOOKED = "booked", _("Booked")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")
        DECLINED = "declined", _("Declined")
        HUMAN_REQUESTED = "human_requested", _("Asked for a human interview")

    class Mode(models.TextChoices):
        VIDEO = "video", _("Video answers")
        TEXT = "text", _("Text answers")

    application = models.ForeignKey(
        "candidates.Application", on_delete=models.CASCADE, related_name="interviews"
    )
    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+")
    plan_version = models.ForeignKey("jobs.PlanVersion", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.INVITED, db_index=True
    )
    answer_mode = models.CharField(_("answer mode"), max_length=8, choices=Mode.choices, default=Mode.VIDEO)
    # Bumped whenever the candidate's session moves to another device (handoff) or the link is re-sent:
    # a cookie carrying an older value no longer opens the interview.
    session_nonce = models.CharField(max_length=32, blank=True)
    # Set while the candidate retakes an answered question (question id), cleared when the retake is in.
    retake_of = models.CharField(max_length=80, blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    human_requested_at = models.DateTimeField(_("human interview requested at"), null=True, blank=True)
    # The evaluation app fills the feedback report; HR releasing it sets this.
    feedback_released_at = models.DateTimeField(_("feedback released at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("AI interview")
        verbose_name_plural = _("AI interviews")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "plan_version"], name="interview_unique_per_version"
            )
        ]
        indexes = [models.Index(fields=["organization", "job", "state"])]

    def __str__(self) -> str:
        return f"interview {self.pk}"

    @property
    def snapshot(self) -> dict[str, Any]:
        snap: dict[str, Any] = self.plan_version.snapshot or {}
        return snap


class Invitation(OrgOwnedModel):
    """A link + short code that opens one interview. Only SHA-256 hashes of both are stored."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    exchanged_at = models.DateTimeField(_("first used at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]


class Consent(OrgOwnedModel):
    """What the candidate agreed to, under which version of the privacy notice."""

    class Alternative(models.TextChoices):
        NONE = "", _("None")
        TEXT = "text", _("Text answers")
        HUMAN = "human", _("Human interview")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="consents")
    privacy_version = models.CharField(max_length=32)
    ai_consent = models.BooleanField(default=False)
    av_analysis_consent = models.BooleanField(default=False)
    alternative = models.CharField(max_length=8, choices=Alternative.choices, blank=True, default="")
    language = models.CharField(max_length=8, blank=True)
    ip = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["-created_at"]


class BookingWindow(OrgOwnedModel):
    """HR-defined times when candidates of a job may book: slots of ``slot_minutes``, ``capacity`` each."""

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=30)
    capacity = models.PositiveSmallIntegerField(_("candidates per slot"), default=5)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["start"]


class Booking(OrgOwnedModel):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="bookings")
    window = models.ForeignKey(BookingWindow, on_delete=models.PROTECT, related_name="bookings")
    slot_start = models.DateTimeField(db_index=True)
    slot_end = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class Reminder(OrgOwnedModel):
    """A due reminder row; the workflow app claims and sends them (this app only creates/cancels)."""

    class Kind(models.TextChoices):
        BOOKING_NUDGE = "booking_nudge", _("Not booked within 24 hours")
        SLOT_SOON = "slot_soon", _("Slot starts in an hour")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]


class Answer(OrgOwnedModel):
    """One submitted attempt at one question (or follow-up). Never replaced: a retake is a new attempt."""

    audit_personal = True

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=80)  # snapshot question id, or "<id>#f<n>" for a follow-up
    attempt = models.PositiveSmallIntegerField(default=1)
    is_followup = models.BooleanField(default=False)
    parent_question_id = models.CharField(max_length=80, blank=True)
    media = models.FileField(upload_to="interviews/answers/", max_length=255, blank=True)
    text = models.TextField(blank=True)  # typed answer
    transcript = models.TextField(blank=True)  # from the evaluation app (answer_transcript_ready)
    mime = models.CharField(max_length=100, blank=True)
    container = models.CharField(max_length=16, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField()
    # Index of the follow-up rule the answer triggered: null = not decided yet, -1 = none.
    followup_index = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "question_id", "attempt"], name="answer_unique_attempt"
            )
        ]


class UploadSession(BaseModel):
    """A resumable upload: chunks are written to a temp file at their offset, verified, then encrypted."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        COMPLETE = "complete", _("Complete")
        FAILED = "failed", _("Failed")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="uploads")
    question_id = models.CharField(max_length=80)
    attempt = models.PositiveSmallIntegerField(default=1)
    expected_size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    mime = models.CharField(max_length=100, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    received = models.PositiveBigIntegerField(default=0)
    chunk_sums = models.JSONField(default=list, blank=True)  # [[offset, length, sha256], ...]
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    error = models.CharField(max_length=200, blank=True)
    answer = models.ForeignKey(Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]


class TokenGuess(models.Model):
    """A failed token or short-code attempt, per client address (hashed), for rate limiting."""

    ip_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)
