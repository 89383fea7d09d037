"""Protocols for the engines behind the AI stages.

Each stage has a cheap built-in engine that always works; stronger engines plug in behind these
ports. Every engine names itself (``name``, ``version``) so results can say what produced them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Engine(Protocol):
    name: str
    version: str


@runtime_checkable
class Embedder(Engine, Protocol):
    """Sentence embeddings; rows are L2-normalised float32 vectors."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@runtime_checkable
class LLMClient(Engine, Protocol):
    """An OpenAI-compatible chat endpoint, asked for JSON at temperature 0."""

    def complete_json(self, *, system: str, user: str, schema: dict[str, Any]) -> dict[str, Any]: ...
