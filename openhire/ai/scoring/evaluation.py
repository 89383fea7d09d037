"""Agreement of the scorer with human scores, with the baselines printed beside it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from openhire.ai.scoring.datasets import LabelledAnswer
from openhire.ai.scoring.text import content_tokens, length_units, overlap_recall
from openhire.ai.stats import StatsError, pearson, quadratic_weighted_kappa, spearman


@dataclass(frozen=True)
class Agreement:
    name: str
    n: int
    pearson: float
    spearman: float
    qwk: float

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "n": self.n,
            "pearson": self.pearson,
            "spearman": self.spearman,
            "qwk": self.qwk,
        }


def qwk_levels(rows: Sequence[LabelledAnswer]) -> int:
    """Number of steps of the scale used for QWK: half points on 0–5 (Mohler), tenths on 0–1, else units."""
    span = rows[0].label_max - rows[0].label_min
    if span <= 1.0:
        return 10
    if span <= 5.0:
        return int(span * 2)
    return int(span)


def _qwk_counts(human: np.ndarray, pred: np.ndarray, levels: int) -> float:
    observed = np.zeros((levels, levels), dtype=np.float64)
    np.add.at(observed, (human, pred), 1.0)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / max(1.0, observed.sum())
    idx = np.arange(levels)
    weights = (idx[:, None] - idx[None, :]) ** 2
    denom = float((weights * expected).sum())
    return 1.0 - float((weights * observed).sum()) / denom if denom else 0.0


def default_cut_points(steps: int) -> np.ndarray:
    """Plain rounding of a 0–1 fraction to ``0..steps`` as cut points."""
    return (np.arange(steps, dtype=np.float64) + 0.5) / steps


def apply_cut_points(
    cuts: Sequence[float] | np.ndarray, fractions: Sequence[float] | np.ndarray
) -> np.ndarray:
    """Grade ``0..len(cuts)``: the number of cut points at or below each fraction."""
    return np.searchsorted(
        np.asarray(cuts, dtype=np.float64), np.asarray(fractions, dtype=np.float64), side="right"
    )


def fit_cut_points(
    fractions: Sequence[float], human: Sequence[int], steps: int, *, passes: int = 3
) -> np.ndarray:
    """Cut points turning continuous predictions into grades ``0..steps`` that maximise QWK on these
    (training) rows: coordinate ascent from plain rounding over the predictions' quantiles, each cut
    kept between its neighbours. Deterministic; falls back to plain rounding with fewer than 10 rows."""
    cuts = default_cut_points(steps)
    x = np.asarray(fractions, dtype=np.float64)
    h = np.clip(np.asarray(human, dtype=np.int64), 0, steps)
    if len(x) < 10 or len(set(h.tolist())) < 2:
        return cuts
    grid = np.unique(np.round(np.quantile(x, np.linspace(0.0, 1.0, 201)), 6))
    best = _qwk_counts(h, apply_cut_points(cuts, x), steps + 1)
    for _ in range(passes):
        improved = False
        for j in range(steps):
            lo = cuts[j - 1] if j else -np.inf
            hi = cuts[j + 1] if j + 1 < steps else np.inf
            for g in grid[(grid >= lo) & (grid <= hi)]:
                trial = cuts.copy()
                trial[j] = g
                score = _qwk_counts(h, apply_cut_points(trial, x), steps + 1)
                if score > best + 1e-12:
                    best, cuts, improved = score, trial, True
        if not improved:
            break
    return cuts


def agreement(
    name: str,
    rows: Sequence[LabelledAnswer],
    fractions: Sequence[float],
    *,
    grades: Sequence[int] | None = None,
) -> Agreement:
    """Pearson/Spearman of predicted fractions vs human targets; QWK on the dataset's own steps, of
    ``grades`` when given (e.g. from fitted cut points), else of the rounded fractions."""
    y = [r.target for r in rows]
    steps = qwk_levels(rows)
    human = [round(t * steps) for t in y]
    if grades is not None:
        pred = [min(steps, max(0, int(g))) for g in grades]
    else:
        pred = [min(steps, max(0, round(f * steps))) for f in fractions]

    def safe(fn: object, *args: object) -> float:
        try:
            return round(float(fn(*args)), 4)  # type: ignore[operator]
        except StatsError:
            return math.nan

    return Agreement(
        name=name,
        n=len(rows),
        pearson=safe(pearson, fractions, y),
        spearman=safe(spearman, fractions, y),
        qwk=safe(quadratic_weighted_kappa, human, pred),
    )


def baseline_fractions(rows: Sequence[LabelledAnswer], kind: str) -> list[float]:
    """Token overlap with the best reference, or answer length, mapped to the human scale by a linear
    fit on the same rows (in-sample: this favours the baseline, not the scorer)."""
    if kind == "token-overlap":
        raw = [
            max(
                (overlap_recall(content_tokens(ref), content_tokens(r.answer)) for ref in r.references),
                default=0.0,
            )
            for r in rows
        ]
    elif kind == "word-count":
        raw = [float(length_units(r.answer)) for r in rows]
    else:
        raise ValueError(f"unknown baseline {kind!r}")
    x = np.asarray(raw, dtype=np.float64)
    y = np.asarray([r.target for r in rows], dtype=np.float64)
    if float(np.std(x)) == 0.0:
        return [float(np.mean(y))] * len(rows)
    slope, intercept = np.polyfit(x, y, 1)
    return [float(v) for v in np.clip(slope * x + intercept, 0.0, 1.0)]
