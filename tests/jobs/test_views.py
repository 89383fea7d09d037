"""Console pages: the create-from-template flow, the live weight sum, the plan editor, preview, publish."""

from __future__ import annotations

import pytest

from openhire.jobs import selectors
from openhire.jobs.models import Job, JobCompetency, PlanVersion, Question


@pytest.fixture
def recruiter(client_for, users):  # type: ignore[no-untyped-def]
    return client_for(users["recruiter"])


def test_pages_render(recruiter, team_job):
    plan_question = Question.objects.filter(organization=team_job.organization).first()
    assert plan_question is not None
    for url in (
        "/jobs/",
        f"/jobs/{team_job.id}/",
        f"/jobs/{team_job.id}/edit/",
        f"/jobs/{team_job.id}/competencies/",
        f"/jobs/{team_job.id}/plan/",
        f"/jobs/{team_job.id}/plan/preview/",
        f"/jobs/{team_job.id}/plan/preview/?lang=en",
        "/jobs/new/blank/",
        "/jobs/competencies/",
        f"/jobs/competencies/{plan_question.competency_id}/",
        "/jobs/questions/",
        "/jobs/questions/?type=situational&difficulty=2&language=both&q=客户",
        "/jobs/questions/new/",
        f"/jobs/questions/{plan_question.id}/",
    ):
        response = recruiter.get(url)
        assert response.status_code == 200, url


