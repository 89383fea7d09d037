"""Model fields whose values are encrypted at rest (AES-256-GCM, see ``openhire.core.crypto``)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db import models

from openhire.core import crypto


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text value stored as ``enc1:<key id>:<base64 nonce+ciphertext>``.

    Encrypted values cannot be searched; pair the field with a ``blind_index`` column when equality
    lookups are needed (e.g. de-duplicating candidates by phone).
    """

    description = "Text encrypted with AES-256-GCM"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt_text(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return crypto.decrypt_text(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and crypto.is_encrypted_text(value):
            return crypto.decrypt_text(value)
        return value


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash for equality lookups on encrypted values (normalise ``value`` first)."""
    key = hashlib.sha256(settings.SECRET_KEY.encode() + b"|blind-index|" + purpose.encode()).digest()
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
