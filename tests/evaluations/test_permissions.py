"""Permission matrix for every evaluation page and API endpoint, and the audit rows of reads and changes."""

from __future__ import annotations

import pytest

from openhire.audit.models import AuditEvent
from openhire.evaluations.models import Evaluation, HumanReviewRequest
from tests.permissions import Case, check_case

pytestmark = pytest.mark.django_db

STAFF = ("admin", "recruiter", "interviewer", "hiring_manager")
WRITERS = ("admin", "recruiter")


@pytest.fixture
def ctx(take_interview, drain, users):  # type: ignore[no-untyped-def]
    taken = take_interview(text_only=True)
    drain()
    evaluation = Evaluation.objects.get(interview=taken.interview)
    review = HumanReviewRequest.objects.create(
        organization=evaluation.organization,
        evaluation=evaluation,
        requested_by=users["recruiter"],
        reason="核对",
    )
    return {
        "e": evaluation.pk,
        "i": taken.interview.pk,
        "j": evaluation.job_id,
        "a": evaluation.analyses.first().pk,  # type: ignore[union-attr]
        "r": review.pk,
    }


PAGES = [
    Case("list", "get", "/evaluations/", STAFF),
    Case("detail", "get", lambda c: f"/evaluations/{c['e']}/", STAFF, object_bound=True),
    Case("interview", "get", lambda c: f"/evaluations/interviews/{c['i']}/", STAFF, object_bound=True),
    Case("pdf", "get", lambda c: f"/evaluations/{c['e']}/report.pdf", STAFF, object_bound=True),
    Case("rerun", "post", lambda c: f"/evaluations/{c['e']}/rerun/", WRITERS, ok=302, object_bound=True),
    Case("release", "post", lambda c: f"/evaluations/{c['e']}/release/", WRITERS, ok=302, object_bound=True),
    Case("review", "post", lambda c: f"/evaluations/{c['e']}/review/", STAFF, ok=302, data={"reason": "x"},
         object_bound=True),
    Case("resolve", "post", lambda c: f"/evaluations/reviews/{c['r']}/resolve/", WRITERS, ok=302,
         data={"resolution": "ok"}, object_bound=True),
    Case("paste", "post", lambda c: f"/evaluations/analyses/{c['a']}/transcript/", WRITERS, ok=302,
         data={"text": "x", "language": "zh"}, object_bound=True),
    Case("benchmarks", "get", lambda c: f"/evaluations/jobs/{c['j']}/benchmarks/", STAFF, object_bound=True),
    Case("benchmarks-post", "post", lambda c: f"/evaluations/jobs/{c['j']}/benchmarks/", WRITERS, ok=302,
         data={"name": "高绩效", "scores": "60, 70"}, object_bound=True),
    Case("withdraw", "post", lambda c: f"/evaluations/interviews/{c['i']}/withdraw-consent/", WRITERS, ok=302,
         data={"note": "电话"}, object_bound=True),
    Case("settings", "get", "/evaluations/settings/", ("admin",)),
    Case("settings-post", "post", "/evaluations/settings/", ("admin",), ok=302, data={"camera": "on"}),
]  # fmt: skip

API = [
    Case("api-list", "get", "/api/v1/evaluations", STAFF, api=True),
    Case("api-get", "get", lambda c: f"/api/v1/evaluations/{c['e']}", STAFF, api=True, object_bound=True),
    Case("api-comps", "get", lambda c: f"/api/v1/evaluations/{c['e']}/competencies", STAFF, api=True,
         object_bound=True),
    Case("api-answers", "get", lambda c: f"/api/v1/evaluations/{c['e']}/answers", STAFF, api=True,
         object_bound=True),
    Case("api-versions", "get", lambda c: f"/api/v1/evaluations/interviews/{c['i']}", STAFF, api=True,
         object_bound=True),
    Case("api-current", "get", lambda c: f"/api/v1/evaluations/interviews/{c['i']}/current", STAFF, api=True,
         object_bound=True),
    Case("api-rerun", "post", lambda c: f"/api/v1/evaluations/interviews/{c['i']}/rerun", WRITERS, api=True,
         ok=202, object_bound=True),
    Case("api-release", "post", lambda c: f"/api/v1/evaluations/{c['e']}/release", WRITERS, api=True,
         object_bound=True),
    Case("api-review", "post", lambda c: f"/api/v1/evaluations/{c['e']}/human-review", STAFF, api=True, ok=201,
         data={"reason": "请人工复核"}, object_bound=True),
    # allowed roles pass the permission check and get 409: the answer is not waiting for a transcript
    Case("api-paste", "post", lambda c: f"/api/v1/evaluations/analyses/{c['a']}/transcript", WRITERS, api=True,
         ok=409, data={"text": "x", "language": "zh"}, object_bound=True),
    Case("api-bench", "get", lambda c: f"/api/v1/evaluations/jobs/{c['j']}/benchmark-groups", STAFF, api=True,
         object_bound=True),
    Case("api-bench-post", "post", lambda c: f"/api/v1/evaluations/jobs/{c['j']}/benchmark-groups", WRITERS,
         api=True, ok=201, data={"name": "高绩效", "scores": [60, 70]}, object_bound=True),
    Case("api-withdraw", "post", lambda c: f"/api/v1/evaluations/interviews/{c['i']}/consent-withdrawal", WRITERS,
         api=True, data={"note": "email"}, object_bound=True),
    Case("api-settings", "get", "/api/v1/evaluations/settings", ("admin",), api=True),
    Case("api-settings-put", "put", "/api/v1/evaluations/settings", ("admin",), api=True, data={"camera": False}),
]  # fmt: skip


@pytest.mark.parametrize("case", PAGES + API, ids=lambda c: c.name)
def test_permission_matrix(case, ctx, client_for, users, other_users):  # type: ignore[no-untyped-def]
    check_case(case, ctx, client_for, users, other_users)


def test_team_members_of_other_jobs_do_not_see_the_evaluation(ctx, client_for, make_user, org):  # type: ignore[no-untyped-def]
    outsider = make_user(org, "recruiter")
    assert client_for(outsider).get(f"/evaluations/{ctx['e']}/").status_code == 404
    assert client_for(outsider).get(f"/api/v1/evaluations/{ctx['e']}").status_code == 404
    assert client_for(outsider).get("/api/v1/evaluations").json()["count"] == 0


def test_reads_and_changes_are_audited(ctx, client_for, users):  # type: ignore[no-untyped-def]
    client = client_for(users["recruiter"])
    client.get(f"/evaluations/{ctx['e']}/")
    client.post(f"/evaluations/{ctx['e']}/release/")
    actions = set(AuditEvent.objects.filter(object_id=str(ctx["e"])).values_list("action", flat=True))
    assert {
        "evaluation.read",
        "evaluation.create",
        "evaluation.done",
        "evaluation.feedback_release",
    } <= actions
    analysed = AuditEvent.objects.filter(action="evaluation.answer_analysed").count()
    assert analysed == 3
