"""AES-256-GCM encryption with key ids, for database fields and stored files.

Values carry the id of the key that encrypted them, so several keys can be live at once: the first key
in ``settings.OPENHIRE_ENCRYPTION_KEYS`` encrypts, any listed key decrypts. Rotation = put a new key
first, run ``openhire manage reencrypt``, then drop the old key.

Files are encrypted in independent 1 MiB chunks (each with its own nonce and the chunk index and a
last-chunk flag in the associated data), so large media never has to fit in memory and truncation or
reordering is detected.
"""

from __future__ import annotations

import base64
import os
import struct
from collections.abc import Iterator
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

FIELD_PREFIX = "enc1"
FILE_MAGIC = b"OHENC1"
CHUNK_SIZE = 1024 * 1024
NONCE_SIZE = 12
TAG_SIZE = 16


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class DecryptionError(Exception):
    """Ciphertext is corrupt, truncated, or was made with a key that is no longer configured."""


def _keys() -> list[tuple[str, bytes]]:
    keys: list[tuple[str, bytes]] = settings.OPENHIRE_ENCRYPTION_KEYS
    if not keys:
        raise DecryptionError("no encryption keys are configured")
    return keys


def current_key_id() -> str:
    return _keys()[0][0]


def _key(kid: str) -> bytes:
    for key_id, key in _keys():
        if key_id == kid:
            return key
    raise DecryptionError(f"encryption key {kid!r} is not configured")


def encrypt_text(plaintext: str, *, aad: bytes = b"") -> str:
    kid, key = _keys()[0]
    nonce = os.urandom(NONCE_SIZE)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), kid.encode() + b"|" + aad)
    return f"{FIELD_PREFIX}:{kid}:{base64.b64encode(nonce + ciphertext).decode()}"


def is_encrypted_text(value: str) -> bool:
    return value.startswith(FIELD_PREFIX + ":")


def text_key_id(value: str) -> str:
    return value.split(":", 2)[1]


def decrypt_text(value: str, *, aad: bytes = b"") -> str:
    try:
        prefix, kid, payload = value.split(":", 2)
        raw = base64.b64decode(payload, validate=True)
    except ValueError as exc:
        raise DecryptionError("value is not in the encrypted format") from exc
    if prefix != FIELD_PREFIX or len(raw) < NONCE_SIZE + TAG_SIZE:
        raise DecryptionError("value is not in the encrypted format")
    try:
        plain = AESGCM(_key(kid)).decrypt(raw[:NONCE_SIZE], raw[NONCE_SIZE:], kid.encode() + b"|" + aad)
    except InvalidTag as exc:
        raise DecryptionError("ciphertext failed authentication") from exc
    return plain.decode("utf-8")


def _chunk_aad(kid: str, index: int, last: bool) -> bytes:
    return FILE_MAGIC + kid.encode() + struct.pack(">Q?", index, last)


def encrypt_stream(source: Readable) -> Iterator[bytes]:
    """Yield the encrypted form of ``source``: a header, then one sealed record per chunk."""
    kid, key = _keys()[0]
    aes = AESGCM(key)
    kid_bytes = kid.encode()
    yield FILE_MAGIC + struct.pack(">B", len(kid_bytes)) + kid_bytes
    index = 0
    chunk = source.read(CHUNK_SIZE)
    while True:
        following = source.read(CHUNK_SIZE)
        last = not following
        nonce = os.urandom(NONCE_SIZE)
        sealed = aes.encrypt(nonce, chunk, _chunk_aad(kid, index, last))
        yield struct.pack(">I", len(sealed)) + nonce + sealed
        if last:
            return
        chunk = following
        index += 1


def _read_exact(source: Readable, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise DecryptionError("encrypted file is truncated")
    return data


def decrypt_stream(source: Readable) -> Iterator[bytes]:
    """Yield plaintext chunks of an encrypted file; raise DecryptionError if anything is off."""
    header = source.read(len(FILE_MAGIC) + 1)
    if len(header) != len(FILE_MAGIC) + 1 or not header.startswith(FILE_MAGIC):
        raise DecryptionError("file is not an openhire encrypted file")
    kid = _read_exact(source, header[-1]).decode()
    aes = AESGCM(_key(kid))
    index = 0
    while True:
        length_bytes = source.read(4)
        if not length_bytes:
            raise DecryptionError("encrypted file is truncated")
        (length,) = struct.unpack(">I", _pad4(length_bytes))
        if length > CHUNK_SIZE + TAG_SIZE:
            raise DecryptionError("encrypted file is corrupt")
        nonce = _read_exact(source, NONCE_SIZE)
        sealed = _read_exact(source, length)
        for last in (False, True):
            try:
                plain = aes.decrypt(nonce, sealed, _chunk_aad(kid, index, last))
            except InvalidTag:
                continue
            yield plain
            if last:
                if source.read(1):
                    raise DecryptionError("encrypted file has trailing data")
                return
            break
        else:
            raise DecryptionError("encrypted file failed authentication")
        index += 1


def _pad4(data: bytes) -> bytes:
    if len(data) != 4:
        raise DecryptionError("encrypted file is truncated")
    return data


def file_key_id(source: Readable) -> str:
    header = source.read(len(FILE_MAGIC) + 1)
    if not header.startswith(FILE_MAGIC):
        raise DecryptionError("file is not an openhire encrypted file")
    return _read_exact(source, header[-1]).decode()
