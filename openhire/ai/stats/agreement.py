"""Pearson, Spearman, quadratic weighted kappa, ICC and percentile ranks (numpy only).

Every function validates its input and raises :class:`StatsError` with a message that says what is
wrong (different lengths, too few items, constant input) instead of returning NaN silently.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeAlias

import numpy as np

Numbers: TypeAlias = Sequence[float] | np.ndarray


class StatsError(ValueError):
    """The input cannot give a meaningful statistic."""


def _pair(x: Numbers, y: Numbers) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(x, dtype=np.float64)
    b = np.asarray(y, dtype=np.float64)
    if a.ndim != 1 or b.ndim != 1:
        raise StatsError("expected two flat sequences of numbers")
    if a.shape != b.shape:
        raise StatsError(f"sequences differ in length: {a.shape[0]} vs {b.shape[0]}")
    if a.shape[0] < 2:
        raise StatsError("need at least two pairs")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise StatsError("values must be finite numbers (no NaN or infinity)")
    return a, b


def pearson(x: Numbers, y: Numbers) -> float:
    """Pearson correlation; a constant sequence raises :class:`StatsError`."""
    a, b = _pair(x, y)
    a = a - a.mean()
    b = b - b.mean()
    denom = math.sqrt(float(a @ a) * float(b @ b))
    if denom == 0.0:
        raise StatsError("correlation is undefined for a constant sequence")
    return float(np.clip((a @ b) / denom, -1.0, 1.0))


def _average_ranks(values: np.ndarray) -> np.ndarray:
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values), dtype=np.float64)
    sorted_vals = values[order]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and sorted_vals[j + 1] == sorted_vals[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def spearman(x: Numbers, y: Numbers) -> float:
    """Spearman rank correlation (Pearson of average ranks, ties handled)."""
    a, b = _pair(x, y)
    return pearson(_average_ranks(a).tolist(), _average_ranks(b).tolist())


def quadratic_weighted_kappa(
    rater_a: Sequence[int] | np.ndarray,
    rater_b: Sequence[int] | np.ndarray,
    *,
    min_rating: int | None = None,
    max_rating: int | None = None,
) -> float:
    """Cohen's kappa with quadratic weights over integer ratings ``min_rating..max_rating``."""
    a, b = _pair([float(v) for v in rater_a], [float(v) for v in rater_b])
    if not (np.all(a == np.round(a)) and np.all(b == np.round(b))):
        raise StatsError("quadratic weighted kappa needs integer ratings")
    ai = a.astype(np.int64)
    bi = b.astype(np.int64)
    lo = int(min(ai.min(), bi.min())) if min_rating is None else min_rating
    hi = int(max(ai.max(), bi.max())) if max_rating is None else max_rating
    if hi <= lo:
        raise StatsError("need at least two distinct rating levels")
    if ai.min() < lo or bi.min() < lo or ai.max() > hi or bi.max() > hi:
        raise StatsError(f"ratings outside the range {lo}..{hi}")
    n = hi - lo + 1
    observed = np.zeros((n, n), dtype=np.float64)
    np.add.at(observed, (ai - lo, bi - lo), 1.0)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    idx = np.arange(n)
    weights = (idx[:, None] - idx[None, :]) ** 2 / float((n - 1) ** 2)
    denom = float((weights * expected).sum())
    if denom == 0.0:
        raise StatsError("kappa is undefined when both raters use a single level")
    return float(1.0 - (weights * observed).sum() / denom)


def icc(ratings: Sequence[Sequence[float]] | np.ndarray, *, kind: str = "2,1") -> float:
    """Intraclass correlation for ``n`` targets rated by ``k`` raters (rows = targets).

    ``kind`` is ``"2,1"`` (two-way random, absolute agreement, single rater; Shrout & Fleiss) or
    ``"3,1"`` (two-way mixed, consistency, single rater).
    """
    m = np.asarray(ratings, dtype=np.float64)
    if m.ndim != 2 or m.shape[0] < 2 or m.shape[1] < 2:
        raise StatsError("ICC needs a table of at least 2 targets x 2 raters")
    if not np.all(np.isfinite(m)):
        raise StatsError("ratings must be finite numbers")
    n, k = m.shape
    grand = m.mean()
    ss_rows = k * float(((m.mean(axis=1) - grand) ** 2).sum())
    ss_cols = n * float(((m.mean(axis=0) - grand) ** 2).sum())
    ss_total = float(((m - grand) ** 2).sum())
    ss_err = ss_total - ss_rows - ss_cols
    msr = ss_rows / (n - 1)
    msc = ss_cols / (k - 1)
    mse = ss_err / ((n - 1) * (k - 1))
    if kind == "2,1":
        denom = msr + (k - 1) * mse + k * (msc - mse) / n
    elif kind == "3,1":
        denom = msr + (k - 1) * mse
    else:
        raise StatsError(f"unknown ICC kind {kind!r}; use '2,1' or '3,1'")
    if denom == 0.0:
        raise StatsError("ICC is undefined when all ratings are equal")
    return float((msr - mse) / denom)


def percentile_rank(value: float, population: Numbers) -> float:
    """Percent of ``population`` below ``value``, counting ties as half (0–100)."""
    pop = np.asarray(population, dtype=np.float64)
    if pop.ndim != 1 or pop.shape[0] == 0:
        raise StatsError("the benchmark group is empty")
    if not (np.all(np.isfinite(pop)) and math.isfinite(value)):
        raise StatsError("values must be finite numbers")
    below = float((pop < value).sum())
    equal = float((pop == value).sum())
    return float(100.0 * (below + 0.5 * equal) / pop.shape[0])
