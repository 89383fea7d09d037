"""The candidate's pages and endpoints (mounted at /i/…): no console chrome, no login, one interview.

Every view loads the interview from the signed session cookie (``session.current_interview``) and
nothing else; the link token appears only in ``/i/<token>``, which exchanges it and redirects.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from datetime import datetime
from functools import partial, wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, RejectRequest
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openhire.core.errors import OpenhireError
from openhire.core.middleware import client_ip
from openhire.interviews import selectors, services, session
from openhire.interviews.feedback import feedback_html
from openhire.interviews.models import Interview, UploadSession
from openhire.interviews.services._common import PRIVACY_VERSION, active_booking
from openhire.jobs.planning import expected_minutes

View = Callable[..., HttpResponse]
PROBLEM_STATUS = {
    "invalid": 404,
    "expired": 410,
    "revoked": 410,
    "used": 409,
    "throttled": 429,
    "session": 403,
}


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


def problem(request: HttpRequest, kind: str) -> HttpResponse:
    response = render(
        request, "interviews/candidate/problem.html", {"kind": kind}, status=PROBLEM_STATUS.get(kind, 400)
    )
    return _private(response)


def _lang() -> str:
    return "en" if (translation.get_language() or "").startswith("en") else "zh"


def page_context(interview: Interview, **extra: Any) -> dict[str, Any]:
    """What every candidate page shows (company, job, plan facts, language), plus ``extra``; also used
    by the candidate pages of other apps (message settings)."""
    snapshot = interview.snapshot
    lang = _lang()
    job = snapshot.get("job") or {}
    org = interview.organization
    questions = snapshot.get("questions") or []
    intro = snapshot.get("intro") or {}
    return {
        "interview": interview,
        "company": (org.name_en or org.name) if lang == "en" else org.name,
        "job_title": (job.get("title_en") or job.get("title") or interview.job.title)
        if lang == "en"
        else (job.get("title") or interview.job.title),
        "intro": intro.get(lang) or intro.get("zh") or "" if isinstance(intro, dict) else "",
        "question_count": len(questions),
        "minutes": expected_minutes(snapshot),
        "allow_text": bool(snapshot.get("allow_text_answers")),
        "booking_enabled": bool((snapshot.get("booking") or {}).get("enabled", True)),
        "lang": lang,
        **extra,
    }


_csrf = CsrfViewMiddleware(lambda request: HttpResponse())


def token_csrf(view: View) -> View:
    """CSRF protection by token only, for pages under ``Referrer-Policy: no-referrer``.

    Browsers send ``Origin: null`` and no ``Referer`` for form posts from such pages, which Django's
    origin and referer checks refuse; the masked token (form field or ``X-CSRFToken``) is still
    required, and the candidate cookie is ``SameSite=Lax``, so cross-site posts carry no session.
    """

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        enforce = not getattr(request, "_dont_enforce_csrf_checks", False)  # Django's test client
        if enforce and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            try:
                _csrf._check_token(request)  # type: ignore[attr-defined]  # the token check alone (Django 5.2)
            except RejectRequest:
                return _private(
                    problem(request, "session")
                    if not request.path.startswith("/i/s/api/")
                    else JsonResponse(
                        {"error": {"code": "csrf", "message": _("Reload the page and try again.")}},
                        status=403,
                    )
                )
        return view(request, *args, **kwargs)

    return wrapped


def candidate_page(view: View) -> View:
    @token_csrf
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        interview = session.current_interview(request)
        if interview is None:
            return problem(request, "session")
        return _private(view(request, interview, *args, **kwargs))

    return wrapped


def candidate_api(view: View, *, load: str = "full") -> View:
    @token_csrf
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        interview = session.current_interview(request, load=load)
        if interview is None:
            return _private(
                JsonResponse(
                    {
                        "error": {
                            "code": "unauthenticated",
                            "message": _("Open the link from your invitation again."),
                        }
                    },
                    status=401,
                )
            )
        try:
            response = view(request, interview, *args, **kwargs)
        except OpenhireError as exc:
            body: dict[str, Any] = {"error": {"code": exc.code, "message": str(exc.message)}}
            response = JsonResponse(body, status=exc.status)
        return _private(response)

    return wrapped


# --- entry ---------------------------------------------------------------------------------------


def _exchange(request: HttpRequest, *, token: str = "", code: str = "") -> HttpResponse:
    data = session.read(request)
    result = services.invitation_exchange(
        token=token,
        code=code,
        ip=client_ip(request),
        session_interview_id=data.get("i", ""),
        session_nonce=data.get("n", ""),
    )
    if result.outcome != "ok" or result.interview is None:
        return problem(request, result.outcome)
    response = _private(HttpResponseRedirect("/i/s/"))
    session.bind(response, result.interview)
    return response


@require_GET
def token_exchange(request: HttpRequest, token: str) -> HttpResponse:
    return _exchange(request, token=token)


@require_http_methods(["GET", "POST"])
@token_csrf
def code_entry(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        code = str(request.POST.get("code", ""))[:32]
        if code.strip():
            return _exchange(request, code=code)
    return _private(render(request, "interviews/candidate/code.html", {}))


@require_GET
def language_switch(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the candidate pages' language (a link, not a form: these pages send no Origin)."""
    from django.conf import settings

    target = str(request.GET.get("next", "/i/s/"))
    if not target.startswith("/i/") or "//" in target:
        target = "/i/s/"
    response = _private(HttpResponseRedirect(target))
    if code in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@require_GET
