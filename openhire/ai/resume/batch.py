"""Many resumes at once: files, folders and bulk zips → profiles, one bad file never stops the batch."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from openhire.ai.resume.bulkzip import extract_zip
from openhire.ai.resume.contracts import EntityTagger, ResumeProfile
from openhire.ai.resume.errors import ResumeError
from openhire.ai.resume.extract import MAX_BYTES, detect_type, extract_text
from openhire.ai.resume.parse import parse_resume


@dataclass(frozen=True)
class ParsedResume:
    """One input file's outcome: a profile, or the error that stopped it."""

    source: str
    profile: ResumeProfile | None = None
    error: ResumeError | None = None
    media_type: str = ""


def parse_file(
    data: bytes,
    filename: str,
    *,
    tagger: EntityTagger | bool | None = None,
    as_of: str | None = None,
    language: str | None = None,
) -> ResumeProfile:
    """Extract and parse one file; raises :class:`ResumeError` when the file cannot be read."""
    extracted = extract_text(data, filename)
    profile = parse_resume(extracted.text, tagger=tagger, as_of=as_of, language=language)
    return dataclasses.replace(profile, engines=(extracted.engine, *profile.engines))


def iter_sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, bytes | ResumeError]]:
    """``(name, bytes)`` for every file under ``paths`` (folders recursively, zips expanded), or
    ``(name, ResumeError)`` for one that cannot be read. Files are visited in sorted order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                yield from _file(child)
        elif path.exists():
            yield from _file(path)
        else:
            yield str(path), ResumeError("empty", f"{path}: no such file or folder")


def _file(path: Path) -> Iterator[tuple[str, bytes | ResumeError]]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max(MAX_BYTES, 200 * 1024 * 1024) and path.suffix.lower() != ".zip":
            yield name, ResumeError("too_large", f"{name}: {size // 1024 // 1024} MB is over the limit")
            return
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1) if path.suffix.lower() != ".zip" else handle.read()
    except OSError as exc:
        yield name, ResumeError("corrupt", f"{name}: cannot read ({exc.strerror or exc})")
        return
    if detect_type(data[:65536]) == "zip" or (data[:4] == b"PK\x03\x04" and detect_type(data) == "zip"):
        try:
            for inner, content in extract_zip(data):
                yield f"{name}!{inner}", content
        except ResumeError as exc:
            yield name, exc
        return
    if len(data) > MAX_BYTES:
        yield name, ResumeError("too_large", f"{name}: over the {MAX_BYTES // 1024 // 1024} MB limit")
        return
    yield name, data


def _parse_one(
    item: tuple[str, bytes | ResumeError, bool | None, str | None, str | None],
) -> ParsedResume:
    name, content, tagger, as_of, language = item
    if isinstance(content, ResumeError):
        return ParsedResume(name, error=content)
    try:
        profile = parse_file(content, name, tagger=tagger, as_of=as_of, language=language)
    except ResumeError as exc:
        return ParsedResume(name, error=exc)
    return ParsedResume(name, profile=profile, media_type=profile.engines[0].name if profile.engines else "")


def parse_sources(
    paths: Iterable[str | os.PathLike[str]],
    *,
    tagger: bool | None = None,
    as_of: str | None = None,
    language: str | None = None,
    workers: int = 1,
) -> Iterator[ParsedResume]:
    """Parse every resume under ``paths`` in order; ``workers`` > 1 parses in that many processes.

    ``tagger``: None uses the packaged Chinese tagger when installed, False never (a tagger object
    cannot cross process boundaries; call :func:`parse_file` yourself to pass one).
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    items = ((name, content, tagger, as_of, language) for name, content in iter_sources(paths))
    if workers == 1:
        yield from map(_parse_one, items)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_parse_one, items, chunksize=4)
