"""Stage moves, rejections, the board, rules (defaults, loops, failures) and the console pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from openhire.core import events
from openhire.core.errors import PermissionDenied, ValidationFailed
from openhire.notifications.models import Delivery
from openhire.workflow import selectors, services
from openhire.workflow.defaults import DEFAULT_RULES, DEFAULT_STAGES
from openhire.workflow.models import Rule, RuleTimer, Stage, StageChange
from tests.workflow.conftest import pump

# Monday 2026-03-02 10:00 in Beijing
START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(START, tick=False)


def test_a_new_organisation_gets_the_pipeline_template_and_the_default_rules(make_org):
    org = make_org()
    assert [s.key for s in Stage.objects.filter(organization=org, job=None)] == [s[0] for s in DEFAULT_STAGES]
    rules = Rule.objects.filter(organization=org)
    assert {r.key for r in rules} == {r["key"] for r in DEFAULT_RULES}
    assert all(r.enabled for r in rules)
    assert rules.get(key="scorecard-reminder").delay_minutes == 24 * 60


def test_move_records_who_when_from_to_and_emits_stage_entered(org, users, make_application, time_machine):
    application = make_application()
    time_machine.shift(timedelta(days=3))
    result = services.application_move(
        application=application, to_stage="screening", actor=users["recruiter"]
    )
    change = result.change
    assert change is not None and (change.from_stage, change.to_stage, change.actor) == (
        "new",
        "screening",
        users["recruiter"],
    )
    assert change.time_in_previous is not None and change.time_in_previous >= timedelta(days=3)
    application.refresh_from_db()
    assert application.stage == "screening" and application.stage_entered_at == timezone.now()
    event = events_named(events.STAGE_ENTERED).get()
    assert event.payload["from"] == "new" and event.payload["to"] == "screening"
    # moving to the same stage again is a no-op
    assert (
        services.application_move(
            application=application, to_stage="screening", actor=users["recruiter"]
        ).change
        is None
    )


def events_named(name: str):  # type: ignore[no-untyped-def]
    from openhire.core.models import DomainEvent

    return DomainEvent.objects.filter(name=name)


def test_rejection_needs_a_reason_and_a_person(org, users, make_application):
    application = make_application()
    with pytest.raises(ValidationFailed):
        services.application_move(application=application, to_stage="rejected", actor=users["recruiter"])
    with pytest.raises(PermissionDenied):
        services.application_move(
            application=application, to_stage="rejected", actor=None, reason="score too low"
        )
    services.application_move(
        application=application, to_stage="rejected", actor=users["recruiter"], reason="不符合硬性要求"
    )
    application.refresh_from_db()
    assert (application.stage, application.status) == ("rejected", "rejected")


def test_automatic_rejection_only_where_allowed_and_never_after_a_human_review_request(
    org, users, make_application
):
    Stage.objects.filter(organization=org, job=None, key="new").update(auto_reject=True)
    application = make_application()
    services.application_move(application=application, to_stage="rejected", actor=None, reason="硬性条件不符")
    application.refresh_from_db()
    assert application.status == "rejected"
    other = make_application()
    other.human_review_requested = True
    other.save()
    with pytest.raises(PermissionDenied):
        services.application_move(application=other, to_stage="rejected", actor=None, reason="硬性条件不符")


def test_unknown_stage_is_refused_and_a_job_can_have_its_own_pipeline(org, users, job, make_application):
    application = make_application()
    with pytest.raises(ValidationFailed):
        services.application_move(application=application, to_stage="assessment", actor=users["admin"])
    services.stage_save(
        organization=org,
        actor=users["admin"],
        job=job,
        key="assessment",
        name_zh="笔试",
        name_en="Written test",
        position=15,
    )
    assert "assessment" in [s.key for s in services.stages_for_job(job)]
    assert Stage.objects.filter(job=job).count() == len(DEFAULT_STAGES) + 1  # copied from the template
    services.application_move(application=application, to_stage="assessment", actor=users["admin"])


def test_board_filters_and_sla_flags(org, users, job, make_application, time_machine):
    fresh, old = make_application("新人"), make_application("老人")
    old.match_score, old.source = 90, "referral"
    old.save()
    fresh.match_score = 40
    fresh.save()
    old.candidate.tags = ["双一流"]
    old.candidate.save()
    time_machine.shift(timedelta(days=3))  # "new" has a 2-day SLA
    fresh2 = make_application("刚到")
    board = selectors.board_for_job(users["recruiter"], job.pk)
    new_col = next(c for c in board.columns if c.stage.key == "new")
    assert {c.application.candidate.name: c.stalled for c in new_col.cards} == {
        "新人": True,
        "老人": True,
        "刚到": False,
    }
    f = selectors.board_for_job
    assert [
        c.application.pk
        for col in f(users["recruiter"], job.pk, selectors.BoardFilters(min_score=80)).columns
        for c in col.cards
    ] == [old.pk]
    assert [
        c.application.pk
        for col in f(users["recruiter"], job.pk, selectors.BoardFilters(tag="双一流")).columns
        for c in col.cards
    ] == [old.pk]
    assert [
        c.application.pk
        for col in f(users["recruiter"], job.pk, selectors.BoardFilters(source="referral")).columns
        for c in col.cards
    ] == [old.pk]
    not_stalled = [
        c.application.pk
        for col in f(users["recruiter"], job.pk, selectors.BoardFilters(min_days=1)).columns
        for c in col.cards
    ]
    assert fresh2.pk not in not_stalled and len(not_stalled) == 2


def test_rule_that_fails_is_retried_then_shown_to_hr_never_dropped(
    org, users, job, make_application, time_machine, monkeypatch
):
    from openhire.workflow import engine

    application = make_application()
    calls = {"n": 0}

    def broken(timer, index, action):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        raise RuntimeError("provider down")

    monkeypatch.setattr(engine, "run_action", broken)
    services.application_move(
        application=application, to_stage="structured_interview", actor=users["recruiter"]
    )
    pump()
    timer = RuleTimer.objects.get(rule__key="scorecards-assign")
    assert timer.status == "waiting" and timer.attempts == 1 and "provider down" in timer.last_error
    for _ in range(engine.MAX_ATTEMPTS):
        time_machine.shift(timedelta(hours=2))
        pump()
    timer.refresh_from_db()
    assert timer.status == "failed" and calls["n"] == engine.MAX_ATTEMPTS
    assert list(selectors.failed_runs(users["recruiter"])) == [timer]
    told = Delivery.objects.filter(template_key="rule_failed", channel="inapp")
    assert {d.user for d in told} == {users["recruiter"], users["admin"]}
    # fixed: HR runs it again and it works
    monkeypatch.undo()
    services.rule_timer_retry(timer=timer, actor=users["recruiter"])
    pump()
    timer.refresh_from_db()
    assert timer.status == "done"


def test_a_rule_never_runs_on_an_event_it_caused(org, users, make_application):
    """A rule "stage entered → move to screening" would re-trigger itself forever."""
    services.rule_save(
        organization=org,
        actor=users["admin"],
        name="ping-pong",
        trigger=events.STAGE_ENTERED,
        actions=[{"type": "move_stage", "stage": "screening"}, {"type": "add_tag", "tag": "looped"}],
    )
    services.rule_save(
        organization=org,
        actor=users["admin"],
        name="pong-ping",
        trigger=events.STAGE_ENTERED,
        conditions=[{"field": "payload.to", "op": "eq", "value": "screening"}],
        actions=[{"type": "move_stage", "stage": "background_check"}],
    )
    application = make_application()
    services.application_move(application=application, to_stage="offer", actor=users["recruiter"])
    pump(rounds=50)
    moves = list(
        StageChange.objects.filter(application=application)
        .order_by("created_at")
        .values_list("to_stage", flat=True)
    )
    assert moves == ["offer", "screening", "background_check"]
    assert RuleTimer.objects.filter(rule__name="ping-pong").count() == 1


def test_timer_rechecks_its_condition_when_it_fires(org, users, make_application, time_machine):
    from openhire.workflow.models import Scorecard

    application = make_application()
    services.application_move(
        application=application, to_stage="structured_interview", actor=users["recruiter"]
    )
    pump()
    card = Scorecard.objects.get(application=application)
    time_machine.shift(timedelta(hours=23))
    services.scorecard_submit(
        scorecard=card, actor=users["interviewer"], ratings={"communication": 4}, recommendation="yes"
    )
    time_machine.shift(timedelta(days=3))
    pump()
    assert not Delivery.objects.filter(template_key__startswith="scorecard_reminder").exists()
    assert set(
        RuleTimer.objects.filter(rule__key__startswith="scorecard-reminder").values_list("status", flat=True)
    ) == {"skipped"}


def test_switching_a_rule_off_cancels_its_waiting_timers(org, users, make_application, time_machine):
    application = make_application()
    services.application_move(
        application=application, to_stage="structured_interview", actor=users["recruiter"]
    )
    pump()
    rule = Rule.objects.get(organization=org, key="scorecard-reminder")
    services.rule_save(
        organization=org,
        actor=users["admin"],
        rule=rule,
        name=rule.name,
        trigger=rule.trigger,
        actions=rule.actions,
        conditions=rule.conditions,
        delay_minutes=rule.delay_minutes,
        enabled=False,
    )
    time_machine.shift(timedelta(hours=25))
    pump()
    assert not Delivery.objects.filter(template_key="scorecard_reminder").exists()


def test_rule_validation(org, users):
    with pytest.raises(ValidationFailed):
        services.rule_save(
            organization=org, actor=users["admin"], name="x", trigger="no.such", actions=[{"type": "add_tag"}]
        )
    with pytest.raises(ValidationFailed):
        services.rule_save(
            organization=org,
            actor=users["admin"],
            name="x",
            trigger=events.SLOT_BOOKED,
            actions=[{"type": "launch"}],
        )
    with pytest.raises(ValidationFailed):
        services.rule_save(
            organization=org,
            actor=users["admin"],
            name="x",
            trigger=events.SLOT_BOOKED,
            conditions=[{"field": "a", "op": "~"}],
            actions=[{"type": "add_tag", "tag": "t"}],
        )


# --- console -----------------------------------------------------------------------------------


def test_drag_to_rejected_without_reason_is_refused_with_a_message(
    org, users, job, make_application, client_for
):
    application = make_application("王五")
    client = client_for(users["recruiter"])
    response = client.post(
        f"/workflow/jobs/{job.id}/move/",
        {"application": str(application.id), "stage": "rejected"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "请填写淘汰原因。" in response.content.decode()  # the console speaks the default language, zh-hans
    application.refresh_from_db()
    assert application.stage == "new"
    response = client.post(
        f"/workflow/jobs/{job.id}/move/",
        {"application": str(application.id), "stage": "rejected", "reason": "经验不足"},
        HTTP_HX_REQUEST="true",
    )
    application.refresh_from_db()
    assert application.stage == "rejected" and f'data-app="{application.id}"' in response.content.decode()


def test_bulk_move_from_the_board(org, users, job, make_application, client_for):
    apps = [make_application() for _ in range(3)]
    client = client_for(users["recruiter"])
    client.post(
        f"/workflow/jobs/{job.id}/move/", {"application": [str(a.id) for a in apps[:2]], "stage": "screening"}
    )
    assert sorted(type(a).objects.get(pk=a.pk).stage for a in apps) == ["new", "screening", "screening"]
    page = client.get(f"/workflow/jobs/{job.id}/").content.decode()
    assert page.count('class="kcard') == 3


def test_rule_edited_in_the_console(org, users, client_for):
    rule = Rule.objects.get(organization=org, key="booking-nudge")
    client = client_for(users["admin"])
    response = client.post(
        f"/workflow/rules/{rule.id}/",
        {
            "name": "24小时未预约提醒",
            "trigger": rule.trigger,
            "delay": "0",
            "delay_unit": "minutes",
            "enabled": "on",
            "conditions": '[{"field": "reminder.kind", "op": "eq", "value": "booking_nudge"}]',
            "actions": '[{"type": "send_message", "template": "booking_nudge", "to": "candidate", "channel": "sms"}]',
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.name == "24小时未预约提醒" and rule.actions[0]["channel"] == "sms"
    bad = client.post(
        f"/workflow/rules/{rule.id}/",
        {"name": "x", "trigger": rule.trigger, "conditions": "[", "actions": "[]"},
    )
    assert bad.status_code == 422


def test_api_rejects_without_reason_and_moves_in_bulk(org, users, make_application, client_for):
    import json

    apps = [make_application() for _ in range(2)]
    client = client_for(users["recruiter"])
    body = {"application_ids": [str(a.id) for a in apps], "stage": "rejected"}
    response = client.post("/api/v1/workflow/moves", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and response.json()["error"]["field"] == "reason"
    body["reason"] = "岗位已招满"
    response = client.post("/api/v1/workflow/moves", json.dumps(body), content_type="application/json")
    assert response.status_code == 200 and {r["status"] for r in response.json()} == {"rejected"}


def test_hr_messages_the_selected_cards_from_the_board(org, users, job, make_application, client_for):
    from openhire.notifications.models import Delivery

    stalled = [make_application() for _ in range(2)]
    response = client_for(users["recruiter"]).post(
        "/notifications/send/",
        {"application": [str(a.id) for a in stalled], "text": "请尽快选择面试时间", "stage": "new"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "msg success" in response.content.decode()
    rows = Delivery.objects.filter(template_key="hr_message")
    assert sorted(r.application_id for r in rows) == sorted(a.id for a in stalled)
    assert all(r.body.endswith("请尽快选择面试时间") for r in rows)


def test_board_cards_show_and_filter_by_the_current_ai_interview_score(
    org, users, job, plan_version, make_application, client_for
):
    from openhire.evaluations.models import Evaluation
    from openhire.interviews.models import Interview
    from openhire.interviews.services import interview_invite

    strong, weak, waiting = make_application("强"), make_application("弱"), make_application("等")

    def evaluated(application, score, *, current=True, status="done"):  # type: ignore[no-untyped-def]
        interview = Interview.objects.filter(application=application).first()
        if interview is None:
            interview = interview_invite(
                application=application, plan_version=plan_version, actor=users["recruiter"]
            ).interview
        version = Evaluation.objects.filter(interview=interview).count() + 1
        return Evaluation.objects.create(
            organization=org,
            interview=interview,
            job=job,
            version=version,
            is_current=current,
            status=status,
            overall_score=score,
        )

    evaluated(strong, 40.0, current=False)  # an older version: replaced by the current one below
    evaluated(strong, 84.0)
    evaluated(weak, 52.0)
    evaluated(waiting, None, status="analysing")
    cards = {
        c.application.candidate.name: c.ai_score
        for col in selectors.board_for_job(users["recruiter"], job.pk).columns
        for c in col.cards
    }
    assert cards == {"强": 84.0, "弱": 52.0, "等": None}
    filtered = selectors.board_for_job(users["recruiter"], job.pk, selectors.BoardFilters(min_ai_score=60))
    assert [c.application.pk for col in filtered.columns for c in col.cards] == [strong.pk]
    page = (
        client_for(users["recruiter"])
        .get(f"/workflow/jobs/{job.pk}/", {"min_ai_score": "60"})
        .content.decode()
    )
    assert "AI 84" in page and "弱" not in page
    api = client_for(users["recruiter"]).get(f"/api/v1/workflow/jobs/{job.pk}/board").json()
    assert sorted(c["ai_score"] or 0 for col in api["columns"] for c in col["cards"]) == [0, 52.0, 84.0]


def test_a_recruiter_edits_the_jobs_own_stages_and_cannot_remove_an_occupied_one(
    org, users, job, make_application, client_for
):
    from openhire.core.errors import Conflict

    client = client_for(users["recruiter"])
    application = make_application()
    page = client.get(f"/workflow/stages/?job={job.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This job uses the organisation's template" in page
    response = client.post(
        f"/workflow/stages/?job={job.pk}",
        {
            "job": str(job.pk),
            "key": "written_test",
            "name_zh": "笔试",
            "name_en": "Written test",
            "position": "15",
        },
    )
    assert response.status_code == 302
    keys = [c.stage.key for c in selectors.board_for_job(users["recruiter"], job.pk).columns]
    assert keys[:4] == ["new", "screening", "written_test", "ai_interview"]
    assert not Stage.objects.filter(
        organization=org, job=None, key="written_test"
    ).exists()  # template untouched

    services.application_move(application=application, to_stage="written_test", actor=users["recruiter"])
    with pytest.raises(Conflict):
        services.stage_delete(organization=org, actor=users["recruiter"], key="written_test", job=job)
    with pytest.raises(ValidationFailed):
        services.stage_delete(organization=org, actor=users["recruiter"], key="new", job=job)
    services.application_move(application=application, to_stage="screening", actor=users["recruiter"])
    api = client.delete(f"/api/v1/workflow/jobs/{job.pk}/stages/written_test")
    assert api.status_code == 204
    assert "written_test" not in [
        s["key"] for s in client.get(f"/api/v1/workflow/jobs/{job.pk}/stages").json()
    ]
    # The organisation's template is the admin's: a recruiter may not change it.
    assert client.post("/workflow/stages/", {"key": "x", "name_zh": "某"}).status_code == 403
