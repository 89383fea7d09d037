from __future__ import annotations

import base64
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from openhire.accounts.models import User
from openhire.core import crypto
from openhire.core.rotation import reencrypt_everything

PHONE = "13800138000"


def _key(kid: str) -> tuple[str, bytes]:
    return (kid, os.urandom(32))


def _raw_phone(user: User) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone FROM accounts_user WHERE id = %s",
            [user.pk.hex if connection.vendor == "sqlite" else user.pk],
        )
        return cursor.fetchone()[0]


def test_encrypted_field_round_trip_and_not_plaintext_in_database(org, make_user):
    user = make_user(org)
    user.phone = PHONE
    user.save()
    raw = _raw_phone(user)
    assert PHONE not in raw and raw.startswith("enc1:")
    assert User.objects.get(pk=user.pk).phone == PHONE


def test_tampered_ciphertext_is_rejected():
    value = crypto.encrypt_text("secret")
    prefix, kid, payload = value.split(":", 2)
    raw = bytearray(base64.b64decode(payload))
    raw[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(f"{prefix}:{kid}:{base64.b64encode(bytes(raw)).decode()}")


def test_storage_round_trip_and_file_bytes_are_not_plaintext(settings, tmp_path):
    content = ("候选人简历 resume " * 100_000).encode()  # > 1 chunk
    name = default_storage.save("resumes/张三的简历.pdf", ContentFile(content))
    assert "张三" not in name and name.startswith("resumes/")
    on_disk = (settings.MEDIA_ROOT / name).read_bytes()
    assert "候选人简历".encode() not in on_disk
    with default_storage.open(name) as fh:
        assert fh.read() == content
    assert b"".join(default_storage.iter_plaintext(name)) == content


def test_truncated_file_is_detected(settings):
    name = default_storage.save("resumes/a.txt", ContentFile(b"x" * 3_000_000))
    path = settings.MEDIA_ROOT / name
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(crypto.DecryptionError):
        default_storage.open(name).read()
    # dropping the whole last chunk is detected as well
    full = default_storage.save("resumes/b.txt", ContentFile(b"y" * 3_000_000))
    data = (settings.MEDIA_ROOT / full).read_bytes()
    (settings.MEDIA_ROOT / full).write_bytes(data[: len(data) - (1024 * 1024 // 2)])
    with pytest.raises(crypto.DecryptionError):
        default_storage.open(full).read()


def test_storage_has_no_public_url():
    with pytest.raises(NotImplementedError):
        default_storage.url("resumes/x.bin")


def test_key_rotation_keeps_old_data_readable_and_reencrypts(settings, org, make_user):
    old = settings.OPENHIRE_ENCRYPTION_KEYS[0]
    user = make_user(org)
    user.phone = PHONE
    user.save()
    name = default_storage.save("docs/offer.pdf", ContentFile(b"offer letter"))

    settings.OPENHIRE_ENCRYPTION_KEYS = [_key("k2"), old]
    assert User.objects.get(pk=user.pk).phone == PHONE  # old key still decrypts
    assert default_storage.open(name).read() == b"offer letter"

    report = reencrypt_everything()
    assert report.files >= 1 and report.fields >= 1
    assert crypto.text_key_id(_raw_phone(user)) == "k2"
    assert default_storage.key_id(name) == "k2"

    settings.OPENHIRE_ENCRYPTION_KEYS = [settings.OPENHIRE_ENCRYPTION_KEYS[0]]  # old key retired
    assert User.objects.get(pk=user.pk).phone == PHONE
    assert default_storage.open(name).read() == b"offer letter"
    assert reencrypt_everything().fields == 0  # idempotent


def test_missing_key_is_a_clear_error(settings):
    value = crypto.encrypt_text("x")
    settings.OPENHIRE_ENCRYPTION_KEYS = [_key("other")]
    with pytest.raises(crypto.DecryptionError, match="not configured"):
        crypto.decrypt_text(value)
