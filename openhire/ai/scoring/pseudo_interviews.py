"""Whole-interview validity on *pseudo-interviews* assembled from labelled answers.

No public dataset of rated whole interviews exists, so candidates are simulated: the answers of a
labelled file are dealt into synthetic candidates of ``size`` answers to different questions; the
candidate's human score is the mean of the human answer scores, the model's the mean of its held-out
answer scores, and the baseline's the mean of a word-count fit. Every answer score comes from cross-
validation (no scored answer, nor any answer to the same question in the question-CV setting, was
fitted on), and each assembly is repeated with different deals so the spread is visible.

Read with care: the answers of one pseudo-candidate come from different people, so they are
independent given their scores; real candidates' answers are correlated, and real interviews are
longer and less technical than these course answers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from openhire.ai.scoring.contracts import ScoringError
from openhire.ai.scoring.datasets import LabelledAnswer
from openhire.ai.scoring.text import length_units
from openhire.ai.scoring.training import (
    FeatureRow,
    answer_folds,
    fit_variants,
    grouped_folds,
    predict_rows,
    row_variant,
    unseen_answers_predictions,
)
from openhire.ai.stats import StatsError, pearson, spearman

DEFAULT_SIZE = 8
DEFAULT_ASSEMBLIES = 20


def deal_candidates(rows: Sequence[LabelledAnswer], size: int, seed: int) -> list[list[int]]:
    """Deal row indices into candidates of ``size`` answers to ``size`` different questions.

    Deterministic for a seed; answers left over when fewer than ``size`` questions still have
    unused answers are dropped.
    """
    if size < 2:
        raise ScoringError("a pseudo-interview needs at least 2 answers")
    rng = np.random.default_rng(seed)
    by_q: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_q[r.question_id].append(i)
    if len(by_q) < size:
        raise ScoringError(f"{len(by_q)} questions in the file: too few for interviews of {size} answers")
    stacks = {q: list(rng.permutation(m)) for q, m in sorted(by_q.items())}
    out: list[list[int]] = []
    while True:
        open_q = [q for q, s in stacks.items() if s]
        if len(open_q) < size:
            return out
        # questions with the most unused answers first, ties broken at random: the deal uses most rows
        ranked = sorted(open_q, key=lambda q: (-len(stacks[q]), float(rng.random())))
        out.append([int(stacks[q].pop()) for q in ranked[:size]])


def word_count_fractions(rows: Sequence[LabelledAnswer], fold_of: Sequence[int]) -> np.ndarray:
    """Word-count baseline per answer: a linear fit of score on log length, fitted on the other folds."""
    x = np.array([math.log1p(length_units(r.answer)) for r in rows])
    y = np.array([r.target for r in rows])
    folds = np.asarray(fold_of)
    out = np.zeros(len(rows))
    for k in sorted(set(folds.tolist())):
        train = folds != k
        if float(np.std(x[train])) == 0.0:
            out[~train] = float(np.mean(y[train]))
            continue
        slope, intercept = np.polyfit(x[train], y[train], 1)
        out[~train] = np.clip(slope * x[~train] + intercept, 0.0, 1.0)
    return out


@dataclass(frozen=True)
class InterviewAgreement:
    name: str
    candidates: int
    answers_per_candidate: int
    assemblies: int
    pearson: float  # mean over assemblies
    pearson_low: float  # 5th percentile over assemblies
    pearson_high: float  # 95th percentile
    spearman: float
    baseline_pearson: float
    baseline_spearman: float
    beats_baseline: float  # share of assemblies where the model's Pearson exceeds the baseline's

    def as_dict(self) -> dict[str, object]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def interview_agreement(
    name: str,
    rows: Sequence[LabelledAnswer],
    model_fractions: Sequence[float],
    baseline_fractions: Sequence[float],
    *,
    size: int = DEFAULT_SIZE,
    assemblies: int = DEFAULT_ASSEMBLIES,
) -> InterviewAgreement:
    """Pearson / Spearman of candidate means (model and baseline) vs the candidates' human means."""
    y = np.array([r.target for r in rows])
    m = np.asarray(model_fractions, dtype=np.float64)
    b = np.asarray(baseline_fractions, dtype=np.float64)
    stats: dict[str, list[float]] = defaultdict(list)
    n_cand = 0
    for seed in range(assemblies):
        cands = deal_candidates(rows, size, seed)
        n_cand = len(cands)
        if n_cand < 3:
            raise ScoringError("too few answers for 3 pseudo-candidates")
        human = [float(y[c].mean()) for c in cands]
        for key, pred in (("m", m), ("b", b)):
            agg = [float(pred[c].mean()) for c in cands]
            try:
                stats[key + "p"].append(pearson(agg, human))
                stats[key + "s"].append(spearman(agg, human))
            except StatsError:
                stats[key + "p"].append(0.0)
                stats[key + "s"].append(0.0)
    mp, bp = np.array(stats["mp"]), np.array(stats["bp"])
    return InterviewAgreement(
        name=name,
        candidates=n_cand,
        answers_per_candidate=size,
        assemblies=assemblies,
        pearson=float(mp.mean()),
        pearson_low=float(np.quantile(mp, 0.05)),
        pearson_high=float(np.quantile(mp, 0.95)),
        spearman=float(np.mean(stats["ms"])),
        baseline_pearson=float(bp.mean()),
        baseline_spearman=float(np.mean(stats["bs"])),
        beats_baseline=float(np.mean(mp > bp)),
    )


