"""The zh/en skill, certificate, language, degree and location dictionary (``skills.yaml``).

Finds every dictionary term in a text in one left-to-right pass (longest match wins, matches do not
overlap), so ``Python`` / ``python3`` and ``银行从业资格`` / ``银行业专业人员职业资格`` land on the
same canonical name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import yaml

CATEGORIES = ("skill", "certificate", "language", "degree", "location")
DEGREE_LEVELS = ("high_school", "associate", "bachelor", "master", "phd")
DEGREE_NAMES = {
    "high_school": ("高中/中专", "high school"),
    "associate": ("大专", "associate degree"),
    "bachelor": ("本科", "bachelor's degree"),
    "master": ("硕士", "master's degree"),
    "phd": ("博士", "doctorate"),
}


@dataclass(frozen=True)
class Term:
    canonical: str
    category: str  # one of CATEGORIES
    group: str  # "finance", "software", ... for skills; the category otherwise


class Mention(NamedTuple):  # a tuple: cheap to build, thousands per resume batch
    term: Term
    start: int
    end: int


def normalize(text: str) -> str:
    """NFKC + lower case, length-preserving for the text the parser works on."""
    text = unicodedata.normalize("NFKC", text)
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def normalize_lines(text: str) -> list[str]:
    """``[normalize(line) for line in text.split("\n")]``, in one pass over the text when it can be.

    NFKC never composes across a newline and lower-casing is per character (final sigma looks no
    further than the line), so when the whole text lower-cases without changing length, the
    normalised text split at newlines is the per-line result; otherwise go line by line.
    """
    nfkc = unicodedata.normalize("NFKC", text)
    lowered = nfkc.lower()
    if len(lowered) == len(nfkc):
        return lowered.split("\n")
    return [normalize(line) for line in text.split("\n")]


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


# a Chinese name: Han characters only, no Latin letters (go语言 is Go's nickname, not its name)
_ZH_NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+\Z")


def _named_as_is(canonical: str, group: str) -> bool:
    """Chinese resumes write acronyms and software by their own names (CFA, SQL, Python, Excel;
    not 特许金融分析师, 结构化查询语言): one ASCII word that is an acronym or a software name."""
    if not canonical.isascii() or " " in canonical:
        return False
    return group == "software" or canonical.isupper()


def _is_word_char(ch: str) -> bool:
    return ch in _WORD_CHARS


class SkillDictionary:
    """Term lookup over ``skills.yaml``; build with :func:`load_dictionary`."""

    def __init__(self, data: dict[str, object], source_bytes: bytes) -> None:
        self.version = str(data.get("version", "0"))
        self.content_hash = hashlib.sha256(source_bytes).hexdigest()[:16]
        self.terms: dict[str, Term] = {}  # normalised surface form → term
        self.implies: dict[str, tuple[str, ...]] = {}
        self.canonical_terms: dict[str, Term] = {}
        self._zh_names: dict[str, str] = {}  # canonical → its first Chinese name, for display
        skills = data.get("skills") or {}
        if not isinstance(skills, dict):
            raise ValueError("skills.yaml: 'skills' must map group → entries")
        for group, entries in skills.items():
            self._add_entries(entries, "skill", str(group))
        self._add_entries(data.get("certificates") or [], "certificate", "certificate")
        self._add_entries(data.get("languages") or [], "language", "language")
        self._add_entries(data.get("locations") or [], "location", "location")
        degrees = data.get("degrees") or {}
        if not isinstance(degrees, dict):
            raise ValueError("skills.yaml: 'degrees' must map level → names")
        for level, names in degrees.items():
            if level not in DEGREE_LEVELS:
                raise ValueError(f"skills.yaml: unknown degree level {level!r}")
            self._add_entries([[level, *names]], "degree", "degree")
        implies = data.get("implies") or {}
        if not isinstance(implies, dict):
            raise ValueError("skills.yaml: 'implies' must map a certificate to languages")
        for name, targets in implies.items():
            self.implies[str(name)] = tuple(str(t) for t in targets)
        ascii_start = [t for t in self.terms if _is_word_char(t[0])]
        other = [t for t in self.terms if not _is_word_char(t[0])]
        # Compiled trie regexes: C-speed scanning, longest match first at each position. Word
        # boundaries for ASCII terms are checked afterwards (cheaper than look-arounds in the scan).
        self._ascii_pattern = re.compile(_trie_regex(ascii_start))
        # Chinese has no word boundaries: overlapping terms matter ("对公客户关系管理" holds both
        # 对公客户 and 客户关系管理); the 2-character prefix index finds those that overlap a match.
        self._other_prefixes: dict[str, list[str]] = {}
        for surface in other:
            self._other_prefixes.setdefault(surface[:2], []).append(surface)
        for surfaces in self._other_prefixes.values():
            surfaces.sort(key=len, reverse=True)
        # Offsets inside each surface where another term could start (its first two characters are
        # some term's prefix): the only places :meth:`find` needs to look for an overlapping term.
        self._inner_starts: dict[str, tuple[int, ...]] = {
            surface: tuple(
                i for i in range(1, len(surface) - 1) if surface[i : i + 2] in self._other_prefixes
            )
            for surface in other
        }
        self._other_pattern = re.compile(_trie_regex(other))

    def _add_entries(self, entries: object, category: str, group: str) -> None:
        if not isinstance(entries, list):
            raise ValueError(f"skills.yaml: {group} entries must be a list")
        for entry in entries:
            if not isinstance(entry, list) or not entry:
                raise ValueError(f"skills.yaml: bad entry {entry!r} in {group}")
            canonical = str(entry[0])
            term = Term(canonical, category, group)
            self.canonical_terms.setdefault(normalize(canonical), term)
            chinese = (
                None
                if _named_as_is(canonical, group)
                else next((str(s) for s in entry if _ZH_NAME.match(str(s))), None)
            )
            if chinese is not None:
                self._zh_names.setdefault(canonical, chinese)
            for surface in entry:
                key = " ".join(normalize(str(surface)).split())
                if len(key) < 2 or key in self.terms:
                    continue  # first entry wins; duplicates are caught by the dictionary test
                self.terms[key] = term

    def find(self, text: str, *, normalized: bool = False) -> list[Mention]:
        """Every mention not inside a longer one, in text order; spans index ``normalize(text)``."""
        low = text if normalized else normalize(text)
        terms = self.terms
        size = len(low)
        found: list[Mention] = []
        prefixes = self._other_prefixes
        inner_starts = self._inner_starts
        for match in self._other_pattern.finditer(low):
            start, end = match.span()
            surface = match.group()
            found.append(Mention(terms[surface], start, end))
            # The scan resumes after ``end``; a term starting inside this match and reaching past
            # it ("客户关系管理" inside "对公客户|关系管理") is looked up here.
            for offset in inner_starts[surface]:
                inner = start + offset
                for candidate in prefixes[surface[offset : offset + 2]]:
                    if inner + len(candidate) > end and low.startswith(candidate, inner):
                        found.append(Mention(terms[candidate], inner, inner + len(candidate)))
                        break
        word = _WORD_CHARS
        for match in self._ascii_pattern.finditer(low):
            start, end = match.span()
            if start > 0 and low[start - 1] in word:
                continue
            if end < size and low[end] in word and low[end - 1] in word:
                continue
            found.append(Mention(terms[match.group()], start, end))
        if not found:
            return found
        # Drop a mention inside a longer one ("审计" in "内部审计"); keep partial overlaps.
        found.sort(key=lambda m: (m.start, -m.end))
        kept: list[Mention] = []
        reach = -1
        for mention in found:
            if mention.end <= reach:
                continue
            kept.append(mention)
            reach = mention.end
        return kept

    def lookup(self, name: str) -> Term | None:
        """The term a requirement names (``"python3"`` → Python), or None when not in the dictionary."""
        key = " ".join(normalize(name).split())
        return self.terms.get(key) or self.canonical_terms.get(key)

    def display_name(self, name: str, *, zh: bool) -> str:
        """How a profile or result names a term for a reader: a Chinese reader gets the entry's first
        Chinese name (``Corporate Banking`` → ``公司银行``); anything else comes back unchanged."""
        if not zh:
            return name
        term = self.lookup(name)
        return self._zh_names.get(term.canonical, name) if term is not None else name

    def degree_level(self, text: str) -> str | None:
        """Highest education level named in ``text``."""
        levels = [m.term.canonical for m in self.find(text) if m.term.category == "degree"]
        if not levels:
            return None
        return max(levels, key=DEGREE_LEVELS.index)


def _trie_regex(words: list[str]) -> str:
    """A regex matching any of ``words``, longest alternative first, as a character trie."""
    if not words:
        return "(?!)"
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + body + ")?"
        return body

    return build(trie)


def _load(source: bytes) -> SkillDictionary:
    data = yaml.safe_load(source.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("skills.yaml must be a mapping")
    return SkillDictionary(data, source)


@lru_cache(maxsize=4)
def load_dictionary(path: str | None = None) -> SkillDictionary:
    """The packaged dictionary, or one from ``path`` (same format)."""
    if path is None:
        source = resources.files("openhire.ai.matching").joinpath("skills.yaml").read_bytes()
    else:
        source = Path(path).read_bytes()
    return _load(source)
