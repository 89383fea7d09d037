"""Writes for organisations, users and API keys. Every write records an audit row in its transaction."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from openhire.accounts.models import ApiKey, Organization, Role, User
from openhire.audit.services import audit_record
from openhire.core.errors import Conflict, ValidationFailed


def organization_create(
    *, name: str, name_en: str = "", slug: str = "", actor: User | None = None
) -> Organization:
    with transaction.atomic():
        slug = slug or slugify(name_en or name) or secrets.token_hex(4)
        if Organization.objects.filter(slug=slug).exists():
            raise Conflict(_("An organisation with this short name already exists."), field="slug")
        org = Organization.objects.create(name=name, name_en=name_en, slug=slug)
        audit_record(
            actor=actor, organization=org, action="organization.create", obj=org, after={"name": name}
        )
        from openhire.core import hooks

        hooks.organization_created(org)
    return org


def user_create(
    *,
    organization: Organization,
    username: str,
    password: str | None,
    role: str,
    email: str = "",
    display_name: str = "",
    actor: User | None = None,
) -> User:
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role."), field="role")
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise Conflict(_("This username is taken."), field="username")
        user = User(
            organization=organization, username=username, role=role, email=email, display_name=display_name
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        audit_record(
            actor=actor,
            organization=organization,
            action="user.create",
            obj=user,
            after={"username": username, "role": role},
        )
    return user


def user_set_role(*, user: User, role: str, actor: User) -> User:
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role."), field="role")
    with transaction.atomic():
        before = user.role
        user.role = role
        user.save(update_fields=["role"])
        audit_record(
            actor=actor,
            organization=user.organization,
            action="user.role",
            obj=user,
            before={"role": before},
            after={"role": role},
        )
    return user


USER_EDITABLE = ("display_name", "email", "phone", "wecom_userid", "language", "role")


def user_update(*, user: User, actor: User, changes: dict[str, Any]) -> User:
    """An admin edits a colleague: name, contact addresses (e-mail, mobile, WeCom user id, which the
    notification channels use), console language and role. A role change ends the user's sessions."""
    unknown = set(changes) - set(USER_EDITABLE)
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed here: %s") % ", ".join(sorted(unknown)))
    if "role" in changes and changes["role"] not in Role.values:
        raise ValidationFailed(_("Unknown role."), field="role")
    if "language" in changes and changes["language"] not in ("", "zh-hans", "en"):
        raise ValidationFailed(_("Unknown language."), field="language")
    if changes.get("role") not in (None, user.role) and user.pk == actor.pk:
        raise ValidationFailed(_("You cannot change your own role."), field="role")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        changed = {k: str(v).strip() for k, v in changes.items() if str(v).strip() != getattr(user, k)}
        if not changed:
            return user
        before = {k: getattr(user, k) for k in changed}
        for key, value in changed.items():
            setattr(user, key, value)
        user.save(update_fields=list(changed))
        if "role" in changed:
            user_end_sessions(user=user)
        masked = {"phone"}  # personal data: the audit row says that it changed, not the number
        audit_record(
            actor=actor,
            organization=user.organization,
            action="user.update",
            obj=user,
            before={k: ("…" if k in masked and v else v) for k, v in before.items()},
            after={k: ("…" if k in masked and v else v) for k, v in changed.items()},
        )
    return user


def user_end_sessions(*, user: User) -> None:
    """End every session of ``user`` now: the epoch is part of the session hash, so bumping it makes
    every existing session fail verification on its next request."""
    User.objects.filter(pk=user.pk).update(session_epoch=user.session_epoch + 1)
    user.session_epoch += 1


def user_deactivate(*, user: User, actor: User) -> User:
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        user_end_sessions(user=user)
        audit_record(actor=actor, organization=user.organization, action="user.deactivate", obj=user)
    return user


def user_reactivate(*, user: User, actor: User) -> User:
    with transaction.atomic():
        user.is_active = True
        user.failed_logins = 0
        user.locked_until = None
        user.save(update_fields=["is_active", "failed_logins", "locked_until"])
        audit_record(actor=actor, organization=user.organization, action="user.reactivate", obj=user)
    return user


def login_locked(user: User) -> bool:
    return bool(user.locked_until and user.locked_until > timezone.now())


def login_failed(*, user: User) -> None:
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.failed_logins += 1
        fields = ["failed_logins"]
        if locked.failed_logins >= settings.OPENHIRE_LOGIN_MAX_FAILURES:
            locked.locked_until = timezone.now() + timedelta(minutes=settings.OPENHIRE_LOGIN_LOCKOUT_MINUTES)
            locked.failed_logins = 0
            fields.append("locked_until")
            audit_record(actor=None, organization=locked.organization, action="user.lockout", obj=locked)
        locked.save(update_fields=fields)
        audit_record(actor=None, organization=locked.organization, action="auth.login_failed", obj=locked)


def login_succeeded(*, user: User) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        audit_record(actor=user, organization=user.organization, action="auth.login", obj=user)


@dataclass(frozen=True)
class IssuedApiKey:
    api_key: ApiKey
    secret: str  # shown once, never stored


def _hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_key_create(
    *, organization: Organization, name: str, scopes: list[str], role: str, actor: User
) -> IssuedApiKey:
    bad = set(scopes) - set(ApiKey.Scope.values)
    if bad or not scopes:
        raise ValidationFailed(_("Unknown or missing scope."), field="scopes")
    prefix = secrets.token_hex(4)
    secret = f"oh_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        service_user = User(
            organization=organization,
            username=f"apikey-{prefix}",
            role=role,
            is_service=True,
            display_name=name,
        )
        service_user.set_unusable_password()
        service_user.save()
        key = ApiKey.objects.create(
            organization=organization,
            name=name,
            prefix=prefix,
            key_hash=_hash_key(secret),
            scopes=scopes,
            user=service_user,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            organization=organization,
            action="apikey.create",
            obj=key,
            after={"name": name, "scopes": scopes, "role": role},
        )
    return IssuedApiKey(api_key=key, secret=secret)


def api_key_revoke(*, api_key: ApiKey, actor: User) -> ApiKey:
    with transaction.atomic():
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
        User.objects.filter(pk=api_key.user_id).update(is_active=False)
        audit_record(actor=actor, organization=api_key.organization, action="apikey.revoke", obj=api_key)
    return api_key


def api_key_authenticate(secret: str) -> ApiKey | None:
    parts = secret.split("_")
    if len(parts) < 3 or parts[0] != "oh":
        return None
    key = (
        ApiKey.objects.select_related("user", "organization")
        .filter(prefix=parts[1], revoked_at__isnull=True)
        .first()
    )
    if key is None or not secrets.compare_digest(key.key_hash, _hash_key(secret)):
        return None
    if key.last_used_at is None or timezone.now() - key.last_used_at > timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key
