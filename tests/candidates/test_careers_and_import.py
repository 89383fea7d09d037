from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from openhire.candidates.demo import resume_text
from openhire.candidates.models import Application, Candidate, ImportBatch
from openhire.candidates.privacy import PRIVACY_NOTICE_VERSION
from openhire.candidates.services import import_prepare, import_run
from openhire.core.storage import EncryptedStorage


def _apply(client, org, job, phone="13900000001", **extra):
    data = {
        "name": "王芳",
        "phone": phone,
        "email": "",
        "consent": "on",
        "resume": SimpleUploadedFile("cv.txt", resume_text(2).encode()),
        **extra,
    }
    return client.post(f"/careers/{org.slug}/{job.id}/", data, REMOTE_ADDR=extra.pop("ip", "10.0.0.1"))


def test_careers_apply_records_consent_and_refuses_a_second_application(client, org, job):
    assert client.get(f"/careers/{org.slug}/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    page = client.get(f"/careers/{org.slug}/{job.id}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "privacy notice" in page.content.decode()
    assert _apply(client, org, job).status_code == 200
    application = Application.objects.get(job=job)
    assert application.source == "careers" and application.consent_version == PRIVACY_NOTICE_VERSION
    assert application.consented_at is not None
    again = _apply(client, org, job)
    assert again.status_code == 409
    assert Application.objects.count() == 1


def test_careers_form_asks_for_a_persons_name_in_chinese(client, org, job):
    page = client.get(f"/careers/{org.slug}/{job.id}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "姓名" in page and "名称" not in page  # 名称 names things (jobs, rules), not people


def test_careers_apply_needs_consent(client, org, job):
    response = _apply(client, org, job, consent="")
    assert response.status_code == 200 and not Application.objects.exists()


def test_careers_rate_limit_answers_429(client, org, job):
    codes = [_apply(client, org, job, phone=f"1390000{n:04d}").status_code for n in range(7)]
    assert codes[:5] == [200] * 5 and codes[-1] == 429


def test_closed_job_has_no_careers_page(client, org, job):
    job.status = "closed"
    job.save()
    assert client.get(f"/careers/{org.slug}/{job.id}/").status_code == 404


CSV = (
    "姓名,手机,邮箱,学历,技能,备注\n"
    "王芳,13900000001,wf@example.com,本科,Excel、客户关系管理,好\n"
    ",13900000002,,本科,,缺名字\n"
    "李雷,12345,bad-email,硕士,,坏电话\n"
    "张伟,13900000004,,大专,SQL,\n"
    "王芳2,13900000001,,本科,,同一手机号\n"
)


def test_csv_import_keeps_bad_rows_in_an_error_file(org, job, users):
    batch = import_prepare(
        organization=org, actor=users["recruiter"], job=job, filename="old.csv", upload=CSV.encode("gb18030")
    )
    assert batch.mapping == {"0": "name", "1": "phone", "2": "email", "3": "degree", "4": "skills"}
    batch = import_run(batch=batch, actor=users["recruiter"], mapping=batch.mapping)
    assert (batch.imported, batch.failed) == (2, 3)
    assert [r["row"] for r in batch.row_errors] == [3, 4, 6]
    assert Application.objects.filter(job=job).count() == 2
    wang = Candidate.objects.get(name="王芳")
    assert (
        wang.profile["skills"] == ["Excel", "客户关系管理"]
        and wang.profile["education"][0]["degree"] == "bachelor"
    )
    storage = EncryptedStorage()
    errors = b"".join(storage.iter_plaintext(batch.error_file.name)).decode("utf-8-sig")
    assert "缺名字" in errors and "坏电话" in errors and "同一手机号" in errors
    assert (
        import_run(batch=batch, actor=users["recruiter"], mapping=batch.mapping).imported == 2
    )  # idempotent


def test_import_pages_map_columns_and_report(org, job, users, client_for):
    client = client_for(users["recruiter"])
    upload = SimpleUploadedFile("old.csv", CSV.encode())
    response = client.post("/candidates/import/", {"job": str(job.id), "file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/candidates/import/{batch.id}/")
    page = client.get(f"/candidates/import/{batch.id}/").content.decode()
    assert "姓名" in page and 'name="col0"' in page
    # each column shows its first values from the (encrypted) stored file, so HR can map it
    assert "王芳 · 李雷" in page and "13900000001 · 13900000002" in page
    assert "Excel、客户关系管理 · SQL" in page
    response = client.post(
        f"/candidates/import/{batch.id}/", {"col0": "name", "col1": "phone", "col2": "email"}
    )
    assert response.status_code == 302
    report = client.get(f"/candidates/import/{batch.id}/").content.decode()
    assert "errors.csv" in report
    assert client.get(f"/candidates/import/{batch.id}/errors.csv").status_code == 200


def test_import_mapping_page_survives_a_lost_file(org, job, users, client_for):
    from django.core.files.storage import default_storage

    from openhire.candidates.selectors import import_samples

    batch = import_prepare(
        organization=org, actor=users["recruiter"], job=job, filename="old.csv", upload=CSV.encode()
    )
    assert import_samples(batch)[0] == ["王芳", "李雷"]
    default_storage.delete(str(batch.file.name))
    assert import_samples(batch) == [[] for _ in batch.headers]
    page = client_for(users["recruiter"]).get(f"/candidates/import/{batch.id}/")
    assert page.status_code == 200 and 'name="col0"' in page.content.decode()


def test_unreadable_import_file_is_a_clear_form_error(users, client_for):
    client = client_for(users["recruiter"])
    response = client.post("/candidates/import/", {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04broken")})
    assert response.status_code == 200 and "Excel" in response.content.decode()


def test_profile_shows_dictionary_terms_in_the_readers_language(org, job, users, client_for):
    from openhire.candidates.selectors import profile_for_reader

    stored = {"skills": ["Corporate Banking", "Python", "not in the dictionary"], "languages": ["English"]}
    shown = profile_for_reader(stored, zh=True)
    assert shown["skills"] == ["公司银行", "Python", "not in the dictionary"]
    assert shown["languages"] == ["英语"]
    assert profile_for_reader(stored, zh=False) is stored and stored["skills"][0] == "Corporate Banking"
    candidate = Candidate.objects.create(
        organization=org, name="李娜", profile=stored, parsed={"skills": ["Corporate Banking"]}
    )
    client = client_for(users["admin"])
    zh = client.get(f"/candidates/{candidate.id}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    en = client.get(f"/candidates/{candidate.id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "公司银行" in zh and "Corporate Banking" not in zh
    assert "Corporate Banking" in en and "公司银行" not in en
    # a correction typed with Chinese names is stored under the canonical ones
    form = {"skills": "公司银行, Python, 客户关系管理", "languages": "英语"}  # the rest as shown: empty
    response = client.post(f"/candidates/{candidate.id}/", form, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.corrections["skills"] == [
        "Corporate Banking",
        "Python",
        "Customer Relationship Management",
    ]
    assert set(candidate.corrections) == {"skills"}  # 英语 is what the form showed: unchanged
