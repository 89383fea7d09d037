"""The calibrated scorer: ridge regressions from content features to the human score (0–1).

One linear model per *variant* (with/without reference answers, with/without embeddings, with/without
per-question batch features), fitted on standardised features, followed by a monotone piecewise-linear
calibration (isotonic regression on the training fit, stored as knots). Stored as JSON: small,
diffable, no pickle. Fitting is closed-form, so the same rows give exactly the same model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from openhire.ai.scoring.contracts import ScoringError

MODEL_FORMAT = 1


@dataclass(frozen=True)
class LinearVariant:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    calib_x: tuple[float, ...] = ()
    calib_y: tuple[float, ...] = ()
    n_train: int = 0

    def predict_raw(self, features: Mapping[str, float]) -> float:
        x = np.array([features.get(n, 0.0) for n in self.features], dtype=np.float64)
        z = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        return float(z @ np.asarray(self.coef) + self.intercept)

    def predict(self, features: Mapping[str, float]) -> float:
        """Calibrated prediction as a fraction of the scale, clipped to 0..1."""
        raw = self.predict_raw(features)
        if self.calib_x:
            raw = float(np.interp(raw, self.calib_x, self.calib_y))
        return float(min(1.0, max(0.0, raw)))

    def contributions(self, features: Mapping[str, float]) -> dict[str, float]:
        """Each feature's additive share of the raw prediction (coef × standardised value)."""
        out = {}
        for n, m, s, c in zip(self.features, self.mean, self.scale, self.coef, strict=True):
            out[n] = float(c * (features.get(n, 0.0) - m) / s)
        return out


@dataclass(frozen=True)
class ScorerModel:
    version: str
    variants: Mapping[str, LinearVariant]
    alpha: float
    trained_on: tuple[str, ...] = ()
    info: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        data = {
            "format": MODEL_FORMAT,
            "version": self.version,
            "alpha": self.alpha,
            "trained_on": list(self.trained_on),
            "info": dict(self.info),
            "variants": {
                k: {
                    "features": list(v.features),
                    "mean": [round(x, 8) for x in v.mean],
                    "scale": [round(x, 8) for x in v.scale],
                    "coef": [round(x, 8) for x in v.coef],
                    "intercept": round(v.intercept, 8),
                    "calib_x": [round(x, 6) for x in v.calib_x],
                    "calib_y": [round(x, 6) for x in v.calib_y],
                    "n_train": v.n_train,
                }
                for k, v in sorted(self.variants.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.to_json().encode()).hexdigest()[:16]

    @classmethod
    def from_json(cls, text: str) -> ScorerModel:
        try:
            data = json.loads(text)
            if data.get("format") != MODEL_FORMAT:
                raise ScoringError(f"unsupported scorer model format {data.get('format')!r}")
            variants = {
                k: LinearVariant(
                    features=tuple(v["features"]),
                    mean=tuple(v["mean"]),
                    scale=tuple(v["scale"]),
                    coef=tuple(v["coef"]),
                    intercept=float(v["intercept"]),
                    calib_x=tuple(v.get("calib_x", ())),
                    calib_y=tuple(v.get("calib_y", ())),
                    n_train=int(v.get("n_train", 0)),
                )
                for k, v in data["variants"].items()
            }
            return cls(
                version=str(data["version"]),
                variants=variants,
                alpha=float(data["alpha"]),
                trained_on=tuple(data.get("trained_on", ())),
                info=data.get("info", {}),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            if isinstance(exc, ScoringError):
                raise
            raise ScoringError(f"not a scorer model file: {exc}") from exc

    @classmethod
    def load(cls, path: str | Path) -> ScorerModel:
        try:
            return cls.from_json(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ScoringError(f"cannot read scorer model {path}: {exc}") from exc

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")


def _isotonic_knots(
    raw: np.ndarray, y: np.ndarray, max_knots: int = 24
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    fitted = _isotonic_fit(raw, y)
    order = np.argsort(raw, kind="mergesort")
    qs = np.quantile(raw, np.linspace(0.0, 1.0, max_knots))
    xs = np.unique(np.round(qs, 6))
    ys = np.interp(xs, raw[order], fitted[order])
    return tuple(float(x) for x in xs), tuple(float(v) for v in np.round(np.clip(ys, 0.0, 1.0), 6))


def _isotonic_fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pool-adjacent-violators: the non-decreasing fit of ``y`` ordered by ``x`` (ties averaged)."""
    order = np.argsort(x, kind="mergesort")
    xs, ys = x[order], y[order]
    # average tied x first so the fit is a function of x
    uniq, start = np.unique(xs, return_index=True)
    sums = np.add.reduceat(ys, start)
    counts = np.diff(np.append(start, len(xs))).astype(np.float64)
    values: list[float] = []
    weights: list[float] = []
    sizes: list[int] = []
    for s, c in zip(sums, counts, strict=True):
        values.append(float(s / c))
        weights.append(float(c))
        sizes.append(1)
        while len(values) > 1 and values[-2] > values[-1]:
            w = weights[-2] + weights[-1]
            v = (values[-2] * weights[-2] + values[-1] * weights[-1]) / w
            n = sizes[-2] + sizes[-1]
            values[-2:], weights[-2:], sizes[-2:] = [v], [w], [n]
    per_unique = np.repeat(values, sizes)
    out = np.empty(len(x))
    out[order] = np.repeat(per_unique, counts.astype(np.int64))
    _ = uniq
    return out


def fit_variant(
    rows: Sequence[Mapping[str, float]],
    targets: Sequence[float],
    features: tuple[str, ...],
    *,
    alpha: float = 3.0,
    calibrate: bool = True,
    weights: Sequence[float] | None = None,
) -> LinearVariant:
    """Closed-form weighted ridge on standardised ``features``, then isotonic calibration knots."""
    if len(rows) != len(targets):
        raise ScoringError("rows and targets differ in length")
    if len(rows) < max(10, len(features) + 2):
        raise ScoringError(
            f"need at least {max(10, len(features) + 2)} rated answers to fit, got {len(rows)}"
        )
    x = np.array([[r.get(n, 0.0) for n in features] for r in rows], dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ScoringError("features and targets must be finite numbers")
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    w = w / w.mean()
    mean = np.average(x, axis=0, weights=w)
    scale = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=w))
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    y_mean = float(np.average(y, weights=w))
    zw = z * w[:, None]
    coef = np.linalg.solve(z.T @ zw + alpha * np.eye(len(features)), zw.T @ (y - y_mean))
    raw = z @ coef + y_mean
    calib_x: tuple[float, ...] = ()
    calib_y: tuple[float, ...] = ()
    if calibrate:
        calib_x, calib_y = _isotonic_knots(raw, y)
    return LinearVariant(
        features=features,
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        coef=tuple(float(v) for v in coef),
        intercept=y_mean,
        calib_x=calib_x,
        calib_y=calib_y,
        n_train=len(y),
    )
