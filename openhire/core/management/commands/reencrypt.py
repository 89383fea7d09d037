from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openhire.core.rotation import reencrypt_everything


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field and stored file under the newest key (after adding a key)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = reencrypt_everything()
        self.stdout.write(
            f"fields re-encrypted: {report.fields}, files re-encrypted: {report.files}, already current: {report.unchanged}"
        )
