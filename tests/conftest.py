from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from openhire.accounts.models import Organization, User

ROLES = ("admin", "recruiter", "interviewer", "hiring_manager", "auditor")
REPO_ROOT = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path | None:
    """The public datasets beside the checkout (CI has ../shared/data); None when absent."""
    for candidate in (
        os.environ.get("OPENHIRE_SHARED_DATA"),
        REPO_ROOT.parent / "shared" / "data",
        Path("/work/shared/data"),
    ):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


@pytest.fixture(autouse=True)
def _media_root(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_org(db) -> Callable[..., Organization]:  # type: ignore[no-untyped-def]
    from openhire.accounts.services import organization_create

    counter = {"n": 0}

    def make(name: str = "", name_en: str = "") -> Organization:
        counter["n"] += 1
        n = counter["n"]
        return organization_create(
            name=name or f"测试银行{n}", name_en=name_en or f"Test Bank {n}", slug=f"test-bank-{n}"
        )

    return make


@pytest.fixture
def org(make_org) -> Organization:  # type: ignore[no-untyped-def]
    return make_org("示例银行", "Demo Bank")


@pytest.fixture
def other_org(make_org) -> Organization:  # type: ignore[no-untyped-def]
    return make_org("另一家银行", "Other Bank")


@pytest.fixture
def make_user(db) -> Callable[..., User]:  # type: ignore[no-untyped-def]
    from openhire.accounts.services import user_create

    counter = {"n": 0}

    def make(
        org: Organization,
        role: str = "recruiter",
        username: str | None = None,
        password: str = "correct-horse-battery",
    ) -> User:
        counter["n"] += 1
        return user_create(
            organization=org,
            username=username or f"{role}{counter['n']}-{org.slug}",
            password=password,
            role=role,
            display_name=f"{role} {counter['n']}",
        )

    return make


@pytest.fixture
def users(org, make_user) -> dict[str, User]:  # type: ignore[no-untyped-def]
    """One user per role in ``org``."""
    return {role: make_user(org, role, username=role) for role in ROLES}


@pytest.fixture
def other_users(other_org, make_user) -> dict[str, User]:  # type: ignore[no-untyped-def]
    return {role: make_user(other_org, role, username=f"other-{role}") for role in ROLES}


def login(client: Client, user: User) -> Client:
    """Log ``user`` in with a passed second factor, as the console would after the TOTP step."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for(db) -> Callable[[User | None], Client]:  # type: ignore[no-untyped-def]
    def make(user: User | None) -> Client:
        client = Client()
        return login(client, user) if user is not None else client

    return make
