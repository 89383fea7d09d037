"""``openhire resume entities``, ``openhire eval resume-ner`` and ``openhire train resume-ner``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import IO

from openhire.ai.resume.ner.bmes import BmesFormatError, Span, TaggedSentence, read_bmes, tags_to_spans
from openhire.ai.resume.ner.metrics import format_table, score_spans
from openhire.ai.resume.ner.tagger import Entity, NerModelError, load_tagger

_Subparsers = argparse._SubParsersAction  # type: ignore[type-arg]


def register(root: _Subparsers, groups: dict[str, _Subparsers]) -> None:
    entities = groups["resume"].add_parser(
        "entities",
        help="tag entities in Chinese resume text: one sentence per stdin line, one JSON object per line out",
        description="Reads UTF-8 text from stdin, one sentence per line, and writes one JSON object per line: "
        '{"text": ..., "entities": [{"type", "start", "end", "text"}]} (character offsets, end exclusive).',
    )
    entities.add_argument("--model", help="model directory (default: the model shipped with openhire)")
    entities.set_defaults(func=run_entities)

    evaluate = groups["eval"].add_parser(
        "resume-ner",
        help="entity-level precision, recall and F1 of the resume entity tagger on a .char.bmes file",
    )
    evaluate.add_argument("file", help="labelled file: '<char> <tag>' per line, blank line between sentences")
    evaluate.add_argument("--model", help="model directory (default: the model shipped with openhire)")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    evaluate.set_defaults(func=run_eval)

    train = groups["train"].add_parser(
        "resume-ner",
        help="train the resume entity tagger (CRF) from .char.bmes files",
        description="Deterministic: the same files and options give the same model bytes.",
    )
    train.add_argument(
        "--train", action="append", required=True, metavar="FILE", help="training file (repeat to add more)"
    )
    train.add_argument("--dev", metavar="FILE", help="file to score the new model on (never trained on)")
    train.add_argument("--out", required=True, metavar="DIR", help="directory to write the model into")
    train.add_argument("--c1", type=float, help="L1 penalty")
    train.add_argument("--c2", type=float, help="L2 penalty")
    train.add_argument("--max-iterations", type=int, help="L-BFGS iterations")
    train.set_defaults(func=run_train)


def _fail(message: str) -> int:
    print(f"openhire: error: {message}", file=sys.stderr)
    return 2


def run_entities(args: argparse.Namespace) -> int:
    try:
        tagger = load_tagger(args.model)
    except NerModelError as exc:
        return _fail(str(exc))
    return tag_stream(tagger_tag=tagger.tag, source=sys.stdin.buffer, sink=sys.stdout.buffer)


def tag_stream(*, tagger_tag: Callable[[str], list[Entity]], source: IO[bytes], sink: IO[bytes]) -> int:
    """One JSON line out per input line; bytes that are not UTF-8 become U+FFFD, with a warning."""
    for lineno, raw in enumerate(source, start=1):
        line = raw[:-1] if raw.endswith(b"\n") else raw
        line = line[:-1] if line.endswith(b"\r") else line
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text = line.decode("utf-8", errors="replace")
            print(
                f"openhire: warning: line {lineno} is not valid UTF-8; bad bytes read as U+FFFD",
                file=sys.stderr,
            )
        record = {"text": text, "entities": [entity.to_dict() for entity in tagger_tag(text)]}
        sink.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    sink.flush()
    return 0


def run_eval(args: argparse.Namespace) -> int:
    try:
        sentences = read_bmes(args.file)
        tagger = load_tagger(args.model)
    except (BmesFormatError, NerModelError) as exc:
        return _fail(str(exc))
    if not sentences:
        return _fail(f"{args.file}: no sentences")
    started = time.perf_counter()
    predicted = [
        [Span(e.type, e.start, e.end) for e in entities] for entities in tagger.tag_many(_texts(sentences))
    ]
    seconds = time.perf_counter() - started
    gold = [tags_to_spans(sentence.tags) for sentence in sentences]
    scores = score_spans(gold, predicted)
    if args.json:
        report = {
            "file": args.file,
            "tagger": {"name": tagger.name, "version": tagger.version, "config_hash": tagger.config_hash},
            **scores.to_dict(),
            "seconds": round(seconds, 3),
        }
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(format_table(scores))
        print(
            f"tagger {tagger.name} {tagger.version} ({tagger.config_hash}): {len(sentences) / seconds:,.0f} sentences/s"
        )
    return 0


def _texts(sentences: list[TaggedSentence]) -> list[str]:
    return [sentence.text for sentence in sentences]


def run_train(args: argparse.Namespace) -> int:
    # Imported here: training pulls in the trainer, which tagging never needs.
    from dataclasses import replace

    from openhire.ai.resume.ner.training import TrainConfig, train_model

    try:
        train = [sentence for path in args.train for sentence in read_bmes(path)]
        dev = read_bmes(args.dev) if args.dev else None
    except BmesFormatError as exc:
        return _fail(str(exc))
    if not train:
        return _fail("the training files hold no sentences")
    overrides = {
        k: v
        for k, v in (("c1", args.c1), ("c2", args.c2), ("max_iterations", args.max_iterations))
        if v is not None
    }
    config = replace(TrainConfig(), **overrides)
    started = time.perf_counter()
    report = train_model(train, out_dir=args.out, config=config, dev=dev)
    print(
        f"trained on {report.train_sentences} sentences in {time.perf_counter() - started:.0f} s: "
        f"{report.features} features, model in {report.model_dir}"
    )
    if report.dev_scores is not None:
        print(format_table(report.dev_scores))
    return 0
