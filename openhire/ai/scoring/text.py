"""Text normalisation, sentence splitting and tokens for Chinese and English answers.

Normalisation is NFKC (full-width → half-width), Traditional → Simplified Chinese (zhconv) and
lower case, so that rules and features do not depend on the script or the input method.
Chinese is tokenised into characters and character bigrams (no word segmenter needed); English into
lower-case words with a light suffix stemmer and a stop-word list.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import zhconv

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
_LATIN_WORD_RE = re.compile(r"[a-z][a-z0-9']*|[0-9]+(?:\.[0-9]+)?")
_TOKEN_RE = re.compile(f"[{_CJK}]+|[a-z0-9][a-z0-9'.]*")
_SENTENCE_END_RE = re.compile(r"(?<=[。！？!?；;])|(?<=\.)\s+|\n+")

EN_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "then",
        "so",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "she",
        "they",
        "them",
        "their",
        "his",
        "her",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "not",
        "no",
        "yes",
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "must",
        "shall",
        "into",
        "onto",
        "about",
        "over",
        "under",
        "than",
        "too",
        "very",
        "just",
        "also",
        "only",
        "such",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "own",
        "same",
        "s",
        "t",
        "don",
        "doesn",
        "didn",
        "isn",
        "aren",
        "wasn",
        "up",
        "down",
        "out",
        "off",
        "again",
        "further",
        "once",
        "because",
        "while",
        "during",
        "before",
        "after",
        "above",
        "below",
        "between",
    ]
)
ZH_STOP_CHARS = frozenset("的了是在和与及或而也就都把被着过吗呢吧啊嗯这那个之其为以于等对")


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """NFKC, Traditional → Simplified, lower case, collapsed whitespace."""
    t = unicodedata.normalize("NFKC", text)
    if _CJK_RE.search(t):
        t = zhconv.convert(t, "zh-cn")
    t = t.lower()
    return re.sub(r"\s+", " ", t).strip()


def detect_language(text: str) -> str:
    """``"zh"`` when at least a fifth of the letters are CJK characters, else ``"en"``."""
    cjk = len(_CJK_RE.findall(text))
    latin = sum(len(w) for w in re.findall(r"[A-Za-z]+", text))
    if cjk == 0 and latin == 0:
        return "en"
    return "zh" if cjk >= 0.2 * (cjk + latin) or cjk * 3 >= latin else "en"


def split_sentences(text: str) -> list[str]:
    """Split on Chinese/English sentence ends and line breaks; empty pieces are dropped."""
    pieces = _SENTENCE_END_RE.split(text)
    return [p.strip() for p in pieces if p and p.strip()]


def split_points(text: str) -> list[str]:
    """Split a reference answer into points: sentences, then clauses on ；; and enumerations."""
    points: list[str] = []
    for sentence in split_sentences(text):
        for part in re.split(r"[；;]|(?:^|\s)(?:\d+[.)、]|[一二三四五六七八九十]+、)", sentence):
            part = part.strip(" ，,。.:：")
            if len(part) >= 2:
                points.append(part)
    return points


def _stem(word: str) -> str:
    for suffix in ("ingly", "edly", "ing", "ies", "ied", "es", "ed", "ly", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return word


@lru_cache(maxsize=8192)
def _tokens_cached(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for chunk in _TOKEN_RE.findall(normalize(text)):
        if _CJK_RE.match(chunk):
            chars = [c for c in chunk if c not in ZH_STOP_CHARS]
            out.extend(chars)
            out.extend(a + b for a, b in itertools.pairwise(chunk))
        else:
            w = chunk.strip("'.")
            if w and w not in EN_STOPWORDS:
                out.append(_stem(w))
    return tuple(out)


def content_tokens(text: str) -> tuple[str, ...]:
    """Content tokens: English stems without stop words; Chinese characters plus bigrams."""
    return _tokens_cached(text)


def length_units(text: str) -> int:
    """Answer length in words: CJK characters count one each, Latin words one each."""
    norm = normalize(text)
    return len(_CJK_RE.findall(norm)) + len(_LATIN_WORD_RE.findall(_CJK_RE.sub(" ", norm)))


def overlap_recall(reference: Iterable[str], answer: Iterable[str]) -> float:
    """Share of the distinct reference tokens that occur in the answer (0 when no reference tokens)."""
    ref = set(reference)
    if not ref:
        return 0.0
    return len(ref & set(answer)) / len(ref)


def overlap_f1(reference: Iterable[str], answer: Iterable[str]) -> float:
    """Token F1 between two token collections (sets)."""
    ref, ans = set(reference), set(answer)
    if not ref or not ans:
        return 0.0
    inter = len(ref & ans)
    if inter == 0:
        return 0.0
    p, r = inter / len(ans), inter / len(ref)
    return 2 * p * r / (p + r)
