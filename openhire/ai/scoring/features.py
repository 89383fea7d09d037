"""Content features of one answer: relevance, coverage of reference points, STAR, specificity, length.

Features come in groups so that the scorer can pick the model variant that matches what is available:
``ref`` needs reference answers or ideal points, ``emb`` needs an embedder, ``batch`` needs several
answers to the same question in one batch (per-question normalisation).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from openhire.ai.ports import Embedder
from openhire.ai.scoring.contracts import BatchContext, PointCoverage, StarMarkers
from openhire.ai.scoring.markers import specificity_counts, star_markers
from openhire.ai.scoring.text import (
    content_tokens,
    length_units,
    overlap_f1,
    overlap_recall,
    split_points,
    split_sentences,
)

FREE_FEATURES = ("q_lex_recall", "log_len", "star", "numbers", "actions", "outcomes")
# Without a reference the fitted part uses only relevance and length: STAR and specificity weights learnt
# on short technical course answers do not transfer to interview stories (they enter through the rubric).
NOREF_FREE_FEATURES = ("q_lex_recall", "log_len")
FREE_EMB_FEATURES = ("q_emb_cos",)
REF_FEATURES = ("ref_lex_recall", "ref_lex_f1", "cov_lex_mean", "cov_frac", "len_ratio")
REF_EMB_FEATURES = ("ref_emb_cos", "cov_emb_mean")
BATCH_BASE = (
    "ref_lex_recall",
    "ref_emb_cos",
    "cov_emb_mean",
    "cov_lex_mean",
    "q_emb_cos",
    "q_lex_recall",
    "log_len",
)
BATCH_EXTRA = ("batch_common_recall", "batch_top_recall")
BATCH_EMB_EXTRA = ("batch_centroid_cos", "batch_top_cos")

# Coverage thresholds: a point is covered when its best sentence reaches either similarity.
COVER_EMB = 0.55
COVER_LEX = 0.6
MIN_TOP = 3


RUBRIC_WEIGHT = 0.5  # without references: half fitted (relevance, length), half the fixed interview rubric


def interview_rubric(features: dict[str, float]) -> float:
    """Fixed-weight score (0–1) for answers without a reference: relevance, STAR, specificity, length.

    Not fitted (no labelled interview answers exist in the development data); the weights follow the
    structured-interview literature's emphasis on relevant, specific, first-person behavioural examples.
    """
    if "q_emb_cos" in features:
        relevance = min(1.0, max(0.0, (features["q_emb_cos"] - 0.05) / 0.35))
    else:
        relevance = min(1.0, features.get("q_lex_recall", 0.0) / 0.4)
    structure = features.get("star", 0.0)
    specificity = (
        0.4 * min(1.0, features.get("numbers", 0.0) / math.log(3))
        + 0.4 * min(1.0, features.get("actions", 0.0) / math.log(4))
        + 0.2 * min(1.0, features.get("outcomes", 0.0) / math.log(3))
    )
    length = min(
        1.0, max(0.0, (features.get("log_len", 0.0) - math.log(15)) / (math.log(200) - math.log(15)))
    )
    content = 0.35 * relevance + 0.25 * structure + 0.25 * specificity + 0.15 * length
    # an off-topic answer cannot score high however well structured it is
    return content * (0.5 + 0.5 * relevance)


RATED_FEATURES = (
    "knn_score",
    "knn_top_sim",
    "knn_best_score",
    "knn_tfidf_score",
    "knn_mix_score",
    "knn_pool_mean",
    "knn_hi_lo",
    "knn_local",
    "knn_quantile",
)
# From this many rated answers on, the rated variant is fitted apart ("+rated+many"): the
# nearest-neighbour features of a pool of 3-9 rated answers (sas_zh LE has 1-7 per question) mean
# something else than those of a pool of dozens, and one fit over both lowered the large-pool figures
# (docs/evaluation.md, "Validity").
RATED_MANY = 10
KNN_K = 5
KNN_TEMPERATURE = 0.1
KNN_MIX_K = 10
KNN_MIX_TEMPERATURE = 0.05
# single-answer features of the per-question regression over the rated answers (``knn_local``)
LOCAL_FEATURES = ("ref_emb_cos", "ref_lex_recall", "cov_emb_mean", "log_len")
LOCAL_ALPHA = 3.0


def tfidf_cosines(token_sets: Sequence[Sequence[str]]) -> np.ndarray:
    """Pairwise cosine of binary TF-IDF vectors (idf over these texts): rare shared tokens count most."""
    vocab: dict[str, int] = {}
    for ts in token_sets:
        for t in ts:
            vocab.setdefault(t, len(vocab))
    x = np.zeros((len(token_sets), max(1, len(vocab))), dtype=np.float64)
    for i, ts in enumerate(token_sets):
        for t in set(ts):
            x[i, vocab[t]] = 1.0
    idf = np.log((1.0 + len(token_sets)) / (1.0 + x.sum(axis=0))) + 1.0
    x = x * idf
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    return np.asarray(x @ x.T)


def pool_similarities(
    vec: np.ndarray | None,
    tokens: Sequence[str],
    pool_vecs: Sequence[np.ndarray | None],
    pool_tokens: Sequence[Sequence[str]],
) -> dict[str, np.ndarray]:
    """Similarity of one answer to each rated answer: embedding cosine, token F1 and TF-IDF cosine
    (Chinese characters + bigrams, English stems; idf over the rated answers and this one)."""
    emb = np.array(
        [_cos(vec, pv) if vec is not None and pv is not None else np.nan for pv in pool_vecs],
        dtype=np.float64,
    )
    lex = np.array([overlap_f1(tokens, pt) for pt in pool_tokens], dtype=np.float64)
    tfidf = tfidf_cosines([*pool_tokens, tokens])[-1, :-1]
    return {"emb": emb, "lex": lex, "tfidf": tfidf}


def _knn(sims: np.ndarray, scores: np.ndarray, k: int, temperature: float) -> tuple[float, int]:
    s = np.round(sims, 6)
    order = np.argsort(-s, kind="mergesort")[:k]
    w = np.exp((s[order] - s[order[0]]) / temperature)
    return float((w / w.sum()) @ scores[order]), int(order[0])


def rated_features(
    sims: dict[str, np.ndarray],
    pool_scores: Sequence[float],
    *,
    point: dict[str, float] | None = None,
    pool_points: Sequence[dict[str, float]] = (),
) -> dict[str, float]:
    """Features (0–1 scale) from the human-rated answers to the same question.

    ``sims`` come from :func:`pool_similarities` (or the same matrices computed once per question).
    ``knn_score``: similarity-weighted score of the 5 nearest (mean of embedding cosine and token F1;
    token F1 alone without embeddings); ``knn_tfidf_score``: the same with TF-IDF cosine;
    ``knn_mix_score``: the 10 nearest by all three similarities; ``knn_pool_mean``: the question's
    mean rated score; ``knn_hi_lo``: how much closer the answer is to the best-rated quarter than to
    the worst-rated quarter; ``knn_local``: a small ridge regression of the rated scores on
    :data:`LOCAL_FEATURES` fitted on this question's rated answers only (per-question calibration);
    ``knn_quantile``: the rated score at the answer's rank among the rated answers by that regression
    (matches the question's own score distribution); ``knn_n``: how many rated answers there are
    (picks the variant, not a model input).
    """
    ys = np.asarray(pool_scores, dtype=np.float64)
    if not len(ys):
        return {}
    emb, lex, tfidf = sims["emb"], sims["lex"], sims["tfidf"]
    has_emb = bool(np.all(np.isfinite(emb)))
    base = 0.5 * emb + 0.5 * lex if has_emb else lex
    knn, top = _knn(base, ys, KNN_K, KNN_TEMPERATURE)
    mix = (emb + lex + tfidf) / 3.0 if has_emb else (lex + tfidf) / 2.0
    hi_lo_sim = (emb + tfidf) / 2.0 if has_emb else tfidf
    hi, lo = ys >= np.quantile(ys, 0.75), ys <= np.quantile(ys, 0.25)
    out = {
        "knn_score": knn,
        "knn_top_sim": float(np.round(base, 6)[top]),
        "knn_best_score": float(ys[top]),
        "knn_tfidf_score": _knn(tfidf, ys, KNN_K, KNN_TEMPERATURE)[0],
        "knn_mix_score": _knn(mix, ys, KNN_MIX_K, KNN_MIX_TEMPERATURE)[0],
        "knn_pool_mean": float(ys.mean()),
        "knn_hi_lo": float(hi_lo_sim[hi].mean() - hi_lo_sim[lo].mean()) if hi.any() and lo.any() else 0.0,
        "knn_local": float(ys.mean()),
        "knn_quantile": float(ys.mean()),
        "knn_n": float(len(ys)),
    }
    if point is not None and len(pool_points) == len(ys):
        x = np.array([[p.get(c, 0.0) for c in LOCAL_FEATURES] for p in pool_points], dtype=np.float64)
        xi = np.array([point.get(c, 0.0) for c in LOCAL_FEATURES], dtype=np.float64)
        mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-6
        z = (x - mu) / sd
        coef = np.linalg.solve(z.T @ z + LOCAL_ALPHA * np.eye(len(LOCAL_FEATURES)), z.T @ (ys - ys.mean()))
        fitted, own = z @ coef, ((xi - mu) / sd) @ coef
        out["knn_local"] = float(np.clip(own + ys.mean(), -0.2, 1.2))
        rank = (np.sum(fitted < own) + 0.5 * np.sum(fitted == own)) / len(ys)
        out["knn_quantile"] = float(np.quantile(ys, rank))
    return out


def variant_key(*, ref: bool, emb: bool, batch: bool, rated: bool = False, many: bool = False) -> str:
    """E.g. ``"ref+emb+batch"``; ``+rated`` with 3+ rated answers, ``+rated+many`` with
    :data:`RATED_MANY` or more."""
    key = "+".join(["ref" if ref else "noref", "emb" if emb else "lex", "batch" if batch else "single"])
    if not rated:
        return key
    return key + ("+rated+many" if many else "+rated")


def rated_many(rated: dict[str, float]) -> bool:
    """Whether rated-answer features come from enough rated answers for the ``+rated+many`` variant."""
    return rated.get("knn_n", 0.0) >= RATED_MANY


def variant_features(key: str) -> tuple[str, ...]:
    """The feature names a model variant uses, e.g. ``"ref+emb+batch"``."""
    ref, emb, batch, *rest = key.split("+")
    names = list(FREE_FEATURES if ref == "ref" else NOREF_FREE_FEATURES)
    if emb == "emb":
        names += FREE_EMB_FEATURES
    if ref == "ref":
        names += REF_FEATURES
        if emb == "emb":
            names += REF_EMB_FEATURES
    if batch == "batch":
        for base in BATCH_BASE:
            if base in names:
                names += [f"rel_{base}", f"z_{base}"]
        names += BATCH_EXTRA
        if emb == "emb":
            names += BATCH_EMB_EXTRA
    if rest[:1] == ["rated"]:
        names += RATED_FEATURES
    return tuple(names)


ALL_VARIANTS = tuple(
    variant_key(ref=r, emb=e, batch=b, rated=k, many=m)
    for r in (True, False)
    for e in (True, False)
    for b in (True, False)
    for k, m in ((False, False), (True, False), (True, True))
)


@dataclass
class AnswerAnalysis:
    """Everything computed for one answer before the model is applied (internal, mutable)."""

    features: dict[str, float]
    sentences: list[str]
    coverage: list[PointCoverage]
    star: StarMarkers
    tokens: tuple[str, ...]
    answer_vec: np.ndarray | None
    sentence_q_sims: list[float]


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.clip(a @ b, -1.0, 1.0))


def analyse_answer(
    question: str,
    answer: str,
    references: Sequence[str],
    ideal_points: Sequence[str],
    embedder: Embedder | None,
    *,
    sentences: Sequence[str] | None = None,
) -> AnswerAnalysis:
    """Single-answer features (no batch context). ``sentences`` overrides the sentence split."""
    sents = list(sentences) if sentences is not None else split_sentences(answer)
    if not sents and answer.strip():
        sents = [answer.strip()]
    a_tok = content_tokens(answer)
    q_tok = content_tokens(question)
    n_units = length_units(answer)
    numbers, actions, outcomes = specificity_counts(answer)
    star = star_markers(answer)
    f: dict[str, float] = {
        "q_lex_recall": overlap_recall(q_tok, a_tok),
        "log_len": math.log1p(n_units),
        "star": star.components / 4.0,
        "numbers": math.log1p(numbers),
        "actions": math.log1p(actions),
        "outcomes": math.log1p(outcomes),
    }
    refs = [r for r in references if r.strip()]
    points = [p for p in ideal_points if p.strip()]
    if not points:
        for r in refs[:1]:
            points = split_points(r)
    sent_tok = [content_tokens(s) for s in sents]

    vecs: dict[str, np.ndarray] = {}
    if embedder is not None:
        texts = [answer, question, *refs, *points, *sents]
        uniq = list(dict.fromkeys(t for t in texts if t.strip()))
        if uniq:
            mat = embedder.embed(uniq)
            vecs = {t: mat[i] for i, t in enumerate(uniq)}
    a_vec = vecs.get(answer)
    sentence_q_sims: list[float] = []
    if embedder is not None:
        q_vec = vecs.get(question)
        f["q_emb_cos"] = _cos(a_vec, q_vec) if a_vec is not None and q_vec is not None else 0.0
        if q_vec is not None:
            sentence_q_sims = [_cos(vecs[s], q_vec) if s in vecs else 0.0 for s in sents]
    if not sentence_q_sims:
        sentence_q_sims = [overlap_recall(q_tok, t) for t in sent_tok]

    coverage: list[PointCoverage] = []
    if refs or points:
        q_set = set(q_tok)
        recalls, f1s = [], []
        for r in refs or points:
            r_tok = content_tokens(r)
            demoted = [t for t in r_tok if t not in q_set] or list(r_tok)
            recalls.append(overlap_recall(demoted, a_tok))
            f1s.append(overlap_f1(demoted, a_tok))
        f["ref_lex_recall"] = max(recalls)
        f["ref_lex_f1"] = max(f1s)
        ref_len = max(length_units(r) for r in (refs or points))
        f["len_ratio"] = math.log1p(n_units) - math.log1p(ref_len)
        lex_sims, emb_sims = [], []
        for p in points:
            p_tok = content_tokens(p)
            best_i, best_lex, best_emb = 0, 0.0, 0.0
            for i, s in enumerate(sents):
                lex = overlap_recall(p_tok, sent_tok[i])
                emb = _cos(vecs[p], vecs[s]) if p in vecs and s in vecs else 0.0
                if (emb + lex) > (best_emb + best_lex):
                    best_i, best_lex, best_emb = i, lex, emb
            lex_sims.append(best_lex)
            emb_sims.append(best_emb)
            sim = (best_emb + best_lex) / 2 if embedder is not None else best_lex
            covered = best_lex >= COVER_LEX or (embedder is not None and best_emb >= COVER_EMB)
            coverage.append(
                PointCoverage(
                    point=p,
                    best_sentence=sents[best_i] if sents else "",
                    similarity=round(sim, 4),
                    covered=covered,
                )
            )
        f["cov_lex_mean"] = float(np.mean(lex_sims)) if lex_sims else 0.0
        f["cov_frac"] = sum(c.covered for c in coverage) / len(coverage) if coverage else 0.0
        if embedder is not None:
            f["cov_emb_mean"] = float(np.mean(emb_sims)) if emb_sims else 0.0
            ref_sims = [_cos(a_vec, vecs[r]) for r in refs if a_vec is not None and r in vecs]
            if not ref_sims and points and a_vec is not None:
                ref_sims = [_cos(a_vec, vecs[p]) for p in points if p in vecs]
            f["ref_emb_cos"] = max(ref_sims) if ref_sims else 0.0
    return AnswerAnalysis(
        features=f,
        sentences=sents,
        coverage=coverage,
        star=star,
        tokens=a_tok,
        answer_vec=a_vec,
        sentence_q_sims=sentence_q_sims,
    )


def build_batch_context(analyses: Sequence[AnswerAnalysis]) -> BatchContext:
    """Per-question statistics over the answers of one batch (use with 3 or more answers)."""
    tops, means, stds = [], [], []
    for name in BATCH_BASE:
        values = sorted((a.features[name] for a in analyses if name in a.features), reverse=True)
        if not values:
            continue
        tops.append((name, float(np.mean(values[:3]))))
        means.append((name, float(np.mean(values))))
        stds.append((name, float(np.std(values))))
    vecs = [a.answer_vec for a in analyses if a.answer_vec is not None]
    centroid: tuple[float, ...] = ()
    if vecs:
        c = np.mean(np.stack(vecs), axis=0)
        c = c / (np.linalg.norm(c) or 1.0)
        centroid = tuple(float(x) for x in c)
    df = Counter(t for a in analyses for t in set(a.tokens))
    need = max(2, math.ceil(len(analyses) / 3))
    common = tuple(sorted(t for t, n in df.items() if n >= need))

    # the batch's best answers by reference similarity (or by consensus) serve as pseudo-references
    def rank(a: AnswerAnalysis) -> float:
        f = a.features
        if "ref_lex_recall" in f:
            return f.get("ref_emb_cos", 0.0) + f["ref_lex_recall"]
        if centroid and a.answer_vec is not None:
            return _cos(a.answer_vec, np.asarray(centroid, dtype=np.float32))
        return overlap_recall(common, a.tokens)

    k = max(MIN_TOP, len(analyses) // 5)
    top = sorted(analyses, key=lambda a: (-round(rank(a), 6), a.tokens))[:k]
    top_vecs = [a.answer_vec for a in top if a.answer_vec is not None]
    top_centroid: tuple[float, ...] = ()
    if top_vecs:
        c = np.mean(np.stack(top_vecs), axis=0)
        c = c / (np.linalg.norm(c) or 1.0)
        top_centroid = tuple(float(x) for x in c)
    top_df = Counter(t for a in top for t in set(a.tokens))
    top_tokens = tuple(sorted(t for t, n in top_df.items() if n * 2 >= len(top)))
    return BatchContext(
        size=len(analyses),
        top_centroid=top_centroid,
        top_tokens=top_tokens,
        feature_tops=tuple(tops),
        feature_means=tuple(means),
        feature_stds=tuple(stds),
        centroid=centroid,
        common_tokens=common,
    )


def add_batch_features(analysis: AnswerAnalysis, ctx: BatchContext) -> None:
    """Add ``rel_*`` (value / mean of the batch's top three), ``z_*`` and batch-consensus features."""
    f = analysis.features
    tops, means, stds = dict(ctx.feature_tops), dict(ctx.feature_means), dict(ctx.feature_stds)
    for name in BATCH_BASE:
        if name not in f or name not in tops:
            continue
        top = tops[name]
        f[f"rel_{name}"] = min(f[name] / top, 1.5) if top > 1e-6 else 0.0
        f[f"z_{name}"] = float(np.clip((f[name] - means[name]) / max(stds[name], 0.05), -4, 4))
    f["batch_common_recall"] = overlap_recall(ctx.common_tokens, analysis.tokens)
    f["batch_top_recall"] = overlap_recall(ctx.top_tokens, analysis.tokens)
    if ctx.top_centroid:
        vec = analysis.answer_vec
        f["batch_top_cos"] = (
            _cos(vec, np.asarray(ctx.top_centroid, dtype=np.float32)) if vec is not None else 0.0
        )
    if ctx.centroid:
        vec = analysis.answer_vec
        f["batch_centroid_cos"] = (
            _cos(vec, np.asarray(ctx.centroid, dtype=np.float32)) if vec is not None else 0.0
        )
