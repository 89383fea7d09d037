"""Readers for the labelled answer datasets used to fit and measure the scorer.

Each reader returns :class:`LabelledAnswer` rows with the human score on its native scale and as a
fraction of that scale (``target``), so one model can learn from all of them. Bad files raise
:class:`DatasetError` naming the file, the line and what is wrong.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("mohler-csv", "sas-jsonl", "beetle-csv", "sas-le")

# SemEval-2013 BEETLE 5-way labels as an ordinal correctness scale 0..2.
BEETLE_LEVELS = {
    "correct": 2,
    "partially_correct_incomplete": 1,
    "contradictory": 0,
    "irrelevant": 0,
    "non_domain": 0,
}


class DatasetError(ValueError):
    """A labelled-answer file cannot be read; the message names the file, line and problem."""


@dataclass(frozen=True)
class LabelledAnswer:
    dataset: str
    question_id: str
    question: str
    answer: str
    references: tuple[str, ...]
    label: float
    label_min: float
    label_max: float
    language: str

    @property
    def target(self) -> float:
        return (self.label - self.label_min) / (self.label_max - self.label_min)


def _open_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise DatasetError(f"{path}: file not found") from exc
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except IsADirectoryError as exc:
        raise DatasetError(f"{path}: is a directory, expected a file") from exc


def _csv_rows(path: Path, required: Iterable[str]) -> list[dict[str, str]]:
    reader = csv.DictReader(_open_text(path).splitlines())
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise DatasetError(f"{path}: missing column(s) {', '.join(missing)}; found {reader.fieldnames}")
    return list(reader)


def _number(path: Path, line: int, raw: str, name: str) -> float:
    try:
        return float(raw)
    except (TypeError, ValueError) as exc:
        raise DatasetError(f"{path}:{line}: {name} {raw!r} is not a number") from exc


def load_mohler(path: str | Path, *, include_ignored: bool = True) -> list[LabelledAnswer]:
    """Mohler et al. 2011 CSV: ``qid, question, reference_answer, student_answer, score_avg`` (0–5)."""
    p = Path(path)
    rows = _csv_rows(p, ("qid", "question", "reference_answer", "student_answer", "score_avg"))
    out: list[LabelledAnswer] = []
    for i, r in enumerate(rows, start=2):
        if not include_ignored and r.get("ignored_in_paper", "0").strip() == "1":
            continue
        answer = r["student_answer"].replace("<br>", "\n")
        out.append(
            LabelledAnswer(
                dataset="mohler",
                question_id=r["qid"].strip(),
                question=r["question"].strip(),
                answer=answer.strip(),
                references=(r["reference_answer"].strip(),),
                label=_number(p, i, r["score_avg"], "score_avg"),
                label_min=0.0,
                label_max=5.0,
                language="en",
            )
        )
    return out


def load_sas_jsonl(path: str | Path) -> list[LabelledAnswer]:
    """SAS-Datasets JSON lines: ``q_id, question, answer, score (0–10), reference1..3``."""
    p = Path(path)
    out: list[LabelledAnswer] = []
    for i, line in enumerate(_open_text(p).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{p}:{i}: invalid JSON ({exc.msg})") from exc
        if not isinstance(r, dict):
            raise DatasetError(f"{p}:{i}: expected a JSON object")
        for key in ("q_id", "question", "answer", "score"):
            if key not in r:
                raise DatasetError(f"{p}:{i}: missing field {key!r}")
        refs = tuple(
            str(r[k]).strip()
            for k in ("reference1", "reference2", "reference3")
            if str(r.get(k) or "").strip()
        )
        out.append(
            LabelledAnswer(
                dataset="sas_ads",
                question_id=str(r["q_id"]),
                question=str(r["question"]).strip(),
                answer=str(r["answer"]).strip(),
                references=refs,
                label=_number(p, i, r["score"], "score"),
                label_min=0.0,
                label_max=10.0,
                language="zh",
            )
        )
    return out


def load_beetle(path: str | Path) -> list[LabelledAnswer]:
    """SemEval-2013 BEETLE CSV with ``label_5way``, mapped to 0 (wrong) / 1 (partial) / 2 (correct)."""
    p = Path(path)
    rows = _csv_rows(p, ("qid", "question", "student_answer", "reference_answers", "label_5way"))
    out: list[LabelledAnswer] = []
    for i, r in enumerate(rows, start=2):
        label = r["label_5way"].strip()
        if label not in BEETLE_LEVELS:
            raise DatasetError(
                f"{p}:{i}: unknown label_5way {label!r}; expected one of {sorted(BEETLE_LEVELS)}"
            )
        refs = tuple(x.strip() for x in r["reference_answers"].split("|") if x.strip())
        out.append(
            LabelledAnswer(
                dataset="beetle",
                question_id=r["qid"].strip(),
                question=r["question"].strip(),
                answer=r["student_answer"].strip(),
                references=refs,
                label=float(BEETLE_LEVELS[label]),
                label_min=0.0,
                label_max=2.0,
                language="en",
            )
        )
    return out


def load_sas_le(folder: str | Path) -> list[LabelledAnswer]:
    """SAS-Datasets LE folder: ``qa.csv`` (id, question, reference) + ``s_train_zh.csv`` (id, ref, answer, 0–1)."""
    d = Path(folder)
    questions: dict[str, tuple[str, str]] = {}
    for row in csv.reader(_open_text(d / "qa.csv").splitlines(), delimiter="\t"):
        if len(row) >= 3:
            questions[row[0].strip()] = (row[1].strip(), row[2].strip())
    out: list[LabelledAnswer] = []
    path = d / "s_train_zh.csv"
    for i, row in enumerate(csv.reader(_open_text(path).splitlines(), delimiter="\t"), start=1):
        if len(row) != 4:
            raise DatasetError(f"{path}:{i}: expected 4 tab-separated columns, got {len(row)}")
        qid, ref, answer, score = (c.strip() for c in row)
        question, qa_ref = questions.get(qid, ("", ref))
        out.append(
            LabelledAnswer(
                dataset="sas_le",
                question_id=qid,
                question=question,
                answer=answer,
                references=(ref or qa_ref,),
                label=_number(path, i, score, "score"),
                label_min=0.0,
                label_max=1.0,
                language="zh",
            )
        )
    return out


def load_dataset(fmt: str, path: str | Path) -> list[LabelledAnswer]:
    """Read ``path`` in one of :data:`FORMATS`."""
    loaders = {
        "mohler-csv": load_mohler,
        "sas-jsonl": load_sas_jsonl,
        "beetle-csv": load_beetle,
        "sas-le": load_sas_le,
    }
    if fmt not in loaders:
        raise DatasetError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    rows = loaders[fmt](path)
    if not rows:
        raise DatasetError(f"{path}: no labelled answers found")
    return rows
