"""Every write to candidates, applications, documents and imports (one write path for views, API,
tasks and CLI). Split by topic: people (candidates, applications, corrections), intake (files, zips,
careers page) and imports (Excel/CSV)."""

from openhire.candidates.services.imports import import_prepare, import_run
from openhire.candidates.services.intake import (
    IntakeReceipt,
    apply_throttle_hit,
    careers_apply,
    intake_batch_process,
    intake_files,
)
from openhire.candidates.services.people import (
    CandidateResult,
    application_create,
    application_request_human_review,
    candidate_apply_parse,
    candidate_correct,
    candidate_create,
    candidate_find_duplicate,
    candidate_upsert,
)

__all__ = [
    "CandidateResult",
    "IntakeReceipt",
    "application_create",
    "application_request_human_review",
    "apply_throttle_hit",
    "candidate_apply_parse",
    "candidate_correct",
    "candidate_create",
    "candidate_find_duplicate",
    "candidate_upsert",
    "careers_apply",
    "import_prepare",
    "import_run",
    "intake_batch_process",
    "intake_files",
]
