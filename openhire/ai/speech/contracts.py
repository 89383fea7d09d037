"""Transcripts with segment and word timestamps, as frozen dataclasses."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

TranscriptStatus = Literal["ok", "no_speech", "no_engine", "manual"]
"""``ok``: recognised; ``no_speech``: the engine heard nothing; ``no_engine``: no speech engine is
installed, the answer waits for a transcript pasted by HR; ``manual``: pasted by a person."""


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str | None  # ISO 639-1 ("zh", "en"); None when unknown
    segments: tuple[Segment, ...]
    engine: str  # e.g. "faster-whisper:base", "none", "manual"
    engine_version: str
    duration_s: float  # length of the audio
    rtf: float  # processing seconds / audio seconds (0 when nothing was processed)
    avg_logprob: float | None = None  # duration-weighted mean over segments
    confidence: float | None = None  # mean word probability in [0, 1]
    language_probability: float | None = None
    speech_s: float | None = None  # speech kept by the voice activity detector
    config_hash: str = ""
    status: TranscriptStatus = "ok"
    note: str = ""  # why a transcript is missing or who supplied it
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for s in self.segments for w in s.words)

    @property
    def needs_manual_transcript(self) -> bool:
        return self.status == "no_engine"

    def to_dict(self, *, words: bool = False) -> dict[str, Any]:
        """The stable JSON shape of ``openhire transcribe --json`` (plus word timings if asked)."""
        data = asdict(self)
        data.pop("extra")
        data["segments"] = list(data["segments"])
        for seg in data["segments"]:
            seg["words"] = list(seg["words"])
            seg["start"] = round(seg["start"], 3)
            seg["end"] = round(seg["end"], 3)
            if not words:
                seg.pop("words")
        data["rtf"] = round(self.rtf, 4)
        data["duration_s"] = round(self.duration_s, 3)
        return data
