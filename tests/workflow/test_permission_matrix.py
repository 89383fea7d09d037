"""Permission matrix rows for every workflow and notifications page and endpoint."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from openhire.core import events
from openhire.notifications.models import Delivery
from openhire.workflow.models import Rule, RuleTimer, Scorecard
from tests.permissions import Case, check_case

_n = itertools.count()
STAFF = ("admin", "recruiter", "interviewer", "hiring_manager")
WRITE = ("admin", "recruiter")


def _failed_delivery(c: dict[str, Any]) -> str:
    application = c["application"]
    delivery = Delivery.objects.create(
        organization=application.organization,
        channel="sms",
        candidate=application.candidate,
        application=application,
        template_key="booking_nudge",
        address="13800000000",
        status=Delivery.Status.FAILED,
        error="isv.MOBILE_NUMBER_ILLEGAL",
        dedupe_key=f"matrix:{next(_n)}",
    )
    return str(delivery.pk)


def _extra_stage(c: dict[str, Any]) -> str:
    from openhire.workflow.services import stage_save

    job = c["job"]
    key = f"extra_{next(_n)}"
    stage_save(
        organization=job.organization,
        actor=None,
        key=key,
        name_zh="加试",
        name_en="Extra",
        position=95,
        job=job,
    )  # type: ignore[arg-type]
    return key


def _failed_run(c: dict[str, Any]) -> str:
    application = c["application"]
    event = events.event_emit(
        organization_id=application.organization_id,
        name=events.STAGE_ENTERED,
        application_id=application.pk,
        job_id=application.job_id,
    )
    timer = RuleTimer.objects.create(
        organization=application.organization,
        rule=c["rule"],
        event=event,
        application_id=application.pk,
        due_at=timezone.now(),
        status=RuleTimer.Status.FAILED,
        attempts=4,
        last_error="boom",
        fired_at=timezone.now(),
    )
    return str(timer.pk)


def _rule_body(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": f"规则{next(_n)}",
        "trigger": "stage.entered",
        "delay_minutes": 60,
        "conditions": [{"field": "payload.to", "op": "eq", "value": "offer"}],
        "actions": [{"type": "add_tag", "tag": "offer"}],
    }


CASES = [
    Case("pipeline index", "get", "/workflow/", allowed=STAFF),
    Case("board", "get", lambda c: f"/workflow/jobs/{c['job'].id}/", allowed=STAFF, object_bound=True),
    Case(
        "move",
        "post",
        lambda c: f"/workflow/jobs/{c['job'].id}/move/",
        allowed=WRITE,
        ok=302,
        data=lambda c: {"application": str(c["application"].id), "stage": "screening"},
        object_bound=False,
    ),
    Case(
        "stage history",
        "get",
        lambda c: f"/workflow/applications/{c['application'].id}/",
        allowed=STAFF,
        object_bound=True,
    ),
    Case("rules", "get", "/workflow/rules/", allowed=WRITE),
    Case("new rule page", "get", "/workflow/rules/new/", allowed=("admin",)),
    Case(
        "rule page",
        "get",
        lambda c: f"/workflow/rules/{c['rule'].id}/",
        allowed=("admin",),
        object_bound=True,
    ),
    Case(
        "rule toggle",
        "post",
        lambda c: f"/workflow/rules/{c['rule'].id}/toggle/",
        allowed=("admin",),
        ok=302,
        object_bound=True,
    ),
    Case("failures", "get", "/workflow/failures/", allowed=WRITE),
    Case(
        "failure retry",
        "post",
        lambda c: f"/workflow/failures/{_failed_run(c)}/retry/",
        allowed=WRITE,
        ok=302,
        object_bound=True,
    ),
    Case("stages", "get", "/workflow/stages/", allowed=("admin",)),
    Case(
        "job stages",
        "get",
        lambda c: f"/workflow/stages/?job={c['job'].id}",
        allowed=WRITE,
        object_bound=True,
    ),
    Case(
        "job stage save",
        "post",
        lambda c: f"/workflow/stages/?job={c['job'].id}",
        allowed=WRITE,
        ok=302,
        object_bound=True,
        data=lambda c: {"key": "assessment", "name_zh": f"笔试{next(_n)}", "position": "15"},
    ),
    Case(
        "API: job stages",
        "get",
        lambda c: f"/api/v1/workflow/jobs/{c['job'].id}/stages",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "API: job stage save",
        "put",
        lambda c: f"/api/v1/workflow/jobs/{c['job'].id}/stages/assessment",
        api=True,
        allowed=WRITE,
        object_bound=True,
        data=lambda c: {"name_zh": f"笔试{next(_n)}", "name_en": "Written test", "position": 15},
    ),
    Case(
        "API: job stage delete",
        "delete",
        lambda c: f"/api/v1/workflow/jobs/{c['job'].id}/stages/{_extra_stage(c)}",
        api=True,
        allowed=WRITE,
        ok=204,
        object_bound=True,
    ),
    Case(
        "scorecard",
        "get",
        lambda c: f"/workflow/scorecards/{c['scorecard'].id}/",
        allowed=STAFF,
        object_bound=True,
    ),
    Case("to-dos", "get", "/workflow/todos/", allowed=STAFF),
    Case("inbox", "get", "/notifications/", allowed=STAFF),
    Case("delivery log", "get", "/notifications/log/", allowed=WRITE),
    Case(
        "delivery retry",
        "post",
        lambda c: f"/notifications/log/{_failed_delivery(c)}/retry/",
        allowed=WRITE,
        ok=302,
        object_bound=True,
    ),
    Case("templates", "get", "/notifications/templates/", allowed=WRITE),
    Case(
        "template preview",
        "post",
        "/notifications/templates/preview/",
        allowed=WRITE,
        data={"subject": "{{ job }}", "body": "{{ candidate }}"},
    ),
    Case("channels", "get", "/notifications/channels/", allowed=("admin",)),
    Case(
        "HR message",
        "post",
        "/notifications/send/",
        allowed=WRITE,
        ok=302,
        data=lambda c: {"application": str(c["application"].id), "text": "请尽快选择面试时间"},
    ),
    Case(
        "API: board",
        "get",
        lambda c: f"/api/v1/workflow/jobs/{c['job'].id}/board",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "API: move",
        "post",
        "/api/v1/workflow/moves",
        api=True,
        allowed=WRITE,
        data=lambda c: {"application_ids": [str(c["application"].id)], "stage": "screening"},
    ),
    Case(
        "API: stage history",
        "get",
        lambda c: f"/api/v1/workflow/applications/{c['application'].id}/history",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
    Case("API: rules", "get", "/api/v1/workflow/rules", api=True, allowed=WRITE),
    Case(
        "API: rule",
        "get",
        lambda c: f"/api/v1/workflow/rules/{c['rule'].id}",
        api=True,
        allowed=WRITE,
        object_bound=True,
    ),
    Case(
        "API: create rule",
        "post",
        "/api/v1/workflow/rules",
        api=True,
        allowed=("admin",),
        ok=201,
        data=_rule_body,
    ),
    Case(
        "API: update rule",
        "put",
        lambda c: f"/api/v1/workflow/rules/{c['rule'].id}",
        api=True,
        allowed=("admin",),
        data=_rule_body,
        object_bound=True,
    ),
    Case("API: failures", "get", "/api/v1/workflow/failures", api=True, allowed=WRITE),
    Case("API: deliveries", "get", "/api/v1/notifications/deliveries", api=True, allowed=WRITE),
    Case(
        "API: HR message",
        "post",
        "/api/v1/notifications/messages",
        api=True,
        allowed=WRITE,
        ok=201,
        data=lambda c: {"application_ids": [str(c["application"].id)], "text": "请尽快选择面试时间"},
    ),
    Case(
        "API: candidate preferences",
        "put",
        lambda c: f"/api/v1/notifications/candidates/{c['application'].candidate_id}/preferences",
        api=True,
        allowed=WRITE,
        data={"channels": ["email", "sms"], "opted_out": False},
        object_bound=True,
    ),
    Case(
        "API: retry",
        "post",
        lambda c: f"/api/v1/notifications/deliveries/{_failed_delivery(c)}/retry",
        api=True,
        allowed=WRITE,
        object_bound=True,
    ),
]


@pytest.fixture
def ctx(org, users, job, make_application) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    application = make_application()
    rule = Rule.objects.get(organization=org, key="scorecard-reminder")
    scorecard = Scorecard.objects.create(
        organization=org,
        application=application,
        interviewer=users["interviewer"],
        due_at=timezone.now() + timedelta(hours=24),
    )
    return {"job": job, "application": application, "rule": rule, "scorecard": scorecard}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(case, ctx, client_for, users, other_users):  # type: ignore[no-untyped-def]
    check_case(case, ctx, client_for, users, other_users)
