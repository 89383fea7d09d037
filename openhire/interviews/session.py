"""The candidate's session: a signed cookie bound to one interview and its current session nonce.

Candidates are not users. The link token is exchanged once for this cookie; every candidate page and
endpoint loads the interview from it and nothing else, so one candidate can never reach another's.
"""

from __future__ import annotations

import json
import uuid
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from openhire.core import rawsql
from openhire.interviews.models import Interview
from openhire.jobs.models import PlanVersion

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
# seconds per candidate (status polls) or per 1 MiB chunk, so they read a narrow row through
# hand-written SQL (see openhire.core.rawsql); the pages load the full row with its joins.
LOADS: dict[str, tuple[str, ...]] = {
    "light": ("id", "organization", "session_nonce", "state", "answer_mode"),
    "state": ("id", "organization", "session_nonce", "state", "answer_mode", "retake_of", "plan_version"),
}


@cache
def _load_sql(load: str) -> str:
    if load == "light":
        return rawsql.select_sql(Interview, LOADS[load], ("id",))
    columns = ", ".join(rawsql.column(Interview, name, "i") for name in LOADS[load])
    where = f"{rawsql.column(Interview, 'id', 'i')} = %s"
    joined = f"{rawsql.column(PlanVersion, 'id', 'p')} = {rawsql.column(Interview, 'plan_version', 'i')}"
    snapshot = rawsql.column(PlanVersion, "snapshot", "p")
    tables = f"{rawsql.table(Interview)} i JOIN {rawsql.table(PlanVersion)} p ON {joined}"
    return f"SELECT {columns}, {snapshot} AS plan_snapshot FROM {tables} WHERE {where}"  # noqa: S608 (rawsql)


def _load(pk: uuid.UUID, load: str) -> Interview | None:
    interview = rawsql.first(Interview, _load_sql(load), [rawsql.pk_param(Interview, pk)])
    if interview is not None and load == "state":
        snapshot = interview.plan_snapshot  # type: ignore[attr-defined]
        if isinstance(snapshot, str | bytes):  # an extra column: no field converter was applied
            snapshot = json.loads(snapshot)
        interview.plan_version = PlanVersion(pk=interview.plan_version_id, snapshot=snapshot)
    return interview


def current_interview(request: HttpRequest, *, load: str = "full") -> Interview | None:
    """The interview this browser holds a valid session for, or None.

    ``load`` picks what is read with it: ``"full"`` (plan version, job, organisation: the pages),
    ``"state"`` (the plan snapshot only: the status endpoint) or ``"light"`` (no plan snapshot: the
    upload endpoints); the other fields of the two narrow loads are read on first use.
    """
    data = read(request)
    try:
        pk = uuid.UUID(data.get("i") or "")
    except ValueError:
        return None
    interview: Interview | None
    if load in LOADS:
        interview = _load(pk, load)
    else:
        qs = Interview.objects.select_related("plan_version", "job", "organization")
        try:
            interview = qs.get(pk=pk)
        except (Interview.DoesNotExist, ValidationError):
            return None
    if (
        interview is None
        or interview.session_nonce != data.get("n")
        or interview.state == Interview.State.REVOKED
    ):
        return None
    return interview
