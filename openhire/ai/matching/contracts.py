"""Frozen dataclasses for screening a resume against a job."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from openhire.ai.resume.contracts import EngineInfo


@dataclass(frozen=True)
class SkillWeight:
    name: str
    weight: float = 1.0


@dataclass(frozen=True)
class JobSpec:
    """What a job asks for. Only ``title`` and ``description`` are required."""

    title: str
    description: str
    requirements: str = ""
    skills: tuple[SkillWeight, ...] = ()
    must_have: tuple[str, ...] = ()  # skills / certificates without which the candidate fails
    min_years: float | None = None
    education: str = ""  # e.g. "本科", "bachelor", "master"
    certificates: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    location: str = ""

    def text(self) -> str:
        """The job text BM25 and embeddings compare resumes with."""
        return "\n".join(part for part in (self.title, self.description, self.requirements) if part)


@dataclass(frozen=True)
class HardResult:
    """One hard requirement: ``status`` is "pass", "fail" or "unknown" (the resume does not say)."""

    kind: str  # "education", "min_years", "certificate", "language", "location", "must_have"
    requirement: str
    status: str
    reason_zh: str
    reason_en: str
    requirement_zh: str = ""  # the requirement in Chinese where ``requirement`` is generated English

    @property
    def passed(self) -> bool:
        return self.status != "fail"


@dataclass(frozen=True)
class Evidence:
    """A resume line that supports a matched requirement."""

    requirement: str
    line: str


@dataclass(frozen=True)
class MatchResult:
    score: float  # 0–100
    passed_hard_requirements: bool
    hard_results: tuple[HardResult, ...]
    matched: tuple[str, ...]
    missing: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    components: tuple[tuple[str, float], ...]  # ("skills", 0.8), ("bm25", 0.42), ... each 0–1
    engines: tuple[EngineInfo, ...]
    config_hash: str

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["components"] = dict(self.components)
        return data
