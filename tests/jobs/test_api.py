"""The jobs API end to end: from template, weights, plan, publish, versions; bank import/export; errors."""

from __future__ import annotations

import json

import pytest

from openhire.jobs.models import Question
from tests.jobs.helpers import competency, question


@pytest.fixture
def api(client_for, users):  # type: ignore[no-untyped-def]
    return client_for(users["recruiter"])


def _json(client, method, url, data=None):  # type: ignore[no-untyped-def]
    if method in ("get", "delete"):
        response = getattr(client, method)(url)
    else:
        response = getattr(client, method)(url, data=json.dumps(data or {}), content_type="application/json")
    return response.status_code, (response.json() if response.content else None)


def test_template_job_weights_publish_and_version_snapshot(api, team_job, monkeypatch, template_dir):
    status, detail = _json(api, "get", f"/api/v1/jobs/{team_job.id}")
    assert status == 200 and [c["weight"] for c in detail["competencies"]] == [30, 25, 25, 20]
    items = [
        {"competency_id": c["competency_id"], "weight": w}
        for c, w in zip(detail["competencies"], [40, 20, 20, 15], strict=True)
    ]
    status, body = _json(api, "put", f"/api/v1/jobs/{team_job.id}/competencies", {"items": items})
    assert status == 422 and body["error"]["code"] == "invalid" and "95" in body["error"]["message"]
    items[-1]["weight"] = 20
    status, body = _json(api, "put", f"/api/v1/jobs/{team_job.id}/competencies", {"items": items})
    assert status == 200 and [c["weight"] for c in body] == [40, 20, 20, 20]
    status, plan = _json(
        api, "put", f"/api/v1/jobs/{team_job.id}/plan", {"retakes": 0, "allow_text_answers": True}
    )
    assert status == 200 and plan["problems"] == [] and plan["settings"]["retakes"] == 0
    status, version = _json(api, "post", f"/api/v1/jobs/{team_job.id}/plan/publish")
    assert status == 201 and version["number"] == 1
    status, got = _json(api, "get", f"/api/v1/plan-versions/{version['id']}")
    snap = got["snapshot"]
    assert status == 200 and snap["schema"] == 1 and snap["allow_text_answers"] is True
    assert [c["weight"] for c in snap["competencies"]] == [40, 20, 20, 20]
    assert {
        "id",
        "competency",
        "type",
        "text",
        "prep_seconds",
        "answer_seconds",
        "ideal_points",
        "reference_answer",
        "scoring_guide",
        "followups",
    } <= set(snap["questions"][0])
    status, _again = _json(api, "post", f"/api/v1/jobs/{team_job.id}/plan/publish")
    assert status == 409


def test_create_job_from_template_through_api(api, monkeypatch, template_dir):
    from openhire.jobs import templates

    monkeypatch.setattr(templates, "TEMPLATE_DIR", template_dir)
    status, listed = _json(api, "get", "/api/v1/job-templates")
    assert status == 200 and [t["key"] for t in listed] == ["demo_role"]
    status, job = _json(
        api, "post", "/api/v1/jobs/from-template", {"template": "demo_role", "location": "郑州"}
    )
    assert status == 201 and job["location"] == "郑州" and len(job["competencies"]) == 4
    assert [m["team_role"] for m in job["team"]] == ["recruiter"]
    status, _body = _json(api, "post", "/api/v1/jobs/from-template", {"template": "nope"})
    assert status == 404


def test_job_crud_status_and_team(api, users):
    status, job = _json(
        api,
        "post",
        "/api/v1/jobs",
        {"title": "柜员", "headcount": 2, "hard_requirements": {"education": "bachelor"}},
    )
    assert status == 201 and job["status"] == "draft"
    status, body = _json(api, "patch", f"/api/v1/jobs/{job['id']}", {"location": "贵阳"})
    assert status == 200 and body["location"] == "贵阳" and body["title"] == "柜员"
    status, body = _json(api, "post", f"/api/v1/jobs/{job['id']}/status", {"status": "open"})
    assert status == 200 and [h["to_status"] for h in body["status_history"]] == ["draft", "open"]
    status, body = _json(api, "post", f"/api/v1/jobs/{job['id']}/status", {"status": "draft"})
    assert status == 409
    status, member = _json(
        api,
        "post",
        f"/api/v1/jobs/{job['id']}/team",
        {"user_id": str(users["interviewer"].id), "team_role": "interviewer"},
    )
    assert status == 201
    status, team = _json(api, "get", f"/api/v1/jobs/{job['id']}/team")
    assert {m["username"] for m in team} == {"recruiter", "interviewer"}
    response = api.delete(f"/api/v1/jobs/{job['id']}/team/{member['id']}")
    assert response.status_code == 204
    status, listed = _json(api, "get", "/api/v1/jobs?status=open")
    assert listed["count"] == 1


def test_question_duplicates_are_refused_unless_allowed(api, org):
    comp = competency(org)
    question(
        org,
        comp,
        "请讲一次你和同事合作完成一项困难任务的经历。",
        "Tell us about a time you worked with colleagues on a hard task.",
    )
    payload = {
        "competency_id": str(comp.id),
        "text_zh": "请讲一次你和同事合作完成一项困难任务的经历",
        "type": "behavioural",
    }
    status, body = _json(api, "post", "/api/v1/questions", payload)
    assert status == 409 and body["error"]["code"] == "duplicate"
    status, body = _json(
        api,
        "post",
        "/api/v1/questions/duplicates",
        {"text_en": "Tell us about a time you worked with your colleagues on a hard task."},
    )
    assert status == 200 and len(body) == 1 and body[0]["similarity"] >= 0.8
    status, body = _json(api, "post", "/api/v1/questions", {**payload, "allow_duplicate": True})
    assert status == 201


