"""Resume intake: console uploads (one or many files, bulk zips), the careers page and the API.

Every file is checked on arrival (size, type by content), stored encrypted under a server-generated
name with its SHA-256, and recorded as an ``IntakeItem``; a bad file gets its own clear error and
the batch goes on. Parsing, de-duplication and screening run in a background task
(``candidates.tasks.intake_batch_run``), one item at a time, each in its own transaction, so a
crash or a bad file never loses what was already imported.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openhire.ai.resume import detect_type, extract_text, extract_zip
from openhire.ai.resume.errors import ResumeError
from openhire.ai.resume.extract import MAX_BYTES as RESUME_MAX_BYTES
from openhire.ai.resume.parse import parse_resume
from openhire.audit.services import audit_record
from openhire.candidates.models import Application, Document, IntakeBatch, IntakeItem
from openhire.candidates.services.people import (
    application_create,
    candidate_apply_parse,
    candidate_find_duplicate,
    candidate_upsert,
)
from openhire.core import progress
from openhire.core.errors import Conflict, ValidationFailed

if TYPE_CHECKING:
    from openhire.accounts.models import User
    from openhire.jobs.models import Job

log = logging.getLogger(__name__)

RESUME_TYPES = {"pdf", "docx", "doc", "rtf", "txt", "html"}
ZIP_MAX_FILES = 1000
ZIP_MAX_RATIO = 100.0
ZIP_MAX_TOTAL = 300 * 1024 * 1024


@dataclass(frozen=True)
class IntakeReceipt:
    batch: IntakeBatch
    items: list[IntakeItem]
    progress_key: str

    @property
    def accepted(self) -> int:
        return sum(1 for i in self.items if i.status == IntakeItem.Status.PENDING)

    @property
    def refused(self) -> list[IntakeItem]:
        return [i for i in self.items if i.status == IntakeItem.Status.FAILED]


def _messages() -> dict[str, str]:
    return {
        "too_large": _("The file is too large."),
        "unsupported_type": _("This file type cannot be read; upload PDF, Word (DOCX/DOC), TXT or HTML."),
        "ocr_needed": _("This is a scanned or image resume; text recognition (OCR) is needed to read it."),
        "encrypted_pdf": _("The PDF is password-protected; ask the candidate for an unprotected copy."),
        "empty": _("The file has no text."),
        "corrupt": _("The file is damaged and cannot be read."),
        "doc_converter_missing": _("Old Word (.doc) files need a converter that is not installed."),
        "zip_bomb": _("The zip entry unpacks to far more than its size; refused as a zip bomb."),
        "nested_zip": _("Zips inside zips are not opened; upload the inner zip on its own."),
        "zip_refused": _("The zip archive was refused."),
        "not_resume": _(
            "No resume found in the text: no phone, e-mail, education or work history. Check that "
            "this is the right file."
        ),
    }


def error_text(code: str, detail: str = "") -> str:
    """A message a person can act on, in the current language, with the engine's detail appended."""
    message = _messages().get(code, _("The file cannot be read."))
    return f"{message} ({detail})" if detail else message


def _read(upload: Any, limit: int) -> bytes | None:
    """Bytes of an uploaded file or a ``bytes`` value; None when over ``limit`` (not fully read)."""
    if isinstance(upload, bytes | bytearray):
        return bytes(upload) if len(upload) <= limit else None
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        return None
    handle: IO[bytes] = upload
    if hasattr(handle, "seek"):
        handle.seek(0)
    data = handle.read(limit + 1)
    return None if len(data) > limit else data


def _check(data: bytes) -> tuple[str, str]:
    """(media type, error code or "") for one resume file, from its content."""
    if not data.strip():
        return "", "empty"
    kind = detect_type(data)
    if kind.startswith("image:"):
        return kind, "ocr_needed"
    if kind == "zip":
        return kind, "nested_zip"
    if kind not in RESUME_TYPES:
        return kind, "unsupported_type"
    if kind == "txt" and b"\x00" in data[:8192]:
        return "binary", "unsupported_type"
    return kind, ""


