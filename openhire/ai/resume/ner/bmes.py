"""Character-level BMES tag files and the conversion between tag sequences and entity spans.

A BMES file holds one ``<char> <tag>`` pair per line and a blank line between sentences. Tags are
``O`` or ``<prefix>-<TYPE>`` where the prefix is ``B`` (begin), ``M`` (middle), ``E`` (end) or ``S``
(single-character entity); ``I`` is read as ``M`` so BIO/BIOES files work too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ENTITY_TYPES: tuple[str, ...] = ("NAME", "CONT", "RACE", "TITLE", "EDU", "ORG", "PRO", "LOC")

_PREFIXES = frozenset("BMESI")


class BmesFormatError(ValueError):
    """A BMES file or tag sequence that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Span:
    """An entity as a half-open character range ``[start, end)`` with its type."""

    type: str
    start: int
    end: int


@dataclass(frozen=True)
class TaggedSentence:
    """One sentence of a BMES file: its characters and one tag per character."""

    chars: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.chars)


def split_tag(tag: str) -> tuple[str, str]:
    """``"B-ORG"`` → ``("B", "ORG")``, ``"O"`` → ``("O", "")``; ``I`` is read as ``M``.

    Raises :class:`BmesFormatError` for anything else.
    """
    if tag == "O":
        return "O", ""
    prefix, sep, etype = tag.partition("-")
    if not sep or prefix not in _PREFIXES or not etype:
        raise BmesFormatError(f"bad tag {tag!r}: expected O or B-/M-/E-/S-<TYPE>")
    return ("M" if prefix == "I" else prefix), etype


def tags_to_spans(tags: Sequence[str]) -> list[Span]:
    """Decode a tag sequence into entity spans.

    Decoding is lenient, in the way conlleval is, so that a malformed sequence still yields spans
    and gold and predicted tags are read by the same rule: an entity starts at ``B`` or ``S``, or at
    an ``M``/``E`` that does not continue an open entity of the same type; it ends after ``E`` or
    ``S``, or before any tag that does not continue it.
    """
    spans: list[Span] = []
    open_type = ""
    open_start = -1
    for i, tag in enumerate(tags):
        prefix, etype = split_tag(tag)
        continues = open_type != "" and prefix in ("M", "E") and etype == open_type
        if open_type and not continues:
            spans.append(Span(open_type, open_start, i))
            open_type = ""
        if prefix == "O":
            continue
        if not continues:
            open_type, open_start = etype, i
        if prefix in ("E", "S"):
            spans.append(Span(open_type, open_start, i + 1))
            open_type = ""
    if open_type:
        spans.append(Span(open_type, open_start, len(tags)))
    return spans


def spans_to_tags(length: int, spans: Iterable[Span]) -> list[str]:
    """Encode non-overlapping spans as a BMES tag sequence of ``length`` tags."""
    tags = ["O"] * length
    for span in spans:
        if not 0 <= span.start < span.end <= length:
            raise BmesFormatError(f"span {span} is outside a sentence of {length} characters")
        if any(tag != "O" for tag in tags[span.start : span.end]):
            raise BmesFormatError(f"span {span} overlaps another span")
        if span.end - span.start == 1:
            tags[span.start] = f"S-{span.type}"
            continue
        tags[span.start] = f"B-{span.type}"
        for i in range(span.start + 1, span.end - 1):
            tags[i] = f"M-{span.type}"
        tags[span.end - 1] = f"E-{span.type}"
    return tags


def parse_bmes(lines: Iterable[str], *, source: str = "<input>") -> Iterator[TaggedSentence]:
    """Read sentences from BMES lines; raises :class:`BmesFormatError` naming ``source`` and the line."""
    chars: list[str] = []
    tags: list[str] = []
    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            if chars:
                yield TaggedSentence(tuple(chars), tuple(tags))
                chars, tags = [], []
            continue
        parts = line.split()
        if len(parts) != 2:
            raise BmesFormatError(f"{source}:{lineno}: expected '<char> <tag>', got {line!r}")
        char, tag = parts
        if len(char) != 1:
            raise BmesFormatError(f"{source}:{lineno}: expected one character, got {char!r}")
        try:
            split_tag(tag)
        except BmesFormatError as exc:
            raise BmesFormatError(f"{source}:{lineno}: {exc}") from None
        chars.append(char)
        tags.append(tag)
    if chars:
        yield TaggedSentence(tuple(chars), tuple(tags))


def read_bmes(path: str | Path) -> list[TaggedSentence]:
    """All sentences of a UTF-8 BMES file; a missing or undecodable file raises :class:`BmesFormatError`."""
    file = Path(path)
    try:
        with file.open(encoding="utf-8") as handle:
            return list(parse_bmes(handle, source=str(file)))
    except FileNotFoundError:
        raise BmesFormatError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise BmesFormatError(f"{file}: is a directory, expected a .bmes file") from None
    except UnicodeDecodeError as exc:
        raise BmesFormatError(f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
