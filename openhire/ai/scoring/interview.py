"""Per-interview results: competency scores, weighted overall score, percentile, pass/hold, flags, feedback.

Pure functions over frozen dataclasses; the same input always gives exactly the same output (sorted
keys, rounded numbers, no clock). Camera and voice flags are *inputs* that only lower confidence and
ask for human review; they never change a score (no emotion inference, EU AI Act Art. 5(1)(f)).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from openhire.ai.scoring.contracts import EngineRef, ScoringError
from openhire.ai.stats import percentile_rank

AGGREGATOR_NAME = "openhire-interview-aggregator"
AGGREGATOR_VERSION = "1"
MIN_ANSWER_WORDS = 20
MIN_ASR_CONFIDENCE = 0.6
MIN_FACE_PRESENT = 0.5
STRENGTH_AT = 70.0
DEVELOP_BELOW = 60.0


@dataclass(frozen=True)
class AnswerSignals:
    """Confidence signals measured elsewhere (speech, camera); all optional."""

    words: int | None = None
    asr_confidence: float | None = None
    face_present_ratio: float | None = None
    second_voice: bool = False
    read_aloud: bool = False


@dataclass(frozen=True)
class ScoredAnswer:
    """One answer's content score (0–100) for the competency it targets."""

    question_id: str
    competency: str
    score_100: float
    signals: AnswerSignals = AnswerSignals()
    engines: tuple[EngineRef, ...] = ()


@dataclass(frozen=True)
class CompetencyInfo:
    key: str
    name_zh: str
    name_en: str
    weight: int


@dataclass(frozen=True)
class Thresholds:
    overall_min: float = 60.0
    competency_min: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ConfidenceFlag:
    question_id: str
    code: str  # very_short | low_asr_confidence | no_face | second_voice | read_aloud
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class CompetencyResult:
    key: str
    name_zh: str
    name_en: str
    weight: int
    score_100: float | None  # None when no answer targeted it
    scale_1_5: float | None
    answers: int


@dataclass(frozen=True)
class InterviewResult:
    competencies: tuple[CompetencyResult, ...]
    overall_100: float
    percentile: float | None
    benchmark_size: int
    suggestion: str  # "pass" | "hold"
    reasons_zh: tuple[str, ...]
    reasons_en: tuple[str, ...]
    flags: tuple[ConfidenceFlag, ...]
    needs_human_review: bool
    feedback_zh: str
    feedback_en: str
    engines: tuple[EngineRef, ...]
    config_hash: str


_FLAG_TEXT = {
    "very_short": ("回答过短，评分可信度较低", "very short answer: the score is less reliable"),
    "low_asr_confidence": (
        "语音识别置信度低，请核对转写文本",
        "low speech-recognition confidence: check the transcript",
    ),
    "no_face": ("作答期间大部分时间未检测到人脸", "no face detected for most of the answer"),
    "second_voice": ("检测到第二个说话人", "a second voice was detected"),
    "read_aloud": ("回答疑似照读", "the answer seems to be read aloud"),
}


def validate_competencies(competencies: Sequence[CompetencyInfo]) -> None:
    """Weights are whole numbers ≥ 0 summing to 100 and keys are unique."""
    if not competencies:
        raise ScoringError("the job has no competencies")
    keys = [c.key for c in competencies]
    if len(set(keys)) != len(keys):
        raise ScoringError(f"duplicate competency keys: {sorted({k for k in keys if keys.count(k) > 1})}")
    if any(c.weight < 0 for c in competencies):
        raise ScoringError("competency weights must not be negative")
    total = sum(c.weight for c in competencies)
    if total != 100:
        raise ScoringError(f"competency weights must sum to 100, got {total}")


def aggregate_competencies(
    answers: Sequence[ScoredAnswer], competencies: Sequence[CompetencyInfo]
) -> tuple[CompetencyResult, ...]:
    """Mean content score of the answers that target each competency (unknown competencies are an error)."""
    validate_competencies(competencies)
    known = {c.key for c in competencies}
    for a in answers:
        if a.competency not in known:
            raise ScoringError(f"answer {a.question_id} targets unknown competency {a.competency!r}")
        if not 0.0 <= a.score_100 <= 100.0:
            raise ScoringError(f"answer {a.question_id}: score {a.score_100} is outside 0..100")
    out = []
    for c in competencies:
        scores = [a.score_100 for a in answers if a.competency == c.key]
        mean = round(sum(scores) / len(scores), 1) if scores else None
        out.append(
            CompetencyResult(
                key=c.key,
                name_zh=c.name_zh,
                name_en=c.name_en,
                weight=c.weight,
                score_100=mean,
                scale_1_5=round(1.0 + mean / 25.0, 2) if mean is not None else None,
                answers=len(scores),
            )
        )
    return tuple(out)


def overall_score(results: Sequence[CompetencyResult]) -> float:
    """Weighted mean over the competencies that were assessed (weights renormalised over them)."""
    assessed = [r for r in results if r.score_100 is not None and r.weight > 0]
    total = sum(r.weight for r in assessed)
    if total == 0:
        return 0.0
    return round(sum(r.weight * (r.score_100 or 0.0) for r in assessed) / total, 1)


def confidence_flags(answers: Sequence[ScoredAnswer]) -> tuple[ConfidenceFlag, ...]:
    flags = []
    for a in answers:
        s = a.signals
        codes = []
        if s.words is not None and s.words < MIN_ANSWER_WORDS:
            codes.append("very_short")
        if s.asr_confidence is not None and s.asr_confidence < MIN_ASR_CONFIDENCE:
            codes.append("low_asr_confidence")
        if s.face_present_ratio is not None and s.face_present_ratio < MIN_FACE_PRESENT:
            codes.append("no_face")
        if s.second_voice:
            codes.append("second_voice")
        if s.read_aloud:
            codes.append("read_aloud")
        for code in codes:
            zh, en = _FLAG_TEXT[code]
            flags.append(ConfidenceFlag(question_id=a.question_id, code=code, message_zh=zh, message_en=en))
    return tuple(flags)


