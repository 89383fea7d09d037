"""The candidate's own message settings, reached from the interview pages (same candidate session):
which channels to use, in what order, and stopping messages altogether."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from openhire.core.errors import OpenhireError
from openhire.interviews.candidate_views import _context, candidate_page
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
    return render(
        request,
        "notifications/candidate_preferences.html",
        _context(interview, channels=rows, opted_out=bool(current and current.opted_out)),
    )