def handoff_accept(request: HttpRequest, value: str) -> HttpResponse:
    interview = services.session_handoff_accept(value=value)
    if interview is None:
        return problem(request, "used")
    response = _private(HttpResponseRedirect("/i/s/"))
    session.bind(response, interview)
    return response


# --- pages ---------------------------------------------------------------------------------------

S = Interview.State


@require_GET
@candidate_page
def home(request: HttpRequest, interview: Interview) -> HttpResponse:
    if interview.state in (S.INVITED, S.OPENED):
        return redirect("interviews_candidate:welcome")
    if interview.state == S.CONSENTED:
        return redirect(
            "interviews_candidate:device"
            if interview.answer_mode == "video"
            else "interviews_candidate:booking"
        )
    if interview.state == S.BOOKED:
        return redirect("interviews_candidate:booking")
    if interview.state == S.IN_PROGRESS:
        return redirect("interviews_candidate:interview")
    return redirect("interviews_candidate:status")


@require_GET
@candidate_page
def welcome(request: HttpRequest, interview: Interview) -> HttpResponse:
    return render(request, "interviews/candidate/welcome.html", page_context(interview, step=1))


@require_http_methods(["GET", "POST"])
@candidate_page
def consent(request: HttpRequest, interview: Interview) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            services.consent_give(
                interview=interview,
                ai_consent=request.POST.get("ai_consent") == "on",
                av_analysis_consent=request.POST.get("av_consent") == "on",
                alternative=str(request.POST.get("alternative", "")),
                language=translation.get_language() or "",
                privacy_version=PRIVACY_VERSION,
            )
        except OpenhireError as exc:
            error = str(exc.message)
        else:
            return redirect("interviews_candidate:home")
    if interview.state not in (S.INVITED, S.OPENED) and not error:
        return redirect("interviews_candidate:home")
    return render(
        request,
        "interviews/candidate/consent.html",
        page_context(interview, step=2, error=error, privacy_version=PRIVACY_VERSION, posted=request.POST),
    )


@require_GET
@candidate_page
def device(request: HttpRequest, interview: Interview) -> HttpResponse:
    return render(
        request,
        "interviews/candidate/device.html",
        page_context(interview, step=3, in_wechat=_in_wechat(request)),
    )


@require_http_methods(["GET", "POST"])
@candidate_page
def booking(request: HttpRequest, interview: Interview) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            slot = datetime.fromisoformat(str(request.POST.get("slot", "")))
            if timezone.is_naive(slot):
                slot = timezone.make_aware(slot)
            services.booking_book(
                interview=interview, window_id=str(request.POST.get("window", "")), slot_start=slot
            )
        except ValueError:
            error = _("Choose a time.")
        except OpenhireError as exc:
            error = str(exc.message)
        else:
            return redirect("interviews_candidate:booking")
    if interview.state not in (S.CONSENTED, S.BOOKED):
        return redirect("interviews_candidate:home")
    slots = services.booking_slots(interview=interview) if interview.state in (S.CONSENTED, S.BOOKED) else []
    days: dict[str, list[services.Slot]] = {}
    for slot_item in slots:
        days.setdefault(timezone.localtime(slot_item.start).date().isoformat(), []).append(slot_item)
    return render(
        request,
        "interviews/candidate/booking.html",
        page_context(
            interview,
            step=4,
            error=error,
            days=days,
            current=active_booking(interview),
            can_start=services.can_start(interview),
            rescheduling=request.GET.get("change") == "1",
        ),
    )


