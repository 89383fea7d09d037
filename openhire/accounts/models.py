from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from openhire.core.fields import EncryptedTextField
from openhire.core.models import BaseModel


class Organization(BaseModel):
    """A tenant: a bank or company. Every business row belongs to one."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    default_language = models.CharField(
        _("default language"),
        max_length=8,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        default="zh-hans",
    )
    settings = models.JSONField(_("settings"), default=dict, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    RECRUITER = "recruiter", _("Recruiter")
    INTERVIEWER = "interviewer", _("Interviewer")
    HIRING_MANAGER = "hiring_manager", _("Hiring manager")
    AUDITOR = "auditor", _("Auditor")


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.RECRUITER)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    phone = EncryptedTextField(_("mobile phone"), blank=True, default="")
    wecom_userid = models.CharField(_("WeCom user id"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    is_service = models.BooleanField(_("service account"), default=False)
    failed_logins = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # Bumped to end every session of this user at once (deactivation, "log out everywhere").
    session_epoch = models.PositiveIntegerField(default=0)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_session_auth_hash(self) -> str:
        return salted_hmac(
            "openhire.accounts.User.session",
            f"{self.password}|{self.session_epoch}|{self.is_active}",
            algorithm="sha256",
        ).hexdigest()

    @property
    def needs_second_factor(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser


class ApiKey(BaseModel):
    """A hashed, scoped key for integrations (ERP/OA/HRIS). Only the prefix is stored in clear."""

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    # Requests made with the key act as this service user (role and job scoping apply as to a person).
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="api_key")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
