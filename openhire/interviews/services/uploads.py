"""Resumable answer uploads: open, write a chunk at its offset, complete (verify, probe, encrypt).

Chunks land in a plain temp file under the data directory (never served), written at their offset
with ``pwrite`` so a re-sent chunk rewrites the same bytes; the session row advances with a
conditional update, so two copies of one request cannot both advance it. On completion the whole
file's SHA-256 is checked against what the browser declared, the content is probed with PyAV, and
the bytes are encrypted into the default storage.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from openhire.core import rawsql
from openhire.core.errors import Conflict, OpenhireError, ValidationFailed
from openhire.interviews.models import Answer, Interview, UploadSession
from openhire.interviews.services._common import now
from openhire.interviews.services.candidate import require_current_item, submitted

CHUNK_MAX = 1024 * 1024 + 64 * 1024  # 1 MiB chunks, with slack for clients that round up
DURATION_GRACE_S = 15
ALLOWED_MIME_PREFIXES = ("video/", "audio/")


class TooLarge(OpenhireError):
    code = "too_large"
    status = 413


def max_upload_bytes() -> int:
    return int(settings.OPENHIRE_MAX_UPLOAD_BYTES)


def parts_dir() -> Path:
    path = Path(settings.MEDIA_ROOT).parent / "upload-parts"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def part_path(session: UploadSession) -> Path:
    return parts_dir() / f"{session.pk}.part"


def upload_open(
    *, interview: Interview, question_id: str, size: int, sha256: str, mime: str, duration_ms: int
) -> UploadSession:
    """Open (or, for the same recording, resume) the upload of the answer to the current question."""
    sha256 = sha256.lower()
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValidationFailed(_("The recording's checksum is missing."), field="sha256")
    if size <= 0:
        raise ValidationFailed(_("The recording is empty."), field="size")
    if size > max_upload_bytes():
        raise TooLarge(_("The recording is too large."))
    if not mime.startswith(ALLOWED_MIME_PREFIXES):
        raise ValidationFailed(_("Only audio or video recordings can be uploaded."), field="mime")
    if interview.answer_mode != Interview.Mode.VIDEO:
        raise Conflict(_("This interview takes text answers."))
    with transaction.atomic():
        interview = Interview.objects.select_for_update().select_related("plan_version").get(pk=interview.pk)
        item, attempt = require_current_item(interview, question_id)
        if duration_ms > (item.answer_seconds + DURATION_GRACE_S) * 1000:
            raise TooLarge(_("The recording is longer than the answer time."))
        open_sessions = UploadSession.objects.filter(
            interview=interview, question_id=item.id, attempt=attempt, state=UploadSession.State.OPEN
        )
        same = open_sessions.filter(sha256=sha256, expected_size=size).first()
        if same is not None:
            return same
        for stale in open_sessions:  # a new recording replaces an unfinished upload (nothing was submitted)
            stale.state = UploadSession.State.FAILED
            stale.error = "superseded"
            stale.save(update_fields=["state", "error", "updated_at"])
            part_path(stale).unlink(missing_ok=True)
        return UploadSession.objects.create(
            organization_id=interview.organization_id,
            interview=interview,
            question_id=item.id,
            attempt=attempt,
            expected_size=size,
            sha256=sha256,
            mime=mime[:100],
            duration_ms=max(0, duration_ms),
        )


def upload_chunk(*, session: UploadSession, offset: int, data: bytes, checksum: str) -> int:
    """Write one chunk at ``offset``; return the bytes received so far.

    A chunk at the current offset is appended; a re-sent chunk that was already received (same
    offset and checksum) is acknowledged without change; any other offset is a Conflict carrying
    the offset to continue from.
    """
    if len(data) > CHUNK_MAX:
        raise TooLarge(_("A chunk may hold at most 1 MiB."))
    if hashlib.sha256(data).hexdigest() != checksum.lower():
        raise ValidationFailed(
            _("The chunk arrived damaged; send it again."), code="chunk_damaged", field="checksum"
        )
    if session.state != UploadSession.State.OPEN:
        if session.state == UploadSession.State.COMPLETE:
            return session.received
        raise Conflict(_("This upload was replaced by a newer recording."), code="upload_closed")
    if offset < session.received:
        for start, length, digest in session.chunk_sums:
            if start == offset and length == len(data) and digest == checksum.lower():
                return session.received
        raise Conflict(_("Continue from the offset the server has."), code="offset_mismatch")
    if offset > session.received:
        raise Conflict(_("Continue from the offset the server has."), code="offset_mismatch")
    if offset + len(data) > session.expected_size:
        raise TooLarge(_("More bytes than announced."))
    fd = os.open(part_path(session), os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.pwrite(fd, data, offset)
    finally:
        os.close(fd)
    sums = [*session.chunk_sums, [offset, len(data), checksum.lower()]]
    advanced = rawsql.update(  # a chunk a second per candidate: skip compiling the ORM query
        UploadSession,
        {"received": offset + len(data), "chunk_sums": sums, "updated_at": now()},
        {"id": session.pk, "received": offset, "state": UploadSession.State.OPEN},
    )
    if advanced:
        session.received, session.chunk_sums = offset + len(data), sums
        return session.received
    session.refresh_from_db(fields=["received", "chunk_sums", "state"])  # a concurrent copy got there first
    if not any(s[0] == offset and s[2] == checksum.lower() for s in session.chunk_sums):
        raise Conflict(_("Continue from the offset the server has."), code="offset_mismatch")
    return session.received


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _fail(session: UploadSession, code: str) -> None:
    UploadSession.objects.filter(pk=session.pk, state=UploadSession.State.OPEN).update(
        state=UploadSession.State.FAILED, error=code[:200], updated_at=now()
    )
    part_path(session).unlink(missing_ok=True)


AUDIBLE_CHECK_S = 45.0


def _require_audible(path: Path) -> None:
    """Refuse a recording whose first ``AUDIBLE_CHECK_S`` seconds are silent (a muted microphone).

    Decoding stops at the first audible moment: the full decode belongs to the evaluation on the
    media queue, and keeping the request cheap keeps uploads fast for everyone else.
    """
    from openhire.ai.media import MediaError
    from openhire.ai.media.probe import is_audible

    if not is_audible(path, within_s=AUDIBLE_CHECK_S):
        raise MediaError("silent", "the sound track is silent")


def _completed_answer(session: UploadSession) -> Answer | None:
    session.refresh_from_db(fields=["state", "answer"])
    if session.state == UploadSession.State.COMPLETE and session.answer_id:
        return Answer.objects.get(pk=session.answer_id)
    return None


def upload_complete(*, session: UploadSession) -> Answer:
    """Verify the whole file and turn it into the submitted answer.

    Idempotent: completing a completed session returns its answer (the client retries when the
    reply to a completion that succeeded was lost), also when two copies of the request overlap.
    """
    try:
        return _complete(session)
    except (OpenhireError, OSError):
        # A concurrent copy of this request may have finished it meanwhile (and moved the interview
        # on, removed the temp file): then this copy's answer is that answer, not an error.
        done = _completed_answer(session)
        if done is not None:
            return done
        raise


def _complete(session: UploadSession) -> Answer:
    from openhire.ai.media import MediaError, probe_media

    session.refresh_from_db()
    if session.state == UploadSession.State.COMPLETE and session.answer_id:
        return Answer.objects.get(pk=session.answer_id)
    if session.state != UploadSession.State.OPEN:
        raise Conflict(_("This upload was replaced by a newer recording."), code="upload_closed")
    if session.received != session.expected_size:
        raise Conflict(_("The upload is not finished yet."), code="incomplete")
    path = part_path(session)
    if not path.is_file() or _file_sha256(path) != session.sha256:
        _fail(session, "checksum")
        raise ValidationFailed(_("The recording arrived damaged. Please upload it again."), code="checksum")
    interview = session.interview
    item, _attempt = require_current_item(interview, session.question_id)
    try:
        info = probe_media(
            path,
            require_audio=True,
            check_silence=False,
            max_duration_s=item.answer_seconds + DURATION_GRACE_S,
        )
        _require_audible(path)
    except MediaError as exc:
        _fail(session, exc.code)
        messages = {
            "silent": _("We could not hear anything. Check your microphone and record again."),
            "too_long": _("The recording is longer than the answer time."),
            "no_audio": _("The recording has no sound. Check your microphone and record again."),
        }
        raise ValidationFailed(
            messages.get(exc.code, _("This file is not a recording we can use. Please record again.")),
            code=f"media_{exc.code}",
        ) from exc
    with path.open("rb") as fh:
        stored = default_storage.save(
            f"interviews/{interview.organization_id}/{interview.pk}/answer.bin", File(fh)
        )
    try:
        with transaction.atomic():
            locked = UploadSession.objects.select_for_update().get(pk=session.pk)
            if locked.state == UploadSession.State.COMPLETE and locked.answer_id:
                default_storage.delete(stored)
                return Answer.objects.get(pk=locked.answer_id)
            interview = (
                Interview.objects.select_for_update()
                .select_related("plan_version", "organization")
                .get(pk=interview.pk)
            )
            item, attempt = require_current_item(interview, session.question_id)
            answer = Answer.objects.create(
                organization_id=interview.organization_id,
                interview=interview,
                question_id=item.id,
                attempt=attempt,
                is_followup=item.is_followup,
                parent_question_id=item.parent_id,
                media=stored,
                mime=session.mime,
                container=info.container,
                duration_ms=int(info.duration_s * 1000) or session.duration_ms,
                size=session.expected_size,
                sha256=session.sha256,
                submitted_at=now(),
            )
            locked.state = UploadSession.State.COMPLETE
            locked.answer = answer
            locked.save(update_fields=["state", "answer", "updated_at"])
            submitted(interview, answer, kind="media")
    except (IntegrityError, Conflict):
        default_storage.delete(stored)
        session.refresh_from_db()
        if session.answer_id:
            return Answer.objects.get(pk=session.answer_id)
        raise
    path.unlink(missing_ok=True)
    return answer


STALE_UPLOAD_AFTER_DAYS = 3


def uploads_clean_stale() -> int:
    """Drop the temp files of uploads that failed or were abandoned; idempotent. Returns how many."""
    from datetime import timedelta

    cutoff = now() - timedelta(days=STALE_UPLOAD_AFTER_DAYS)
    stale = UploadSession.objects.filter(state=UploadSession.State.OPEN, updated_at__lt=cutoff)
    count = 0
    for session in stale:
        _fail(session, "abandoned")
        count += 1
    for session in UploadSession.objects.filter(state=UploadSession.State.FAILED, updated_at__lt=cutoff):
        part_path(session).unlink(missing_ok=True)
    return count
