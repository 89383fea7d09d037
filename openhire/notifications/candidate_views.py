"""The candidate's own message settings, reached from the interview pages (same candidate session):
which channels to use, in what order, and stopping messages altogether."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from openhire.core.errors import OpenhireError
from openhire.interviews.candidate_views import candidate_page, page_context
from openhire.interviews.models import Interview
from openhire.notifications import selectors, services
from openhire.notifications.models import CANDIDATE_CHANNELS, Channel


@candidate_page
def preferences(request: HttpRequest, interview: Interview) -> HttpResponse:
    candidate = interview.candidate
    available = selectors.candidate_channels(candidate)
    current = selectors.candidate_preference(candidate)
    if request.method == "POST":
        chosen = [c for c in request.POST.getlist("channel") if c in available]
        try:
            services.preference_set(
                candidate=candidate,
                actor=None,
                channels=chosen,
                opted_out=request.POST.get("opted_out") == "1",
            )
        except OpenhireError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Your message settings are saved."))
        return redirect("notifications_candidate:preferences")
    labels = dict(Channel.choices)
    selected = set(current.channels) if current and current.channels else set(available)
    rows = [
        {"key": c, "label": labels[c], "address": available[c], "on": c in selected}
        for c in CANDIDATE_CHANNELS
        if c in available
    ]
    wechat_ready = not candidate.wechat_openid and services.wechat_oauth(interview.organization_id, "", "")
    return render(
        request,
        "notifications/candidate_preferences.html",
        page_context(
            interview,
            channels=rows,
            opted_out=bool(current and current.opted_out),
            offer_wechat=bool(wechat_ready),
            in_wechat="MicroMessenger" in request.headers.get("User-Agent", ""),
        ),
    )


_WECHAT_SALT = "openhire.notifications.wechat-oauth"


def _wechat_callback(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("notifications_candidate:wechat_done"))


@candidate_page
def wechat_start(request: HttpRequest, interview: Interview) -> HttpResponse:
    """Send the candidate through WeChat's web authorisation to learn their openid (inside WeChat)."""
    state = signing.dumps(str(interview.pk), salt=_WECHAT_SALT)
    client = services.wechat_oauth(interview.organization_id, _wechat_callback(request), state)
    if client is None:
        messages.error(request, _("WeChat messages are not set up by this organisation."))
        return redirect("notifications_candidate:preferences")
    return redirect(client.authorize_url)


@candidate_page
def wechat_done(request: HttpRequest, interview: Interview) -> HttpResponse:
    try:
        state = signing.loads(request.GET.get("state", ""), salt=_WECHAT_SALT, max_age=600)
    except signing.BadSignature:
        state = None
    code = request.GET.get("code", "")
    if state != str(interview.pk) or not code:
        messages.error(request, _("WeChat did not confirm your account. Please try again."))
        return redirect("notifications_candidate:preferences")
    try:
        services.candidate_wechat_link(
            candidate=interview.candidate, code=code, redirect_uri=_wechat_callback(request)
        )
    except OpenhireError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Done: we will message you in WeChat."))
    return redirect("notifications_candidate:preferences")
