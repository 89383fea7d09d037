"""Bad files get a clear error each; the batch goes on and nothing already imported is lost."""

from __future__ import annotations

import io
import zipfile

from openhire.candidates.demo import resume_file, resume_text
from openhire.candidates.models import Application, IntakeItem
from openhire.candidates.services import intake_batch_process, intake_files


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_each_bad_file_gets_its_own_error_and_good_files_are_imported(job, users):
    files = [
        resume_file(0),
        ("corrupt.pdf", b"%PDF-1.7\n1 0 obj <<>> garbage without xref"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),  # lying extension: a PNG
        ("real-docx.pdf", resume_file(1)[1]),  # lying extension, but a real Word file: read as Word
        ("program.docx", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500),
        ("empty.txt", b"   \n"),
        ("huge.pdf", b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024)),
        ("notes.docx", b"hello, see you tomorrow\n"),  # text named .docx, and no resume
        resume_file(2),
    ]
    receipt = intake_files(job=job, files=files, actor=users["recruiter"])
    refused = {i.original_name: i.error_code for i in receipt.refused}
    assert refused == {
        "photo.pdf": "ocr_needed",
        "program.docx": "unsupported_type",
        "empty.txt": "empty",
        "huge.pdf": "too_large",
    }
    assert all(i.error for i in receipt.refused)
    intake_batch_process(batch_id=receipt.batch.id)
    items = {i.original_name: i for i in IntakeItem.objects.filter(batch=receipt.batch)}
    assert items["corrupt.pdf"].status == "failed" and items["corrupt.pdf"].error_code == "corrupt"
    assert items["real-docx.pdf"].status == "done"
    notes = items["notes.docx"]
    assert (notes.status, notes.error_code, notes.candidate_id) == ("failed", "not_resume", None)
    assert "没有电话、邮箱、教育或工作经历" in notes.error  # the default language is zh-hans
    assert Application.objects.filter(job=job).count() == 3


def test_zip_bomb_and_nested_zip_are_refused_per_entry(job, users):
    bomb = b"\x00" * (30 * 1024 * 1024)  # inflates ~1000x
    archive = _zip(
        {
            "good.txt": resume_text(4).encode(),
            "bomb.txt": bomb,
            "inner.zip": _zip({"x.txt": resume_text(5).encode()}),
        }
    )
    receipt = intake_files(job=job, files=[("upload.zip", archive)], actor=users["recruiter"])
    errors = {i.original_name.split(" › ")[-1]: i.error_code for i in receipt.items}
    assert errors == {"good.txt": "", "bomb.txt": "zip_bomb", "inner.zip": "nested_zip"}
    intake_batch_process(batch_id=receipt.batch.id)
    assert Application.objects.filter(job=job).count() == 1


def test_damaged_zip_is_one_clear_error(job, users):
    receipt = intake_files(
        job=job, files=[("broken.zip", b"PK\x03\x04" + b"\x01" * 100)], actor=users["recruiter"]
    )
    assert [i.status for i in receipt.items] == ["failed"]


def test_upload_limit_from_settings(job, users, settings):
    settings.OPENHIRE_MAX_UPLOAD_BYTES = 100
    receipt = intake_files(job=job, files=[resume_file(0)], actor=users["recruiter"])
    assert receipt.items[0].error_code == "too_large"


def test_random_bytes_never_crash_the_pipeline(job, users):
    import random

    rng = random.Random(7)
    files = [
        (f"r{i}.pdf", bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))) for i in range(15)
    ]
    _name, good = resume_file(3)
    files += [("truncated.docx", good[: len(good) // 2]), ("truncated.pdf", b"%PDF-1.4\n" + good[:300])]
    receipt = intake_files(job=job, files=files, actor=users["recruiter"])
    intake_batch_process(batch_id=receipt.batch.id)
    assert not IntakeItem.objects.filter(batch=receipt.batch, status="pending").exists()
    for item in IntakeItem.objects.filter(batch=receipt.batch, status="failed"):
        assert item.error
