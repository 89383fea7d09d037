"""``openhire score batch``, ``openhire eval answers`` and ``openhire train scorer``."""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO

DEFAULT_DATA = os.environ.get("OPENHIRE_DATA", "../shared/data")
MODEL_DIR = Path(__file__).resolve().parent.parent / "scoring" / "models"


def register(root: argparse._SubParsersAction[argparse.ArgumentParser], groups: dict[str, Any]) -> None:
    p = groups["score"].add_parser("batch", help="score answers from JSON lines (FILE or - for stdin)")
    p.add_argument(
        "file", help="JSON lines: id, question, answer, reference_answers?, competency?, language?"
    )
    p.add_argument("--json", action="store_true", help="write JSON lines (the only output format)")
    p.add_argument("--lexical-only", action="store_true", help="do not use sentence embeddings")
    p.add_argument("--no-normalise", action="store_true", help="no per-question batch normalisation")
    p.add_argument("--model", help="a scorer model JSON (default: the packaged one)")
    p.set_defaults(func=run_score_batch)

    e = groups["eval"].add_parser("answers", help="agreement of the answer scorer with human scores")
    e.add_argument("file")
    e.add_argument("--format", required=True, choices=["mohler-csv", "sas-jsonl", "beetle-csv", "sas-le"])
    e.add_argument("--json", action="store_true", help="print one JSON object")
    e.add_argument("--lexical-only", action="store_true")
    e.add_argument("--no-normalise", action="store_true", help="score each answer alone (no batch features)")
    e.add_argument("--model", help="a scorer model JSON (default: the packaged one)")
    e.add_argument(
        "--cv", type=int, default=0, metavar="K", help="also refit on this file, K folds grouped by question"
    )
    e.add_argument(
        "--rated-folds",
        type=int,
        default=0,
        metavar="K",
        help="unseen-answers setting: each answer is compared with the file's human-rated answers to the same "
        "question in the other K-1 folds",
    )
    e.set_defaults(func=run_eval_answers)

    iv = groups["eval"].add_parser(
        "interviews",
        help="whole-interview agreement on pseudo-interviews dealt from a labelled answer file, vs word count",
    )
    iv.add_argument("file")
    iv.add_argument("--format", required=True, choices=["mohler-csv", "sas-jsonl", "beetle-csv", "sas-le"])
    iv.add_argument("--json", action="store_true", help="print one JSON object")
    iv.add_argument("--lexical-only", action="store_true")
    iv.add_argument("--folds", type=int, default=5, metavar="K", help="cross-validation folds (default 5)")
    iv.add_argument(
        "--answers", type=int, default=8, metavar="N", help="answers per pseudo-candidate (default 8)"
    )
    iv.add_argument(
        "--assemblies", type=int, default=20, metavar="R", help="random deals of candidates (default 20)"
    )
    iv.add_argument(
        "--setting",
        choices=["unseen-questions", "unseen-answers", "both"],
        default="both",
        help="unseen-questions: grouped CV by question; unseen-answers: rated answers to the same question known",
    )
    iv.set_defaults(func=run_eval_interviews)

    t = groups["train"].add_parser("scorer", help="fit the calibrated answer scorer on the development data")
    t.add_argument("--data", default=DEFAULT_DATA, help="folder with mohler_en/, sas_zh/, beetle_en/")
    t.add_argument("--out", default=str(MODEL_DIR / "scorer-v1.json"))
    t.add_argument(
        "--version",
        default=None,
        help="model version recorded in the file and in every score (default: the scorer's current version)",
    )
    t.add_argument("--lexical-only", action="store_true")
    t.add_argument("--no-report", action="store_true", help="skip the cross-validated validity report")
    t.set_defaults(func=run_train_scorer)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _read_lines(path: str) -> list[str]:
    if path == "-":
        return sys.stdin.read().splitlines()
    try:
        return Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc


def _load_model(path: str | None) -> Any:
    from openhire.ai.scoring.model import ScorerModel
    from openhire.ai.scoring.scorer import default_model

    return ScorerModel.load(path) if path else default_model()


