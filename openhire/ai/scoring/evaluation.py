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


def agreement(name: str, rows: Sequence[LabelledAnswer], fractions: Sequence[float]) -> Agreement:
    """Pearson/Spearman of predicted fractions vs human targets; QWK on the dataset's own steps."""
    y = [r.target for r in rows]
    steps = qwk_levels(rows)
    human = [round(t * steps) for t in y]
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
