"""Word-segmentation features from a general Chinese dictionary.

The dictionary is ``dict.txt`` of the ``jieba`` package (~350,000 words with frequencies), read
directly from the installed package: jieba's own tokenizer and its global state are not used.
:func:`word_marks` gives, per character, where it lies in the maximum-probability segmentation
of the text (the best path through the DAG of dictionary words, scored by word frequency, as jieba
segments without its HMM) and how long that word is.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import math
from dataclasses import dataclass, field
from functools import lru_cache

from openhire.ai.resume.ner.text import normalise_text

WORDS_PACKAGE = "jieba"
WORDS_FILE = "dict.txt"
WORDS_PIN = "jieba==0.42.1"
_MAX_WORD = 8  # longer entries are rare idioms and transliterations: not worth the lookups


class WordDictionaryError(Exception):
    """The general word dictionary (``jieba``'s ``dict.txt``) is missing or unreadable."""


@dataclass(frozen=True)
class WordDictionary:
    """Words and every prefix of a word: a word maps to its log-probability, a prefix to None."""

    sha256: str
    entries: dict[str, float | None] = field(repr=False)
    unknown_log_prob: float = 0.0


def parse_word_dictionary(data: bytes) -> WordDictionary:
    """Parse jieba's ``word freq [pos]`` lines; the first entry of a word after folding wins."""
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise WordDictionaryError(f"{WORDS_PACKAGE} {WORDS_FILE}: not UTF-8 ({exc})") from None
    freq: dict[str, int] = {}
    for line in lines:
        parts = line.split()
        if len(parts) < 2 or not parts[1].isdigit():
            continue
        word = normalise_text(parts[0])
        if len(word) <= _MAX_WORD and word not in freq:
            freq[word] = int(parts[1])
    if not freq:
        raise WordDictionaryError(f"{WORDS_PACKAGE} {WORDS_FILE}: no words")
    log_total = math.log(sum(freq.values()))
    entries: dict[str, float | None] = {}
    for word in freq:
        for k in range(1, len(word)):
            entries.setdefault(word[:k], None)
    for word, count in freq.items():
        entries[word] = math.log(count or 1) - log_total
    return WordDictionary(
        sha256=hashlib.sha256(data).hexdigest(), entries=entries, unknown_log_prob=-log_total
    )


@lru_cache(maxsize=1)
def load_word_dictionary() -> WordDictionary:
    """The dictionary of the installed ``jieba`` package; raises :class:`WordDictionaryError`."""
    try:
        data = importlib.resources.files(WORDS_PACKAGE).joinpath(WORDS_FILE).read_bytes()
    except (ModuleNotFoundError, OSError) as exc:
        raise WordDictionaryError(
            f"the resume entity tagger needs the word dictionary {WORDS_FILE} of the {WORDS_PACKAGE!r} "
            f"package ({exc}); install it with `pip install {WORDS_PIN}`"
        ) from None
    return parse_word_dictionary(data)


def segment(text: str, dictionary: WordDictionary) -> list[tuple[int, int]]:
    """Maximum-probability segmentation of ``text`` as (start, end) spans, one word per span.

    A character outside the dictionary stands alone, as likely as a word seen once.
    """
    n = len(text)
    entries = dictionary.entries
    unknown = dictionary.unknown_log_prob
    score = [0.0] * (n + 1)  # score[i]: best log-probability of text[i:]
    word_end = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        single = entries.get(text[i])
        best, best_end = (unknown if single is None else single) + score[i + 1], i + 1
        j = i + 2
        while j <= n:
            piece = text[i:j]
            if piece not in entries:
                break
            log_prob = entries[piece]
            if log_prob is not None and log_prob + score[j] > best:
                best, best_end = log_prob + score[j], j
            j += 1
        score[i], word_end[i] = best, best_end
    spans: list[tuple[int, int]] = []
    i = 0
    while i < n:
        spans.append((i, word_end[i]))
        i = word_end[i]
    return spans


_SIZES = ("0", "1", "2", "3", "4")


def word_marks(text: str, dictionary: WordDictionary) -> list[list[str]]:
    """Per character of (normalised) ``text``: its place (B/M/E/S) in its segmented word and the
    word's length (``ws=B3``: first character of a three-character word; lengths of 5+ as 5)."""
    marks: list[list[str]] = []
    for start, end in segment(text, dictionary):
        length = end - start
        if length == 1:
            marks.append(["ws=S1"])
            continue
        size = _SIZES[length] if length < 5 else "5"
        marks.append([f"ws=B{size}"])
        marks.extend([f"ws=M{size}"] for _ in range(length - 2))
        marks.append([f"ws=E{size}"])
    return marks