def test_create_from_template_adjust_weights_preview_publish(recruiter, users, template_dir, monkeypatch):
    from openhire.jobs import templates

    monkeypatch.setattr(templates, "TEMPLATE_DIR", template_dir)
    page = recruiter.get("/jobs/new/").content.decode()
    assert "demo_role" in page and "客户经理" in page
    response = recruiter.post(
        "/jobs/new/",
        {"template": "demo_role", "title": "", "department": "", "location": "贵阳", "headcount": 2},
    )
    assert response.status_code == 302
    job = Job.objects.get(location="贵阳")
    assert (job.title, job.department, job.headcount) == ("客户经理", "零售银行部", 2)
    rows = list(JobCompetency.objects.filter(job=job).order_by("position"))
    form = {"comp": [str(r.competency_id) for r in rows], "action": "save"}
    for r, w in zip(rows, [40, 20, 20, 15], strict=True):
        form[f"weight_{r.competency_id}"] = str(w)
    sum_html = recruiter.post(
        f"/jobs/{job.id}/competencies/sum/", form, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "95 / 100" in sum_html and "disabled" in sum_html
    response = recruiter.post(f"/jobs/{job.id}/competencies/", form)
    assert response.status_code == 422 and "95" in response.content.decode()
    form[f"weight_{rows[-1].competency_id}"] = "20"
    sum_html = recruiter.post(
        f"/jobs/{job.id}/competencies/sum/", form, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "100 / 100" in sum_html and "disabled" not in sum_html
    assert recruiter.post(f"/jobs/{job.id}/competencies/", form).status_code == 302
    assert [jc.weight for jc in JobCompetency.objects.filter(job=job)] == [40, 20, 20, 20]
    preview = recruiter.get(f"/jobs/{job.id}/plan/preview/").content.decode()
    plan = selectors.plan_of(job)
    assert plan is not None
    for q in plan.draft["questions"]:
        assert q["text"]["zh"] in preview
    assert "第 1 题，共 4 题" in preview or "Question 1 of 4" in preview
    english_preview = recruiter.get(f"/jobs/{job.id}/plan/preview/?lang=en").content.decode()
    assert recruiter.post(f"/jobs/{job.id}/plan/publish/").status_code == 302
    version = PlanVersion.objects.get(job=job)
    _preview_matches_the_candidates_welcome_page(job, version, users, english_preview)
    assert [c["weight"] for c in version.snapshot["competencies"]] == [40, 20, 20, 20]
    api = recruiter.get(f"/api/v1/plan-versions/{version.id}").json()
    assert api["snapshot"]["questions"] == version.snapshot["questions"]


def test_plan_editor_saves_settings_and_fixed_list(recruiter, team_job):
    plan = selectors.plan_of(team_job)
    assert plan is not None
    response = recruiter.post(f"/jobs/{team_job.id}/plan/", {"action": "fix_drawn"})
    assert response.status_code == 302
    plan.refresh_from_db()
    ids = plan.draft["selection"]["question_ids"]
    assert plan.draft["selection"]["mode"] == "fixed" and len(ids) == 4
    form = {
        "action": "save",
        "language": "both",
        "intro_zh": "欢迎",
        "intro_en": "Welcome",
        "mode": "fixed",
        "per_competency": 1,
        "balance": "types",
        "seed": 7,
        "retakes": 2,
        "allow_text_answers": "on",
        "allow_start_now": "on",
        "booking_enabled": "on",
        "pass_threshold": 65,
        "invitation_valid_days": 5,
        "q": ids,
        "timed": [ids[0]],
        f"prep_{ids[0]}": 15,
        f"answer_{ids[0]}": 90,
    }
    form.update({f"order_{qid}": str(4 - n) for n, qid in enumerate(ids)})  # reverse the order
    response = recruiter.post(f"/jobs/{team_job.id}/plan/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert plan.draft["selection"]["question_ids"] == list(reversed(ids))
    assert (plan.draft["retakes"], plan.draft["pass_threshold"], plan.draft["allow_text_answers"]) == (
        2,
        65,
        True,
    )
    first = next(q for q in plan.draft["questions"] if q["id"] == ids[0])
    assert (first["prep_seconds"], first["answer_seconds"]) == (15, 90)
    preview = recruiter.get(f"/jobs/{team_job.id}/plan/preview/?lang=en").content.decode()
    assert "Welcome" in preview and "type an answer" in preview


def test_status_and_team_pages(recruiter, team_job, users, make_user, org):
    assert recruiter.post(f"/jobs/{team_job.id}/status/", {"status": "open"}).status_code == 302
    team_job.refresh_from_db()
    assert team_job.status == "open"
    newcomer = make_user(org, "interviewer")
    recruiter.post(f"/jobs/{team_job.id}/team/", {"user": str(newcomer.id), "team_role": "interviewer"})
    assert team_job.members.filter(user=newcomer).exists()
    outsider = make_user(org, "recruiter")
    from django.test import Client

    from tests.conftest import login

    assert login(Client(), outsider).get(f"/jobs/{team_job.id}/").status_code == 404


def test_question_create_flags_duplicates_and_filters(recruiter, team_job):
    existing = Question.objects.filter(organization=team_job.organization).first()
    assert existing is not None
    form = {
        "competency": str(existing.competency_id),
        "type": "behavioural",
        "difficulty": 2,
        "text_zh": existing.text_zh,
        "prep_seconds": 30,
        "answer_seconds": 120,
    }
    page = recruiter.post("/jobs/questions/new/", form).content.decode()
    assert existing.text_zh in page and "100%" in page
    form.update(
        {
            "text_zh": "请描述一次你主动改进工作流程并取得成效的经历。",
            "fu0_any": "失败, failed",
            "fu0_question_zh": "你从中学到了什么？",
            "fu0_question_en": "What did you learn from it?",
        }
    )
    assert recruiter.post("/jobs/questions/new/", form).status_code == 302
    created = Question.objects.get(text_zh=form["text_zh"])
    assert created.followups[0]["condition"]["any"] == ["失败", "failed"]
    rows = recruiter.get("/jobs/questions/?q=主动改进", HTTP_HX_REQUEST="true").content.decode()
    assert form["text_zh"] in rows and "<html" not in rows


def test_import_and_export_pages(recruiter, team_job):
    exported = recruiter.get("/jobs/questions/export/?format=yaml")
    assert exported.status_code == 200 and b"questions:" in exported.content
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bank.yaml", exported.content, content_type="application/yaml")
    page = recruiter.post("/jobs/questions/import/", {"file": upload}).content.decode()
    assert "12" in page  # all twelve skipped as duplicates


def test_blank_job_and_edit_form_parse_requirements_and_skills(recruiter):
    form = {
        "title": "柜员",
        "title_en": "Bank Teller",
        "department": "营业部",
        "location": "郑州",
        "headcount": 3,
        "employment_type": "full_time",
        "description": "",
        "responsibilities": "办理业务\n识别风险",
        "education": "associate",
        "min_years": 0,
        "certificates": "银行从业资格，反洗钱证书",
        "languages": "",
        "locations": "郑州, 洛阳",
        "skills": "现金业务：60\n客户服务: 40",
        "invite_threshold": 65,
    }
    assert recruiter.post("/jobs/new/blank/", form).status_code == 302
    job = Job.objects.get(title="柜员")
    assert job.hard_requirements == {
        "education": "associate",
        "min_years": 0,
        "certificates": ["银行从业资格", "反洗钱证书"],
        "languages": [],
        "locations": ["郑州", "洛阳"],
    }
    assert job.skills == [{"name": "现金业务", "weight": 60}, {"name": "客户服务", "weight": 40}]
    form["skills"] = "现金业务: 70\n客户服务: 40"
    page = recruiter.post(f"/jobs/{job.id}/edit/", form)
    assert page.status_code == 200 and "110" in page.content.decode()  # refused: weights add up to 110
    form["skills"] = "现金业务 70"
    assert recruiter.post(f"/jobs/{job.id}/edit/", form).status_code == 200


def test_competency_library_page_creates_and_edits(recruiter, org):
    from openhire.jobs.models import Competency

    form = {
        "name_zh": "抗压能力",
        "name_en": "Resilience",
        "definition_zh": "在压力下保持工作质量。",
        "definition_en": "",
        "indicators_zh": "面对压力保持冷静\n及时调整节奏",
        "indicators_en": "Stays calm\nAdjusts pace",
    }
    assert recruiter.post("/jobs/competencies/", form).status_code == 302
    comp = Competency.objects.get(organization=org, name_zh="抗压能力")
    assert comp.key == "resilience" and comp.indicators[1] == {"zh": "及时调整节奏", "en": "Adjusts pace"}
    again = recruiter.post("/jobs/competencies/", form)
    assert (
        again.status_code == 200
        and Competency.objects.filter(organization=org, name_zh="抗压能力").count() == 1
    )
    form["definition_en"] = "Keeps quality under pressure."
    assert recruiter.post(f"/jobs/competencies/{comp.id}/", form).status_code == 302
    comp.refresh_from_db()
    assert comp.definition_en == "Keeps quality under pressure."


def test_similar_questions_hint_while_writing(recruiter, team_job):
    existing = Question.objects.filter(organization=team_job.organization).first()
    assert existing is not None
    hint = recruiter.post(
        "/jobs/questions/similar/", {"text_zh": existing.text_zh + "呢"}, HTTP_HX_REQUEST="true"
    )
    assert existing.text_zh in hint.content.decode()
    quiet = recruiter.post(
        "/jobs/questions/similar/",
        {"text_zh": existing.text_zh, "question_id": str(existing.id)},
        HTTP_HX_REQUEST="true",
    )
    assert quiet.content.decode().strip() == ""


def _preview_matches_the_candidates_welcome_page(job, version, users, preview):  # type: ignore[no-untyped-def]
    """The preview promises the candidate the same title and duration as the real welcome page."""
    import re

    from openhire.candidates.models import Application, Candidate
    from openhire.interviews.services import interview_invite
    from tests.interviews.conftest import open_link

    candidate = Candidate.objects.create(organization=job.organization, name="预览", phone="13800009999")
    application = Application.objects.create(organization=job.organization, candidate=candidate, job=job)
    result = interview_invite(application=application, plan_version=version, actor=users["recruiter"])
    welcome = open_link(result).get("/i/s/welcome/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    title = re.search(r"AI interview for [^<]+", welcome)
    minutes = re.search(r"about (\d+) minutes", welcome)
    assert title and title.group(0) in preview
    assert minutes and f"About {minutes.group(1)} minutes" in preview
