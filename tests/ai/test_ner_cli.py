"""The ``openhire resume entities`` / ``eval resume-ner`` / ``train resume-ner`` commands."""

from __future__ import annotations

import io
import json

import pytest

from openhire.cli import main

TINY_BMES = """张 B-NAME
伟 E-NAME
， O
汉 B-RACE
族 E-RACE
， O
现 O
任 O
中 B-ORG
国 M-ORG
银 M-ORG
行 E-ORG
副 B-TITLE
行 M-TITLE
长 E-TITLE
。 O

本 B-EDU
科 E-EDU
学 O
历 O
"""


def _run_entities(monkeypatch, stdin: bytes, *extra: str) -> tuple[int, list[dict]]:
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    monkeypatch.setattr("sys.stdout", stdout)
    rc = main(["resume", "entities", *extra])
    stdout.flush()
    lines = stdout.buffer.getvalue().decode("utf-8").splitlines()  # type: ignore[attr-defined]
    return rc, [json.loads(line) for line in lines]


def test_entities_writes_one_json_object_per_input_line(monkeypatch):
    stdin = (
        "吴重阳，中国国籍，大学本科，教授级高工。\n\n2013年4月至今任云南罗平锌电股份有限公司董事。\r\nabc\n"
    )
    rc, records = _run_entities(monkeypatch, stdin.encode("utf-8"))
    assert rc == 0
    assert len(records) == 4
    assert records[1] == {"text": "", "entities": []}
    assert records[2]["text"] == "2013年4月至今任云南罗平锌电股份有限公司董事。"
    for record in records:
        assert set(record) == {"text", "entities"}
        for entity in record["entities"]:
            assert set(entity) == {"type", "start", "end", "text"}
            assert record["text"][entity["start"] : entity["end"]] == entity["text"]
    first = {(e["type"], e["start"], e["end"], e["text"]) for e in records[0]["entities"]}
    assert ("CONT", 4, 8, "中国国籍") in first
    assert ("EDU", 9, 13, "大学本科") in first


def test_entities_reads_bad_utf8_as_replacement_characters(monkeypatch, capsys):
    rc, records = _run_entities(monkeypatch, b"\xff\xfe\xe5\xbc\xa0\n\xe4")
    assert rc == 0
    assert [r["text"] for r in records] == ["\ufffd\ufffd张", "\ufffd"]
    assert "line 1 is not valid UTF-8" in capsys.readouterr().err


def test_entities_with_a_missing_model_fails_with_a_message(monkeypatch, capsys, tmp_path):
    rc, records = _run_entities(monkeypatch, b"x\n", "--model", str(tmp_path))
    assert rc == 2 and records == []
    assert "no such file" in capsys.readouterr().err


def test_eval_prints_a_table_and_json(tmp_path, capsys):
    path = tmp_path / "tiny.char.bmes"
    path.write_text(TINY_BMES, encoding="utf-8")
    assert main(["eval", "resume-ner", str(path)]) == 0
    table = capsys.readouterr().out
    assert "micro" in table and "ORG" in table and "2 sentences" in table

    assert main(["eval", "resume-ner", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sentences"] == 2
    assert report["micro"]["gold"] == 5
    assert set(report["per_type"]) >= {"NAME", "RACE", "ORG", "TITLE", "EDU"}
    assert 0.0 <= report["micro"]["f1"] <= 1.0
    assert report["tagger"]["name"] == "crf-resume-ner"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("张 B-NAME 多余\n", "tiny.char.bmes:1: expected '<char> <tag>'"),
        ("张 Z-NAME\n", "bad tag"),
        ("\n\n", "no sentences"),
    ],
)
def test_eval_rejects_a_malformed_file_with_its_line(tmp_path, capsys, content, message):
    path = tmp_path / "tiny.char.bmes"
    path.write_text(content, encoding="utf-8")
    assert main(["eval", "resume-ner", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_eval_of_a_missing_or_binary_file_is_an_error(tmp_path, capsys):
    assert main(["eval", "resume-ner", str(tmp_path / "nope.bmes")]) == 2
    assert "no such file" in capsys.readouterr().err
    binary = tmp_path / "b.bmes"
    binary.write_bytes(b"\xff\xfe\x00")
    assert main(["eval", "resume-ner", str(binary)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_train_writes_a_model_that_the_other_commands_load(tmp_path, capsys, monkeypatch):
    train = tmp_path / "train.char.bmes"
    train.write_text(TINY_BMES * 3, encoding="utf-8")
    out = tmp_path / "model"
    assert (
        main(
            [
                "train",
                "resume-ner",
                "--train",
                str(train),
                "--dev",
                str(train),
                "--out",
                str(out),
                "--max-iterations",
                "30",
            ]
        )
        == 0
    )
    assert "micro" in capsys.readouterr().out
    assert main(["eval", "resume-ner", str(train), "--model", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["micro"]["f1"] == 1.0
    first = (out / "resume_ner.crfsuite").read_bytes()
    assert (
        main(["train", "resume-ner", "--train", str(train), "--out", str(out), "--max-iterations", "30"]) == 0
    )
    assert (out / "resume_ner.crfsuite").read_bytes() == first  # deterministic


def test_training_gives_the_same_model_bytes_under_any_hash_seed(tmp_path):
    import os
    import subprocess
    import sys

    train = tmp_path / "train.char.bmes"
    train.write_text(TINY_BMES * 3, encoding="utf-8")
    models = []
    for seed in ("1", "2"):
        out = tmp_path / f"model{seed}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "openhire.cli",
                "train",
                "resume-ner",
                "--train",
                str(train),
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        models.append(((out / "resume_ner.crfsuite").read_bytes(), (out / "resume_ner.json").read_bytes()))
    assert models[0] == models[1]