def _item(
    batch: IntakeBatch, name: str, data: bytes | None, *, code: str = "", detail: str = "", media: str = ""
) -> IntakeItem:
    item = IntakeItem(
        organization_id=batch.organization_id,
        batch=batch,
        original_name=name[-255:],
        size=len(data) if data is not None else 0,
        media_type=media,
    )
    if code:
        item.status = IntakeItem.Status.FAILED
        item.error_code = code
        item.error = error_text(code, detail)
    elif data is not None:
        item.sha256 = hashlib.sha256(data).hexdigest()
        item.file.save(f"intake/{batch.organization_id}/r", ContentFile(data), save=False)
    item.save()
    return item


def _limit_mb(limit: int) -> str:
    return f"{limit / 1024 / 1024:.0f} MB"


def intake_files(
    *,
    job: Job,
    files: Iterable[tuple[str, Any]],
    actor: User | None,
    source: str = IntakeBatch.Source.UPLOAD,
    batch: IntakeBatch | None = None,
) -> IntakeReceipt:
    """Receive resume files (and bulk zips) for ``job``; parsing and screening follow in the background.

    ``files`` holds ``(client file name, uploaded file or bytes)``. Pass ``batch`` to add to an
    earlier batch (the console uploads many files in several requests that share one progress bar).
    """
    upload_limit = int(settings.OPENHIRE_MAX_UPLOAD_BYTES)
    resume_limit = min(upload_limit, RESUME_MAX_BYTES)
    with transaction.atomic():
        if batch is None:
            key = progress.progress_start(organization_id=job.organization_id, kind="resume_intake").key
            batch = IntakeBatch.objects.create(
                organization_id=job.organization_id,
                job=job,
                source=source,
                progress_key=key,
                created_by=actor if actor is not None and actor.pk else None,
            )
        items: list[IntakeItem] = []
        for name, upload in files:
            name = str(name or "resume")
            data = _read(upload, upload_limit)
            if data is None:
                items.append(
                    _item(batch, name, None, code="too_large", detail=_("limit %s") % _limit_mb(upload_limit))
                )
                continue
            if detect_type(data[:65536] if len(data) > 65536 else data) == "zip" or (
                data[:4] == b"PK\x03\x04" and detect_type(data) == "zip"
            ):
                items.extend(_receive_zip(batch, name, data, resume_limit))
                continue
            if len(data) > resume_limit:
                items.append(
                    _item(batch, name, None, code="too_large", detail=_("limit %s") % _limit_mb(resume_limit))
                )
                continue
            media, code = _check(data)
            items.append(_item(batch, name, None if code else data, code=code, media=media))
        total = IntakeItem.objects.filter(batch=batch).count()
        done = IntakeItem.objects.filter(batch=batch).exclude(status=IntakeItem.Status.PENDING).count()
        progress.progress_running(batch.progress_key, total=total)
        progress.progress_set(batch.progress_key, done=done)
        audit_record(
            actor=actor,
            organization=job.organization,
            action="intake.received",
            obj=batch,
            after={
                "job": str(job.id),
                "source": batch.source,
                "files": len(items),
                "refused": sum(1 for i in items if i.status == IntakeItem.Status.FAILED),
            },
        )
        _enqueue(batch)
    return IntakeReceipt(batch, items, batch.progress_key)


def _enqueue(batch: IntakeBatch) -> None:
    from openhire.candidates.tasks import intake_batch_run

    batch_id = str(batch.id)
    transaction.on_commit(lambda: intake_batch_run.enqueue(batch_id=batch_id))


def _receive_zip(batch: IntakeBatch, name: str, data: bytes, resume_limit: int) -> list[IntakeItem]:
    try:
        entries = list(
            extract_zip(
                data,
                max_total=ZIP_MAX_TOTAL,
                max_entry=resume_limit,
                max_ratio=ZIP_MAX_RATIO,
                max_files=ZIP_MAX_FILES,
            )
        )
    except ResumeError as exc:
        return [_item(batch, name, None, code=exc.code, detail=exc.message, media="zip")]
    items = []
    if batch.source == IntakeBatch.Source.UPLOAD:
        batch.source = IntakeBatch.Source.ZIP
        batch.save(update_fields=["source", "updated_at"])
    for inner, content in entries:
        label = f"{name} › {inner}"
        if isinstance(content, ResumeError):
            items.append(_item(batch, label, None, code=content.code, detail=content.message))
            continue
        media, code = _check(content)
        items.append(_item(batch, label, None if code else content, code=code, media=media))
    return items