def test_question_filters(api, team_job, org):
    comp_key = "integrity"
    status, body = _json(api, "get", f"/api/v1/questions?competency={comp_key}")
    assert status == 200 and body["count"] == 3 and {q["competency_key"] for q in body["items"]} == {comp_key}
    status, body = _json(api, "get", "/api/v1/questions?type=situational&difficulty=2")
    assert status == 200 and body["count"] == 4
    _status, body = _json(api, "get", "/api/v1/questions?q=截止")
    assert body["count"] == 1


@pytest.mark.parametrize("fmt", ["yaml", "json", "xlsx"])
def test_bank_export_import_round_trip(fmt, client_for, team_job, org, other_org, make_user):
    source = client_for(make_user(org, "admin"))
    exported = source.get(f"/api/v1/questions/export?format={fmt}")
    assert exported.status_code == 200
    target = client_for(make_user(other_org, "recruiter"))
    response = target.post(
        f"/api/v1/questions/import?format={fmt}",
        data=exported.content,
        content_type="application/octet-stream",
    )
    assert response.status_code == 200, response.content
    result = response.json()
    assert (result["created"], result["competencies_created"], result["errors"]) == (12, 4, [])

    def bank(o):  # type: ignore[no-untyped-def]
        return sorted(
            (
                q.competency.key,
                q.key,
                q.type,
                q.difficulty,
                q.text_zh,
                q.text_en,
                q.prep_seconds,
                q.answer_seconds,
                json.dumps(
                    [q.ideal_points, q.reference_answer, q.scoring_guide, q.followups],
                    sort_keys=True,
                    ensure_ascii=False,
                ),
            )
            for q in Question.objects.filter(organization=o).select_related("competency")
        )

    assert bank(other_org) == bank(org)
    again = target.post(
        f"/api/v1/questions/import?format={fmt}",
        data=exported.content,
        content_type="application/octet-stream",
    ).json()
    assert again["created"] == 0 and len(again["duplicates"]) == 12


def test_import_reports_bad_rows_and_bad_files(api, org):
    competency(org)
    data = {
        "questions": [
            {
                "competency": "teamwork",
                "text": {"zh": "请讲一次你带领团队度过困难时期的经历。", "en": ""},
                "type": "behavioural",
            },
            {"competency": "unknown", "text": {"zh": "别的问题？"}},
            {"competency": "teamwork", "text": {"zh": "第三个问题是什么样的难题呢？"}, "type": "riddle"},
        ]
    }
    response = api.post(
        "/api/v1/questions/import?format=json", data=json.dumps(data), content_type="application/json"
    )
    body = response.json()
    assert body["created"] == 1 and [e["row"] for e in body["errors"]] == [2, 3]
    response = api.post(
        "/api/v1/questions/import?format=xlsx",
        data=b"not a workbook",
        content_type="application/octet-stream",
    )
    assert response.status_code == 422 and "Excel" in response.json()["error"]["message"]
    response = api.post(
        "/api/v1/questions/import?format=yaml",
        data=b"questions: [unclosed",
        content_type="application/octet-stream",
    )
    assert response.status_code == 422


def test_followup_rules_are_validated(api, org):
    comp = competency(org)
    base = {
        "competency_id": str(comp.id),
        "text_zh": "请讲一次项目失败的经历。",
        "ideal_points": [{"zh": "情境", "en": "situation"}],
    }
    bad = [
        [{"condition": {"any": [], "all": [], "missing_point": None}, "question": {"zh": "为什么？"}}],
        [{"condition": {"missing_point": 3}, "question": {"zh": "为什么？"}}],
        [{"condition": {"any": ["失败"]}, "question": {"zh": "", "en": ""}}],
    ]
    for rules in bad:
        status, body = _json(api, "post", "/api/v1/questions", {**base, "followups": rules})
        assert status == 422, rules
    good = [
        {
            "condition": {"any": ["失败", "failed"]},
            "question": {"zh": "你从中学到了什么？", "en": "What did you learn from it?"},
        }
    ]
    status, body = _json(api, "post", "/api/v1/questions", {**base, "followups": good})
    assert status == 201 and body["followups"][0]["condition"] == {
        "any": ["失败", "failed"],
        "all": [],
        "missing_point": None,
    }


def test_other_organisation_sees_nothing(client_for, other_users, team_job):
    client = client_for(other_users["admin"])
    assert client.get(f"/api/v1/jobs/{team_job.id}").status_code == 404
    assert client.get("/api/v1/questions").json()["count"] == 0
    assert client.get("/api/v1/jobs").json()["count"] == 0


def test_openapi_schema_lists_the_jobs_endpoints(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/jobs",
        "/api/v1/jobs/{job_id}/plan/publish",
        "/api/v1/plan-versions/{version_id}",
        "/api/v1/questions/import",
        "/api/v1/questions/export",
        "/api/v1/jobs/{job_id}/competencies",
    ):
        assert path in paths, path


def test_api_key_without_write_scope_cannot_publish(team_job, org, users, client_for):
    from django.test import Client

    from openhire.accounts.services import api_key_create

    issued = api_key_create(organization=org, name="erp", scopes=["read"], role="admin", actor=users["admin"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    assert client.get(f"/api/v1/jobs/{team_job.id}/plan").status_code == 200
    assert client.post(f"/api/v1/jobs/{team_job.id}/plan/publish").status_code == 403
