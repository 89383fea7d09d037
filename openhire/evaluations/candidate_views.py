"""The candidate's feedback report page (inside the interview session cookie) and their request for a
human review of the AI result."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from openhire.core.errors import OpenhireError
from openhire.evaluations import report, services
from openhire.evaluations.models import Evaluation, HumanReviewRequest
from openhire.interviews.candidate_views import candidate_page
from openhire.interviews.models import Interview


def _current(interview: Interview) -> Evaluation | None:
    return Evaluation.objects.filter(
        interview_id=interview.pk, is_current=True, status=Evaluation.Status.DONE
    ).first()


@require_GET
@candidate_page
def feedback(request: HttpRequest, interview: Interview) -> HttpResponse:
    evaluation = _current(interview)
    html = report.candidate_feedback_html(interview, language=translation.get_language() or "")
    requested = (
        evaluation is not None
        and HumanReviewRequest.objects.filter(evaluation=evaluation, by_candidate=True).exists()
    )
    return render(
        request,
        "evaluations/candidate_page.html",
        {
            "interview": interview,
            "company": interview.organization.name,
            "feedback_html": html,
            "can_request_review": evaluation is not None and html is not None and not requested,
            "review_requested": requested,
            "error": request.GET.get("error") == "1",
        },
    )


@require_POST
@candidate_page
def review(request: HttpRequest, interview: Interview) -> HttpResponse:
    evaluation = _current(interview)
    if evaluation is None or interview.feedback_released_at is None:
        return redirect("evaluations_candidate:feedback")
    if not HumanReviewRequest.objects.filter(evaluation=evaluation, by_candidate=True).exists():
        try:
            services.human_review_request(
                evaluation=evaluation, actor=None, reason=request.POST.get("reason", ""), by_candidate=True
            )
        except OpenhireError:
            return redirect("/i/s/feedback/?error=1")
    return redirect("evaluations_candidate:feedback")
