"""``openhire screen --job JOB.yaml PATH... [--json]``: resumes ranked against a job, best first."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from openhire.ai.matching import JobSpecError, Screener, load_default_embedder, load_job_spec
from openhire.ai.resume.batch import parse_sources


def register(root: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:  # type: ignore[type-arg]
    parser = root.add_parser("screen", help="rank resumes against a job with reasons")
    parser.add_argument(
        "--job", required=True, metavar="JOB.yaml", help="job file (title and description required)"
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="resume files, folders or bulk zips")
    parser.add_argument("--json", action="store_true", help="print a JSON array, best first")
    parser.add_argument("--as-of", metavar="YYYY-MM", help="what 至今 / present means (default: this month)")
    parser.add_argument("--no-tagger", action="store_true", help="rules only; do not load the Chinese tagger")
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N", help="parse in N processes (default 1)"
    )
    parser.add_argument(
        "--semantic",
        choices=("auto", "on", "off"),
        default="auto",
        help="sentence-embedding similarity: auto uses it when installed (default), on requires it",
    )
    parser.set_defaults(func=run_screen)


def run_screen(args: argparse.Namespace) -> int:
    try:
        job = load_job_spec(args.job)
    except JobSpecError as exc:
        print(f"openhire screen: {exc}", file=sys.stderr)
        return 2
    embedder = None
    if args.semantic != "off":
        embedder = load_default_embedder()
        if embedder is None and args.semantic == "on":
            print("openhire screen: --semantic on, but no embedding engine is installed", file=sys.stderr)
            return 2
    try:
        screener = Screener(job, embedder=embedder)
        rows: list[dict[str, Any]] = []
        for item in parse_sources(
            args.paths, tagger=False if args.no_tagger else None, as_of=args.as_of, workers=args.workers
        ):
            if item.profile is None:
                rows.append(
                    {
                        "file": item.source,
                        "score": None,
                        "passed_hard_requirements": False,
                        "matched": [],
                        "missing": [],
                        "error_code": item.error.code if item.error else "corrupt",
                        "errors": [item.error.message if item.error else "unreadable"],
                    }
                )
                continue
            result = screener.match(item.profile)
            rows.append(
                {
                    "file": item.source,
                    "score": result.score,
                    "passed_hard_requirements": result.passed_hard_requirements,
                    "matched": list(result.matched),
                    "missing": list(result.missing),
                    "hard_results": [
                        {
                            "requirement": r.requirement,
                            "requirement_zh": r.requirement_zh or r.requirement,
                            "status": r.status,
                            "reason_zh": r.reason_zh,
                            "reason_en": r.reason_en,
                        }
                        for r in result.hard_results
                    ],
                    "evidence": [{"requirement": e.requirement, "line": e.line} for e in result.evidence],
                    "components": dict(result.components),
                    "name": item.profile.name,
                    "total_years": item.profile.total_years,
                    "flags": [f.code for f in item.profile.flags],
                    "errors": list(item.profile.errors),
                    "config_hash": result.config_hash,
                }
            )
    except (JobSpecError, ValueError) as exc:
        print(f"openhire screen: {exc}", file=sys.stderr)
        return 2
    rows.sort(key=_rank_key)
    if args.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        for position, row in enumerate(rows, 1):
            if row["score"] is None:
                print(f"{position:>3}.   —    {row['file']}  [{row['error_code']}] {row['errors'][0]}")
                continue
            mark = "✓" if row["passed_hard_requirements"] else "✗"
            print(f"{position:>3}. {row['score']:5.1f} {mark} {row['file']}  {row['name']}")
            if row["missing"]:
                print(f"          missing: {', '.join(row['missing'])}")
    return 0


def _rank_key(row: dict[str, Any]) -> tuple[int, int, float, str]:
    """Readable files first; among them, those passing hard requirements; then score, then name."""
    unreadable = row["score"] is None
    return (int(unreadable), int(not row["passed_hard_requirements"]), -(row["score"] or 0.0), row["file"])
