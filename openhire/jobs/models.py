"""Jobs, hiring teams and interview plan versions.

The issue-3 engineer extends this module (competency library, job competency models, question bank,
plan editing). Other apps rely on: ``Job``, ``JobMember`` (drives object-level access),
``PlanVersion.snapshot`` (the frozen plan a candidate's interview uses; schema in ``jobs/plan_schema.md``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openhire.core.models import OrgOwnedModel


class Job(OrgOwnedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", _("Full time")
        PART_TIME = "part_time", _("Part time")
        CONTRACT = "contract", _("Contract")
        INTERNSHIP = "internship", _("Internship")
        CAMPUS = "campus", _("Campus graduate")

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), default=1)
    employment_type = models.CharField(
        _("employment type"), max_length=32, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    description = models.TextField(_("description"), blank=True)
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    # Hard requirements: {"education": "bachelor", "min_years": 2, "certificates": [...],
    #                     "languages": [...], "locations": [...]}
    hard_requirements = models.JSONField(_("hard requirements"), default=dict, blank=True)
    # Weighted skills: [{"name": "客户关系管理", "weight": 30}, ...]
    skills = models.JSONField(_("weighted skills"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Match score (0–100) at or above which a screened candidate is marked for the AI-interview invitation.
    invite_threshold = models.PositiveSmallIntegerField(_("AI-interview invitation threshold"), default=70)
    template_key = models.CharField(_("template"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class JobStatusChange(OrgOwnedModel):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]


class JobMember(OrgOwnedModel):
    """The hiring team: who works on a job, and as what. Drives object-level access."""

    class TeamRole(models.TextChoices):
        RECRUITER = "recruiter", _("Recruiter")
        INTERVIEWER = "interviewer", _("Interviewer")
        HIRING_MANAGER = "hiring_manager", _("Hiring manager")

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_memberships"
    )
    team_role = models.CharField(_("team role"), max_length=32, choices=TeamRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "user", "team_role"], name="job_member_unique")]


class InterviewPlan(OrgOwnedModel):
    """The editable AI-interview plan of a job. Publishing freezes a ``PlanVersion``."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="interview_plans")
    name = models.CharField(_("name"), max_length=200)
    # The draft being edited, in the same schema as PlanVersion.snapshot.
    draft = models.JSONField(_("draft"), default=dict, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class PlanVersion(OrgOwnedModel):
    """An immutable, published plan. Interviews point at the version they used."""

    plan = models.ForeignKey(InterviewPlan, on_delete=models.PROTECT, related_name="versions")
    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="plan_versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]
        ordering = ["plan", "-number"]

    def __str__(self) -> str:
        return f"{self.plan.name} v{self.number}"


class Competency(OrgOwnedModel):
    """An entry of the organisation's competency library (e.g. 沟通能力 / Communication)."""

    key = models.SlugField(_("key"), max_length=64)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    definition_zh = models.TextField(_("Chinese definition"), blank=True)
    definition_en = models.TextField(_("English definition"), blank=True)
    # Library defaults copied into a job's competency model when the competency is added to it.
    indicators = models.JSONField(_("behavioural indicators"), default=list, blank=True)
    anchors = models.JSONField(_("rating anchors"), default=dict, blank=True)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["name_zh"]
        constraints = [models.UniqueConstraint(fields=["organization", "key"], name="competency_key_unique")]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def name(self) -> dict[str, str]:
        return {"zh": self.name_zh, "en": self.name_en}

    @property
    def definition(self) -> dict[str, str]:
        return {"zh": self.definition_zh, "en": self.definition_en}


class JobCompetency(OrgOwnedModel):
    """One competency of a job's competency model: weight, behavioural indicators, 1/3/5 anchors."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="job_uses")
    weight = models.PositiveSmallIntegerField(_("weight"))
    min_score = models.PositiveSmallIntegerField(_("minimum score"), null=True, blank=True)
    # [{"zh": "...", "en": "..."}]
    indicators = models.JSONField(_("behavioural indicators"), default=list, blank=True)
    # {"1": {"zh", "en"}, "3": {...}, "5": {...}}
    anchors = models.JSONField(_("rating anchors"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "competency"], name="job_competency_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.competency} {self.weight}%"


class Question(OrgOwnedModel):
    """A question of the organisation's bank, tagged to a competency."""

    class Type(models.TextChoices):
        BEHAVIOURAL = "behavioural", _("Behavioural")
        SITUATIONAL = "situational", _("Situational")
        TECHNICAL = "technical", _("Technical")
        MOTIVATION = "motivation", _("Motivation")

    class Language(models.TextChoices):
        ZH = "zh", _("Chinese")
        EN = "en", _("English")
        BOTH = "both", _("Chinese and English")

    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="questions")
    # Stable key from a template or an import file; blank for questions written in the console.
    key = models.CharField(_("key"), max_length=64, blank=True, db_index=True)
    type = models.CharField(_("type"), max_length=16, choices=Type.choices, default=Type.BEHAVIOURAL)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.BOTH)
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), default=2)
    text_zh = models.TextField(_("question (Chinese)"), blank=True)
    text_en = models.TextField(_("question (English)"), blank=True)
    prep_seconds = models.PositiveIntegerField(_("preparation time (seconds)"), default=30)
    answer_seconds = models.PositiveIntegerField(_("answer time (seconds)"), default=120)
    ideal_points = models.JSONField(_("points of an ideal answer"), default=list, blank=True)
    reference_answer = models.JSONField(_("reference answer"), default=dict, blank=True)
    scoring_guide = models.JSONField(_("scoring guide"), default=dict, blank=True)
    followups = models.JSONField(_("follow-up rules"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=64, blank=True)
    is_archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["competency__name_zh", "difficulty", "created_at"]

    def __str__(self) -> str:
        return (self.text_zh or self.text_en)[:60]

    @property
    def text(self) -> dict[str, str]:
        return {"zh": self.text_zh, "en": self.text_en}