# --- careers page ----------------------------------------------------------------------------------


def careers_apply(
    *,
    job: Job,
    name: str,
    phone: str,
    email: str,
    resume: Any,
    resume_name: str,
    consent_version: str,
    consented_at: datetime | None = None,
) -> Application:
    """A public application: refused clearly when the person already applied for this job."""
    if not consent_version:
        raise ValidationFailed(_("Please agree to the privacy notice to apply."), field="consent")
    data = _read(resume, min(int(settings.OPENHIRE_MAX_UPLOAD_BYTES), RESUME_MAX_BYTES))
    if data is None:
        raise ValidationFailed(error_text("too_large"), field="resume")
    media, code = _check(data)
    if code:
        raise ValidationFailed(error_text(code), field="resume")
    with transaction.atomic():
        existing = candidate_find_duplicate(organization_id=job.organization_id, phone=phone, email=email)
        if existing is not None and Application.objects.filter(candidate=existing, job=job).exists():
            raise Conflict(
                _("You have already applied for this job. We will contact you about your application."),
                code="already_applied",
            )
        result = candidate_upsert(
            organization=job.organization, actor=None, name=name, phone=phone, email=email
        )
        application = application_create(
            candidate=result.candidate,
            job=job,
            source="careers",
            actor=None,
            consent_version=consent_version,
            consented_at=consented_at or timezone.now(),
        )
        key = progress.progress_start(organization_id=job.organization_id, kind="resume_intake", total=1).key
        batch = IntakeBatch.objects.create(
            organization_id=job.organization_id, job=job, source=IntakeBatch.Source.CAREERS, progress_key=key
        )
        item = _item(batch, resume_name, data, media=media)
        item.candidate = result.candidate
        item.application = application
        item.save(update_fields=["candidate", "application", "updated_at"])
        _enqueue(batch)
    return application


# --- background processing -----------------------------------------------------------------------


def intake_batch_process(*, batch_id: Any) -> dict[str, int]:
    """Parse, de-duplicate, apply and screen every waiting item of a batch. Safe to run twice: only
    items still waiting are processed, each in its own transaction."""
    from openhire.screening.services import screener_for

    batch = IntakeBatch.objects.select_related("job", "job__organization").get(id=batch_id)
    screener = screener_for(batch.job)
    progress.progress_running(batch.progress_key)
    while True:
        pending = list(
            IntakeItem.objects.filter(batch=batch, status=IntakeItem.Status.PENDING).order_by("created_at")[
                :100
            ]
        )
        if not pending:
            break
        for item in pending:
            _process_and_screen(batch, item, screener)
    counts = {
        status: IntakeItem.objects.filter(batch=batch, status=status).count()
        for status in IntakeItem.Status.values
    }
    total = sum(counts.values())
    progress.progress_running(batch.progress_key, total=total)
    progress.progress_set(batch.progress_key, done=total)
    progress.progress_finish(batch.progress_key, result=counts)
    return counts


def _process_and_screen(batch: IntakeBatch, item: IntakeItem, screener: Any) -> None:
    from openhire.screening.services import application_screen

    item.batch = batch
    application = intake_item_process(item=item, job=batch.job)
    if application is not None:
        try:
            application_screen(application=application, screener=screener)
        except Exception:  # screening problems must not lose the imported candidate
            log.exception("screening failed for application %s", application.id)
    progress.progress_advance(batch.progress_key)


def _parse(item: IntakeItem) -> tuple[Any, str, str]:
    """(profile, text, "") or (None, "", error code + detail)."""
    with default_storage.open(str(item.file.name), "rb") as handle:
        data = handle.read()
    try:
        extracted = extract_text(data, item.original_name)
        profile = parse_resume(extracted.text)
    except ResumeError as exc:
        return None, exc.code, exc.message
    if not (profile.phone or profile.email or profile.education or profile.experience):
        # text without anything a resume has ("hello" in a file named .docx): not a candidate
        return None, "not_resume", ""
    import dataclasses

    profile = dataclasses.replace(profile, engines=(extracted.engine, *profile.engines))
    return profile, extracted.text, ""


