"""Per-character CRF features: character n-grams, character classes, dictionary matches and words.

The dictionary (:class:`Lexicon`) is mined from the training file by :func:`mine_lexicon` and
shipped inside the model's JSON beside the CRF weights; the general word dictionary (segmentation
and lexicon-match marks, :mod:`openhire.ai.resume.ner.words`) comes from the ``jieba`` package.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from openhire.ai.resume.ner.bmes import TaggedSentence, tags_to_spans
from openhire.ai.resume.ner.text import normalise_char, normalise_text
from openhire.ai.resume.ner.words import load_word_dictionary, word_marks

FEATURE_SET_VERSION = "5"

# Entity types whose frequent surface forms make a useful dictionary. Whole ORG names are left out
# on purpose: they are long, specific to the source documents and better learned from their suffix.
_WORD_TYPES = ("TITLE", "EDU", "PRO", "CONT", "RACE", "LOC", "ORG")

# Generic endings and words that hold for any resume, not only the training file's: they give the
# CRF a hint on organisations, titles, degrees and majors it has never seen.
GENERIC_SUFFIXES: Mapping[str, tuple[str, ...]] = {
    "ORG": (
        "公司",
        "银行",
        "大学",
        "学院",
        "集团",
        "研究所",
        "研究院",
        "委员会",
        "协会",
        "学会",
        "中心",
        "事务所",
        "医院",
        "学校",
        "中学",
        "政府",
        "管理局",
        "出版社",
        "报社",
        "电视台",
        "厂",
        "分行",
        "支行",
        "分公司",
        "总公司",
        "交易所",
        "基金会",
        "联合会",
        "商会",
        "党校",
        "部队",
    ),
    "TITLE": (
        "经理",
        "董事",
        "总监",
        "主任",
        "工程师",
        "会计师",
        "经济师",
        "董事长",
        "总经理",
        "总裁",
        "主席",
        "秘书",
        "书记",
        "委员",
        "助理",
        "顾问",
        "教授",
        "讲师",
        "研究员",
        "部长",
        "处长",
        "科长",
        "厂长",
        "院长",
        "所长",
        "局长",
        "行长",
        "校长",
        "组长",
        "监事",
        "理事",
        "律师",
        "代表",
        "主管",
        "负责人",
        "合伙人",
        "导师",
        "专家",
        "会长",
        "社长",
        "总编",
        "主编",
        "干部",
    ),
    "EDU": (
        "本科",
        "硕士",
        "博士",
        "大专",
        "专科",
        "研究生",
        "学士",
        "MBA",
        "EMBA",
        "博士后",
        "中专",
        "高中",
    ),
    "PRO": ("专业", "工程", "管理", "学", "经济", "会计", "金融", "法律"),
}
_PAD = "^"
_END = "$"


@dataclass(frozen=True)
class Lexicon:
    """Words per entity type, frequent ORG endings (``公司``, ``银行``, ``大学`` …) and beginnings,
    TITLE endings and beginnings (``副总``, ``独立`` …)."""

    words: Mapping[str, frozenset[str]] = field(default_factory=dict)
    org_suffixes: frozenset[str] = frozenset()
    title_suffixes: frozenset[str] = frozenset()
    org_prefixes: frozenset[str] = frozenset()
    title_prefixes: frozenset[str] = frozenset()
    # derived lookup tables, built once: word -> its types; lengths worth trying, longest first
    _types_of: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _lengths: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        types_of: dict[str, list[str]] = {}
        for etype in sorted(self.words):
            for word in self.words[etype]:
                types_of.setdefault(word, []).append(etype)
        object.__setattr__(self, "_types_of", {w: tuple(ts) for w, ts in types_of.items()})
        object.__setattr__(
            self, "_lengths", tuple(sorted({len(w) for w in types_of if len(w) >= 2}, reverse=True))
        )

    @property
    def empty(self) -> bool:
        return not self._types_of and not self.org_suffixes and not self.title_suffixes

    def to_json(self) -> dict[str, Any]:
        return {
            "words": {t: sorted(ws) for t, ws in sorted(self.words.items())},
            "org_suffixes": sorted(self.org_suffixes),
            "title_suffixes": sorted(self.title_suffixes),
            "org_prefixes": sorted(self.org_prefixes),
            "title_prefixes": sorted(self.title_prefixes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Lexicon:
        words = {str(t): frozenset(str(w) for w in ws) for t, ws in dict(data.get("words", {})).items()}
        return cls(
            words=words,
            org_suffixes=frozenset(str(s) for s in data.get("org_suffixes", [])),
            title_suffixes=frozenset(str(s) for s in data.get("title_suffixes", [])),
            org_prefixes=frozenset(str(s) for s in data.get("org_prefixes", [])),
            title_prefixes=frozenset(str(s) for s in data.get("title_prefixes", [])),
        )


def mine_lexicon(
    sentences: Iterable[TaggedSentence], *, min_count: int = 2, max_len: int = 10, suffix_min_count: int = 3
) -> Lexicon:
    """Frequent entity surface forms (per type), ORG and TITLE endings and beginnings."""
    word_counts: dict[str, Counter[str]] = {t: Counter() for t in _WORD_TYPES}
    suffix_counts: Counter[str] = Counter()
    title_counts: Counter[str] = Counter()
    prefix_counts: Counter[str] = Counter()
    title_prefix_counts: Counter[str] = Counter()
    for sentence in sentences:
        text = normalise_text(sentence.text)
        for span in tags_to_spans(sentence.tags):
            surface = text[span.start : span.end]
            if span.type in word_counts and 2 <= len(surface) <= max_len:
                word_counts[span.type][surface] += 1
            if span.type == "ORG":
                for n in (2, 3):
                    if len(surface) > n:
                        suffix_counts[surface[-n:]] += 1
                if len(surface) > 3:
                    prefix_counts[surface[:2]] += 1
            elif span.type == "TITLE":
                for n in (2, 3):
                    if len(surface) >= n:
                        title_counts[surface[-n:]] += 1
                if len(surface) > 2:
                    title_prefix_counts[surface[:2]] += 1
    words = {
        t: frozenset(w for w, c in counts.items() if c >= min_count) for t, counts in word_counts.items()
    }
    return Lexicon(
        words={t: ws for t, ws in words.items() if ws},
        org_suffixes=frozenset(s for s, c in suffix_counts.items() if c >= suffix_min_count),
        title_suffixes=frozenset(s for s, c in title_counts.items() if c >= suffix_min_count),
        org_prefixes=frozenset(s for s, c in prefix_counts.items() if c >= suffix_min_count),
        title_prefixes=frozenset(s for s, c in title_prefix_counts.items() if c >= suffix_min_count),
    )


@lru_cache(maxsize=65536)
def _char_class(char: str) -> str:
    if "0" <= char <= "9":
        return "d"
    if "a" <= char <= "z":
        return "a"
    if char in "零〇一二三四五六七八九十百千万亿两":
        return "n"
    if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
        return "h"
    category = unicodedata.category(char)
    if category.startswith("P"):
        return "p"
    if category.startswith("S"):
        return "y"
    return "o"


# per type: (length, endings of that length), longest first
_GENERIC: dict[str, tuple[tuple[int, frozenset[str]], ...]] = {
    etype: tuple(
        (length, frozenset(w for w in {normalise_text(w) for w in ws} if len(w) == length))
        for length in sorted({len(w) for w in ws}, reverse=True)
    )
    for etype, ws in GENERIC_SUFFIXES.items()
}


def _dictionary_marks(text: str, lexicon: Lexicon) -> list[list[str]]:
    """For each position, which dictionary words cover it and where (B/M/E), per type.

    Per type and start position only the longest word counts; besides, each position learns the
    type and position of the longest word of any type covering it, where known endings
    (``公司``, ``经理`` …), ORG beginnings (``上海``, ``中国`` …) and TITLE beginnings lie (the
    character before a TITLE beginning is marked too: an ORG often ends there), and where a
    character repeats one or two places on.
    """
    n = len(text)
    marks: list[list[str]] = [[] for _ in text]
    longest: list[tuple[int, str]] = [(0, "")] * n
    types_of = lexicon._types_of
    lengths = lexicon._lengths
    for start in range(n):
        seen: set[str] = set()
        for length in lengths:
            if start + length > n:
                continue
            types = types_of.get(text[start : start + length])
            if types is None:
                continue
            for etype in types:
                if etype in seen:
                    continue
                seen.add(etype)
                end = start + length
                marks[start].append(f"w{etype}B")
                marks[start].append(f"w{etype}L{min(length, 6)}")
                for i in range(start + 1, end - 1):
                    marks[i].append(f"w{etype}M")
                marks[end - 1].append(f"w{etype}E")
                for i in range(start, end):
                    if length > longest[i][0]:
                        pos = "B" if i == start else "E" if i == end - 1 else "M"
                        longest[i] = (length, f"lx={etype}{pos}")
    for i, (length, mark) in enumerate(longest):
        if length:
            marks[i].append(mark)
    for key, suffixes in (("o", lexicon.org_suffixes), ("t", lexicon.title_suffixes)):
        if not suffixes:
            continue
        for i in range(1, n):
            for length in (2, 3):
                if i + 1 >= length and text[i + 1 - length : i + 1] in suffixes:
                    marks[i].append(f"{key}E{length}")
                    for j in range(i + 1 - length, i):
                        marks[j].append(f"{key}M")
    prefixes = lexicon.org_prefixes
    if prefixes:
        for i in range(n - 1):
            if text[i : i + 2] in prefixes:
                marks[i].append("oB")
    tprefixes = lexicon.title_prefixes
    if tprefixes:
        for i in range(n - 1):
            if text[i : i + 2] in tprefixes:
                marks[i].append("tB")
                if i:
                    marks[i - 1].append("tBn")
    for etype, by_length in _GENERIC.items():
        end_mark, after_mark = f"g{etype}E", f"g{etype}A"
        for i in range(n):
            for length, words in by_length:
                if i + 1 >= length and text[i + 1 - length : i + 1] in words:
                    marks[i].append(end_mark)
                    if i + 1 < n:
                        marks[i + 1].append(after_mark)
                    break
    # a Chinese character repeated one or two places on (科技处处长, 计划科副科长, 学系系主任) often
    # marks where the annotation ends a department (in the ORG) and starts its head's TITLE
    for i in range(n):
        for d in (1, 2):
            if i + d < n and text[i] == text[i + d] and _char_class(text[i]) == "h":
                marks[i].append(f"r+{d}")
                marks[i + d].append(f"r-{d}")
    _segment_marks(text, marks)
    return marks


_DELIMITERS = frozenset('，、；。：,;:！？!?（）()“”"《》')


def _bucket(distance: int) -> str:
    return str(distance) if distance < 4 else "4" if distance < 6 else "6" if distance < 9 else "9"


def _segment_marks(text: str, marks: list[list[str]]) -> None:
    """Where a character lies in its clause (between delimiters) and how far the nearest ORG and
    TITLE endings of that clause are before and after it: context beyond the n-gram window."""
    n = len(text)
    org_end = [any(m.startswith(("oE", "gORGE")) for m in ms) for ms in marks]
    title_end = [any(m.startswith(("tE", "gTITLEE")) for m in ms) for ms in marks]
    start = 0
    while start < n:
        end = start
        while end < n and text[end] not in _DELIMITERS:
            end += 1
        # positions start..end-1 form one clause
        last_org = -1
        for i in range(start, end):
            feats = marks[i]
            feats.append("sp=" + _bucket(i - start))
            feats.append("se=" + _bucket(end - 1 - i))
            if last_org >= 0:
                feats.append("po=" + _bucket(i - last_org))
            if org_end[i]:
                last_org = i
        next_org = next_title = -1
        for i in range(end - 1, start - 1, -1):
            feats = marks[i]
            if next_title >= 0:
                feats.append("nt=" + _bucket(next_title - i))
            if next_org >= 0:
                feats.append("no=" + _bucket(next_org - i))
            if title_end[i]:
                next_title = i
            if org_end[i]:
                next_org = i
        start = end + 1


def sentence_features(text: str, lexicon: Lexicon) -> list[list[str]]:
    """One list of feature strings per character of ``text``."""
    chars = [normalise_char(c) for c in text]
    n = len(chars)
    if not n:
        return []
    # Built column by column (one template over all positions), then zipped: ~2x faster than a loop.
    padded = [_PAD, _PAD, _PAD, *chars, _END, _END, _END]
    m3, m2, m1, c0, p1, p2, p3 = (padded[k : k + n] for k in range(7))
    classes = [_char_class(c) for c in chars]
    padded_classes = ["^", "^", *classes, "$", "$"]
    tm2, tm1, tp1, tp2 = (padded_classes[k : k + n] for k in (0, 1, 3, 4))
    columns = [
        ["c-3=" + a for a in m3],
        ["c-2=" + a for a in m2],
        ["c-1=" + a for a in m1],
        ["c0=" + a for a in c0],
        ["c1=" + a for a in p1],
        ["c2=" + a for a in p2],
        ["c3=" + a for a in p3],
        ["c-3-2=" + a + b for a, b in zip(m3, m2, strict=True)],
        ["c-2-1=" + a + b for a, b in zip(m2, m1, strict=True)],
        ["c-10=" + a + b for a, b in zip(m1, c0, strict=True)],
        ["c01=" + a + b for a, b in zip(c0, p1, strict=True)],
        ["c12=" + a + b for a, b in zip(p1, p2, strict=True)],
        ["c23=" + a + b for a, b in zip(p2, p3, strict=True)],
        ["c-101=" + a + b + c for a, b, c in zip(m1, c0, p1, strict=True)],
        ["c-2-10=" + a + b + c for a, b, c in zip(m2, m1, c0, strict=True)],
        ["c012=" + a + b + c for a, b, c in zip(c0, p1, p2, strict=True)],
        ["c-3-2-1=" + a + b + c for a, b, c in zip(m3, m2, m1, strict=True)],
        ["c123=" + a + b + c for a, b, c in zip(p1, p2, p3, strict=True)],
        ["c-11=" + a + b for a, b in zip(m1, p1, strict=True)],
        ["t0=" + a for a in classes],
        ["t-101=" + a + b + c for a, b, c in zip(tm1, classes, tp1, strict=True)],
        ["t-2-1=" + a + b for a, b in zip(tm2, tm1, strict=True)],
        ["t12=" + a + b for a, b in zip(tp1, tp2, strict=True)],
    ]
    out = [["b", *row] for row in zip(*columns, strict=True)]
    normalised = "".join(chars)
    for feats, marks, words in zip(
        out,
        _dictionary_marks(normalised, lexicon),
        word_marks(normalised, load_word_dictionary()),
        strict=True,
    ):
        feats.extend(marks)
        feats.extend(words)
    return out


def batch_features(texts: Sequence[str], lexicon: Lexicon) -> list[list[list[str]]]:
    return [sentence_features(t, lexicon) for t in texts]
