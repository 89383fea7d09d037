"""The candidate's session: a signed cookie bound to one interview and its current session nonce.

Candidates are not users. The link token is exchanged once for this cookie; every candidate page and
endpoint loads the interview from it and nothing else, so one candidate can never reach another's.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from openhire.interviews.models import Interview

COOKIE = "oh_interview"
SALT = "openhire.interviews.session"
MAX_AGE = 60 * 24 * 3600  # the candidate comes back for the result page weeks later


def bind(response: HttpResponse, interview: Interview) -> None:
    response.set_signed_cookie(
        COOKIE,
        f"{interview.pk}:{interview.session_nonce}",
        salt=SALT,
        max_age=MAX_AGE,
        path="/i/",
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def read(request: HttpRequest) -> dict[str, Any]:
    raw = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=MAX_AGE)
    interview_id, sep, nonce = (raw or "").partition(":")
    return {"i": interview_id, "n": nonce} if sep else {}


# What each kind of candidate endpoint loads with the interview: the JSON endpoints run every few
# seconds per candidate (status polls) or per 1 MiB chunk, and compiling and reading the full row
# with its joins cost more than the rest of the request.
LOADS: dict[str, tuple[str, ...]] = {
    "light": ("id", "organization_id", "session_nonce", "state", "answer_mode"),
    "state": (
        "id",
        "organization_id",
        "session_nonce",
        "state",
        "answer_mode",
        "retake_of",
        "plan_version__snapshot",
    ),
}


def current_interview(request: HttpRequest, *, load: str = "full") -> Interview | None:
    """The interview this browser holds a valid session for, or None.

    ``load`` picks what is read with it: ``"full"`` (plan version, job, organisation: the pages),
    ``"state"`` (the plan snapshot only: the status endpoint) or ``"light"`` (no plan snapshot: the
    upload endpoints).
    """
    data = read(request)
    if not data.get("i"):
        return None
    qs = Interview.objects.all()
    if load == "light":
        qs = qs.only(*LOADS["light"])
    elif load == "state":
        qs = qs.select_related("plan_version").only(*LOADS["state"])
    else:
        qs = qs.select_related("plan_version", "job", "organization")
    try:
        interview = qs.get(pk=data["i"])
    except (Interview.DoesNotExist, ValueError, ValidationError):
        return None
    if interview.session_nonce != data.get("n") or interview.state == Interview.State.REVOKED:
        return None
    return interview
