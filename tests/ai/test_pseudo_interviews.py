"""Whole-interview validity on pseudo-interviews dealt from labelled answers."""

import argparse
import json
from pathlib import Path

import pytest

from openhire.ai.cli.score import run_eval_interviews
from openhire.ai.scoring.contracts import ScoringError
from openhire.ai.scoring.datasets import LabelledAnswer, load_dataset
from openhire.ai.scoring.pseudo_interviews import deal_candidates, interview_agreement

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
SAS = DATA / "sas_zh" / "ADS" / "train.jsonl"


def _args(path: Path, *, assemblies: int) -> argparse.Namespace:
    """``openhire eval interviews --format sas-jsonl PATH --json --lexical-only`` as parsed."""
    return argparse.Namespace(
        file=str(path),
        format="sas-jsonl",
        json=True,
        lexical_only=True,
        folds=5,
        answers=6,
        assemblies=assemblies,
        setting="both",
    )


def _rows(per_question: dict[str, int]) -> list[LabelledAnswer]:
    return [
        LabelledAnswer("d", q, f"question {q}", f"answer {q}{i}", (), float(i % 3), 0.0, 2.0, "en")
        for q, n in per_question.items()
        for i in range(n)
    ]


def test_candidates_answer_different_questions_and_never_share_an_answer():
    rows = _rows({"a": 9, "b": 7, "c": 7, "d": 6, "e": 3})
    cands = deal_candidates(rows, 4, seed=1)
    used = [i for c in cands for i in c]
    assert len(used) == len(set(used))
    assert all(len(c) == 4 and len({rows[i].question_id for i in c}) == 4 for c in cands)
    assert len(cands) >= 7  # most of the 32 answers are dealt
    assert cands == deal_candidates(rows, 4, seed=1)
    assert cands != deal_candidates(rows, 4, seed=2)
    with pytest.raises(ScoringError, match="too few"):
        deal_candidates(rows, 6, seed=0)


def test_interview_agreement_rewards_the_prediction_that_tracks_the_human_scores():
    rows = _rows({q: 12 for q in "abcdef"})
    truth = [r.target for r in rows]
    words = [0.5 + 0.01 * (i % 7) for i in range(len(rows))]
    res = interview_agreement("t", rows, truth, words, size=5, assemblies=3)
    assert res.pearson == pytest.approx(1.0)
    assert res.beats_baseline == 1.0
    assert res.baseline_pearson < 0.9


@pytest.mark.skipif(not SAS.is_file(), reason="shared data not present")
def test_eval_interviews_beats_the_word_count_baseline_on_sas(tmp_path, capsys):
    # 20 answers to each of the 15 questions keep this fast (lexical features only)
    rows, seen = [], {}
    for line in SAS.read_text(encoding="utf-8").splitlines():
        q = json.loads(line)["q_id"]
        seen[q] = seen.get(q, 0) + 1
        if seen[q] <= 20:
            rows.append(line)
    small = tmp_path / "sas.jsonl"
    small.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert len(load_dataset("sas-jsonl", small)) == 300
    assert run_eval_interviews(_args(small, assemblies=5)) == 0
    out = json.loads(capsys.readouterr().out)
    assert "pseudo-interviews" in out["note"]
    by_setting = {r["name"].split(", ")[1].split(" ")[0]: r for r in out["results"]}
    for r in by_setting.values():
        assert r["candidates"] >= 40
        assert r["pearson"] > r["baseline_pearson"] + 0.1
        assert r["beats_baseline"] == 1.0
    assert by_setting["unseen-answers"]["pearson"] > by_setting["unseen-questions"]["pearson"]


def test_eval_interviews_reports_a_file_with_too_few_questions(tmp_path, capsys):
    f = tmp_path / "one.jsonl"
    f.write_text(
        "\n".join(
            json.dumps({"q_id": "1", "question": "q", "answer": f"a{i}", "score": i % 10}) for i in range(30)
        ),
        encoding="utf-8",
    )
    assert run_eval_interviews(_args(f, assemblies=2)) == 2
    assert "error:" in capsys.readouterr().err