def question_cv_predictions(
    feats: Sequence[FeatureRow], *, emb: bool, folds: int = 5
) -> tuple[np.ndarray, list[int]]:
    """Held-out answer scores when the model never saw the question: grouped K-fold by question,
    fitted on the other questions' answers of the same rows (batch features on, references used)."""
    fold_of = [0] * len(feats)
    pred = np.zeros(len(feats))
    for k, fold in enumerate(grouped_folds([r.group for r in feats], folds)):
        held = set(fold.tolist())
        for i in held:
            fold_of[i] = k
        train = [r for i, r in enumerate(feats) if i not in held]
        test = [feats[i] for i in fold]
        keys = sorted({row_variant(r, batch=True, emb=emb) for r in test})
        vs = fit_variants(train, emb=emb, variants=keys)
        missing = [key for key in keys if key not in vs]
        if missing:
            raise ScoringError(f"too few answers outside fold {k} to fit {', '.join(missing)}")
        pred[fold] = predict_rows(vs, test, lambda r: row_variant(r, batch=True, emb=emb))
    return pred, fold_of


def pseudo_interview_report(
    rows: Sequence[LabelledAnswer],
    feats: Sequence[FeatureRow],
    *,
    emb: bool,
    folds: int = 5,
    size: int = DEFAULT_SIZE,
    assemblies: int = DEFAULT_ASSEMBLIES,
    settings: Sequence[str] = ("unseen-questions", "unseen-answers"),
) -> list[InterviewAgreement]:
    """Pseudo-interview agreement of the scorer refitted on ``rows`` by cross-validation, beside the
    word-count baseline fitted on the same training folds, in each setting:

    - ``unseen-questions``: grouped K-fold by question (the model never saw any answer to the question);
    - ``unseen-answers``: K folds over answers, the other folds' rated answers to the same question as
      examples (what an organisation has after rating earlier candidates).
    """
    out = []
    for setting in settings:
        if setting == "unseen-questions":
            pred, fold_of = question_cv_predictions(feats, emb=emb, folds=folds)
        elif setting == "unseen-answers":
            pred = unseen_answers_predictions(feats, emb=emb, folds=folds, own_dataset=True).fractions
            fold_of = answer_folds(feats, folds)
        else:
            raise ScoringError(f"unknown setting {setting!r}")
        base = word_count_fractions(rows, fold_of)
        out.append(
            interview_agreement(
                f"pseudo-interviews, {setting} ({folds}-fold)",
                rows,
                pred.tolist(),
                base.tolist(),
                size=size,
                assemblies=assemblies,
            )
        )
    return out
