"""Screening API: start (re-)screening of a job in the background.
(No ``from __future__ import annotations`` here: ninja reads the annotations at runtime.)"""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from openhire.candidates.selectors import CANDIDATE_WRITERS, writable_job
from openhire.core.api import require_write
from openhire.screening.services import job_screen_start

router = Router(tags=["screening"])


class ScreeningStarted(Schema):
    progress_key: str
    total: int


@router.post("/jobs/{job_id}/screening", response={202: ScreeningStarted})
def screen_job(request: HttpRequest, job_id: UUID) -> tuple[int, dict[str, Any]]:
    """Screen every active application of the job again (idempotent); poll ``/api/v1/tasks/{progress_key}``."""
    user = require_write(request, *CANDIDATE_WRITERS)
    job = writable_job(user, job_id)
    row = job_screen_start(job=job, actor=user)
    return 202, {"progress_key": row.key, "total": row.total}