def parse_batch_line(line: str, lineno: int) -> tuple[str, Any]:
    from openhire.ai.scoring.contracts import QuestionSpec

    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {lineno}: invalid JSON ({exc.msg})") from exc
    if not isinstance(obj, dict):
        raise ValueError(f"line {lineno}: expected a JSON object")
    for key in ("id", "question", "answer"):
        if key not in obj:
            raise ValueError(f"line {lineno}: missing field {key!r}")
    if not isinstance(obj["question"], str) or not isinstance(obj["answer"], str):
        raise ValueError(f"line {lineno}: question and answer must be strings")
    refs = obj.get("reference_answers") or []
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise ValueError(f"line {lineno}: reference_answers must be a list of strings")
    lang = obj.get("language")
    if lang not in (None, "zh", "en"):
        raise ValueError(f"line {lineno}: language must be 'zh' or 'en', got {lang!r}")
    comp = obj.get("competency")
    if comp is not None and not isinstance(comp, str):
        raise ValueError(f"line {lineno}: competency must be a string")
    q = QuestionSpec(text=obj["question"], reference_answers=tuple(refs), competency=comp, language=lang)
    return str(obj["id"]), (q, obj["answer"])


def answer_score_json(result: Any) -> dict[str, Any]:
    return {
        "score": result.score_100,
        "scale_1_5": result.scale_1_5,
        "language": result.language,
        "variant": result.variant,
        "coverage": [
            {
                "point": c.point,
                "best_sentence": c.best_sentence,
                "similarity": c.similarity,
                "covered": c.covered,
            }
            for c in result.coverage
        ],
        "star": {
            "situation": list(result.star.situation),
            "task": list(result.star.task),
            "action": list(result.star.action),
            "result": list(result.star.result),
        },
        "evidence": [
            {"text": e.text, "reason": e.reason, "start": e.start, "end": e.end} for e in result.evidence
        ],
        "features": dict(result.features),
        "engines": [{"name": e.name, "version": e.version} for e in result.engines],
        "config_hash": result.config_hash,
        "notes": list(result.notes),
    }