@require_GET
@candidate_page
def booking_ics(request: HttpRequest, interview: Interview) -> HttpResponse:
    from django.conf import settings
    from icalendar import Calendar, Event

    current = active_booking(interview)
    if current is None:
        return redirect("interviews_candidate:booking")
    ctx = page_context(interview)
    cal = Calendar()
    cal.add("prodid", "-//openhire//interview//EN")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"{current.pk}@openhire")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", current.slot_start)
    event.add("dtend", current.slot_end)
    event.add(
        "summary",
        _("AI interview: %(job)s, %(company)s") % {"job": ctx["job_title"], "company": ctx["company"]},
    )
    # The link to come back by: the interview page in this browser, or the short-code form elsewhere.
    event.add(
        "description",
        _("Open %(url)s in the browser you used to book, or enter your interview code at %(code_url)s.")
        % {"url": f"{settings.OPENHIRE_BASE_URL}/i/s/", "code_url": f"{settings.OPENHIRE_BASE_URL}/i/c/"},
    )
    cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interview.ics"'
    return response


@require_POST
@candidate_page
def start(request: HttpRequest, interview: Interview) -> HttpResponse:
    try:
        services.interview_start(interview=interview)
    except OpenhireError:
        return redirect("interviews_candidate:booking")
    return redirect("interviews_candidate:interview")


@require_POST
@candidate_page
def decline(request: HttpRequest, interview: Interview) -> HttpResponse:
    with contextlib.suppress(OpenhireError):
        services.interview_decline(interview=interview)
    return redirect("interviews_candidate:status")


@require_POST
@candidate_page
def text_mode(request: HttpRequest, interview: Interview) -> HttpResponse:
    """Answer in writing instead of recording (camera or microphone failed on this device)."""
    try:
        services.answer_mode_switch(
            interview=interview, mode=Interview.Mode.TEXT, reason=str(request.POST.get("reason", "device"))
        )
    except OpenhireError as exc:
        return render(
            request,
            "interviews/candidate/device.html",
            page_context(interview, step=3, in_wechat=_in_wechat(request), error=str(exc.message)),
            status=exc.status,
        )
    return redirect("interviews_candidate:home")


@require_POST
@candidate_page
def human(request: HttpRequest, interview: Interview) -> HttpResponse:
    """Ask for an interview with a person instead (after consent, e.g. when recording fails)."""
    with contextlib.suppress(OpenhireError):
        services.interview_request_human(interview=interview)
    return redirect("interviews_candidate:status")


def _in_wechat(request: HttpRequest) -> bool:
    return "MicroMessenger" in request.META.get("HTTP_USER_AGENT", "")


@require_POST
@candidate_page
def handoff(request: HttpRequest, interview: Interview) -> HttpResponse:
    from django.conf import settings

    value = services.session_handoff(interview=interview)
    return render(
        request,
        "interviews/candidate/handoff.html",
        page_context(interview, link=f"{settings.OPENHIRE_BASE_URL}/i/h/{value}/"),
    )


@require_GET
@candidate_page
def interview_page(request: HttpRequest, interview: Interview) -> HttpResponse:
    if interview.state != S.IN_PROGRESS:
        return redirect("interviews_candidate:home")
    ua = request.META.get("HTTP_USER_AGENT", "")
    return render(
        request,
        "interviews/candidate/interview.html",
        page_context(
            interview,
            step=5,
            in_wechat="MicroMessenger" in ua,
            messages_js=_js_messages(),
            state=selectors.candidate_state(interview, translation.get_language() or ""),
        ),
    )


def _js_messages() -> dict[str, str]:
    return {
        "progress": _("%(done)s of %(total)s questions answered"),
        "question": _("Question %(n)s of %(total)s"),
        "followup": _("Follow-up question"),
        "attempt": _("attempt %(n)s of %(max)s"),
        "prep": _("Think about your answer: recording starts in %(s)s s"),
        "retake": _("Record this answer again"),
        "next": _("Next question"),
        "review": _("Continue"),
        "resuming": _("Continuing your upload where it stopped…"),
        "offline": _("The connection dropped. Your answer is kept on this phone; we retry automatically."),
        "failed": _("Something went wrong. Please try again."),
        "empty": _("Write your answer first."),
        "retrying": _("Weak network, retrying… (%(n)s of %(max)s) Your answer is kept on this phone."),
        "stalled": _(
            "The upload could not get through. Your answer is kept on this phone: check your network and tap “Try the upload again”."
        ),
        "file_limit": _("You have %(limit)s to answer. Stop recording before the time is up."),
        "too_long": _(
            "This recording is %(length)s long; answers may be at most %(limit)s. Please record a shorter answer."
        ),
    }


