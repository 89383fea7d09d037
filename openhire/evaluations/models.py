"""The AI evaluation of an interview: per-answer analyses, competency scores, benchmark groups and the
human-review trail.

An ``Evaluation`` is versioned: re-running keeps the old rows and exactly one per interview is
``is_current``. Every write goes through ``services``; the long-running analysis runs in ``tasks``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openhire.core.models import OrgOwnedModel


class Evaluation(OrgOwnedModel):
    """One run of the evaluation engines over one interview."""

    audit_personal = True

    class Status(models.TextChoices):
        COLLECTING = "collecting", _("Collecting answers")
        ANALYSING = "analysing", _("Analysing")
        WAITING_TRANSCRIPT = "waiting_transcript", _("Waiting for a transcript")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Suggestion(models.TextChoices):
        NONE = "", _("None yet")
        PASS = "pass", _("Pass")
        HOLD = "hold", _("Hold")

    interview = models.ForeignKey("interviews.Interview", on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=False)
    trigger = models.CharField(max_length=16, default="auto")  # auto | rerun
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.COLLECTING, db_index=True
    )
    # The organisation's switches when the run started (camera, delivery, llm_grader, …).
    switches = models.JSONField(default=dict, blank=True)
    engines = models.JSONField(default=list, blank=True)  # [[name, version], ...]
    config_hash = models.CharField(max_length=64, blank=True)
    overall_score = models.FloatField(_("overall score"), null=True, blank=True, db_index=True)
    percentile = models.FloatField(_("percentile"), null=True, blank=True)
    benchmark_group = models.ForeignKey(
        "evaluations.BenchmarkGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    benchmark_size = models.PositiveIntegerField(default=0)
    suggestion = models.CharField(max_length=8, choices=Suggestion.choices, blank=True, default="")
    reasons = models.JSONField(default=dict, blank=True)  # {"zh": [...], "en": [...]}
    flags = models.JSONField(default=list, blank=True)  # [{"question_id", "code", "zh", "en"}]
    needs_human_review = models.BooleanField(default=False)
    # Candidate feedback: {"zh": "...", "en": "...", "strengths": [keys], "develop": [keys]}
    feedback = models.JSONField(default=dict, blank=True)
    feedback_released_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("AI evaluation")
        verbose_name_plural = _("AI evaluations")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "version"], name="evaluation_unique_version"),
            models.UniqueConstraint(
                fields=["interview"], condition=Q(is_current=True), name="evaluation_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"evaluation {self.pk} v{self.version}"


class AnswerAnalysis(OrgOwnedModel):
    """Everything measured on one answer: transcript, delivery and camera signals, content score."""

    audit_personal = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be analysed")
        TRANSCRIBED = "transcribed", _("Transcribed")
        WAITING_TRANSCRIPT = "waiting_transcript", _("Waiting for a transcript")
        DONE = "done", _("Scored")
        FLAGGED = "flagged", _("Not scored: unusable recording")
        SKIPPED = "skipped", _("Not analysed: no consent")

    class Source(models.TextChoices):
        NONE = "", _("None")
        ASR = "asr", _("Speech recognition")
        TYPED = "typed", _("Typed by the candidate")
        MANUAL = "manual", _("Entered by HR")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="analyses")
    answer = models.ForeignKey("interviews.Answer", on_delete=models.CASCADE, related_name="+")
    question_id = models.CharField(max_length=80)
    question_text = models.TextField(blank=True)
    competency = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    transcript = models.JSONField(default=dict, blank=True)  # Transcript.to_dict(words=True)
    transcript_source = models.CharField(max_length=8, choices=Source.choices, blank=True, default="")
    transcript_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=8, blank=True)
    asr_engine = models.CharField(max_length=100, blank=True)
    asr_rtf = models.FloatField(null=True, blank=True)
    delivery = models.JSONField(default=dict, blank=True)  # how it was said; never in scores
    camera = models.JSONField(default=dict, blank=True)  # integrity/engagement only; never in scores
    content = models.JSONField(default=dict, blank=True)  # features, coverage, STAR, notes
    score_100 = models.FloatField(null=True, blank=True)
    scale_1_5 = models.FloatField(null=True, blank=True)
    evidence = models.JSONField(default=list, blank=True)  # [{"text", "reason", "start", "end"}]
    engines = models.JSONField(default=list, blank=True)
    config_hash = models.CharField(max_length=64, blank=True)
    flags = models.JSONField(default=list, blank=True)  # codes: media_unusable, no_speech, …
    error = models.TextField(blank=True)
    seconds = models.FloatField(default=0.0)  # processing time

    class Meta:
        ordering = ["answer__submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "answer"], name="analysis_unique_answer"),
        ]

    @property
    def text(self) -> str:
        return str(self.transcript.get("text") or "")

    @property
    def is_terminal(self) -> bool:
        return self.status in (
            self.Status.DONE,
            self.Status.FLAGGED,
            self.Status.SKIPPED,
            self.Status.WAITING_TRANSCRIPT,
        )


class CompetencyScore(OrgOwnedModel):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="competency_scores")
    key = models.CharField(max_length=64)
    name_zh = models.CharField(max_length=100, blank=True)
    name_en = models.CharField(max_length=100, blank=True)
    weight = models.PositiveSmallIntegerField(default=0)
    score_100 = models.FloatField(null=True, blank=True)
    scale_1_5 = models.FloatField(null=True, blank=True)
    answers = models.PositiveSmallIntegerField(default=0)
    evidence = models.JSONField(
        default=list, blank=True
    )  # [{"text", "reason", "start", "end", "question_id"}]
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "key"], name="competency_score_unique")]


class BenchmarkGroup(OrgOwnedModel):
    """The population a percentile is computed against, per job (optionally per plan)."""

    class Kind(models.TextChoices):
        ALL = "all", _("All past candidates")
        SELECTED = "selected", _("Selected people (e.g. current high performers)")

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(
        "jobs.InterviewPlan", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ALL)
    # SELECTED: evaluations of the people in the group and overall scores entered by hand (0–100).
    evaluation_ids = models.JSONField(default=list, blank=True)
    scores = models.JSONField(default=list, blank=True)
    is_default = models.BooleanField(_("used for percentiles"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-is_default", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["job"], condition=Q(is_default=True), name="benchmark_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HumanReviewRequest(OrgOwnedModel):
    """Someone (HR or the candidate) asked a person to review the AI result; the trail of it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting review")
        RESOLVED = "resolved", _("Resolved")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="review_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_candidate = models.BooleanField(default=False)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]


class ConsentWithdrawal(OrgOwnedModel):
    """The candidate withdrew consent to AI processing: nothing more is processed for the interview."""

    interview = models.ForeignKey("interviews.Interview", on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
