"""Jobs, competency models, weights, status history, teams, plans and immutable versions."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction
from django.utils import translation

from openhire.audit.models import AuditEvent
from openhire.core.errors import Conflict, NotFound, ValidationFailed
from openhire.core.models import DomainEvent
from openhire.jobs import selectors, services
from openhire.jobs.models import Job, JobCompetency, PlanVersion, Question
from openhire.jobs.services import CompetencyWeight
from tests.jobs.helpers import competency, question


def _weights(job: Job, values: list[int]) -> list[CompetencyWeight]:
    rows = list(JobCompetency.objects.filter(job=job).order_by("position"))
    return [
        CompetencyWeight(competency_id=r.competency_id, weight=w) for r, w in zip(rows, values, strict=True)
    ]


def test_job_from_template_brings_model_questions_and_draft_plan(team_job, org):
    model = list(JobCompetency.objects.filter(job=team_job).order_by("position"))
    assert [m.weight for m in model] == [30, 25, 25, 20]
    assert (
        model[3].min_score == 50
        and len(model[0].indicators) == 3
        and set(model[0].anchors) == {"1", "3", "5"}
    )
    assert Question.objects.filter(organization=org).count() == 12
    plan = selectors.plan_of(team_job)
    assert plan is not None and plan.draft["selection"]["mode"] == "drawn"
    assert len(plan.draft["questions"]) == 4  # one per competency
    assert team_job.hard_requirements["certificates"] == ["银行从业资格"]


def test_second_job_from_same_template_reuses_library_and_bank(team_job, org, users, template_dir):
    from tests.jobs.helpers import job_from_template

    job_from_template(org, users["recruiter"], template_dir, title="客户经理（二）")
    assert Question.objects.filter(organization=org).count() == 12
    assert org.id and Job.objects.filter(organization=org).count() == 2


def test_weights_must_sum_to_100(team_job):
    with pytest.raises(ValidationFailed, match="95"):
        services.job_competency_model_set(
            job=team_job, actor=None, items=_weights(team_job, [30, 20, 25, 20])
        )
    assert [jc.weight for jc in JobCompetency.objects.filter(job=team_job)] == [30, 25, 25, 20]
    services.job_competency_model_set(job=team_job, actor=None, items=_weights(team_job, [40, 20, 20, 20]))
    assert [jc.weight for jc in JobCompetency.objects.filter(job=team_job)] == [40, 20, 20, 20]


def test_weight_must_be_a_whole_number_in_range(team_job):
    with pytest.raises(ValidationFailed):
        services.job_competency_model_set(
            job=team_job, actor=None, items=_weights(team_job, [130, -10, -10, -10])
        )
    with pytest.raises(ValidationFailed):
        services.job_competency_model_set(
            job=team_job, actor=None, items=_weights(team_job, ["x", 25, 25, 20])
        )  # type: ignore[list-item]


def test_competency_of_another_organisation_is_refused(team_job, other_org):
    foreign = competency(other_org)
    with pytest.raises(ValidationFailed):
        services.job_competency_model_set(
            job=team_job, actor=None, items=[CompetencyWeight(competency_id=foreign.id, weight=100)]
        )


def test_status_transitions_keep_history_and_emit_events(team_job, users):
    recruiter = users["recruiter"]
    services.job_status_change(job=team_job, to_status="open", actor=recruiter)
    services.job_status_change(job=team_job, to_status="paused", actor=recruiter, note="预算冻结")
    with pytest.raises(Conflict):
        services.job_status_change(job=team_job, to_status="draft", actor=recruiter)
    history = list(team_job.status_history.values_list("from_status", "to_status"))
    assert history == [("", "draft"), ("draft", "open"), ("open", "paused")]
    assert DomainEvent.objects.filter(name="job.status_changed", job_id=team_job.id).count() == 2
    assert AuditEvent.objects.filter(action="job.status", object_id=str(team_job.id)).count() == 2


def test_creating_recruiter_joins_the_team_and_sees_the_job(team_job, users, make_user, org):
    assert team_job in selectors.jobs_for(users["recruiter"])
    outsider = make_user(org, "recruiter")
    assert team_job not in selectors.jobs_for(outsider)
    with pytest.raises(NotFound):
        selectors.access_job(outsider, team_job.id)
    assert team_job in selectors.jobs_for(users["admin"])


def test_team_roles_must_fit_user_roles(team_job, users, other_users):
    with pytest.raises(ValidationFailed):
        services.job_member_add(
            job=team_job, user=users["interviewer"], team_role="hiring_manager", actor=None
        )
    with pytest.raises(ValidationFailed):
        services.job_member_add(job=team_job, user=users["auditor"], team_role="interviewer", actor=None)
    with pytest.raises(ValidationFailed):
        services.job_member_add(
            job=team_job, user=other_users["recruiter"], team_role="recruiter", actor=None
        )
    member = selectors.job_members(team_job).get(user=users["interviewer"])
    services.job_member_remove(member=member, actor=users["recruiter"])
    with pytest.raises(NotFound):
        selectors.access_job(users["interviewer"], team_job.id)


def test_job_update_validates_and_audits(team_job, users):
    services.job_update(job=team_job, actor=users["recruiter"], changes={"location": "贵阳", "headcount": 3})
    team_job.refresh_from_db()
    assert (team_job.location, team_job.headcount) == ("贵阳", 3)
    row = AuditEvent.objects.filter(action="job.update").latest("created_at")
    assert row.after == {"location": "贵阳", "headcount": 3}
    with pytest.raises(ValidationFailed):
        services.job_update(job=team_job, actor=None, changes={"title": " "})
    with pytest.raises(ValidationFailed):
        services.job_update(job=team_job, actor=None, changes={"skills": [{"name": "x", "weight": 50}]})
    with pytest.raises(ValidationFailed):
        services.job_update(job=team_job, actor=None, changes={"status": "open"})


def test_publish_creates_numbered_versions_and_refuses_unchanged(team_job, users):
    plan = selectors.plan_of(team_job)
    assert plan is not None
    v1 = services.plan_publish(plan=plan, actor=users["recruiter"])
    assert v1.number == 1 and v1.snapshot["version"] == 1 and len(v1.snapshot["questions"]) == 4
    with pytest.raises(Conflict):
        services.plan_publish(plan=plan, actor=users["recruiter"])
    plan = services.plan_update(plan=plan, actor=None, changes={"retakes": 2})
    v2 = services.plan_publish(plan=plan, actor=users["recruiter"])
    assert v2.number == 2 and v2.snapshot["retakes"] == 2
    assert DomainEvent.objects.filter(name="plan.published", job_id=team_job.id).count() == 2


def test_published_version_never_changes(team_job, users, org):
    plan = selectors.plan_of(team_job)
    assert plan is not None
    v1 = services.plan_publish(plan=plan, actor=users["recruiter"])
    frozen = PlanVersion.objects.get(pk=v1.pk).snapshot
    # Edit everything the snapshot was built from: weights, a question of the plan, plan settings.
    services.job_competency_model_set(job=team_job, actor=None, items=_weights(team_job, [10, 30, 30, 30]))
    asked = Question.objects.get(pk=frozen["questions"][0]["id"])
    services.question_update(
        question=asked, actor=None, changes={"text_zh": "完全改写的新问题，与原来不同？"}
    )
    services.job_update(job=team_job, actor=None, changes={"title": "高级客户经理"})
    plan = services.plan_update(
        plan=plan, actor=None, changes={"pass_threshold": 80, "selection": {"per_competency": 2}}
    )
    v2 = services.plan_publish(plan=plan, actor=None)
    assert PlanVersion.objects.get(pk=v1.pk).snapshot == frozen
    assert v2.snapshot["pass_threshold"] == 80 and len(v2.snapshot["questions"]) == 8
    assert v2.snapshot["competencies"][0]["weight"] == 10 and v2.snapshot["job"]["title"] == "高级客户经理"
    # …and the database refuses a direct change of a published snapshot.
    v1.snapshot = {**frozen, "pass_threshold": 0}
    with pytest.raises(DatabaseError), transaction.atomic():
        v1.save()
    assert PlanVersion.objects.get(pk=v1.pk).snapshot == frozen


@translation.override("en")
def test_publish_refuses_an_incomplete_plan(org, users):
    job = services.job_create(organization=org, actor=users["recruiter"], title="柜员")
    plan = selectors.plan_of(job)
    assert plan is not None
    with pytest.raises(ValidationFailed, match="competency model"):
        services.plan_publish(plan=plan, actor=None)
    comp = competency(org)
    services.job_competency_model_set(
        job=job, actor=None, items=[CompetencyWeight(competency_id=comp.id, weight=100)]
    )
    with pytest.raises(ValidationFailed, match="no questions"):
        services.plan_publish(plan=plan, actor=None)
    question(org, comp, "请讲一次你和同事合作完成一项困难任务的经历。")
    assert services.plan_publish(plan=plan, actor=None).number == 1


def test_draw_is_deterministic_and_balanced(team_job, org):
    plan = selectors.plan_of(team_job)
    assert plan is not None
    plan = services.plan_update(
        plan=plan, actor=None, changes={"selection": {"per_competency": 2, "seed": 42, "balance": "types"}}
    )
    first = [q["id"] for q in plan.draft["questions"]]
    from openhire.jobs.planning import build_snapshot

    assert [q["id"] for q in build_snapshot(plan)["questions"]] == first
    # Each competency has two behavioural and one situational question: balance "types" takes one of each.
    by_comp: dict[str, set[str]] = {}
    for q in build_snapshot(plan)["questions"]:
        by_comp.setdefault(q["competency"], set()).add(q["type"])
    assert all(types == {"behavioural", "situational"} for types in by_comp.values())
    seeds = set()
    for seed in range(1, 8):
        plan = services.plan_update(plan=plan, actor=None, changes={"selection": {"seed": seed}})
        seeds.add(tuple(q["id"] for q in build_snapshot(plan)["questions"]))
    assert len(seeds) > 1


def test_fixed_questions_keep_order_and_timing_overrides(team_job, org):
    plan = selectors.plan_of(team_job)
    assert plan is not None
    ids = [str(q.id) for q in Question.objects.filter(organization=org).order_by("key")][:5]
    ids.reverse()
    plan = services.plan_update(
        plan=plan,
        actor=None,
        changes={
            "selection": {"mode": "fixed", "question_ids": ids},
            "timings": {ids[0]: {"prep_seconds": 10, "answer_seconds": 200}},
        },
    )
    from openhire.jobs.planning import build_snapshot

    snap = build_snapshot(plan)
    assert [q["id"] for q in snap["questions"]] == ids
    assert (snap["questions"][0]["prep_seconds"], snap["questions"][0]["answer_seconds"]) == (10, 200)
    with pytest.raises(ValidationFailed):
        services.plan_update(plan=plan, actor=None, changes={"selection": {"question_ids": [ids[0], ids[0]]}})


def test_plan_settings_are_validated(team_job):
    plan = selectors.plan_of(team_job)
    assert plan is not None
    for bad in (
        {"retakes": 9},
        {"pass_threshold": 101},
        {"language": "fr"},
        {"selection": {"mode": "x"}},
        {"colour": 1},
    ):
        with pytest.raises(ValidationFailed):
            services.plan_update(plan=plan, actor=None, changes=bad)


def test_draw_respects_plan_language_and_skips_archived(team_job, org):
    from openhire.jobs.planning import build_snapshot, publish_problems

    plan = selectors.plan_of(team_job)
    assert plan is not None
    comp = JobCompetency.objects.filter(job=team_job).order_by("position").first()
    assert comp is not None
    Question.objects.filter(organization=org, competency=comp.competency).update(is_archived=True)
    en_only = question(
        org, comp.competency, "", "Describe a time you changed a customer's mind with evidence."
    )
    plan = services.plan_update(plan=plan, actor=None, changes={"language": "zh"})
    snap = build_snapshot(plan)
    assert comp.competency.key not in {q["competency"] for q in snap["questions"]}
    assert len(publish_problems(snap)) == 1  # the competency has no question in the plan's language
    plan = services.plan_update(plan=plan, actor=None, changes={"language": "en"})
    drawn = [q["id"] for q in build_snapshot(plan)["questions"] if q["competency"] == comp.competency.key]
    assert drawn == [str(en_only.id)]


def test_publishing_warns_about_missing_anchors_and_scoring_standards():
    from openhire.jobs import planning

    snapshot = {
        "competencies": [
            {"key": "c", "name": {"zh": "沟通能力", "en": "Communication"}, "weight": 100, "anchors": {}},
            {
                "key": "d",
                "name": {"zh": "团队合作", "en": "Teamwork"},
                "weight": 0,
                "anchors": {lvl: {"zh": f"{lvl} 分", "en": ""} for lvl in ("1", "3", "5")},
            },
        ],
        "questions": [
            {
                "id": "1",
                "competency": "c",
                "text": {"zh": "请介绍一次沟通经历", "en": ""},
                "ideal_points": [],
            },
            {
                "id": "2",
                "competency": "c",
                "text": {"zh": "第二题", "en": ""},
                "ideal_points": [{"zh": "结果"}],
            },
        ],
    }
    warnings = planning.publish_warnings(snapshot)
    assert len(warnings) == 2
    assert "沟通能力" in warnings[0]
    assert "请介绍一次沟通经历" in warnings[1]