def intake_item_process(*, item: IntakeItem, job: Job) -> Application | None:
    """One waiting item → candidate (de-duplicated), application, resume document. Returns the
    application to screen, or None when the item failed or was a duplicate application."""
    try:
        profile, text, detail = _parse(item)
    except Exception as exc:  # a parser bug must not stop the batch
        log.exception("parsing %s failed", item.id)
        profile, text, detail = None, "corrupt", type(exc).__name__
    with transaction.atomic():
        batch = item.batch
        item = IntakeItem.objects.select_for_update().get(id=item.id)
        item.batch = batch
        if item.status != IntakeItem.Status.PENDING:
            return None
        if profile is None:
            item.status = IntakeItem.Status.FAILED
            item.error_code = text
            item.error = error_text(text, detail)
            item.save(update_fields=["status", "error_code", "error", "updated_at"])
            if item.candidate_id is not None:  # careers / API: the application stands without a parse
                _document(item, item.candidate, item.application, "", [item.error], "")
                return item.application
            return None
        candidate = item.candidate
        application = item.application
        if candidate is None:
            candidate = candidate_upsert(
                organization=job.organization,
                actor=None,
                name=profile.name or item.original_name.rsplit(".", 1)[0][:60],
                phone=profile.phone,
                email=profile.email,
                birth_date=profile.birth_date or "",
            ).candidate
        if application is None:
            application = Application.objects.filter(candidate=candidate, job=job).first()
            if application is not None:
                item.status = IntakeItem.Status.DUPLICATE
                item.candidate = candidate
                item.application = application
                item.error = _(
                    "This candidate has already applied for this job; the resume was added to the profile."
                )
                item.save()
                _document(item, candidate, application, text, list(profile.errors), profile.scoring_text)
                candidate_apply_parse(candidate=candidate, profile=profile)
                return None
            source = "zip" if item.batch.source == IntakeBatch.Source.ZIP else item.batch.source
            application = application_create(candidate=candidate, job=job, source=source, actor=None)
        _document(item, candidate, application, text, list(profile.errors), profile.scoring_text)
        candidate_apply_parse(candidate=candidate, profile=profile)
        item.status = IntakeItem.Status.DONE
        item.candidate = candidate
        item.application = application
        item.save()
    return application


def _document(
    item: IntakeItem,
    candidate: Any,
    application: Any,
    text: str,
    errors: list[str],
    scoring_text: str,
) -> Document:
    return Document.objects.create(
        organization_id=item.organization_id,
        candidate=candidate,
        application=application,
        kind=Document.Kind.RESUME,
        file=item.file.name,
        original_name=item.original_name.rsplit(" › ", 1)[-1][-255:],
        content_type=item.media_type,
        media_type=item.media_type,
        size=item.size,
        sha256=item.sha256,
        text=text,
        parse_errors=errors,
        scoring_text=scoring_text,
    )


# --- careers-page rate limit ---------------------------------------------------------------------

APPLY_LIMIT = 5  # applications per client address
APPLY_WINDOW_S = 600


def apply_throttle_hit(*, ip: str, limit: int = APPLY_LIMIT, window_s: int = APPLY_WINDOW_S) -> bool:
    """Count one careers-page submission from ``ip``; True when it is over the limit for the window."""
    from django.db.models import F

    from openhire.candidates.models import ApplyThrottle
    from openhire.core.fields import blind_index

    key = blind_index(ip or "unknown", purpose="careers.throttle")
    window = int(timezone.now().timestamp()) // window_s
    with transaction.atomic():
        row, created = ApplyThrottle.objects.get_or_create(key=key, window=window, defaults={"count": 1})
        if not created:
            ApplyThrottle.objects.filter(pk=row.pk).update(count=F("count") + 1)
            row.refresh_from_db(fields=["count"])
        ApplyThrottle.objects.filter(window__lt=window - 1).delete()
    return row.count > limit
