"""A completed interview is evaluated without anyone clicking: the worker transcribes, scores, aggregates."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from openhire.core import events
from openhire.core.models import DomainEvent
from openhire.evaluations import services
from openhire.evaluations.models import CompetencyScore, Evaluation
from openhire.interviews.models import Answer

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_completed_interview_is_evaluated_end_to_end_with_real_speech_recognition(
    take_interview, drain, job, users, client_for, tmp_path
):
    services.benchmark_group_create(
        job=job, actor=users["recruiter"], name="高绩效员工", scores=[35, 45, 55, 65, 75]
    )
    taken = take_interview()
    drain()

    evaluation = Evaluation.objects.get(interview=taken.interview)
    assert evaluation.status == "done" and evaluation.is_current
    analyses = {a.question_id: a for a in evaluation.analyses.all()}
    assert set(analyses) == {"q1", "q2", "q3"}
    spoken = analyses["q2"]
    assert spoken.transcript_source == "asr" and spoken.asr_engine.startswith("faster-whisper")
    assert "team" in spoken.text.lower() and spoken.language == "en"
    assert spoken.transcript["segments"] and spoken.transcript["segments"][0]["words"]
    assert spoken.delivery["speaking_rate"] > 0 and spoken.camera["frames"] > 0
    assert spoken.evidence and all(e["start"] is not None for e in spoken.evidence)
    assert analyses["q3"].transcript_source == "typed" and analyses["q3"].evidence
    # the interviews app got the transcripts as soon as they existed (for follow-up rules)
    assert Answer.objects.get(pk=spoken.answer_id).transcript == spoken.text

    scores = {c.key: c for c in CompetencyScore.objects.filter(evaluation=evaluation)}
    assert set(scores) == {"communication", "problem_solving", "customer_focus"}
    assert all(c.score_100 is not None and 1 <= c.scale_1_5 <= 5 and c.evidence for c in scores.values())
    assert evaluation.overall_score is not None and evaluation.percentile is not None
    assert evaluation.benchmark_size == 5 and evaluation.benchmark_group.name == "高绩效员工"
    assert evaluation.suggestion in ("pass", "hold") and evaluation.reasons["zh"] and evaluation.reasons["en"]
    assert evaluation.config_hash and any(
        name.startswith("faster-whisper") for name, _v in evaluation.engines
    )
    assert (
        DomainEvent.objects.filter(name=events.EVALUATION_READY, subject_id=str(evaluation.pk)).count() == 1
    )

    recruiter = client_for(users["recruiter"])
    page = recruiter.get(f"/evaluations/interviews/{taken.interview.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg class="radar"' in html and "<mark>" in html
    assert "Delivery signals" in html or "表达信号" in html

    pdf = recruiter.get(f"/evaluations/{evaluation.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.content)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True
    )
    assert list(Path(tmp_path).glob("p*.png"))

    # the candidate's report (released by HR, or already by the workflow's default rule on evaluation.ready):
    # strengths / areas to develop without raw scores
    assert recruiter.post(f"/evaluations/{evaluation.pk}/release/").status_code == 302
    feedback = taken.client.get("/i/s/feedback/").content.decode()
    assert evaluation.feedback["zh"] in feedback or evaluation.feedback["en"] in feedback
    assert "/ 100" not in feedback
