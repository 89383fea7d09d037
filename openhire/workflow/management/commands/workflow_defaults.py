"""Install the pipeline template, default rules and message templates for organisations that existed
before the workflow app (new organisations get them when they are created). Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openhire.accounts.models import Organization
from openhire.notifications.services import notifications_install_defaults
from openhire.workflow.services import workflow_install_defaults


class Command(BaseCommand):
    help = "Install the default pipeline, automation rules and message templates where missing."

    def handle(self, *args: Any, **options: Any) -> None:
        for org in Organization.objects.all():
            workflow_install_defaults(org)
            notifications_install_defaults(org)
            self.stdout.write(f"{org.slug}: defaults installed")
