"""Key rotation: rewrite every encrypted value and file under the newest key. Idempotent: values already
under the newest key are skipped, so an interrupted run can simply be started again."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection, transaction

from openhire.core import crypto
from openhire.core.fields import EncryptedTextField
from openhire.core.storage import EncryptedStorage


@dataclass(frozen=True)
class RotationReport:
    fields: int
    files: int
    unchanged: int


def reencrypt_everything() -> RotationReport:
    current = crypto.current_key_id()
    changed_fields = changed_files = unchanged = 0
    for model in apps.get_models():
        enc_fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        table = model._meta.db_table
        pk_col = model._meta.pk.column  # type: ignore[union-attr]
        for field in enc_fields:
            col = field.column
            with connection.cursor() as cursor:
                cursor.execute(
                    # identifiers come from model metadata, not input
                    f'SELECT "{pk_col}", "{col}" FROM "{table}" WHERE "{col}" IS NOT NULL AND "{col}" <> %s',  # noqa: S608
                    [""],
                )
                rows = cursor.fetchall()
            for pk, raw in rows:
                if crypto.text_key_id(raw) == current:
                    unchanged += 1
                    continue
                with transaction.atomic():
                    # Save through the ORM so the value is re-encrypted with the current key.
                    model._default_manager.filter(pk=pk).update(**{field.name: crypto.decrypt_text(raw)})
                changed_fields += 1
    if isinstance(default_storage, EncryptedStorage):
        for name in default_storage.walk():
            if default_storage.reencrypt(name):
                changed_files += 1
            else:
                unchanged += 1
    return RotationReport(fields=changed_fields, files=changed_files, unchanged=unchanged)
