"""Permission matrix rows for every candidates and screening page and endpoint."""

from __future__ import annotations

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openhire.candidates.demo import resume_text
from openhire.candidates.services import candidate_create, import_prepare, intake_files
from openhire.core.progress import progress_start
from tests.permissions import Case, check_case

_n = itertools.count()
STAFF = ("admin", "recruiter", "interviewer", "hiring_manager")
WRITE = ("admin", "recruiter")


def _file(ctx):
    return {"files": SimpleUploadedFile(f"r{next(_n)}.txt", resume_text(next(_n)).encode())}


CASES = [
    Case("candidate list", "get", "/candidates/", allowed=STAFF),
    Case(
        "candidate page",
        "get",
        lambda c: f"/candidates/{c['candidate'].id}/",
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "candidate correction",
        "post",
        lambda c: f"/candidates/{c['candidate'].id}/",
        allowed=WRITE,
        ok=302,
        data={"skills": "Excel, SQL", "name": "王芳"},
        object_bound=True,
    ),
    Case(
        "document download",
        "get",
        lambda c: f"/candidates/documents/{c['document'].id}/",
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "upload page",
        "get",
        lambda c: f"/candidates/jobs/{c['job'].id}/upload/",
        allowed=WRITE,
        object_bound=True,
    ),
    Case(
        "upload",
        "post",
        lambda c: f"/candidates/jobs/{c['job'].id}/upload/",
        allowed=WRITE,
        ok=302,
        data=_file,
        object_bound=True,
    ),
    Case(
        "upload report",
        "get",
        lambda c: f"/candidates/batches/{c['batch'].id}/",
        allowed=WRITE,
        object_bound=True,
    ),
    Case("import page", "get", "/candidates/import/", allowed=WRITE),
    Case(
        "import mapping",
        "get",
        lambda c: f"/candidates/import/{c['import'].id}/",
        allowed=WRITE,
        object_bound=True,
    ),
    Case("screening jobs", "get", "/screening/", allowed=STAFF),
    Case("ranked list", "get", lambda c: f"/screening/jobs/{c['job'].id}/", allowed=STAFF, object_bound=True),
    Case(
        "screen all",
        "post",
        lambda c: f"/screening/jobs/{c['job'].id}/screen/",
        allowed=WRITE,
        ok=302,
        object_bound=True,
    ),
    Case(
        "progress partial",
        "get",
        lambda c: f"/screening/progress/{c['progress'].key}/",
        allowed=STAFF,
        object_bound=True,
    ),
    Case("API: candidates", "get", "/api/v1/candidates", api=True, allowed=STAFF),
    Case(
        "API: candidate",
        "get",
        lambda c: f"/api/v1/candidates/{c['candidate'].id}",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "API: create candidate",
        "post",
        "/api/v1/candidates",
        api=True,
        allowed=WRITE,
        ok=201,
        data=lambda c: {"name": "新人", "phone": f"1370000{next(_n):04d}", "job_id": str(c["job"].id)},
    ),
    Case(
        "API: applications",
        "get",
        lambda c: f"/api/v1/applications?job_id={c['job'].id}",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "API: application",
        "get",
        lambda c: f"/api/v1/applications/{c['application'].id}",
        api=True,
        allowed=STAFF,
        object_bound=True,
    ),
    Case(
        "API: intake status",
        "get",
        lambda c: f"/api/v1/intake/{c['batch'].id}",
        api=True,
        allowed=WRITE,
        object_bound=True,
    ),
    Case(
        "API: screen job",
        "post",
        lambda c: f"/api/v1/jobs/{c['job'].id}/screening",
        api=True,
        allowed=WRITE,
        ok=202,
        object_bound=True,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_permission_matrix(case, org, job, users, other_users, client_for):
    from openhire.candidates.models import Document

    result, application = candidate_create(
        organization=org, actor=None, name="王芳", phone=f"1390000{next(_n):04d}", job=job
    )
    receipt = intake_files(job=job, files=[("r.txt", resume_text(1).encode())], actor=users["recruiter"])
    item = receipt.items[0]
    document = Document.objects.create(
        organization=org,
        candidate=result.candidate,
        file=item.file.name,
        original_name="r.txt",
        sha256=item.sha256,
    )
    ctx = {
        "job": job,
        "candidate": result.candidate,
        "application": application,
        "document": document,
        "batch": receipt.batch,
        "progress": progress_start(organization_id=org.id, kind="test"),
        "import": import_prepare(
            organization=org,
            actor=users["admin"],
            job=job,
            filename="a.csv",
            upload=b"name,phone\nA,13900000001\n",
        ),
    }
    check_case(case, ctx, client_for, users, other_users)


def test_recruiter_not_on_the_job_sees_nothing(org, job, make_user, client_for):
    outsider = make_user(org, "recruiter")
    result, _ = candidate_create(organization=org, actor=None, name="王芳", phone="13900000001", job=job)
    client = client_for(outsider)
    assert client.get(f"/candidates/{result.candidate.id}/").status_code == 404
    assert client.get(f"/screening/jobs/{job.id}/").status_code == 404
    assert "王芳" not in client.get("/candidates/").content.decode()
