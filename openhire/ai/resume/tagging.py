"""The optional Chinese entity tagger, loaded lazily; the parser works without it."""

from __future__ import annotations

from functools import lru_cache

from openhire.ai.resume.contracts import EngineInfo, EntityTagger, TaggedEntity

# --- tagger -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _default_tagger() -> tuple[EntityTagger | None, str]:
    """The packaged Chinese entity tagger, loaded once; (None, why) when it is not available."""
    try:
        from openhire.ai.resume.ner import load_tagger  # type: ignore[attr-defined]
    except ImportError as exc:
        return None, f"Chinese entity tagger unavailable ({exc}); rules only"
    try:
        tagger = load_tagger()
    except Exception as exc:  # a missing or damaged model file must not stop parsing
        return None, f"Chinese entity tagger failed to load ({type(exc).__name__}: {exc}); rules only"
    if tagger is None:
        return None, "Chinese entity tagger unavailable (no model); rules only"
    return tagger, ""


def _engine_of(tagger: object) -> EngineInfo:
    return EngineInfo(
        str(getattr(tagger, "name", type(tagger).__name__)), str(getattr(tagger, "version", "0"))
    )


class _Tagging:
    """Calls the tagger lazily, caching per text, and records failures instead of raising."""

    def __init__(self, tagger: EntityTagger | None) -> None:
        self.tagger = tagger
        self.used = False
        self.errors: list[str] = []
        self._cache: dict[str, list[TaggedEntity]] = {}

    def entities(self, text: str, kind: str) -> list[str]:
        if self.tagger is None or not text.strip():
            return []
        if text not in self._cache:
            try:
                self._cache[text] = list(self.tagger.tag(text))
                self.used = True
            except Exception as exc:  # the tagger is an optional engine: degrade, never crash
                self.errors.append(f"entity tagger failed ({type(exc).__name__})")
                self.tagger = None
                return []
        return [e.text for e in self._cache[text] if e.type == kind and e.text.strip()]

    def entity_spans(self, text: str) -> list[TaggedEntity]:
        self.entities(text, "")
        return list(self._cache.get(text, []))
