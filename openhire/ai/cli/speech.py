"""``openhire transcribe FILE [--json]``: speech to text with timestamps.

Exit codes: 0 transcribed (possibly with no speech heard), 2 the file cannot be used (message on
stderr), 3 no speech engine is available (the JSON says so with ``"status": "no_engine"``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(root: Any, groups: dict[str, Any]) -> None:
    parser = root.add_parser(
        "transcribe",
        help="transcribe an audio or video file (webm, mp4, ogg, wav, mp3)",
        description="Transcribe speech with timestamps. Runs offline with the packaged Whisper base.",
    )
    parser.add_argument("file", metavar="FILE", help="audio or video file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--language",
        choices=["zh", "en"],
        default=None,
        help="skip language detection (default: detect zh/en)",
    )
    parser.add_argument("--words", action="store_true", help="include word timings in the JSON")
    parser.set_defaults(func=run_transcribe)


def run_transcribe(args: argparse.Namespace) -> int:
    from openhire.ai.media import MediaError, probe_media
    from openhire.ai.speech import transcribe_file

    try:
        probe_media(args.file, check_silence=False)
        transcript = transcribe_file(args.file, language=args.language)
    except MediaError as exc:
        print(f"openhire transcribe: {args.file}: {exc.message} ({exc.code})", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(transcript.to_dict(words=args.words), ensure_ascii=False))
    else:
        if transcript.status == "no_engine":
            print(f"no transcript: {transcript.note}", file=sys.stderr)
        for seg in transcript.segments:
            print(f"[{seg.start:7.2f} → {seg.end:7.2f}] {seg.text}")
        print(
            f"-- {transcript.language or '?'}, {transcript.duration_s:.1f} s, "
            f"RTF {transcript.rtf:.2f}, {transcript.engine}",
            file=sys.stderr,
        )
    return 3 if transcript.status == "no_engine" else 0