def suggest(
    overall: float, results: Sequence[CompetencyResult], thresholds: Thresholds
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """``pass`` when the overall and every per-competency minimum are met, else ``hold``; reasons in zh/en."""
    zh: list[str] = []
    en: list[str] = []
    if overall < thresholds.overall_min:
        zh.append(f"总分 {overall:.0f} 低于通过线 {thresholds.overall_min:.0f}")
        en.append(f"overall score {overall:.0f} is below the pass mark {thresholds.overall_min:.0f}")
    by_key = {r.key: r for r in results}
    for key in sorted(thresholds.competency_min):
        minimum = thresholds.competency_min[key]
        r = by_key.get(key)
        if r is None:
            raise ScoringError(f"threshold for unknown competency {key!r}")
        if r.score_100 is None:
            zh.append(f"{r.name_zh or key}未被评估")
            en.append(f"{r.name_en or key} was not assessed")
        elif r.score_100 < minimum:
            zh.append(f"{r.name_zh or key} {r.score_100:.0f} 分，低于最低要求 {minimum:.0f}")
            en.append(f"{r.name_en or key} {r.score_100:.0f} is below the minimum {minimum:.0f}")
    if zh:
        return "hold", tuple(zh), tuple(en)
    return (
        "pass",
        (f"总分 {overall:.0f} 达到通过线 {thresholds.overall_min:.0f}，各项能力均达到最低要求",),
        (
            f"overall score {overall:.0f} meets the pass mark {thresholds.overall_min:.0f} and every competency minimum",
        ),
    )


def candidate_feedback(results: Sequence[CompetencyResult]) -> tuple[str, str]:
    """Strengths and areas to develop, without raw scores (e.g. 你的沟通能力得分较高，但问题解决能力需加强)."""
    assessed = [r for r in results if r.score_100 is not None]
    ranked = sorted(assessed, key=lambda r: (-(r.score_100 or 0.0), r.key))
    strong = [r for r in ranked if (r.score_100 or 0.0) >= STRENGTH_AT][:2]
    weak = [r for r in reversed(ranked) if (r.score_100 or 0.0) < DEVELOP_BELOW][:2]
    if not strong and ranked and (not weak or ranked[0] not in weak):
        strong = [ranked[0]]
    strong_zh = "、".join(r.name_zh or r.key for r in strong)
    strong_en = " and ".join(r.name_en or r.key for r in strong)
    weak_zh = "、".join(r.name_zh or r.key for r in weak)
    weak_en = " and ".join(r.name_en or r.key for r in weak)
    if strong and weak:
        return (
            f"你的{strong_zh}得分较高，但{weak_zh}需加强。",
            f"Your {strong_en} stood out; your {weak_en} could be developed further.",
        )
    if strong:
        return (
            f"你的{strong_zh}表现突出，请继续保持。",
            f"Your {strong_en} stood out; keep building on it.",
        )
    if weak:
        return (f"你的{weak_zh}需加强。", f"Your {weak_en} could be developed further.")
    return ("本次面试暂无足够的回答用于生成反馈。", "There were not enough answers to give feedback on.")


def evaluate_interview(
    answers: Sequence[ScoredAnswer],
    competencies: Sequence[CompetencyInfo],
    *,
    thresholds: Thresholds | None = None,
    benchmark: Sequence[float] = (),
) -> InterviewResult:
    """Aggregate an interview's answers into competency scores, overall score, percentile and suggestion.

    ``benchmark`` is the overall scores of the job's benchmark group (e.g. current high performers or
    all past candidates); the percentile is ``None`` when it is empty.
    """
    th = thresholds or Thresholds()
    results = aggregate_competencies(answers, competencies)
    overall = overall_score(results)
    pct = round(percentile_rank(overall, list(benchmark)), 1) if benchmark else None
    suggestion, reasons_zh, reasons_en = suggest(overall, results, th)
    flags = confidence_flags(answers)
    feedback_zh, feedback_en = candidate_feedback(results)
    engines = {EngineRef(AGGREGATOR_NAME, AGGREGATOR_VERSION)}
    for a in answers:
        engines.update(a.engines)
    cfg = {
        "aggregator": [AGGREGATOR_NAME, AGGREGATOR_VERSION],
        "competencies": [asdict(c) for c in competencies],
        "thresholds": {
            "overall_min": th.overall_min,
            "competency_min": dict(sorted(th.competency_min.items())),
        },
        "limits": [MIN_ANSWER_WORDS, MIN_ASR_CONFIDENCE, MIN_FACE_PRESENT, STRENGTH_AT, DEVELOP_BELOW],
        "benchmark_size": len(benchmark),
    }
    return InterviewResult(
        competencies=results,
        overall_100=overall,
        percentile=pct,
        benchmark_size=len(benchmark),
        suggestion=suggestion,
        reasons_zh=reasons_zh,
        reasons_en=reasons_en,
        flags=flags,
        needs_human_review=bool(flags),
        feedback_zh=feedback_zh,
        feedback_en=feedback_en,
        engines=tuple(sorted(engines, key=lambda e: (e.name, e.version))),
        config_hash=hashlib.sha256(json.dumps(cfg, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[
            :16
        ],
    )
