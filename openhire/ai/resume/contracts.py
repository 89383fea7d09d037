"""Frozen dataclasses that the resume stage takes and returns.

Dates are ``"YYYY-MM"`` strings (``None`` for "present" as an end date, or when unknown), so the
profile serialises to JSON as is and compares by value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class EngineInfo:
    """One engine that contributed to a result, e.g. ``EngineInfo("pypdfium2", "5.15.2")``."""

    name: str
    version: str


@dataclass(frozen=True)
class ExtractedText:
    """Plain text pulled out of one resume file."""

    text: str
    filename: str
    media_type: str  # "pdf", "docx", "doc", "txt", "html"
    pages: int
    engine: EngineInfo
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Education:
    school: str = ""
    degree: str = ""  # normalised level: "phd", "master", "bachelor", "associate", "high_school", ""
    degree_text: str = ""  # as written: "本科", "M.Sc."
    major: str = ""
    start: str | None = None
    end: str | None = None
    gpa: str = ""


@dataclass(frozen=True)
class Experience:
    company: str = ""
    title: str = ""
    start: str | None = None
    end: str | None = None  # None with ``current=True`` means "至今" / "present"
    current: bool = False
    description: str = ""
    kind: str = "work"  # "work" or "internship"; internships do not count towards total_years


@dataclass(frozen=True)
class Flag:
    """A derived signal HR should look at; never a score by itself."""

    code: str  # "gap", "job_hopping", "overlap"
    message: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class TermMentions:
    """Where the skill dictionary found its terms in ``text``, kept so the screener need not scan again.

    ``mentions`` are ``(canonical name, start offset)`` in text order, exactly what
    ``SkillDictionary.find(text)`` returned for the dictionary whose ``content_hash`` is
    ``dictionary_hash``; a consumer must check both before reusing them.
    """

    dictionary_hash: str
    text: str = field(repr=False)
    mentions: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class ResumeProfile:
    name: str = ""
    phone: str = ""
    email: str = ""
    location: str = ""
    birth_date: str | None = None
    gender: str = ""  # recorded as written; never used for scoring
    education: tuple[Education, ...] = ()
    experience: tuple[Experience, ...] = ()
    skills: tuple[str, ...] = ()  # canonical skill names from the matching dictionary
    certificates: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    awards: tuple[str, ...] = ()
    total_years: float = 0.0
    flags: tuple[Flag, ...] = ()
    errors: tuple[str, ...] = ()
    language: str = "en"  # "zh" or "en": the resume's main language
    engines: tuple[EngineInfo, ...] = ()
    scoring_text: str = field(default="", repr=False)  # text with protected attributes removed
    # The parser's dictionary scan of ``scoring_text`` (a cache, not part of the profile's value).
    term_mentions: TermMentions | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the ``openhire resume parse --json`` line, without ``scoring_text``)."""
        data = asdict(self)
        data.pop("scoring_text")
        data.pop("term_mentions")
        return data


@runtime_checkable
class TaggedEntity(Protocol):
    """An entity span (end exclusive); read-only so frozen dataclasses satisfy it."""

    @property
    def type(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


@runtime_checkable
class EntityTagger(Protocol):
    """What ``openhire.ai.resume.ner.load_tagger()`` returns."""

    def tag(self, text: str) -> Sequence[TaggedEntity]: ...
