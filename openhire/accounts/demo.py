"""Demo organisation and one login per role, for `make run` and trying openhire out."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from openhire.accounts import services
from openhire.accounts.models import Organization, Role, User
from openhire.core import hooks

DEMO_SLUG = "demo-bank"
DEMO_PASSWORD = "openhire-demo-2026"  # noqa: S105 - printed demo logins, created only by `openhire demo`
DEMO_USERS = [
    ("admin", Role.ADMIN, "管理员 Admin"),
    ("recruiter", Role.RECRUITER, "王招聘 Recruiter"),
    ("interviewer", Role.INTERVIEWER, "李面试 Interviewer"),
    ("manager", Role.HIRING_MANAGER, "张经理 Hiring manager"),
    ("auditor", Role.AUDITOR, "赵审计 Auditor"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


def demo_load() -> tuple[Organization, list[DemoLogin], bool]:
    """Create the demo organisation if it does not exist; return it, the logins, and whether it was new."""
    existing = Organization.objects.filter(slug=DEMO_SLUG).first()
    logins = [DemoLogin(u, DEMO_PASSWORD, str(r.label)) for u, r, _ in DEMO_USERS]
    if existing is not None:
        return existing, logins, False
    with transaction.atomic():
        org = services.organization_create(name="示例银行", name_en="Demo Bank", slug=DEMO_SLUG)
        for username, role, display in DEMO_USERS:
            if not User.objects.filter(username=username).exists():
                services.user_create(
                    organization=org,
                    username=username,
                    password=DEMO_PASSWORD,
                    role=role,
                    display_name=display,
                    email=f"{username}@demo-bank.example",
                )
        hooks.demo_data(org)
    return org, logins, True
