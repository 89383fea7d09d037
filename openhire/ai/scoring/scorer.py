"""``score_answer``: the content score of one interview answer, with evidence and provenance.

Pipeline: features (:mod:`.features`) → the calibrated model variant that matches what is available
(reference answers or not, embeddings or not, a batch of answers to the same question or not) →
optional adjustment towards the competency's anchored scale → 0–100 and 1–5 with the transcript
sentences that explain the score. Deterministic: features are rounded before the model is applied
and nothing depends on time, order of calls or randomness.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np

from openhire.ai.ports import Embedder
from openhire.ai.scoring.contracts import (
    AnswerScore,
    BatchContext,
    CompetencySpec,
    EngineRef,
    Evidence,
    QuestionSpec,
    ScoringError,
    SegmentLike,
)
from openhire.ai.scoring.features import (
    RUBRIC_WEIGHT,
    AnswerAnalysis,
    add_batch_features,
    analyse_answer,
    build_batch_context,
    interview_rubric,
    pool_similarities,
    rated_features,
    rated_many,
    variant_key,
)
from openhire.ai.scoring.markers import sentence_is_specific, star_markers
from openhire.ai.scoring.model import ScorerModel
from openhire.ai.scoring.text import content_tokens, detect_language, overlap_recall, split_sentences

SCORER_NAME = "openhire-content-scorer"
DEFAULT_MODEL = "scorer-v1.json"
ANCHOR_WEIGHT = (
    0.2  # share of the 1–5 score taken from similarity to the anchored scale (not fitted: no data)
)
ANCHOR_TEMPERATURE = 0.05
MIN_BATCH = 3
MIN_RATED = 3
MAX_EVIDENCE = 5
FEATURE_DECIMALS = 5


@lru_cache(maxsize=1)
def default_model() -> ScorerModel:
    """The scorer committed in the package (``openhire/ai/scoring/models/scorer-v1.json``)."""
    text = (
        resources.files("openhire.ai.scoring")
        .joinpath("models")
        .joinpath(DEFAULT_MODEL)
        .read_text(encoding="utf-8")
    )
    return ScorerModel.from_json(text)


def _resolve_embedder(embedder: Embedder | None, lexical_only: bool) -> Embedder | None:
    if lexical_only:
        return None
    if embedder is not None:
        return embedder
    from openhire.ai.adapters.embeddings import load_embedder

    return load_embedder()


def config_hash(model: ScorerModel, embedder: Embedder | None, competency: CompetencySpec | None) -> str:
    cfg = {
        "scorer": SCORER_NAME,
        "model": model.digest,
        "embedder": [embedder.name, embedder.version] if embedder is not None else None,
        "anchor_weight": ANCHOR_WEIGHT,
        "anchor_temperature": ANCHOR_TEMPERATURE,
        "min_batch": MIN_BATCH,
        "rubric_weight": RUBRIC_WEIGHT,
        "anchors": [[a.level, a.description] for a in competency.anchors] if competency else [],
    }
    return hashlib.sha256(json.dumps(cfg, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def _units(
    answer_text: str, segments: Sequence[SegmentLike] | None
) -> tuple[list[str], list[tuple[float | None, float | None]]]:
    if not segments:
        sents = split_sentences(answer_text)
        return sents, [(None, None)] * len(sents)
    texts: list[str] = []
    times: list[tuple[float | None, float | None]] = []
    for seg in segments:
        for s in split_sentences(seg.text):
            texts.append(s)
            times.append((float(seg.start), float(seg.end)))
    return texts, times


def _anchor_level(
    answer_text: str, analysis: AnswerAnalysis, competency: CompetencySpec, embedder: Embedder | None
) -> float | None:
    anchors = [a for a in competency.anchors if a.description.strip()]
    if len(anchors) < 2:
        return None
    if embedder is not None and analysis.answer_vec is not None:
        mat = embedder.embed([a.description for a in anchors])
        sims = np.asarray(mat @ analysis.answer_vec, dtype=np.float64)
    else:
        sims = np.array([overlap_recall(content_tokens(a.description), analysis.tokens) for a in anchors])
    sims = np.round(sims, FEATURE_DECIMALS)
    w = np.exp((sims - sims.max()) / ANCHOR_TEMPERATURE)
    w = w / w.sum()
    return float(sum(wi * a.level for wi, a in zip(w, anchors, strict=True)))


def _validate(question: QuestionSpec, answer_text: str, language: str | None) -> None:
    if not isinstance(question, QuestionSpec):
        raise ScoringError(f"question must be a QuestionSpec, got {type(question).__name__}")
    if not isinstance(question.text, str) or not question.text.strip():
        raise ScoringError("the question text is empty")
    if not isinstance(answer_text, str):
        raise ScoringError(f"answer_text must be a string, got {type(answer_text).__name__}")
    if language not in (None, "zh", "en"):
        raise ScoringError(f"language must be 'zh' or 'en', got {language!r}")


def _analyse(
    question: QuestionSpec,
    answer_text: str,
    segments: Sequence[SegmentLike] | None,
    embedder: Embedder | None,
    example_cache: dict[tuple[str, ...], AnswerAnalysis] | None = None,
) -> tuple[AnswerAnalysis, list[tuple[float | None, float | None]]]:
    sents, times = _units(answer_text, segments)
    analysis = analyse_answer(
        question.text,
        answer_text,
        question.reference_answers,
        question.ideal_points,
        embedder,
        sentences=sents,
    )
    examples = [e for e in question.rated_examples if e.answer.strip()]
    if len(examples) >= MIN_RATED:
        for e in examples:
            if not 0.0 <= e.score_100 <= 100.0:
                raise ScoringError(f"rated example score {e.score_100} is outside 0..100")
        cache = example_cache if example_cache is not None else {}
        pool = [_example_analysis(question, e.answer, embedder, cache) for e in examples]
        analysis.features.update(
            rated_features(
                pool_similarities(
                    analysis.answer_vec,
                    analysis.tokens,
                    [p.answer_vec for p in pool],
                    [p.tokens for p in pool],
                ),
                [e.score_100 / 100.0 for e in examples],
                point=analysis.features,
                pool_points=[p.features for p in pool],
            )
        )
    return analysis, times


def _example_analysis(
    question: QuestionSpec,
    answer: str,
    embedder: Embedder | None,
    cache: dict[tuple[str, ...], AnswerAnalysis],
) -> AnswerAnalysis:
    """A rated example analysed like an answer to ``question`` (once per batch: examples repeat)."""
    key = (question.text, *question.reference_answers, "\x1e", *question.ideal_points, "\x1e", answer)
    if key not in cache:
        cache[key] = analyse_answer(
            question.text, answer, question.reference_answers, question.ideal_points, embedder
        )
    return cache[key]


def _finish(
    question: QuestionSpec,
    answer_text: str,
    analysis: AnswerAnalysis,
    times: list[tuple[float | None, float | None]],
    *,
    competency: CompetencySpec | None,
    language: str | None,
    embedder: Embedder | None,
    model: ScorerModel,
    batched: bool,
) -> AnswerScore:
    lang = language or question.language or detect_language(answer_text or question.text)
    has_ref = bool([r for r in (*question.reference_answers, *question.ideal_points) if r.strip()])
    rated = "knn_score" in analysis.features
    emb = embedder is not None
    # the most specific variant the model has: a model fitted before "+rated+many" existed falls back
    wanted = [
        variant_key(ref=has_ref, emb=emb, batch=batched, rated=rated, many=rated_many(analysis.features)),
        variant_key(ref=has_ref, emb=emb, batch=batched, rated=rated),
        variant_key(ref=has_ref, emb=emb, batch=batched),
    ]
    key = next((k for k in wanted if k in model.variants), None)
    if key is None:
        raise ScoringError(f"the scorer model {model.version} has no variant {wanted[-1]!r}")
    feats = {k: round(float(v), FEATURE_DECIMALS) for k, v in analysis.features.items()}
    notes: list[str] = []
    engines = [EngineRef(SCORER_NAME, f"{model.version}/{key}")]
    if embedder is not None:
        engines.append(EngineRef(embedder.name, embedder.version))
    else:
        notes.append("no embedder: lexical features only")
    if not answer_text.strip():
        frac = 0.0
        notes.append("empty answer")
    else:
        frac = model.variants[key].predict(feats)
        if not has_ref:
            frac = (1.0 - RUBRIC_WEIGHT) * frac + RUBRIC_WEIGHT * interview_rubric(feats)
    scale = 1.0 + 4.0 * frac
    if competency is not None and answer_text.strip():
        level = _anchor_level(answer_text, analysis, competency, embedder)
        if level is not None:
            feats["anchor_level"] = round(level, FEATURE_DECIMALS)
            scale = (1.0 - ANCHOR_WEIGHT) * scale + ANCHOR_WEIGHT * level
            notes.append(f"{ANCHOR_WEIGHT:.0%} of the 1-5 score from the anchored scale of {competency.key}")
    if "+rated" in key:
        notes.append(f"compared with {len(question.rated_examples)} human-rated answers to the same question")
    if not has_ref:
        notes.append("no reference answer: scored on relevance, structure, specificity and length")
    evidence = _evidence(analysis, times)
    return AnswerScore(
        score_100=round((scale - 1.0) * 25.0, 1),
        scale_1_5=round(scale, 2),
        language=lang,
        features=tuple(sorted(feats.items())),
        coverage=tuple(analysis.coverage),
        star=analysis.star,
        evidence=evidence,
        model_version=model.version,
        variant=key,
        engines=tuple(engines),
        config_hash=config_hash(model, embedder, competency),
        notes=tuple(notes),
    )


def _evidence(
    analysis: AnswerAnalysis, times: list[tuple[float | None, float | None]]
) -> tuple[Evidence, ...]:
    sents = analysis.sentences
    if not sents:
        return ()
    chosen: dict[int, str] = {}
    index = {s: i for i, s in reversed(list(enumerate(sents)))}
    for cov in analysis.coverage:
        if cov.covered and cov.best_sentence in index and len(chosen) < 3:
            chosen.setdefault(index[cov.best_sentence], f"covers: {cov.point}")
    if analysis.sentence_q_sims:
        best = int(np.argmax(np.round(analysis.sentence_q_sims, FEATURE_DECIMALS)))
        chosen.setdefault(best, "most relevant to the question")
    for i, s in enumerate(sents):
        if len(chosen) >= MAX_EVIDENCE:
            break
        if sentence_is_specific(s):
            chosen.setdefault(i, "specific: numbers and first-person actions or outcomes")
        elif star_markers(s).result:
            chosen.setdefault(i, "result of the situation described")
    out = []
    for i in sorted(chosen)[:MAX_EVIDENCE]:
        start, end = times[i] if i < len(times) else (None, None)
        out.append(Evidence(text=sents[i], reason=chosen[i], start=start, end=end))
    return tuple(out)


def score_answer(
    question: QuestionSpec,
    answer_text: str,
    *,
    segments: Sequence[SegmentLike] | None = None,
    competency: CompetencySpec | None = None,
    language: str | None = None,
    embedder: Embedder | None = None,
    lexical_only: bool = False,
    model: ScorerModel | None = None,
) -> AnswerScore:
    """Score one answer on its own (no batch context).

    ``embedder=None`` uses the packaged multilingual encoder when it is installed; ``lexical_only``
    turns embeddings off. ``segments`` (start/end/text) give the evidence timestamps; their texts are
    the transcript. Raises :class:`ScoringError` for unusable input.
    """
    _validate(question, answer_text, language)
    emb = _resolve_embedder(embedder, lexical_only)
    mdl = model or default_model()
    analysis, times = _analyse(question, answer_text, segments, emb)
    return _finish(
        question,
        answer_text,
        analysis,
        times,
        competency=competency,
        language=language,
        embedder=emb,
        model=mdl,
        batched=False,
    )


def batch_group(question: QuestionSpec) -> str:
    return hashlib.sha256(
        "\x1f".join([question.text.strip(), *sorted(r.strip() for r in question.reference_answers)]).encode()
    ).hexdigest()


def score_answers(
    items: Sequence[tuple[QuestionSpec, str]],
    *,
    competencies: dict[str, CompetencySpec] | None = None,
    embedder: Embedder | None = None,
    lexical_only: bool = False,
    model: ScorerModel | None = None,
    normalise_per_question: bool = True,
) -> list[AnswerScore]:
    """Score many answers; with 3+ answers to the same question, features are also taken relative to
    that question's batch (mean of the best three answers, z-scores, consensus), and the matching
    ``+batch`` model variant is used. Results are in input order and independent of it."""
    for q, a in items:
        _validate(q, a, q.language)
    emb = _resolve_embedder(embedder, lexical_only)
    mdl = model or default_model()
    cache: dict[tuple[str, ...], AnswerAnalysis] = {}
    analysed = [_analyse(q, a, None, emb, cache) for q, a in items]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (q, _a) in enumerate(items):
        groups[batch_group(q)].append(i)
    batched: set[int] = set()
    if normalise_per_question:
        for members in groups.values():
            if len(members) < MIN_BATCH:
                continue
            # the context is built from the answers sorted by text, so input order never matters
            ordered = sorted(members, key=lambda i: items[i][1])
            ctx: BatchContext = build_batch_context([analysed[i][0] for i in ordered])
            for i in members:
                add_batch_features(analysed[i][0], ctx)
                batched.add(i)
    comps = competencies or {}
    out = []
    for i, (q, a) in enumerate(items):
        analysis, times = analysed[i]
        out.append(
            _finish(
                q,
                a,
                analysis,
                times,
                competency=comps.get(q.competency or ""),
                language=q.language,
                embedder=emb,
                model=mdl,
                batched=i in batched,
            )
        )
    return out


def score_to_level(score_100: float) -> int:
    """The nearest whole level of the 1–5 scale for a 0–100 score."""
    return int(min(5, max(1, math.floor(1 + score_100 / 25.0 + 0.5))))
