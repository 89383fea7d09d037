"""Console pages: candidate list/search, candidate page (profile, parse vs corrections, documents,
applications), resume upload (files, drag and drop, bulk zip) and the Excel/CSV import."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openhire.accounts.models import User
from openhire.audit.services import audit_record
from openhire.candidates import selectors, services
from openhire.candidates.forms import CorrectionForm, ImportUploadForm
from openhire.candidates.models import IntakeItem
from openhire.candidates.profile import CORRECTABLE_FIELDS
from openhire.candidates.services.imports import IMPORT_FIELDS, ImportFileError
from openhire.core.errors import OpenhireError
from openhire.core.permissions import roles_required
from openhire.core.views import stored_file_response
from openhire.jobs.selectors import jobs_for

READERS = selectors.CANDIDATE_READERS


def _user(request: HttpRequest) -> User:
    """The signed-in console user (``roles_required`` has already checked it)."""
    return cast(User, request.user)


WRITERS = selectors.CANDIDATE_WRITERS


@roles_required(*READERS)
def candidate_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    job_id = request.GET.get("job") or None
    jobs = list(jobs_for(_user(request)).order_by("title"))
    if job_id and job_id not in {str(j.id) for j in jobs}:
        job_id = None
    queryset = selectors.candidate_search(_user(request), q=q, job_id=job_id)
    page = Paginator(queryset.prefetch_related("applications__job"), 50).get_page(request.GET.get("page"))
    audit_record(
        actor=_user(request),
        organization=_user(request).organization,  # type: ignore[arg-type]
        action="candidate.list",
        object_type="candidates.candidate",
        after={"shown": [str(c.id) for c in page.object_list], "searched": bool(q)},
    )
    context = {
        "page": page,
        "q": q,
        "jobs": jobs,
        "job_id": job_id,
        "can_write": _user(request).role in WRITERS,
    }
    template = "candidates/_list_rows.html" if getattr(request, "htmx", False) else "candidates/list.html"
    return render(request, template, context)


def _comparison(candidate: object, *, zh: bool) -> list[dict[str, object]]:
    parsed = selectors.profile_for_reader(getattr(candidate, "parsed", {}) or {}, zh=zh)
    corrections = getattr(candidate, "corrections", {}) or {}
    labels = {name: field.label for name, field in CorrectionForm.base_fields.items()}
    labels.update(birth_date=_("Birth date"), gender=_("Gender"))
    rows = []
    for field in CORRECTABLE_FIELDS:
        if field in ("education", "experience"):
            continue
        rows.append(
            {
                "field": labels.get(field, field),
                "parsed": parsed.get(field),
                "corrected": field in corrections,
                "correction": corrections.get(field),
            }
        )
    return rows


@roles_required(*READERS)
@require_http_methods(["GET", "POST"])
def candidate_detail(request: HttpRequest, candidate_id: str) -> HttpResponse:
    candidate = selectors.access_candidate(_user(request), candidate_id)
    can_write = _user(request).role in WRITERS
    zh = (request.LANGUAGE_CODE or "").startswith("zh")
    profile = selectors.profile_for_reader(candidate.profile or {}, zh=zh)
    form = CorrectionForm(initial=CorrectionForm.initial_for(profile))
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        form = CorrectionForm(request.POST, initial=CorrectionForm.initial_for(profile))
        if form.is_valid():
            try:
                services.candidate_correct(candidate=candidate, actor=_user(request), changes=form.changes())
                messages.success(request, _("Corrections saved. The original parse is kept alongside."))
                return redirect("candidates:detail", candidate_id=candidate.id)
            except OpenhireError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
    applications = selectors.applications_for(_user(request)).filter(candidate=candidate)
    context = {
        "candidate": candidate,
        "profile": profile,
        "parsed": candidate.parsed or {},
        "comparison": _comparison(candidate, zh=zh),
        "corrections": candidate.corrections or {},
        "documents": candidate.documents.order_by("-created_at"),
        "applications": applications,
        "form": form,
        "can_write": can_write,
    }
    return render(request, "candidates/detail.html", context)


@roles_required(*READERS)
def document_download(request: HttpRequest, document_id: str) -> HttpResponseBase:
    document = selectors.access_document(_user(request), document_id)
    content_type = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "doc": "application/msword",
        "rtf": "application/rtf",
        "txt": "text/plain; charset=utf-8",
    }.get(document.media_type, "application/octet-stream")
    return stored_file_response(
        str(document.file.name), filename=document.original_name, content_type=content_type, inline=False
    )


# --- resume upload -------------------------------------------------------------------------------


@roles_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, job_id: str) -> HttpResponse:
    job = selectors.writable_job(_user(request), job_id)
    if request.method == "GET":
        return render(request, "candidates/upload.html", {"job": job})
    batch = None
    if request.POST.get("batch"):
        batch = selectors.access_intake_batch(_user(request), request.POST["batch"])
        if batch.job_id != job.id:
            raise Http404
    files = [(f.name or "resume", f) for f in request.FILES.getlist("files")]
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not files:
        if wants_json:
            return JsonResponse({"error": _("Choose at least one file.")}, status=422)
        messages.error(request, _("Choose at least one file."))
        return redirect("candidates:upload", job_id=job.id)
    receipt = services.intake_files(job=job, files=files, actor=_user(request), batch=batch)
    ranked = reverse("screening:job", args=[job.id]) + f"?batch={receipt.batch.id}"
    if wants_json:
        return JsonResponse(
            {
                "batch": str(receipt.batch.id),
                "progress_key": receipt.progress_key,
                "accepted": receipt.accepted,
                "refused": [{"file": i.original_name, "error": i.error} for i in receipt.refused],
                "next": ranked,
            }
        )
    if receipt.refused:
        messages.warning(
            request,
            _("%(n)d file(s) could not be accepted; see the report below.") % {"n": len(receipt.refused)},
        )
    return redirect(ranked)


@roles_required(*WRITERS)
def batch_report(request: HttpRequest, batch_id: str) -> HttpResponse:
    batch = selectors.access_intake_batch(_user(request), batch_id)
    items = (
        IntakeItem.objects.filter(batch=batch).select_related("candidate").order_by("status", "created_at")
    )
    counts = {s: items.filter(status=s).count() for s in IntakeItem.Status.values}
    context = {"batch": batch, "items": items, "counts": counts, "Status": IntakeItem.Status}
    template = "candidates/_batch_items.html" if getattr(request, "htmx", False) else "candidates/batch.html"
    return render(request, template, context)


# --- Excel / CSV import -------------------------------------------------------------------------


@roles_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    jobs = list(jobs_for(_user(request)).order_by("title"))
    form = ImportUploadForm(request.POST or None, request.FILES or None, jobs=jobs)
    if request.method == "POST" and form.is_valid():
        job = next((j for j in jobs if str(j.id) == form.cleaned_data["job"]), None)
        upload_file = form.cleaned_data["file"]
        try:
            batch = services.import_prepare(
                organization=_user(request).organization,  # type: ignore[arg-type]
                actor=_user(request),
                job=job,
                filename=upload_file.name,
                upload=upload_file,
            )
            return redirect("candidates:import_batch", batch_id=batch.id)
        except (ImportFileError, OpenhireError) as exc:
            form.add_error("file", str(exc.message))
    recent = selectors.import_batches_for(_user(request))[:10]
    return render(request, "candidates/import.html", {"form": form, "recent": recent})


@roles_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def import_batch(request: HttpRequest, batch_id: str) -> HttpResponse:
    batch = selectors.access_import_batch(_user(request), batch_id)
    error = ""
    if request.method == "POST" and batch.status == batch.Status.MAPPING:
        mapping = {str(i): request.POST.get(f"col{i}", "") for i in range(len(batch.headers))}
        try:
            services.import_run(batch=batch, actor=_user(request), mapping=mapping)
            return redirect("candidates:import_batch", batch_id=batch.id)
        except OpenhireError as exc:
            error = str(exc.message)
            batch.mapping = {k: v for k, v in mapping.items() if v}
    samples = selectors.import_samples(batch) if batch.status == batch.Status.MAPPING else []
    columns = [
        {
            "index": i,
            "header": h,
            "field": (batch.mapping or {}).get(str(i), ""),
            "samples": samples[i] if i < len(samples) else [],
        }
        for i, h in enumerate(batch.headers)
    ]
    context = {"batch": batch, "columns": columns, "fields": IMPORT_FIELDS.items(), "error": error}
    return render(request, "candidates/import_batch.html", context)


@roles_required(*WRITERS)
def import_errors(request: HttpRequest, batch_id: str) -> HttpResponseBase:
    batch = selectors.access_import_batch(_user(request), batch_id)
    if not batch.error_file:
        raise Http404
    name = batch.original_name.rsplit(".", 1)[0] + "-errors.csv"
    return stored_file_response(
        str(batch.error_file.name), filename=name, content_type="text/csv; charset=utf-8", inline=False
    )
