"""The slot for the candidate's feedback report (filled by the evaluations app).

The evaluations app registers a renderer from its ``AppConfig.ready``; the status page calls it once HR
has released the feedback (``Interview.feedback_released_at``) and shows the returned HTML (already
escaped/safe) inside ``interviews/candidate/_feedback.html``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString

from openhire.interviews.models import Interview

FeedbackRenderer = Callable[[Interview, str], SafeString | str]
_renderer: FeedbackRenderer | None = None


def register_feedback_renderer(fn: FeedbackRenderer) -> FeedbackRenderer:
    """``fn(interview, language)`` → the candidate's feedback report as safe HTML ("" when not ready)."""
    global _renderer
    _renderer = fn
    return fn


def feedback_html(interview: Interview, language: str) -> SafeString | str:
    if interview.feedback_released_at is None or _renderer is None:
        return ""
    return _renderer(interview, language)
