"""Screening pages: jobs to screen, a job's ranked and explained list, bulk screening with progress."""

from __future__ import annotations

from typing import cast

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openhire.accounts.models import User
from openhire.audit.services import audit_record
from openhire.candidates.models import Application
from openhire.candidates.selectors import CANDIDATE_READERS, CANDIDATE_WRITERS, writable_job
from openhire.core.errors import NotFound
from openhire.core.models import TaskProgress
from openhire.core.permissions import roles_required
from openhire.jobs.selectors import access_job, jobs_for
from openhire.screening import selectors, services


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@roles_required(*CANDIDATE_READERS)
def job_index(request: HttpRequest) -> HttpResponse:
    jobs = (
        jobs_for(_user(request))
        .annotate(
            n_applications=Count("applications"),
            n_marked=Count("applications", filter=Q(applications__marked_for_interview=True)),
        )
        .order_by("-created_at")
    )
    return render(request, "screening/index.html", {"jobs": jobs})


@roles_required(*CANDIDATE_READERS)
def job_ranking(request: HttpRequest, job_id: str) -> HttpResponse:
    job = access_job(_user(request), job_id)
    filters = selectors.RankFilters.from_query(request.GET)
    ranked = list(selectors.ranked_applications(_user(request), job_id=job.id, filters=filters)[:500])
    for application in ranked:
        application.explanation = (  # type: ignore[attr-defined]
            selectors.screening_explanation(application.screening) if application.screening else None
        )
    audit_record(
        actor=_user(request),
        organization=job.organization,
        action="application.list",
        obj=job,
        after={"shown": len(ranked)},
    )
    key = request.GET.get("progress", "")
    batch_id = request.GET.get("batch", "")
    if batch_id and not key:
        from openhire.candidates.selectors import intake_batches_for

        batch = intake_batches_for(_user(request)).filter(id=batch_id).first() if _uuid(batch_id) else None
        key = batch.progress_key if batch is not None else ""
    progress = (
        TaskProgress.objects.filter(organization_id=job.organization_id, key=key).first() if key else None
    )
    sources = sorted(
        set(Application.objects.filter(job=job).values_list("source", flat=True).distinct()) - {""}
    )
    context = {
        "job": job,
        "ranked": ranked,
        "filters": filters,
        "progress": progress,
        "batch_id": batch_id if progress is not None else "",
        "sources": sources,
        "statuses": Application.Status.choices,
        "can_write": _user(request).role in CANDIDATE_WRITERS,
    }
    template = (
        "screening/_ranked.html"
        if getattr(request, "htmx", False) and not request.GET.get("full")
        else "screening/job.html"
    )
    return render(request, template, context)


def _uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@require_POST
@roles_required(*CANDIDATE_WRITERS)
def job_screen(request: HttpRequest, job_id: str) -> HttpResponse:
    job = writable_job(_user(request), job_id)
    row = services.job_screen_start(job=job, actor=_user(request))
    return redirect(reverse("screening:job", args=[job.id]) + f"?progress={row.key}")


@roles_required(*CANDIDATE_READERS)
def progress_bar(request: HttpRequest, key: str) -> HttpResponse:
    progress = TaskProgress.objects.filter(organization=_user(request).organization, key=key).first()
    if progress is None:
        raise NotFound("not found")
    response = render(
        request, "screening/_progress.html", {"progress": progress, "job_id": request.GET.get("job", "")}
    )
    if progress.status in (TaskProgress.Status.DONE, TaskProgress.Status.FAILED):
        response["HX-Trigger"] = "screening-finished"
    return response
