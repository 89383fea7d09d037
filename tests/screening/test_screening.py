from __future__ import annotations

from openhire.candidates.demo import resume_text, resumes_zip
from openhire.candidates.models import Application
from openhire.candidates.services import intake_batch_process, intake_files
from openhire.core.models import DomainEvent
from openhire.screening.selectors import RankFilters, ranked_applications
from openhire.screening.services import application_screen, job_screen_process, job_screen_start


def _intake(job, user, files):
    receipt = intake_files(job=job, files=files, actor=user)
    intake_batch_process(batch_id=receipt.batch.id)
    return receipt


def test_zip_of_generated_resumes_gives_a_ranked_explained_list(job, users):
    _intake(job, users["recruiter"], [("campus.zip", resumes_zip(24))])
    ranked = list(ranked_applications(users["recruiter"], job_id=job.id))
    assert len(ranked) == 24
    scores = [a.match_score for a in ranked]
    # those meeting every hard requirement first, each group best score first
    keys = [(a.passed_hard_requirements, a.match_score) for a in ranked]
    assert keys == sorted(keys, reverse=True) and len({p for p, _ in keys}) == 2
    assert max(scores) > min(scores)
    top = ranked[0].screening
    assert 0 <= top["score"] <= 100 and top["config_hash"] and top["engines"]
    assert top["matched"] and all("reason_zh" in h and "reason_en" in h for h in top["hard_results"])
    assert top["evidence"] and all(e["line"] for e in top["evidence"])
    passed = list(ranked_applications(users["recruiter"], job_id=job.id, filters=RankFilters(passed=True)))
    assert passed and all(a.passed_hard_requirements for a in passed)
    excel = list(ranked_applications(users["recruiter"], job_id=job.id, filters=RankFilters(skill="excel")))
    assert excel and all("Excel" in a.screening["matched"] for a in excel)
    cut = sorted(scores, reverse=True)[3]
    high = list(ranked_applications(users["recruiter"], job_id=job.id, filters=RankFilters(min_score=cut)))
    assert len(high) >= 4 and all(a.match_score >= cut for a in high)


def test_threshold_marks_candidates_and_rescreening_is_idempotent(
    job, users, django_capture_on_commit_callbacks
):
    _intake(job, users["recruiter"], [(f"{n}.txt", resume_text(n).encode()) for n in range(12)])
    marked = Application.objects.filter(job=job, marked_for_interview=True)
    assert marked.exists()
    assert all(a.match_score >= job.invite_threshold and a.passed_hard_requirements for a in marked)
    passed_events = DomainEvent.objects.filter(name="screening.passed", job_id=job.id).count()
    assert passed_events == marked.count()
    before = {a.id: (a.match_score, a.screening["config_hash"]) for a in Application.objects.filter(job=job)}
    events_before = DomainEvent.objects.count()
    row = job_screen_start(job=job, actor=users["recruiter"])
    counts = job_screen_process(job_id=job.id, progress_key=row.key)
    assert counts == {"screened": 12, "changed": 0, "marked": 0}
    assert DomainEvent.objects.count() == events_before
    after = {a.id: (a.match_score, a.screening["config_hash"]) for a in Application.objects.filter(job=job)}
    assert after == before


def test_protected_attributes_never_change_the_screening_result(job, users):
    base = resume_text(7, language="zh")
    lines = base.split("\n")
    variant = (
        "\n".join(["欧阳娜娜" if i == 0 else line for i, line in enumerate(lines)])
        .replace("性别：男", "性别：女")
        .replace("性别：女  出生", "性别：女  出生")
    )
    variant = variant.replace("民族：汉族", "民族：苗族").replace(lines[2].split("籍贯：")[-1], "哈尔滨")
    variant = variant.replace("出生日期：", "婚姻状况：已婚  照片：有  出生日期：19")
    # different contact details so the two are separate candidates
    variant = variant.replace(lines[1], "电话：13811112222  邮箱：other@example.com")
    _intake(job, users["recruiter"], [("a.txt", base.encode()), ("b.txt", variant.encode())])
    first, second = Application.objects.filter(job=job).order_by("created_at")
    assert first.candidate_id != second.candidate_id
    assert first.candidate.name != second.candidate.name
    strip = lambda s: {k: v for k, v in s.items() if k not in ("screened_at", "engines")}  # noqa: E731
    assert strip(first.screening) == strip(second.screening)
    # Changing the stored protected fields of a candidate changes nothing either.
    candidate = second.candidate
    candidate.gender, candidate.birth_date, candidate.name = "男", "1960-01-01", "Zhang"
    candidate.profile = {**candidate.profile, "gender": "男", "birth_date": "1960-01", "name": "Zhang"}
    candidate.save()
    outcome = application_screen(application=second)
    assert not outcome.changed and outcome.result.score == first.match_score


def test_semantic_similarity_is_a_setting_and_names_its_engine(job, users, settings):
    settings.OPENHIRE_SCREENING_SEMANTIC = True
    _intake(job, users["recruiter"], [("a.txt", resume_text(3, language="zh").encode())])
    screening = Application.objects.get(job=job).screening
    assert "semantic" in screening["components"]
    assert "use-multilingual-v3" in {e["name"] for e in screening["engines"]}
    settings.OPENHIRE_SCREENING_SEMANTIC = False
    job.save()  # a new job version: its screener is built again, now without the embedder
    row = job_screen_start(job=job, actor=users["recruiter"])
    assert job_screen_process(job_id=job.id, progress_key=row.key)["changed"] == 1
    screening = Application.objects.get(job=job).screening
    assert "semantic" not in screening["components"]
