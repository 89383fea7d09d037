from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from openhire.core import crypto, navigation
from openhire.core.storage import EncryptedStorage


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The console home page: each app's figures of what needs doing (counts only, no personal data)."""
    sections = (
        navigation.home_sections(request.user) if getattr(request.user, "organization_id", None) else []
    )
    return render(request, "core/home.html", {"sections": sections})


def healthz(request: HttpRequest) -> JsonResponse:
    """Database reachability and worker heartbeat, for load balancers and monitoring."""
    report: dict[str, Any] = {"status": "ok", "time": timezone.now().isoformat()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:
        report["database"] = {"ok": False, "error": exc.__class__.__name__}
        report["status"] = "error"
    report["worker"] = _worker_health()
    if not report["worker"]["ok"] and report["status"] == "ok":
        report["status"] = "degraded"
    return JsonResponse(report, status=200 if report["status"] != "error" else 503)


def _worker_health() -> dict[str, Any]:
    backend = settings.OPENHIRE_TASK_BACKEND
    if backend == "rq":
        try:
            import django_rq
            from rq import Worker

            workers = Worker.all(connection=django_rq.get_connection("default"))
            return {"ok": bool(workers), "backend": "rq", "workers": len(workers)}
        except Exception as exc:
            return {"ok": False, "backend": "rq", "error": exc.__class__.__name__}
    if backend == "immediate":
        return {"ok": True, "backend": "immediate", "workers": 0}
    try:
        from openhire.core.worker import live_workers

        heartbeats = live_workers()
    except Exception as exc:
        return {"ok": False, "backend": "database", "error": exc.__class__.__name__}
    last = max((w.seen_at for w in heartbeats), default=None)
    return {
        "ok": bool(heartbeats),
        "backend": "database",
        "workers": len(heartbeats),
        "last_heartbeat": last.isoformat() if last else None,
    }


def stored_file_response(
    name: str,
    *,
    filename: str,
    content_type: str | None = None,
    inline: bool = True,
    request: HttpRequest | None = None,
) -> StreamingHttpResponse | HttpResponse:
    """Stream a decrypted stored file. Call only after a selector has checked access and audited the read.

    With ``request``, a single byte range (``Range: bytes=a-b``, ``bytes=a-``, ``bytes=-n``) is
    answered with 206 and ``Content-Range`` (Safari plays video only so), an unsatisfiable one with
    416; a malformed or multi-range header is ignored (the whole file, 200), as RFC 9110 allows. Only
    the encrypted chunks that hold the range are read and decrypted.
    """
    storage = default_storage
    ctype = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    size = _plain_size(storage, name)
    wanted = _requested_range(request, size)
    response: StreamingHttpResponse | HttpResponse
    if isinstance(wanted, str):  # "unsatisfiable"
        response = HttpResponse(status=416, content_type=ctype)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = StreamingHttpResponse(_plain_chunks(storage, name), content_type=ctype)
        response["Content-Length"] = str(size)
    else:
        first, last = wanted
        response = StreamingHttpResponse(
            _plain_range(storage, name, first, last, size), content_type=ctype, status=206
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    if request is not None:
        response["Accept-Ranges"] = "bytes"
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{_quote(filename)}"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


def _requested_range(request: HttpRequest | None, size: int) -> tuple[int, int] | str | None:
    """The inclusive byte range asked for, ``"unsatisfiable"``, or None for the whole file."""
    if request is None or request.method not in ("GET", "HEAD"):
        return None
    header = request.headers.get("Range", "")
    if not header or "If-Range" in request.headers:  # no validators here: If-Range never matches
        return None
    match = _RANGE.match(header)
    if match is None:  # malformed, another unit, or several ranges: ignored
        return None
    first_s, last_s = match.groups()
    if not first_s and not last_s:
        return None
    if not first_s:  # bytes=-n: the last n bytes
        suffix = int(last_s)
        if suffix == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - suffix), size - 1
    first = int(first_s)
    last = int(last_s) if last_s else size - 1
    if last_s and last < first:
        return None  # syntactically invalid: ignored
    if first >= size:
        return "unsatisfiable"
    return first, min(last, size - 1)


# --- the encrypted file format (openhire.core.crypto): header, then sealed 1 MiB chunks ---------
_RECORD_OVERHEAD = 4 + crypto.NONCE_SIZE + crypto.TAG_SIZE  # length prefix, nonce, GCM tag


def _read_header(sealed: IO[bytes]) -> tuple[int, str]:
    """The header's length and the key id of an encrypted file (positioned at its start)."""
    head = sealed.read(len(crypto.FILE_MAGIC) + 1)
    if len(head) != len(crypto.FILE_MAGIC) + 1 or not head.startswith(crypto.FILE_MAGIC):
        raise crypto.DecryptionError("file is not an openhire encrypted file")
    kid = sealed.read(head[-1])
    if len(kid) != head[-1]:
        raise crypto.DecryptionError("encrypted file is truncated")
    return len(head) + len(kid), kid.decode()


def _chunk_count(body: int) -> int:
    """How many sealed records ``body`` bytes (everything after the header) hold (at least one)."""
    return max(1, -(-body // (crypto.CHUNK_SIZE + _RECORD_OVERHEAD)))


def _plain_size(storage: Storage, name: str) -> int:
    if not isinstance(storage, EncryptedStorage):
        return int(storage.size(name))
    with storage.inner.open(name, "rb") as sealed:
        header, _kid = _read_header(sealed)
    body = int(storage.inner.size(name)) - header
    size = body - _chunk_count(body) * _RECORD_OVERHEAD
    if size < 0:
        raise crypto.DecryptionError("encrypted file is truncated")
    return size


def _plain_chunks(storage: Storage, name: str) -> Iterator[bytes]:
    if isinstance(storage, EncryptedStorage):
        yield from storage.iter_plaintext(name)
        return
    with storage.open(name, "rb") as fh:
        yield from fh.chunks()


def _plain_range(storage: Storage, name: str, first: int, last: int, size: int) -> Iterator[bytes]:
    """The plaintext bytes ``first``..``last`` (inclusive), decrypting only the chunks that hold them."""
    if not isinstance(storage, EncryptedStorage):
        with storage.open(name, "rb") as fh:
            fh.seek(first)
            left = last - first + 1
            while left > 0:
                block = fh.read(min(left, 1024 * 1024))
                if not block:
                    return
                left -= len(block)
                yield block
        return
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    step = crypto.CHUNK_SIZE
    record = step + _RECORD_OVERHEAD
    with storage.inner.open(name, "rb") as sealed:
        header, kid = _read_header(sealed)
        count = _chunk_count_for_plain(size)
        aes = AESGCM(crypto._key(kid))
        index = first // step
        _skip(sealed, header + index * record, header)
        while index * step <= last:
            length_bytes = sealed.read(4)
            if len(length_bytes) != 4:
                raise crypto.DecryptionError("encrypted file is truncated")
            length = int.from_bytes(length_bytes, "big")
            if length > step + crypto.TAG_SIZE:
                raise crypto.DecryptionError("encrypted file is corrupt")
            nonce = sealed.read(crypto.NONCE_SIZE)
            body = sealed.read(length)
            if len(nonce) != crypto.NONCE_SIZE or len(body) != length:
                raise crypto.DecryptionError("encrypted file is truncated")
            try:
                plain = aes.decrypt(nonce, body, crypto._chunk_aad(kid, index, index == count - 1))
            except InvalidTag as exc:
                raise crypto.DecryptionError("encrypted file failed authentication") from exc
            base = index * step
            yield plain[max(0, first - base) : last - base + 1]
            index += 1


def _chunk_count_for_plain(size: int) -> int:
    return max(1, -(-size // crypto.CHUNK_SIZE))


def _skip(sealed: IO[bytes], target: int, position: int) -> None:
    """Move from ``position`` to ``target``: a seek where the file allows it, else read and drop."""
    if target == position:
        return
    try:
        sealed.seek(target)
        return
    except (AttributeError, OSError, ValueError):
        pass
    left = target - position
    while left > 0:
        block = sealed.read(min(left, 1024 * 1024))
        if not block:
            raise crypto.DecryptionError("encrypted file is truncated")
        left -= len(block)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")
