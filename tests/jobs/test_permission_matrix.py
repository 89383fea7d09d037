"""Permission-matrix rows for every page and endpoint of the jobs app.

The job in ``ctx`` has every staff user of the organisation on its team, so role checks are what is
tested here; team scoping (a recruiter not on the team gets 404) is tested in test_services/test_views.
"""

from __future__ import annotations

import itertools

import pytest

from openhire.jobs import selectors, services
from tests.jobs.helpers import competency, question
from tests.permissions import Case, check_case

_n = itertools.count()
STAFF = ("admin", "recruiter", "interviewer", "hiring_manager")
WRITE = ("admin", "recruiter")


def _job(ctx):  # type: ignore[no-untyped-def]
    return ctx["job"].id


def _weights(ctx):  # type: ignore[no-untyped-def]
    return {"items": [{"competency_id": str(ctx["comp"].id), "weight": 100}]}


API = [
    Case("API: job list", "get", "/api/v1/jobs", api=True, allowed=STAFF),
    Case("API: job create", "post", "/api/v1/jobs", api=True, allowed=WRITE, ok=201, data={"title": "柜员"}),
    Case("API: job templates", "get", "/api/v1/job-templates", api=True, allowed=WRITE),
    Case(
        "API: job from template",
        "post",
        "/api/v1/jobs/from-template",
        api=True,
        allowed=WRITE,
        ok=201,
        data={"template": "demo_role"},
    ),
    Case(
        "API: job detail",
        "get",
        lambda c: f"/api/v1/jobs/{_job(c)}",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "API: job update",
        "patch",
        lambda c: f"/api/v1/jobs/{_job(c)}",
        api=True,
        allowed=WRITE,
        object_bound=True,
        data=lambda c: {"location": f"城市{next(_n)}"},
    ),
    Case(
        "API: job status",
        "post",
        lambda c: f"/api/v1/jobs/{_job(c)}/status",
        api=True,
        allowed=WRITE,
        object_bound=True,
        data=lambda c: {
            "status": "open" if selectors.jobs_for(c["admin"]).get(pk=_job(c)).status != "open" else "paused"
        },
    ),
    Case(
        "API: team list",
        "get",
        lambda c: f"/api/v1/jobs/{_job(c)}/team",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "API: team add",
        "post",
        lambda c: f"/api/v1/jobs/{_job(c)}/team",
        api=True,
        allowed=WRITE,
        ok=201,
        object_bound=True,
        data=lambda c: {"user_id": str(c["spare"].id), "team_role": "interviewer"},
    ),
    Case(
        "API: team remove",
        "delete",
        lambda c: f"/api/v1/jobs/{_job(c)}/team/{c['fresh_member']().id}",
        api=True,
        allowed=WRITE,
        ok=204,
        object_bound=True,
    ),
    Case(
        "API: job competency model",
        "get",
        lambda c: f"/api/v1/jobs/{_job(c)}/competencies",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "API: set job competency model",
        "put",
        lambda c: f"/api/v1/jobs/{_job(c)}/competencies",
        api=True,
        allowed=WRITE,
        object_bound=True,
        data=_weights,
    ),
    Case("API: competency list", "get", "/api/v1/competencies", api=True, allowed=STAFF),
    Case(
        "API: competency create",
        "post",
        "/api/v1/competencies",
        api=True,
        allowed=WRITE,
        ok=201,
        data=lambda c: {"name_zh": f"能力{next(_n)}"},
    ),
    Case(
        "API: competency detail",
        "get",
        lambda c: f"/api/v1/competencies/{c['comp'].id}",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "API: competency update",
        "patch",
        lambda c: f"/api/v1/competencies/{c['comp'].id}",
        api=True,
        allowed=WRITE,
        object_bound=True,
        data=lambda c: {"definition_zh": f"定义{next(_n)}"},
    ),
    Case("API: question list", "get", "/api/v1/questions?type=behavioural", api=True, allowed=STAFF),
    Case(
        "API: question create",
        "post",
        "/api/v1/questions",
        api=True,
        allowed=WRITE,
        ok=201,
        data=lambda c: {
            "competency_id": str(c["comp"].id),
            "text_zh": f"第{next(_n)}号问题：请讲一个例子。",
            "allow_duplicate": True,
        },
    ),
    Case(
        "API: question duplicate check",
        "post",
        "/api/v1/questions/duplicates",
        api=True,
        allowed=STAFF,
        data={"text_zh": "请讲一次你和同事合作的经历。"},
    ),
    Case("API: question export", "get", "/api/v1/questions/export?format=xlsx", api=True, allowed=STAFF),
    Case("API: question import", "post", "/api/v1/questions/import?format=json", api=True, allowed=WRITE),
    Case(
        "API: question detail",
        "get",
        lambda c: f"/api/v1/questions/{c['question'].id}",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "API: question update",
        "patch",
        lambda c: f"/api/v1/questions/{c['question'].id}",
        api=True,
        allowed=WRITE,
        object_bound=True,
        data=lambda c: {"answer_seconds": 60 + next(_n)},
    ),
    Case(
        "API: plan",
        "get",
        lambda c: f"/api/v1/jobs/{_job(c)}/plan",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "API: plan update",
        "put",
        lambda c: f"/api/v1/jobs/{_job(c)}/plan",
        api=True,
        allowed=WRITE,
        object_bound=True,
        data=lambda c: {"pass_threshold": 50 + next(_n) % 40},
    ),
    Case(
        "API: plan publish",
        "post",
        # Each publish needs something new to publish: the path changes the draft first.
        lambda c: c["bump"]() or f"/api/v1/jobs/{_job(c)}/plan/publish",
        api=True,
        allowed=WRITE,
        ok=201,
        object_bound=True,
    ),
    Case(
        "API: plan versions",
        "get",
        lambda c: f"/api/v1/jobs/{_job(c)}/plan-versions",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "API: plan version snapshot",
        "get",
        lambda c: f"/api/v1/plan-versions/{c['version'].id}",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
]


PAGES = [
    Case("page: jobs", "get", "/jobs/", allowed=STAFF),
    Case("page: new job from template", "get", "/jobs/new/", allowed=WRITE),
    Case(
        "page: create job from template",
        "post",
        "/jobs/new/",
        allowed=WRITE,
        ok=302,
        data={"template": "demo_role", "headcount": 1},
    ),
    Case("page: blank job", "get", "/jobs/new/blank/", allowed=WRITE),
    Case("page: job detail", "get", lambda c: f"/jobs/{_job(c)}/", allowed=STAFF, object_bound=True),
    Case("page: job edit", "get", lambda c: f"/jobs/{_job(c)}/edit/", allowed=WRITE, object_bound=True),
    Case(
        "page: job status",
        "post",
        lambda c: f"/jobs/{_job(c)}/status/",
        allowed=WRITE,
        ok=302,
        object_bound=True,
        data={"status": "open"},
    ),
    Case(
        "page: team add",
        "post",
        lambda c: f"/jobs/{_job(c)}/team/",
        allowed=WRITE,
        ok=302,
        object_bound=True,
        data=lambda c: {"user": str(c["spare"].id), "team_role": "interviewer"},
    ),
    Case(
        "page: team remove",
        "post",
        lambda c: f"/jobs/{_job(c)}/team/{c['fresh_member']().id}/remove/",
        allowed=WRITE,
        ok=302,
        object_bound=True,
    ),
    Case(
        "page: competency model",
        "get",
        lambda c: f"/jobs/{_job(c)}/competencies/",
        allowed=WRITE,
        object_bound=True,
    ),
    Case(
        "page: weight sum",
        "post",
        lambda c: f"/jobs/{_job(c)}/competencies/sum/",
        allowed=WRITE,
        object_bound=True,
        data=lambda c: {"comp": str(c["comp"].id), f"weight_{c['comp'].id}": "100"},
    ),
    Case("page: plan editor", "get", lambda c: f"/jobs/{_job(c)}/plan/", allowed=WRITE, object_bound=True),
    Case(
        "page: candidate preview",
        "get",
        lambda c: f"/jobs/{_job(c)}/plan/preview/",
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "page: publish",
        "post",
        lambda c: c["bump"]() or f"/jobs/{_job(c)}/plan/publish/",
        allowed=WRITE,
        ok=302,
        object_bound=True,
    ),
    Case(
        "page: plan version",
        "get",
        lambda c: f"/jobs/versions/{c['version'].id}/",
        allowed=STAFF,
        object_bound=True,
    ),
    Case("page: competency library", "get", "/jobs/competencies/", allowed=STAFF),
    Case(
        "page: competency edit",
        "get",
        lambda c: f"/jobs/competencies/{c['comp'].id}/",
        allowed=WRITE,
        object_bound=True,
    ),
    Case("page: question bank", "get", "/jobs/questions/?type=behavioural", allowed=STAFF),
    Case("page: new question", "get", "/jobs/questions/new/", allowed=WRITE),
    Case(
        "page: question edit",
        "get",
        lambda c: f"/jobs/questions/{c['question'].id}/",
        allowed=WRITE,
        object_bound=True,
    ),
    Case(
        "page: question archive",
        "post",
        lambda c: f"/jobs/questions/{c['question'].id}/archive/",
        allowed=WRITE,
        ok=302,
        object_bound=True,
    ),
    Case(
        "page: similar questions hint",
        "post",
        "/jobs/questions/similar/",
        allowed=WRITE,
        data={"text_zh": "请讲一次你和同事合作完成一项困难任务的经历"},
    ),
    Case("page: question export", "get", "/jobs/questions/export/?format=json", allowed=STAFF),
    Case("page: question import", "post", "/jobs/questions/import/", allowed=WRITE, ok=302),
]


@pytest.fixture
def ctx(org, users, make_user, template_dir, monkeypatch):  # type: ignore[no-untyped-def]
    from openhire.jobs import templates

    monkeypatch.setattr(templates, "TEMPLATE_DIR", template_dir)
    job = services.job_create(organization=org, actor=users["admin"], title="客户经理")
    for role, team_role in (
        ("recruiter", "recruiter"),
        ("interviewer", "interviewer"),
        ("hiring_manager", "hiring_manager"),
    ):
        services.job_member_add(job=job, user=users[role], team_role=team_role, actor=None)
    comp = competency(org)
    q = question(
        org,
        comp,
        "请讲一次你和同事合作完成一项困难任务的经历。",
        "Tell us about working with colleagues on a hard task.",
    )
    services.job_competency_model_set(
        job=job, actor=None, items=[services.CompetencyWeight(competency_id=comp.id, weight=100)]
    )
    plan = selectors.plan_of(job)
    assert plan is not None
    version = services.plan_publish(plan=plan, actor=None)
    spare = make_user(org, "interviewer")

    def fresh_member():  # type: ignore[no-untyped-def]
        return services.job_member_add(
            job=job, user=make_user(org, "interviewer"), team_role="interviewer", actor=None
        )

    def bump() -> None:
        services.plan_update(plan=plan, actor=None, changes={"pass_threshold": 30 + next(_n) % 60})

    return {
        "job": job,
        "comp": comp,
        "question": q,
        "plan": plan,
        "version": version,
        "spare": spare,
        "fresh_member": fresh_member,
        "admin": users["admin"],
        "bump": bump,
    }


@pytest.mark.parametrize("case", API, ids=lambda c: c.name)
def test_permission_matrix_api(case, ctx, client_for, users, other_users):
    check_case(case, ctx, client_for, users, other_users)


@pytest.mark.parametrize("case", PAGES, ids=lambda c: c.name)
def test_permission_matrix_pages(case, ctx, client_for, users, other_users):
    check_case(case, ctx, client_for, users, other_users)


def test_recruiter_off_the_team_gets_404_on_job_pages(ctx, client_for, make_user, org):
    outsider = client_for(make_user(org, "recruiter"))
    job = ctx["job"].id
    for url in (
        f"/jobs/{job}/",
        f"/jobs/{job}/plan/",
        f"/jobs/{job}/plan/preview/",
        f"/api/v1/jobs/{job}",
        f"/api/v1/jobs/{job}/plan",
        f"/api/v1/plan-versions/{ctx['version'].id}",
    ):
        assert outsider.get(url).status_code == 404, url
