import json
from pathlib import Path

import pytest

from openhire.cli import main

from .test_resume_extract import ENGLISH, make_docx, make_pdf
from .test_resume_parse import EN_RESUME, ZH_RESUME

JOB_YAML = """\
title: 对公客户经理
description: 负责对公客户关系管理与拓展，完成贷后管理。
requirements: 本科及以上学历，3年以上银行经验，熟练使用Excel。
skills:
  - {name: 客户关系管理, weight: 3}
  - {name: 贷后管理, weight: 2}
  - Excel
must_have: [银行从业资格]
min_years: 3
education: 本科
"""


@pytest.fixture
def resumes(tmp_path: Path) -> Path:
    folder = tmp_path / "resumes"
    folder.mkdir()
    (folder / "zhang.txt").write_text(ZH_RESUME, encoding="gb18030")
    (folder / "smith.docx").write_bytes(make_docx(EN_RESUME.splitlines()))
    (folder / "mary.pdf").write_bytes(make_pdf(ENGLISH))
    (folder / "scan.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)  # an image with a .pdf name
    return folder


def test_screen_ranks_best_first_and_keeps_bad_files(
    resumes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    job = tmp_path / "job.yaml"
    job.write_text(JOB_YAML, encoding="utf-8")
    code = main(["screen", "--job", str(job), str(resumes), "--json", "--semantic", "off", "--no-tagger"])
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert Path(rows[0]["file"]).name == "zhang.txt"
    assert Path(rows[-1]["file"]).name == "scan.pdf"
    assert rows[-1]["score"] is None and rows[-1]["error_code"] == "ocr_needed"
    best = rows[0]
    assert best["passed_hard_requirements"] is True
    assert {"客户关系管理", "贷后管理", "Excel"} <= set(best["matched"])
    for row in rows:
        assert {"file", "score", "passed_hard_requirements", "matched", "missing"} <= set(row)
    scores = [r["score"] for r in rows if r["score"] is not None and r["passed_hard_requirements"] is False]
    assert scores == sorted(scores, reverse=True)


def test_screen_in_worker_processes_gives_the_same_ranking(
    resumes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    job = tmp_path / "job.yaml"
    job.write_text(JOB_YAML, encoding="utf-8")
    base = ["screen", "--job", str(job), str(resumes), "--json", "--semantic", "off", "--as-of", "2026-11"]
    assert main(base) == 0
    serial = json.loads(capsys.readouterr().out)
    assert main([*base, "--workers", "2"]) == 0
    parallel = json.loads(capsys.readouterr().out)
    assert parallel == serial


def test_screen_rejects_a_job_without_description(
    resumes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    job = tmp_path / "job.yaml"
    job.write_text("title: Teller\n", encoding="utf-8")
    assert main(["screen", "--job", str(job), str(resumes)]) == 2
    assert "'description' is required" in capsys.readouterr().err


def test_resume_parse_prints_one_json_line_per_file(
    resumes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "resume",
            "parse",
            str(resumes / "zhang.txt"),
            str(resumes / "scan.pdf"),
            "--json",
            "--no-tagger",
            "--as-of",
            "2026-11",
        ]
    )
    assert code == 1  # one file could not be read
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    good, bad = (json.loads(line) for line in lines)
    for key in (
        "name",
        "email",
        "phone",
        "education",
        "experience",
        "skills",
        "certificates",
        "total_years",
        "flags",
        "errors",
    ):
        assert key in good and key in bad
    assert good["name"] == "张伟" and good["total_years"] == pytest.approx(5.7, abs=0.05)
    assert bad["error_code"] == "ocr_needed" and bad["errors"]


def test_resume_parse_human_output(resumes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resume", "parse", str(resumes / "smith.docx"), "--as-of", "2026-11"]) == 0
    out = capsys.readouterr().out
    assert "HSBC Bank (China) Co. Ltd" in out and "Senior Credit Analyst" in out


def test_resume_parse_expands_zips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    bundle = tmp_path / "bulk.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", ZH_RESUME)
        archive.writestr("bomb.txt", b"0" * (5 * 1024 * 1024))
    assert main(["resume", "parse", str(bundle), "--json", "--no-tagger"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["file"].split("!")[-1] for r in rows] == ["a.txt", "bomb.txt"]
    assert rows[0]["name"] == "张伟" and rows[1]["error_code"] == "zip_bomb"