@require_GET
@candidate_page
def status(request: HttpRequest, interview: Interview) -> HttpResponse:
    return render(
        request,
        "interviews/candidate/status.html",
        page_context(
            interview,
            current=active_booking(interview),
            feedback_html=feedback_html(interview, _lang()),
        ),
    )


# --- JSON endpoints used by candidate.js ---------------------------------------------------------


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@require_GET
@partial(candidate_api, load="state")
def api_state(request: HttpRequest, interview: Interview) -> HttpResponse:
    return JsonResponse(selectors.candidate_state(interview, translation.get_language() or ""))


@require_POST
@partial(candidate_api, load="light")
def api_speed(request: HttpRequest, interview: Interview) -> HttpResponse:
    size = len(request.body)  # read and dropped: the browser times the round trip
    return JsonResponse({"received": size})


def _upload_json(upload: UploadSession) -> dict[str, Any]:
    return {
        "id": str(upload.pk),
        "offset": upload.received,
        "size": upload.expected_size,
        "state": upload.state,
        "question_id": upload.question_id,
        "attempt": upload.attempt,
    }


@require_POST
@candidate_api
def api_upload_open(request: HttpRequest, interview: Interview) -> HttpResponse:
    data = _body(request)
    try:
        size, duration = int(data.get("size") or 0), int(data.get("duration_ms") or 0)
    except (TypeError, ValueError):
        size, duration = 0, 0
    upload = services.upload_open(
        interview=interview,
        question_id=str(data.get("question_id", "")),
        size=size,
        sha256=str(data.get("sha256", "")),
        mime=str(data.get("mime", "")),
        duration_ms=duration,
    )
    return JsonResponse(_upload_json(upload), status=201)


@require_GET
@partial(candidate_api, load="light")
def api_upload(request: HttpRequest, interview: Interview, upload_id: Any) -> HttpResponse:
    upload = selectors.candidate_upload(interview, upload_id)
    if upload is None:
        return JsonResponse({"error": {"code": "not_found", "message": _("Not found.")}}, status=404)
    return JsonResponse(_upload_json(upload))


@require_http_methods(["PUT", "POST"])
@partial(candidate_api, load="light")
def api_upload_chunk(request: HttpRequest, interview: Interview, upload_id: Any) -> HttpResponse:
    upload = selectors.candidate_upload(interview, upload_id)
    if upload is None:
        return JsonResponse({"error": {"code": "not_found", "message": _("Not found.")}}, status=404)
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > services.uploads.CHUNK_MAX:
        return JsonResponse(
            {"error": {"code": "too_large", "message": _("A chunk may hold at most 1 MiB.")}}, status=413
        )
    try:
        offset = int(request.GET.get("offset", "-1"))
    except ValueError:
        offset = -1
    try:
        received = services.upload_chunk(
            session=upload,
            offset=offset,
            data=request.body,
            checksum=request.headers.get("X-Chunk-SHA256", ""),
        )
    except OpenhireError as exc:
        upload.refresh_from_db(fields=["received"])
        return JsonResponse(
            {"error": {"code": exc.code, "message": str(exc.message)}, "offset": upload.received},
            status=exc.status,
        )
    return JsonResponse({"offset": received})


@require_POST
@candidate_api
def api_upload_complete(request: HttpRequest, interview: Interview, upload_id: Any) -> HttpResponse:
    upload = selectors.candidate_upload(interview, upload_id)
    if upload is None:
        return JsonResponse({"error": {"code": "not_found", "message": _("Not found.")}}, status=404)
    answer = services.upload_complete(session=upload)
    interview.refresh_from_db()
    return JsonResponse(
        {
            "answer_id": str(answer.pk),
            "sha256": answer.sha256,
            "state": selectors.candidate_state(interview, translation.get_language() or ""),
        }
    )


@require_POST
@candidate_api
def api_text(request: HttpRequest, interview: Interview) -> HttpResponse:
    data = _body(request)
    services.answer_text_submit(
        interview=interview, question_id=str(data.get("question_id", "")), text=str(data.get("text", ""))
    )
    interview.refresh_from_db()
    return JsonResponse({"state": selectors.candidate_state(interview, translation.get_language() or "")})


@require_POST
@candidate_api
def api_retake(request: HttpRequest, interview: Interview) -> HttpResponse:
    data = _body(request)
    interview = services.answer_retake(interview=interview, question_id=str(data.get("question_id", "")))
    return JsonResponse({"state": selectors.candidate_state(interview, translation.get_language() or "")})


@require_POST
@candidate_api
def api_finish(request: HttpRequest, interview: Interview) -> HttpResponse:
    services.interview_finish(interview=interview)
    return JsonResponse({"next": "/i/s/status/"})
