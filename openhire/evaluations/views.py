"""HR console pages: evaluation report (page and PDF), re-run, release, human review, pasted
transcripts, benchmark groups and the organisation's evaluation switches."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openhire.accounts.models import User
from openhire.core.errors import OpenhireError
from openhire.core.permissions import ADMIN, RECRUITER, STAFF_ROLES, roles_required
from openhire.evaluations import report, selectors, services
from openhire.evaluations.models import Evaluation
from openhire.evaluations.switches import LABELS, Switches
from openhire.jobs.selectors import access_job

WRITERS = (ADMIN, RECRUITER)


def _viewer(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # roles_required let only organisation users through
    return user


def _lang() -> str:
    return translation.get_language() or "zh-hans"


@require_GET
@roles_required(*STAFF_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "evaluations/index.html", {"evaluations": selectors.recent_evaluations(_viewer(request))}
    )


def _detail(request: HttpRequest, evaluation: Evaluation) -> HttpResponse:
    context = report.hr_report_context(evaluation, language=_lang())
    context["can_write"] = _viewer(request).role in WRITERS
    return render(request, "evaluations/detail.html", context)


@require_GET
@roles_required(*STAFF_ROLES)
def detail(request: HttpRequest, evaluation_id: UUID) -> HttpResponse:
    return _detail(request, selectors.access_evaluation(_viewer(request), evaluation_id))


@require_GET
@roles_required(*STAFF_ROLES)
def interview_current(request: HttpRequest, interview_id: UUID) -> HttpResponse:
    return _detail(request, selectors.access_current_evaluation(_viewer(request), interview_id))


@require_GET
@roles_required(*STAFF_ROLES)
def report_pdf(request: HttpRequest, evaluation_id: UUID) -> HttpResponse:
    evaluation = selectors.access_evaluation(_viewer(request), evaluation_id)
    pdf = report.hr_report_pdf(evaluation, language=_lang(), base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="evaluation-{evaluation.pk}-v{evaluation.version}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _back(evaluation: Evaluation) -> HttpResponse:
    return redirect("evaluations:detail", evaluation_id=evaluation.pk)


@require_POST
@roles_required(*WRITERS)
def rerun(request: HttpRequest, evaluation_id: UUID) -> HttpResponse:
    evaluation = selectors.access_evaluation(_viewer(request), evaluation_id)
    try:
        new = services.evaluation_rerun(
            interview=evaluation.interview,
            actor=_viewer(request),
            retranscribe=bool(request.POST.get("retranscribe")),
        )
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
        return _back(evaluation)
    messages.success(request, _("A new evaluation is running; the current one stays until it is done."))
    return _back(new)


@require_POST
@roles_required(*WRITERS)
def consent_withdraw(request: HttpRequest, interview_id: UUID) -> HttpResponse:
    """The candidate told HR they withdraw consent: stop processing and delete every derivative."""
    from openhire.interviews.selectors import access_interview

    interview = access_interview(_viewer(request), interview_id)
    deleted = services.evaluation_consent_withdraw(
        interview=interview, actor=_viewer(request), note=request.POST.get("note", "")
    )
    messages.success(
        request,
        _("Consent withdrawal recorded; %(n)d evaluation(s) and their transcripts were deleted.")
        % {"n": deleted},
    )
    return redirect("interviews:detail", interview_id=interview.pk)


@require_POST
@roles_required(*WRITERS)
def release(request: HttpRequest, evaluation_id: UUID) -> HttpResponse:
    evaluation = selectors.access_evaluation(_viewer(request), evaluation_id)
    try:
        services.evaluation_release_feedback(evaluation=evaluation, actor=_viewer(request))
        messages.success(request, _("The candidate can now read the feedback report."))
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    return _back(evaluation)


@require_POST
@roles_required(*STAFF_ROLES)
def review_request(request: HttpRequest, evaluation_id: UUID) -> HttpResponse:
    evaluation = selectors.access_evaluation(_viewer(request), evaluation_id)
    try:
        services.human_review_request(
            evaluation=evaluation, actor=_viewer(request), reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Human review requested."))
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    return _back(evaluation)


@require_POST
@roles_required(*WRITERS)
def review_resolve(request: HttpRequest, request_id: UUID) -> HttpResponse:
    review = selectors.access_review_request(_viewer(request), request_id)
    try:
        services.human_review_resolve(
            request=review, actor=_viewer(request), resolution=request.POST.get("resolution", "")
        )
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    return _back(review.evaluation)


@require_POST
@roles_required(*WRITERS)
def paste_transcript(request: HttpRequest, analysis_id: UUID) -> HttpResponse:
    analysis = selectors.access_analysis(_viewer(request), analysis_id)
    try:
        services.analysis_paste_transcript(
            analysis=analysis,
            text=request.POST.get("text", ""),
            language=request.POST.get("language", ""),
            actor=_viewer(request),
        )
        messages.success(request, _("Transcript saved; the answer is being scored."))
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    return _back(analysis.evaluation)


@require_http_methods(["GET", "POST"])
@roles_required(*STAFF_ROLES)
def benchmarks(request: HttpRequest, job_id: UUID) -> HttpResponse:
    viewer = _viewer(request)
    job = access_job(viewer, job_id)
    if request.method == "POST":
        if viewer.role not in WRITERS:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        try:
            scores = [
                float(s) for s in request.POST.get("scores", "").replace("，", ",").split(",") if s.strip()
            ]
        except ValueError:
            messages.error(request, _("Scores must be numbers from 0 to 100."))
            return redirect("evaluations:benchmarks", job_id=job.pk)
        try:
            services.benchmark_group_create(
                job=job,
                actor=viewer,
                name=request.POST.get("name", ""),
                evaluation_ids=request.POST.getlist("evaluation_ids"),
                scores=scores,
            )
            messages.success(request, _("Benchmark group saved; new percentiles use it."))
        except OpenhireError as exc:
            messages.error(request, str(exc.message))
        return redirect("evaluations:benchmarks", job_id=job.pk)
    groups = list(selectors.benchmark_groups_for(viewer, job.pk))
    rows = [(g, len(services.benchmark_scores(g))) for g in groups]
    done = selectors.evaluations_for(viewer).filter(job=job, is_current=True, status=Evaluation.Status.DONE)
    context: dict[str, Any] = {
        "job": job,
        "groups": rows,
        "evaluations": list(done.order_by("-overall_score")[:300]),
        "can_write": viewer.role in WRITERS,
    }
    return render(request, "evaluations/benchmarks.html", context)


@require_http_methods(["GET", "POST"])
@roles_required(ADMIN)
def settings_page(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    switches = selectors.evaluation_switches(viewer)
    if request.method == "POST":
        values = {name: bool(request.POST.get(name)) for name in Switches().to_dict()}
        assert viewer.organization is not None
        switches = services.evaluation_settings_update(
            organization=viewer.organization, actor=viewer, values=values
        )
        messages.success(
            request, _("Evaluation settings saved. They apply to evaluations started from now on.")
        )
        return redirect("evaluations:settings")
    rows = [(name, value, LABELS[name][0], LABELS[name][1]) for name, value in switches.to_dict().items()]
    return render(request, "evaluations/settings.html", {"rows": rows})