def run_score_batch(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from openhire.ai.scoring.contracts import ScoringError
    from openhire.ai.scoring.scorer import score_answers

    stream = out or sys.stdout
    try:
        lines = _read_lines(args.file)
        parsed = [parse_batch_line(line, i) for i, line in enumerate(lines, start=1) if line.strip()]
        model = _load_model(args.model)
        results = score_answers(
            [item for _id, item in parsed],
            lexical_only=args.lexical_only,
            model=model,
            normalise_per_question=not args.no_normalise,
        )
    except (ValueError, ScoringError) as exc:
        return _fail(str(exc))
    for (ident, _item), res in zip(parsed, results, strict=True):
        stream.write(json.dumps({"id": ident, **answer_score_json(res)}, ensure_ascii=False) + "\n")
    return 0


def rated_folds(rows: list[Any], k: int) -> list[int]:
    """Fold of each answer, round-robin within its question (deterministic)."""
    seen: dict[str, int] = {}
    out = []
    for r in rows:
        n = seen.get(r.question_id, 0)
        seen[r.question_id] = n + 1
        out.append(n % k)
    return out


def _file_sha(path: str) -> str:
    p = Path(path)
    h = hashlib.sha256()
    files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()


def run_eval_answers(args: argparse.Namespace) -> int:
    from openhire.ai.scoring.contracts import QuestionSpec, RatedExample, ScoringError
    from openhire.ai.scoring.datasets import DatasetError, load_dataset
    from openhire.ai.scoring.evaluation import agreement, baseline_fractions
    from openhire.ai.scoring.scorer import score_answers

    t0 = time.perf_counter()
    try:
        rows = load_dataset(args.format, args.file)
        model = _load_model(args.model)
        folds = rated_folds(rows, args.rated_folds) if args.rated_folds else None
        items = []
        for i, r in enumerate(rows):
            examples: tuple[RatedExample, ...] = ()
            if folds is not None:
                examples = tuple(
                    RatedExample(o.answer, 100.0 * o.target)
                    for j, o in enumerate(rows)
                    if o.question_id == r.question_id and folds[j] != folds[i]
                )
            q = QuestionSpec(
                text=r.question, reference_answers=r.references, language=r.language, rated_examples=examples
            )
            items.append((q, r.answer))
        scores = score_answers(
            items, lexical_only=args.lexical_only, model=model, normalise_per_question=not args.no_normalise
        )
    except (DatasetError, ScoringError, ValueError) as exc:
        return _fail(str(exc))
    fractions = [(s.scale_1_5 - 1.0) / 4.0 for s in scores]
    setting = f", unseen answers: {args.rated_folds}-fold rated examples" if args.rated_folds else ""
    results = [agreement(f"scorer {model.version} (packaged, not refitted{setting})", rows, fractions)]
    for kind in ("token-overlap", "word-count"):
        results.append(
            agreement(f"baseline {kind} (in-sample linear fit)", rows, baseline_fractions(rows, kind))
        )
    cv_results: list[dict[str, object]] = []
    if args.cv:
        from openhire.ai.adapters.embeddings import load_embedder
        from openhire.ai.scoring.training import featurize, validity_report

        emb = None if args.lexical_only else load_embedder()
        report = validity_report(rows, featurize(rows, emb), emb=emb is not None, folds=args.cv)
        cv_results = [r for rs in report["datasets"].values() for r in rs]  # type: ignore[attr-defined]
    sha = _file_sha(args.file)
    in_sample = sha in set(model.info.get("training_file_sha256", []))
    summary = {
        "file": args.file,
        "format": args.format,
        "n": len(rows),
        "questions": len({r.question_id for r in rows}),
        "per_question_normalisation": not args.no_normalise,
        "embeddings": any(s.variant.split("+")[1] == "emb" for s in scores),
        "in_training_data": in_sample,
        "results": [r.as_dict() for r in results],
        "refit_cv": cv_results,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return 0
    print(f"{args.file}: {len(rows)} answers to {summary['questions']} questions ({args.format})")
    if in_sample:
        print(
            "NOTE: this file was used to fit the packaged scorer: its figures are in-sample. Held-out figures are"
        )
        print("      in the validity report beside the model (openhire train scorer) or from --cv K.")
    print(f"{'':80s} {'pearson':>8s} {'spearman':>8s} {'qwk':>8s}")
    for line in [*(x.as_dict() for x in results), *cv_results]:
        vals = [float(line[k]) for k in ("pearson", "spearman", "qwk")]  # type: ignore[arg-type]
        cells = " ".join("     nan" if math.isnan(v) else f"{v:8.3f}" for v in vals)
        print(f"{str(line['name'])[:80]:80s} {cells}")
    print(f"({summary['seconds']} s; per-question normalisation {'on' if not args.no_normalise else 'off'})")
    return 0


def run_eval_interviews(args: argparse.Namespace) -> int:
    from openhire.ai.scoring.contracts import ScoringError
    from openhire.ai.scoring.datasets import DatasetError, load_dataset
    from openhire.ai.scoring.pseudo_interviews import pseudo_interview_report
    from openhire.ai.scoring.training import featurize

    t0 = time.perf_counter()
    if args.folds < 2 or args.answers < 2 or args.assemblies < 1:
        return _fail("--folds and --answers must be at least 2, --assemblies at least 1")
    try:
        rows = load_dataset(args.format, args.file)
        emb = None
        if not args.lexical_only:
            from openhire.ai.adapters.embeddings import load_embedder

            emb = load_embedder()
        settings = ("unseen-questions", "unseen-answers") if args.setting == "both" else (args.setting,)
        results = pseudo_interview_report(
            rows,
            featurize(rows, emb),
            emb=emb is not None,
            folds=args.folds,
            size=args.answers,
            assemblies=args.assemblies,
            settings=settings,
        )
    except (DatasetError, ScoringError, ValueError) as exc:
        return _fail(str(exc))
    summary = {
        "file": args.file,
        "format": args.format,
        "n": len(rows),
        "questions": len({r.question_id for r in rows}),
        "embeddings": emb is not None,
        "note": "pseudo-interviews: answers of different people dealt into synthetic candidates; "
        "candidate score = mean of the human answer scores; every answer scored out of fold",
        "results": [r.as_dict() for r in results],
        "seconds": round(time.perf_counter() - t0, 1),
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return 0
    print(f"{args.file}: {len(rows)} answers to {summary['questions']} questions ({args.format})")
    print(f"NOTE: {summary['note']}")
    print(
        f"{'':44s} {'cand.':>5s} {'pearson':>8s} {'(5-95%)':>13s} {'spearman':>8s} {'words r':>8s} {'words rho':>9s} {'beats':>6s}"
    )
    for r in results:
        print(
            f"{r.name[:44]:44s} {r.candidates:5d} {r.pearson:8.3f} {r.pearson_low:6.3f}-{r.pearson_high:.3f} "
            f"{r.spearman:8.3f} {r.baseline_pearson:8.3f} {r.baseline_spearman:9.3f} {r.beats_baseline:6.0%}"
        )
    print(f"({summary['seconds']} s; {args.answers} answers per candidate, {args.assemblies} deals)")
    return 0


def run_train_scorer(args: argparse.Namespace) -> int:
    from openhire.ai.scoring.contracts import ScoringError
    from openhire.ai.scoring.datasets import DatasetError, load_dataset
    from openhire.ai.scoring.model import ScorerModel
    from openhire.ai.scoring.training import (
        DEFAULT_ALPHA,
        DEV_SETS,
        SCORER_VERSION,
        featurize,
        fit_variants,
        validity_report,
    )

    data = Path(args.data)
    rows = []
    shas = []
    t0 = time.perf_counter()
    try:
        for _name, fmt, rel in DEV_SETS:
            rows += load_dataset(fmt, data / rel)
            shas.append(_file_sha(str(data / rel)))
    except DatasetError as exc:
        return _fail(f"{exc} (point --data or OPENHIRE_DATA at the shared data folder)")
    embedder = None
    if not args.lexical_only:
        from openhire.ai.adapters.embeddings import UniversalSentenceEncoder

        embedder = UniversalSentenceEncoder(cache_size=400_000, batch_size=128)
    print(f"featurising {len(rows)} answers ...", file=sys.stderr)
    feats = featurize(rows, embedder)
    try:
        variants = fit_variants(feats, emb=embedder is not None)
    except ScoringError as exc:
        return _fail(str(exc))
    info: dict[str, Any] = {
        "training_file_sha256": shas,
        "datasets": {name: sum(1 for r in rows if r.dataset == name) for name, _f, _r in DEV_SETS},
        "embedder": [embedder.name, embedder.version] if embedder else None,
        "target": "human score as a fraction of its scale; each dataset weighted equally",
    }
    model = ScorerModel(
        version=args.version or SCORER_VERSION,
        variants=variants,
        alpha=DEFAULT_ALPHA,
        trained_on=tuple(sorted(info["datasets"])),
        info=info,
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    print(f"wrote {out} ({len(variants)} variants, digest {model.digest})", file=sys.stderr)
    if not args.no_report:
        print("cross-validating ...", file=sys.stderr)
        report = validity_report(rows, feats, emb=embedder is not None)
        report["model"] = {
            "version": model.version,
            "digest": model.digest,
            "command": "openhire train scorer",
        }
        from openhire.ai.scoring.pseudo_interviews import pseudo_interview_report

        print("pseudo-interviews ...", file=sys.stderr)
        interviews: dict[str, list[dict[str, object]]] = {}
        for ds in sorted({r.dataset for r in rows}):
            idx = [j for j, r in enumerate(rows) if r.dataset == ds]
            if len({rows[i].question_id for i in idx}) < 8:
                continue  # too few questions for 8-answer interviews
            interviews[ds] = [
                a.as_dict()
                for a in pseudo_interview_report(
                    [rows[i] for i in idx], [feats[i] for i in idx], emb=embedder is not None
                )
            ]
        report["pseudo_interviews"] = interviews
        report_path = out.with_name(out.stem + ".validity.json")
        report_path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for ds, results in report["datasets"].items():  # type: ignore[attr-defined]
            print(ds)
            for r in results:
                print(
                    f"  {r['name'][:70]:70s} pearson {r['pearson']:.3f} spearman {r['spearman']:.3f} qwk {r['qwk']:.3f}"
                )
        for ds, found in interviews.items():
            for r in found:
                print(
                    f"{ds} {r['name']}: pearson {r['pearson']:.3f} vs word count {r['baseline_pearson']:.3f}"
                )
        print(f"wrote {report_path}", file=sys.stderr)
    print(f"done in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return 0
