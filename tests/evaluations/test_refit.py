"""Re-fitting the content scorer on an organisation's own ratings and using it for new evaluations."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from openhire.evaluations import engine
from openhire.evaluations.models import Evaluation

pytestmark = pytest.mark.django_db


def test_export_rate_refit_and_score_with_the_organisation_model(
    take_interview, drain, fake_asr, org, tmp_path, monkeypatch
):
    taken = take_interview(text_only=True)
    drain()
    exported = tmp_path / "answers.jsonl"
    call_command("evaluation_refit", export=exported, org=org.slug)
    lines = [json.loads(x) for x in exported.read_text().splitlines()]
    assert len(lines) == 3 and all(x["answer"] and x["question"] for x in lines)

    rated = tmp_path / "rated.jsonl"
    with rated.open("w") as out:
        for n in range(40):  # HR's ratings: longer, more specific answers got higher scores
            words = " ".join(["I called the customer and fixed the problem in 2 days"] * (1 + n % 5))
            out.write(json.dumps({"question": f"How did you handle complaint {n % 8}?", "answer": words,
                                  "score": 1 + n % 5, "min": 1, "max": 5, "language": "en"}) + "\n")  # fmt: skip
    model_path = tmp_path / "scorer-org.json"
    call_command("evaluation_refit", ratings=rated, out=model_path, model_version="bank-2")
    assert json.loads(model_path.read_text())["version"] == "bank-2"

    monkeypatch.setenv("OPENHIRE_SCORER_MODEL", str(model_path))
    ctx = engine.question_context(taken.interview.snapshot, "q3", "en")
    result = engine.score_content(ctx, lines[0]["answer"], None, language="en", use_llm=False)
    assert any(version.startswith("bank-2") for _name, version in result.engines), (
        result.engines,
        result.notes,
    )
    assert Evaluation.objects.filter(interview=taken.interview).count() == 1
