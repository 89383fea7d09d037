"""Duplicate detection for questions: normalised character-bigram Jaccard similarity (zh and en)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

DUPLICATE_THRESHOLD = 0.8

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, punctuation and spaces removed."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return _NOT_WORD.sub("", text)


def bigrams(text: str) -> frozenset[str]:
    norm = normalise(text)
    if len(norm) < 2:
        return frozenset({norm}) if norm else frozenset()
    return frozenset(norm[i : i + 2] for i in range(len(norm) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(a: str, b: str) -> float:
    return jaccard(bigrams(a), bigrams(b))


@dataclass(frozen=True)
class TextPair:
    """The Chinese and English text of a question, with precomputed bigrams."""

    ident: str
    zh: frozenset[str]
    en: frozenset[str]

    @classmethod
    def of(cls, ident: str, text_zh: str, text_en: str) -> TextPair:
        return cls(ident, bigrams(text_zh), bigrams(text_en))

    def score(self, other: TextPair) -> float:
        """The higher of the Chinese and English similarities (a duplicate in either language counts)."""
        return max(jaccard(self.zh, other.zh), jaccard(self.en, other.en))


@dataclass(frozen=True)
class Duplicate:
    ident: str
    similarity: float


def find_duplicates(
    probe: TextPair, pool: Iterable[TextPair], *, threshold: float = DUPLICATE_THRESHOLD
) -> list[Duplicate]:
    found = [Duplicate(p.ident, round(probe.score(p), 3)) for p in pool if p.ident != probe.ident]
    return sorted((d for d in found if d.similarity >= threshold), key=lambda d: -d.similarity)
