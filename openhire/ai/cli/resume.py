"""``openhire resume parse FILE... [--json]``: one JSON object per line per file."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from openhire.ai.resume.batch import ParsedResume, parse_sources


def register(root: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:  # type: ignore[type-arg]
    parser = groups["resume"].add_parser(
        "parse",
        help="parse resume files (PDF, DOCX, DOC, TXT, HTML; folders and zips too) into structured profiles",
    )
    parser.add_argument("paths", nargs="+", metavar="FILE", help="resume files, folders or bulk zips")
    parser.add_argument("--json", action="store_true", help="one JSON object per line per file")
    parser.add_argument("--as-of", metavar="YYYY-MM", help="what 至今 / present means (default: this month)")
    parser.add_argument("--language", choices=("zh", "en"), help="skip language detection")
    parser.add_argument("--no-tagger", action="store_true", help="rules only; do not load the Chinese tagger")
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N", help="parse in N processes (default 1)"
    )
    parser.set_defaults(func=run_parse)


def parsed_to_dict(item: ParsedResume) -> dict[str, Any]:
    if item.profile is None:
        error = item.error
        return {
            "file": item.source,
            "name": "",
            "email": "",
            "phone": "",
            "education": [],
            "experience": [],
            "skills": [],
            "certificates": [],
            "total_years": 0.0,
            "flags": [],
            "errors": [error.message if error else "unreadable"],
            "error_code": error.code if error else "corrupt",
        }
    return {"file": item.source, **item.profile.to_dict()}


def run_parse(args: argparse.Namespace) -> int:
    failures = 0
    try:
        items = parse_sources(
            args.paths,
            tagger=False if args.no_tagger else None,
            as_of=args.as_of,
            language=args.language,
            workers=args.workers,
        )
        for item in items:
            if item.error is not None:
                failures += 1
            data = parsed_to_dict(item)
            if args.json:
                sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
            else:
                _print_human(data)
            sys.stdout.flush()
    except ValueError as exc:  # a bad --as-of
        print(f"openhire resume parse: {exc}", file=sys.stderr)
        return 2
    return 1 if failures else 0


def _print_human(data: dict[str, Any]) -> None:
    print(f"== {data['file']}")
    if data.get("error_code"):
        print(f"   error [{data['error_code']}]: {data['errors'][0]}")
        return
    print(f"   {data['name'] or '?'}  {data['phone']}  {data['email']}  {data.get('location', '')}")
    for edu in data["education"]:
        print(
            f"   edu  {edu['start'] or ''}–{edu['end'] or ''}  {edu['school']}  {edu['degree_text']}  {edu['major']}"
        )
    for job in data["experience"]:
        end = "present" if job["current"] else job["end"] or ""
        print(f"   work {job['start'] or ''}–{end}  {job['company']}  {job['title']}")
    print(f"   years {data['total_years']}  skills: {', '.join(data['skills'])}")
    if data["certificates"]:
        print(f"   certificates: {', '.join(data['certificates'])}")
    for flag in data["flags"]:
        print(f"   flag {flag['code']}: {flag['message']}")
    for error in data["errors"]:
        print(f"   note: {error}")
