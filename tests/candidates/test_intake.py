from __future__ import annotations

from openhire.candidates.demo import resume_file, resumes_zip
from openhire.candidates.models import Application, Candidate, Document, IntakeItem
from openhire.candidates.services import intake_files
from openhire.core.models import DomainEvent, TaskProgress
from tests.candidates.helpers import run_tasks


def test_uploaded_resumes_are_parsed_deduplicated_and_screened(
    job, users, django_capture_on_commit_callbacks
):
    files = [resume_file(n) for n in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        receipt = intake_files(job=job, files=files, actor=users["recruiter"])
    assert receipt.accepted == 6
    run_tasks()
    assert IntakeItem.objects.filter(batch=receipt.batch, status="done").count() == 6
    apps = Application.objects.filter(job=job)
    assert apps.count() == 6
    assert all(a.match_score is not None and a.screening["matched"] is not None for a in apps)
    progress = TaskProgress.objects.get(key=receipt.progress_key)
    assert progress.status == "done" and progress.percent == 100
    assert DomainEvent.objects.filter(name="candidate.applied", job_id=job.id).count() == 6
    assert DomainEvent.objects.filter(name="candidate.screened", job_id=job.id).count() == 6
    doc = Document.objects.first()
    assert len(doc.sha256) == 64 and doc.file.name.endswith(".bin")


def test_zip_of_resumes(job, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        intake_files(job=job, files=[("batch.zip", resumes_zip(10))], actor=users["recruiter"])
    run_tasks()
    assert Application.objects.filter(job=job).count() == 10
    assert Candidate.objects.count() == 10
