"""Candidates, their applications to jobs, and their documents.

Owned by the issue-4 engineer (intake, parsing, de-duplication). Other apps rely on ``Candidate``,
``Application`` (one candidate applying to one job; ``stage`` is moved only by the workflow service)
and ``Document``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openhire.core.fields import EncryptedTextField
from openhire.core.models import OrgOwnedModel


class Candidate(OrgOwnedModel):
    audit_personal = True  # audit rows keep the id, never the name

    name = models.CharField(_("name"), max_length=200)
    phone = EncryptedTextField(_("mobile phone"), blank=True, default="")
    email = EncryptedTextField(_("e-mail"), blank=True, default="")
    # Keyed hashes of the normalised phone / e-mail / name+birth date, for de-duplication.
    phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    email_index = models.CharField(max_length=64, blank=True, db_index=True)
    identity_index = models.CharField(max_length=64, blank=True, db_index=True)
    birth_date = EncryptedTextField(_("birth date"), blank=True, default="")
    gender = models.CharField(_("gender"), max_length=16, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    language = models.CharField(_("preferred language"), max_length=8, default="zh-hans")
    # The structured profile (parsed and corrected): education, experience, skills, … (see ai/resume contracts)
    profile = models.JSONField(_("profile"), default=dict, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    wechat_openid = models.CharField(max_length=64, blank=True)
    # The last resume parse as the engines returned it (``ResumeProfile.to_dict()``), and HR's
    # corrections on top of it ({field: value}); ``profile`` is the two merged (see candidates/profile.py).
    parsed = models.JSONField(_("parse result"), default=dict, blank=True)
    corrections = models.JSONField(_("corrections"), default=dict, blank=True)
    parsed_at = models.DateTimeField(_("parsed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self) -> str:
        return self.name


class Application(OrgOwnedModel):
    audit_personal = True

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        HIRED = "hired", _("Hired")
        TALENT_POOL = "talent_pool", _("Talent pool")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="applications")
    source = models.CharField(_("source"), max_length=64, blank=True)  # upload, zip, import, careers, api, …
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    # Pipeline stage key (新申请 = "new"); changed only through the workflow app's move service.
    stage = models.CharField(_("stage"), max_length=64, default="new", db_index=True)
    stage_entered_at = models.DateTimeField(_("in stage since"), auto_now_add=True)
    match_score = models.FloatField(_("match score"), null=True, blank=True, db_index=True)
    screening = models.JSONField(_("screening result"), default=dict, blank=True)
    marked_for_interview = models.BooleanField(_("marked for AI interview"), default=False)
    human_review_requested = models.BooleanField(_("asked for human review"), default=False)
    passed_hard_requirements = models.BooleanField(_("passed hard requirements"), null=True, blank=True)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    # Consent to the privacy notice given on the careers page (version of the notice and when).
    consent_version = models.CharField(_("privacy notice version"), max_length=32, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["candidate", "job"], name="application_unique")]
        ordering = ["-created_at"]


class Document(OrgOwnedModel):
    audit_personal = True

    class Kind(models.TextChoices):
        RESUME = "resume", _("Resume")
        OTHER = "other", _("Other")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="documents")
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.RESUME)
    file = models.FileField(upload_to="documents/", max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    text = EncryptedTextField(blank=True, default="")
    parse_errors = models.JSONField(default=list, blank=True)
    # The resume text with protected attributes removed: the only text screening reads.
    scoring_text = EncryptedTextField(blank=True, default="")
    media_type = models.CharField(max_length=16, blank=True)  # detected from the content


class IntakeBatch(OrgOwnedModel):
    """Resumes that arrived together (console upload, bulk zip, careers page, API), parsed in the background."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Upload")
        ZIP = "zip", _("Bulk zip")
        CAREERS = "careers", _("Careers page")
        API = "api", _("API")

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.UPLOAD)
    progress_key = models.CharField(max_length=128, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]


class IntakeItem(OrgOwnedModel):
    """One received file: kept (encrypted) from arrival, whatever happens to its parse."""

    audit_personal = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Imported")
        DUPLICATE = "duplicate", _("Already applied")
        FAILED = "failed", _("Failed")

    batch = models.ForeignKey(IntakeBatch, on_delete=models.CASCADE, related_name="items")
    original_name = models.CharField(max_length=255)
    file = models.FileField(upload_to="intake/", max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    media_type = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    error_code = models.CharField(max_length=32, blank=True)
    error = models.TextField(blank=True)
    # Known up front for careers-page and API applications (the applicant typed their contact details).
    candidate = models.ForeignKey(
        Candidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]


class ImportBatch(OrgOwnedModel):
    """An Excel/CSV import: the file, the column mapping, and the validation report (nothing is lost:
    rows that fail are kept in a downloadable error file)."""

    audit_personal = True

    class Status(models.TextChoices):
        MAPPING = "mapping", _("Waiting for column mapping")
        DONE = "done", _("Imported")

    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    file = models.FileField(upload_to="imports/", max_length=255)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, blank=True)  # header index (str) → field name
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.MAPPING)
    total_rows = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    row_errors = models.JSONField(default=list, blank=True)  # [{"row": 3, "errors": ["..."]}]
    error_file = models.FileField(upload_to="imports/", max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]


class ApplyThrottle(models.Model):
    """Careers-page submissions per client (keyed hash of the IP) per time window, for rate limiting."""

    key = models.CharField(max_length=64)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="apply_throttle_unique")]
