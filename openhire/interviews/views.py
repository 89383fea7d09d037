"""HR console pages: live status board per job, interview detail with timeline and playback,
invitations (invite, resend, revoke, extend) and booking windows."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openhire.accounts.models import User
from openhire.core import events
from openhire.core.errors import OpenhireError
from openhire.core.events import ANSWER_MODE_CHANGED
from openhire.core.permissions import ADMIN, RECRUITER, STAFF_ROLES, roles_required
from openhire.core.views import stored_file_response
from openhire.interviews import flow, selectors, services
from openhire.interviews.models import Interview
from openhire.jobs.selectors import access_job, jobs_for, plan_versions_for

WRITERS = (ADMIN, RECRUITER)


def _viewer(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # roles_required let only organisation users through
    return user


COLUMN_LABELS = {
    "to_book": gettext_lazy("To book"),
    "booked": gettext_lazy("Booked, to interview"),
    "in_progress": gettext_lazy("In progress"),
    "completed": gettext_lazy("Completed"),
    "other": gettext_lazy("Expired, declined, revoked or asked for a person"),
}
EVENT_LABELS = {
    events.INVITATION_SENT: gettext_lazy("Invitation sent"),
    events.INVITATION_OPENED: gettext_lazy("Link opened"),
    events.INVITATION_REVOKED: gettext_lazy("Invitation revoked"),
    events.INVITATION_EXTENDED: gettext_lazy("Invitation extended"),
    events.INTERVIEW_CONSENTED: gettext_lazy("Consent given"),
    events.HUMAN_INTERVIEW_REQUESTED: gettext_lazy("Asked for a human interview"),
    events.INTERVIEW_DECLINED: gettext_lazy("Declined"),
    events.INTERVIEW_EXPIRED: gettext_lazy("Expired"),
    events.SLOT_BOOKED: gettext_lazy("Time booked"),
    events.INTERVIEW_STARTED: gettext_lazy("Interview started"),
    events.ANSWER_SUBMITTED: gettext_lazy("Answer uploaded"),
    events.INTERVIEW_COMPLETED: gettext_lazy("Interview completed"),
    ANSWER_MODE_CHANGED: gettext_lazy("Switched to typed answers"),
}


@require_GET
@roles_required(*STAFF_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    jobs = list(jobs_for(_viewer(request)).order_by("-created_at")[:200])
    return render(request, "interviews/console/index.html", {"jobs": jobs})


def _board_context(request: HttpRequest, job_id: UUID) -> dict[str, Any]:
    job = access_job(_viewer(request), job_id)
    board = selectors.status_board(_viewer(request), job.pk)
    columns = [(key, str(COLUMN_LABELS[key]), rows) for key, rows in board.columns]
    states = [(v, label, board.counts[v]) for v, label in Interview.State.choices if board.counts.get(v)]
    return {
        "job": job,
        "board": board,
        "columns": columns,
        "states": states,
        "can_write": _viewer(request).role in WRITERS,
    }


@require_GET
@roles_required(*STAFF_ROLES)
def board(request: HttpRequest, job_id: UUID) -> HttpResponse:
    return render(request, "interviews/console/board.html", _board_context(request, job_id))


@require_GET
@roles_required(*STAFF_ROLES)
def board_live(request: HttpRequest, job_id: UUID) -> HttpResponse:
    return render(request, "interviews/console/_board.html", _board_context(request, job_id))


def _question_text(interview: Interview, question_id: str) -> str:
    item = flow.find_item(interview.snapshot, question_id)
    if item is None:
        return question_id
    return item.text["en"] if (get_language() or "").startswith("en") else item.text["zh"]


@require_GET
@roles_required(*STAFF_ROLES)
def detail(request: HttpRequest, interview_id: UUID) -> HttpResponse:
    interview = selectors.access_interview(_viewer(request), interview_id)
    return render(
        request,
        "interviews/console/detail.html",
        {
            "interview": interview,
            "events": [(e, EVENT_LABELS.get(e.name, e.name)) for e in selectors.timeline(interview)],
            "answers": [
                (a, _question_text(interview, a.question_id))
                for a in interview.answers.order_by("submitted_at")
            ],
            "invitation": selectors.latest_invitation(interview),
            "consent": interview.consents.first(),
            "can_write": _viewer(request).role in WRITERS,
        },
    )


@require_GET
@roles_required(*STAFF_ROLES)
def answer_media(request: HttpRequest, answer_id: UUID) -> HttpResponseBase:
    answer = selectors.access_answer(_viewer(request), answer_id)
    if not answer.media:
        raise Http404(_("This answer was typed, not recorded."))
    ext = {"webm": "webm", "mp4": "mp4"}.get(answer.container, "bin")
    return stored_file_response(
        str(answer.media.name),
        filename=f"answer-{answer.pk}.{ext}",
        content_type=answer.mime,
        request=request,  # Range requests: Safari plays video only from 206 answers
    )


@require_http_methods(["GET", "POST"])
@roles_required(*WRITERS)
def invite(request: HttpRequest, application_id: UUID) -> HttpResponse:
    application = selectors.access_application(_viewer(request), application_id)
    versions = plan_versions_for(_viewer(request)).filter(job_id=application.job_id)
    error = ""
    if request.method == "POST":
        version = versions.filter(pk=request.POST.get("plan_version") or "").first()
        if version is None:
            error = _("Choose an interview plan.")
        else:
            try:
                result = services.interview_invite(
                    application=application, plan_version=version, actor=_viewer(request)
                )
            except OpenhireError as exc:
                error = str(exc.message)
            else:
                return render(request, "interviews/console/invited.html", {"result": result})
    return render(
        request,
        "interviews/console/invite.html",
        {"application": application, "versions": versions, "error": error},
    )


@require_POST
@roles_required(*WRITERS)
def resend(request: HttpRequest, interview_id: UUID) -> HttpResponse:
    interview = selectors.access_interview(_viewer(request), interview_id)
    try:
        result = services.invitation_resend(interview=interview, actor=_viewer(request))
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
        return redirect("interviews:detail", interview_id=interview.pk)
    return render(request, "interviews/console/invited.html", {"result": result})


@require_POST
@roles_required(*WRITERS)
def revoke(request: HttpRequest, interview_id: UUID) -> HttpResponse:
    interview = selectors.access_interview(_viewer(request), interview_id)
    try:
        services.invitation_revoke(interview=interview, actor=_viewer(request))
        messages.success(request, _("The invitation was revoked."))
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    return redirect("interviews:detail", interview_id=interview.pk)


@require_POST
@roles_required(*WRITERS)
def extend(request: HttpRequest, interview_id: UUID) -> HttpResponse:
    interview = selectors.access_interview(_viewer(request), interview_id)
    try:
        days = int(request.POST.get("days") or 7)
        services.invitation_extend(interview=interview, actor=_viewer(request), days=days)
        messages.success(request, _("The invitation was extended."))
    except ValueError:
        messages.error(request, _("Extend by 1 to 60 days."))
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    return redirect("interviews:detail", interview_id=interview.pk)


@require_POST
@roles_required(*WRITERS)
def release_feedback(request: HttpRequest, interview_id: UUID) -> HttpResponse:
    interview = selectors.access_interview(_viewer(request), interview_id)
    try:
        services.feedback_release(interview=interview, actor=_viewer(request))
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    return redirect("interviews:detail", interview_id=interview.pk)


def _parse_dt(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@require_http_methods(["GET", "POST"])
@roles_required(*STAFF_ROLES)
def windows(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = access_job(_viewer(request), job_id)
    can_write = _viewer(request).role in WRITERS
    if request.method == "POST":
        if not can_write:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        try:
            services.booking_window_create(
                job=job,
                actor=_viewer(request),
                start=_parse_dt(str(request.POST.get("start", ""))),
                end=_parse_dt(str(request.POST.get("end", ""))),
                slot_minutes=int(request.POST.get("slot_minutes") or 30),
                capacity=int(request.POST.get("capacity") or 5),
            )
            messages.success(request, _("Booking window added."))
        except ValueError:
            messages.error(request, _("Enter valid dates and numbers."))
        except OpenhireError as exc:
            messages.error(request, str(exc.message))
        return redirect("interviews:windows", job_id=job.pk)
    return render(
        request,
        "interviews/console/windows.html",
        {
            "job": job,
            "windows": selectors.windows_for(_viewer(request), job.pk),
            "can_write": can_write,
        },
    )


@require_POST
@roles_required(*WRITERS)
def window_delete(request: HttpRequest, window_id: UUID) -> HttpResponse:
    window = selectors.access_window(_viewer(request), window_id)
    try:
        services.booking_window_delete(window=window, actor=_viewer(request))
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    return redirect("interviews:windows", job_id=window.job_id)
