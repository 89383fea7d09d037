"""Re-fit the content scorer on an organisation's own human ratings (the seeds' "模型迭代").

    # 1. export the organisation's analysed answers (question, transcript) as JSON lines
    openhire manage evaluation_refit --export answers.jsonl --org demo-bank
    # 2. interviewers add "score" (and "min"/"max" of their scale) to each line
    # 3. fit (then measure it: openhire eval answers --model MODEL.json ...)
    openhire manage evaluation_refit --ratings rated.jsonl --out /srv/openhire/scorer-bank-v2.json
    # 4. point the workers at it and re-run evaluations: OPENHIRE_SCORER_MODEL=/srv/openhire/scorer-bank-v2.json

Rated lines: ``{"question", "answer", "score", "min"?: 1, "max"?: 5, "language"?, "references"?: [..],
"question_id"?}``. The export holds transcripts (personal data): keep it inside the organisation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Export analysed answers for rating, or fit a scorer on rated answers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--export", type=Path, help="write the organisation's analysed answers here")
        parser.add_argument("--org", help="organisation slug (with --export)")
        parser.add_argument("--ratings", type=Path, help="rated answers (JSON lines)")
        parser.add_argument("--out", type=Path, help="where to write the fitted model (JSON)")
        parser.add_argument("--model-version", default="org-1")
        parser.add_argument("--lexical-only", action="store_true", help="fit without sentence embeddings")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["export"]:
            self._export(options["export"], options["org"])
        elif options["ratings"] and options["out"]:
            self._fit(options["ratings"], options["out"], options["model_version"], options["lexical_only"])
        else:
            raise CommandError("give --export FILE --org SLUG, or --ratings FILE --out MODEL.json")

    def _export(self, path: Path, slug: str | None) -> None:
        from openhire.audit.services import audit_record
        from openhire.evaluations.models import AnswerAnalysis

        if not slug:
            raise CommandError("--org is required with --export")
        rows = AnswerAnalysis.objects.filter(
            organization__slug=slug, status=AnswerAnalysis.Status.DONE, evaluation__is_current=True
        ).select_related("evaluation__organization")
        count = 0
        with path.open("w", encoding="utf-8") as out:
            for a in rows.iterator():
                line = {"question_id": a.question_id, "question": a.question_text, "answer": a.text,
                        "language": a.language, "competency": a.competency, "ai_score_100": a.score_100,
                        "analysis_id": str(a.pk)}  # fmt: skip
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                count += 1
        first = rows.first()
        if first is not None:
            audit_record(actor=None, organization=first.evaluation.organization, action="evaluation.export_for_rating",
                         object_type="evaluations.answeranalysis", after={"rows": count, "file": str(path)})  # fmt: skip
        self.stdout.write(f"{count} answers written to {path}")

    def _fit(self, ratings: Path, out: Path, version: str, lexical_only: bool) -> None:
        from openhire.ai.scoring.contracts import ScoringError
        from openhire.ai.scoring.datasets import LabelledAnswer
        from openhire.ai.scoring.training import fit_scorer

        rows = []
        for i, raw in enumerate(ratings.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                d = json.loads(raw)
                rows.append(
                    LabelledAnswer(
                        dataset="organisation",
                        question_id=str(d.get("question_id") or d["question"]),
                        question=str(d["question"]),
                        answer=str(d["answer"]),
                        references=tuple(str(r) for r in d.get("references") or ()),
                        label=float(d["score"]),
                        label_min=float(d.get("min", 1)),
                        label_max=float(d.get("max", 5)),
                        language=str(d.get("language") or "zh"),
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise CommandError(
                    f"{ratings}:{i}: needs question, answer and a numeric score ({exc})"
                ) from exc
        embedder = None
        if not lexical_only:
            from openhire.ai.adapters.embeddings import load_embedder

            embedder = load_embedder()
        try:
            model = fit_scorer(rows, embedder=embedder, version=version, info={"source": str(ratings.name)})
        except ScoringError as exc:
            raise CommandError(str(exc)) from exc
        out.write_text(model.to_json(), encoding="utf-8")
        self.stdout.write(f"fitted {sorted(model.variants)} on {len(rows)} rated answers → {out}")
        self.stdout.write(
            f"measure it on held-out ratings: openhire eval answers --format sas-jsonl FILE --model {out}"
        )
