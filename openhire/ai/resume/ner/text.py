"""The tagger's per-character text folding, shared by its features and the word dictionary.

Folding keeps one character per character, so offsets in the folded text are offsets in the input.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def normalise_char(char: str) -> str:
    """Fold full-width forms to ASCII, lower-case letters and keep one character per character."""
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) != 1:
        folded = char
    folded = folded.lower()
    if len(folded) != 1:
        folded = char
    if folded.isspace():
        return "，"  # white space separates like a comma in the training text, which has none
    if not folded.isprintable() or "\ud800" <= folded <= "\udfff":
        return "?"  # control characters and lone surrogates cannot travel through crfsuite's strings
    return folded


def normalise_text(text: str) -> str:
    return "".join(map(normalise_char, text))
