"""Filler words in Chinese and English transcripts.

Hesitations (嗯, 呃, um, uh) always count. Discourse markers that are also ordinary words count
only where they act as fillers: "like" and "I mean" set off by a comma, "you know" closing a
clause, 就是 not part of 也就是/就是说… . The lists are deliberately short and auditable.
"""

from __future__ import annotations

import re
from collections import Counter

ZH_FILLERS: dict[str, re.Pattern[str]] = {
    "嗯": re.compile(r"嗯+"),
    "呃": re.compile(r"[呃额]+"),
    "那个": re.compile(r"那个(?=[，,、。\s]|那个)"),
    "就是": re.compile(r"(?<!也)(?<!那)就是(?=[，,、。\s]|就是)"),
    "然后": re.compile(r"然后(?=[，,、。\s]|呢|然后)"),
    "这个": re.compile(r"这个(?=[，,、。\s]|这个)"),
}
EN_FILLERS: dict[str, re.Pattern[str]] = {
    "um": re.compile(r"\b(?:um+|umm+|erm)\b", re.IGNORECASE),
    "uh": re.compile(r"\b(?:uh+|er|ah)\b(?!-)", re.IGNORECASE),
    "hmm": re.compile(r"\b(?:hm+|mm+)\b", re.IGNORECASE),
    "like": re.compile(r"(?:(?<=,)\s*|^|(?<=\.)\s*)like\s*,|,\s*like\b", re.IGNORECASE),
    "you know": re.compile(r"\byou know\b(?=\s*[,.?!]|$)", re.IGNORECASE),
    "i mean": re.compile(r"\bi mean\b(?=\s*,)", re.IGNORECASE),
}


def count_fillers(text: str, language: str | None) -> Counter[str]:
    """Filler counts in ``text``; ``language`` None checks both lists."""
    counts: Counter[str] = Counter()
    tables = {"zh": [ZH_FILLERS], "en": [EN_FILLERS]}.get(language or "", [ZH_FILLERS, EN_FILLERS])
    for table in tables:
        for name, pattern in table.items():
            found = len(pattern.findall(text))
            if found:
                counts[name] += found
    return counts
