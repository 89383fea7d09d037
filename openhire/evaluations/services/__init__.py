"""Every write of the evaluations app (see the submodules); import from here."""

from openhire.evaluations.services.aggregate import (
    benchmark_group_default,
    benchmark_scores,
    evaluation_aggregate,
)
from openhire.evaluations.services.analysis import (
    analysis_finish,
    analysis_paste_transcript,
    analysis_transcript_store,
    analysis_wait_for_transcript,
    consent_state,
    evaluation_answer_submitted,
    evaluation_consent_withdraw,
    evaluation_interview_completed,
    evaluation_rerun,
)
from openhire.evaluations.services.reports import (
    benchmark_group_create,
    evaluation_release_feedback,
    evaluation_settings_update,
    human_review_request,
    human_review_resolve,
)

__all__ = [
    "analysis_finish",
    "analysis_paste_transcript",
    "analysis_transcript_store",
    "analysis_wait_for_transcript",
    "benchmark_group_create",
    "benchmark_group_default",
    "benchmark_scores",
    "consent_state",
    "evaluation_aggregate",
    "evaluation_answer_submitted",
    "evaluation_consent_withdraw",
    "evaluation_interview_completed",
    "evaluation_release_feedback",
    "evaluation_rerun",
    "evaluation_settings_update",
    "human_review_request",
    "human_review_resolve",
]
