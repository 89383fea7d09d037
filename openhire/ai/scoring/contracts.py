"""Frozen dataclasses exchanged by the scoring stage (no Django, no engines)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class ScoringError(ValueError):
    """Input to the scoring stage is unusable; the message says what is wrong."""


class SegmentLike(Protocol):
    """A transcript segment: any object with ``start``/``end`` seconds and ``text``."""

    @property
    def start(self) -> float: ...

    @property
    def end(self) -> float: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class EngineRef:
    """An engine (or model) that contributed to a result, with its exact version."""

    name: str
    version: str


@dataclass(frozen=True)
class AnchorLevel:
    """One level of a behaviourally anchored rating scale (1, 3 or 5) and its description."""

    level: int
    description: str


@dataclass(frozen=True)
class CompetencySpec:
    key: str
    name_zh: str = ""
    name_en: str = ""
    anchors: tuple[AnchorLevel, ...] = ()


@dataclass(frozen=True)
class RatedExample:
    """Another candidate's answer to the same question with the score a person gave it (0–100)."""

    answer: str
    score_100: float


@dataclass(frozen=True)
class QuestionSpec:
    """A question; ``reference_answers`` / ``ideal_points`` are optional (interviews often have none).

    ``rated_examples`` (optional, 3 or more): human-rated answers to the same question; the scorer then
    also compares the answer with them (nearest rated answers), which is the strongest signal we have.
    """

    text: str
    reference_answers: tuple[str, ...] = ()
    ideal_points: tuple[str, ...] = ()
    competency: str | None = None
    language: str | None = None
    id: str | None = None
    rated_examples: tuple[RatedExample, ...] = ()


@dataclass(frozen=True)
class PointCoverage:
    """One ideal-answer point: the answer sentence that matches it best and whether it is covered."""

    point: str
    best_sentence: str
    similarity: float
    covered: bool


@dataclass(frozen=True)
class Evidence:
    """A transcript sentence that explains the score (times in seconds when segments were given)."""

    text: str
    reason: str
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class StarMarkers:
    situation: tuple[str, ...] = ()
    task: tuple[str, ...] = ()
    action: tuple[str, ...] = ()
    result: tuple[str, ...] = ()

    @property
    def components(self) -> int:
        return sum(1 for part in (self.situation, self.task, self.action, self.result) if part)


@dataclass(frozen=True)
class BatchContext:
    """Statistics of the other answers to the same question in one batch (per-question normalisation).

    ``feature_tops`` holds, per feature name, the mean of the best three values in the batch;
    ``centroid`` is the mean embedding of the batch's answers (or ``()`` without an embedder);
    ``common_tokens`` the tokens used by at least a third of the answers; ``top_centroid`` and
    ``top_tokens`` describe the batch's best answers (closest to the reference, or to the consensus
    without one), used as extra pseudo-references.
    """

    size: int
    feature_tops: tuple[tuple[str, float], ...] = ()
    feature_means: tuple[tuple[str, float], ...] = ()
    feature_stds: tuple[tuple[str, float], ...] = ()
    centroid: tuple[float, ...] = ()
    common_tokens: tuple[str, ...] = ()
    top_centroid: tuple[float, ...] = ()
    top_tokens: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerScore:
    """The content score of one answer, with the evidence and provenance that explain it."""

    score_100: float
    scale_1_5: float
    language: str
    features: tuple[tuple[str, float], ...]
    coverage: tuple[PointCoverage, ...]
    star: StarMarkers
    evidence: tuple[Evidence, ...]
    model_version: str
    variant: str
    engines: tuple[EngineRef, ...]
    config_hash: str
    notes: tuple[str, ...] = field(default=())

    def feature(self, name: str) -> float | None:
        for key, value in self.features:
            if key == name:
                return value
        return None
