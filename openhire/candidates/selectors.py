"""Permission-checked reads of candidates, applications, documents and intake/import batches.

A candidate is visible to a viewer who may see one of the jobs the candidate applied to (admins: the
whole organisation). Candidates with no application yet (imported history) are visible to admins and
recruiters. Auditors see no candidate data. Reads of personal data write an audit row.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openhire.accounts.models import User
from openhire.audit.services import audit_read
from openhire.candidates.models import Application, Candidate, Document, ImportBatch, IntakeBatch
from openhire.candidates.profile import email_index, normalize_name, phone_index
from openhire.core.access import get_or_404, job_scoped, org_queryset, visible_job_ids
from openhire.core.errors import NotFound
from openhire.core.navigation import Tile
from openhire.core.permissions import ADMIN, HIRING_MANAGER, INTERVIEWER, RECRUITER
from openhire.jobs.models import Job

CANDIDATE_READERS = (ADMIN, RECRUITER, INTERVIEWER, HIRING_MANAGER)
CANDIDATE_WRITERS = (ADMIN, RECRUITER)


def candidates_for(viewer: User) -> QuerySet[Candidate]:
    if viewer.role not in CANDIDATE_READERS:
        return Candidate.objects.none()
    queryset = org_queryset(Candidate.objects.all(), viewer)
    job_ids = visible_job_ids(viewer)
    if job_ids is None:
        return queryset
    visible = Q(applications__job_id__in=job_ids)
    if viewer.role == RECRUITER:
        visible |= Q(applications__isnull=True)
    return queryset.filter(id__in=queryset.filter(visible).values("id"))


def access_candidate(viewer: User, candidate_id: UUID | str) -> Candidate:
    candidate = get_or_404(candidates_for(viewer), candidate_id)
    audit_read(viewer=viewer, obj=candidate)
    return candidate


def candidate_search(viewer: User, *, q: str = "", job_id: UUID | str | None = None) -> QuerySet[Candidate]:
    """Candidates matching ``q`` (name fragment, or an exact phone / e-mail, which are encrypted)."""
    queryset = candidates_for(viewer)
    q = (q or "").strip()
    if q:
        match = Q(name__icontains=q) | Q(name__icontains=normalize_name(q))
        if "@" in q and email_index(q):
            match |= Q(email_index=email_index(q))
        if phone_index(q):
            match |= Q(phone_index=phone_index(q))
        queryset = queryset.filter(match)
    if job_id:
        queryset = queryset.filter(applications__job_id=job_id)
    return queryset.order_by("-created_at").distinct()


def applications_for(viewer: User) -> QuerySet[Application]:
    if viewer.role not in CANDIDATE_READERS:
        return Application.objects.none()
    return job_scoped(Application.objects.select_related("candidate", "job"), viewer)


def access_application(viewer: User, application_id: UUID | str) -> Application:
    application = get_or_404(applications_for(viewer), application_id)
    audit_read(viewer=viewer, obj=application)
    return application


def access_document(viewer: User, document_id: UUID | str) -> Document:
    """A document of a candidate the viewer may see; the read (a download) is audited."""
    queryset = org_queryset(Document.objects.select_related("candidate"), viewer).filter(
        candidate__in=candidates_for(viewer)
    )
    document = get_or_404(queryset, document_id)
    audit_read(viewer=viewer, obj=document, action="download")
    return document


def intake_batches_for(viewer: User) -> QuerySet[IntakeBatch]:
    if viewer.role not in CANDIDATE_WRITERS:
        return IntakeBatch.objects.none()
    return job_scoped(IntakeBatch.objects.select_related("job"), viewer)


def access_intake_batch(viewer: User, batch_id: UUID | str) -> IntakeBatch:
    return get_or_404(intake_batches_for(viewer), batch_id)


def import_batches_for(viewer: User) -> QuerySet[ImportBatch]:
    if viewer.role not in CANDIDATE_WRITERS:
        return ImportBatch.objects.none()
    queryset = org_queryset(ImportBatch.objects.select_related("job"), viewer)
    job_ids = visible_job_ids(viewer)
    if job_ids is None:
        return queryset
    return queryset.filter(Q(job_id__in=job_ids) | Q(job__isnull=True, created_by=viewer))


def access_import_batch(viewer: User, batch_id: UUID | str) -> ImportBatch:
    batch = get_or_404(import_batches_for(viewer), batch_id)
    audit_read(viewer=viewer, obj=batch)
    return batch


_SAMPLE_ROWS = 200  # rows looked at for examples: enough for a few values of all but empty columns


def import_samples(batch: ImportBatch, *, per_column: int = 2, width: int = 40) -> list[list[str]]:
    """The first non-empty values of each column of an import file, so HR can see what a column
    holds while mapping it; [] per column when the stored file cannot be read again."""
    from django.core.files.storage import default_storage

    from openhire.candidates.services.imports import ImportFileError, read_table

    samples: list[list[str]] = [[] for _ in batch.headers]
    try:
        with default_storage.open(str(batch.file.name), "rb") as handle:
            rows = read_table(handle.read(), batch.original_name, max_rows=_SAMPLE_ROWS)
    except (OSError, ValueError, ImportFileError):
        return samples
    data_rows = [row for row in rows if any(row)][1:]
    for row in data_rows:
        for index, value in enumerate(row[: len(samples)]):
            value = str(value).strip()
            if value and len(samples[index]) < per_column:
                samples[index].append(value if len(value) <= width else value[: width - 1] + "…")
        if all(len(column) >= per_column for column in samples):
            break
    return samples


def writable_job(viewer: User, job_id: UUID | str) -> Job:
    """The job, when the viewer may add candidates to it (admin or recruiter on the job)."""
    from openhire.jobs.selectors import access_job

    if viewer.role not in CANDIDATE_WRITERS:
        raise NotFound("not found")
    return access_job(viewer, job_id)


def home_tiles(viewer: User) -> list[Tile]:
    """Home page: applications of the last seven days on the viewer's jobs."""
    since = timezone.now() - timedelta(days=7)
    recent = applications_for(viewer).filter(created_at__gte=since).count()
    return [Tile(_("New applications (7 days)"), recent, "/candidates/")]


DICTIONARY_FIELDS = ("skills", "certificates", "languages")  # profile lists named by the dictionary


def profile_for_reader(profile: dict[str, Any], *, zh: bool) -> dict[str, Any]:
    """The profile as a reader sees it: skills, certificates and languages under their Chinese
    names for a Chinese reader (the stored profile keeps the dictionary's canonical names)."""
    if not zh:
        return profile
    from openhire.ai.matching.dictionary import load_dictionary

    dictionary = load_dictionary()
    shown = dict(profile)
    for field in DICTIONARY_FIELDS:
        values = profile.get(field)
        if isinstance(values, list):
            shown[field] = [dictionary.display_name(str(v), zh=True) for v in values]
    return shown
