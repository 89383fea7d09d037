"""Delivery signals: how an answer was spoken, never what it means or how the speaker feels."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Pause:
    start: float
    end: float

    @property
    def duration_s(self) -> float:
        return round(self.end - self.start, 3)


@dataclass(frozen=True)
class DeliveryConfig:
    pause_min_s: float = 0.3  # shorter gaps are part of normal articulation
    long_pause_s: float = 2.0
    silence_below_peak_db: float = 30.0  # a 20 ms frame this far below the loud frames is silence
    pitch_floor_hz: float = 75.0
    pitch_ceiling_hz: float = 500.0
    prosody: bool = True  # pitch and loudness; organisations may switch it off
    # second voice: 1-second windows of voiced speech, grouped by their median pitch
    voice_window_s: float = 1.0
    voice_min_windows: int = 6
    voice_gap_st: float = 6.0  # the two groups' typical pitch at least this far apart (semitones)
    voice_min_share: float = 0.15  # and the smaller group at least this share of the windows
    # read aloud: all of these over one answer
    read_min_span_s: float = 30.0
    read_max_pause_ratio: float = 0.10
    read_min_rate_zh: float = 280.0  # characters per minute
    read_min_rate_en: float = 165.0  # words per minute

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Prosody:
    pitch_median_hz: float | None
    pitch_variability_st: float | None  # standard deviation of pitch in semitones around the median
    loudness_variability_db: float | None  # standard deviation of intensity over speech frames
    voiced_ratio: float | None  # share of speech frames with a pitch
    # A second speaker: stretches of speech whose typical pitch sits far from the candidate's own
    # (None: too little voiced speech to tell). A confidence flag for a reviewer, never a score.
    second_voice: bool | None = None
    second_voice_share: float | None = None  # share of the 1-second windows in the other pitch group


@dataclass(frozen=True)
class DeliverySignals:
    language: str | None
    speaking_rate: float | None  # per minute of the span from first to last word
    rate_unit: Literal["chars/min", "words/min"]
    units: int  # Chinese characters or English words counted
    speech_span_s: float
    pause_ratio: float | None  # share of the speech span that is silent pauses (>= pause_min_s)
    pause_count: int
    long_pauses: tuple[Pause, ...]
    pause_source: Literal["audio", "word_timestamps", "none"]
    filler_count: int
    fillers: tuple[tuple[str, int], ...]  # (filler, count), most frequent first
    fillers_per_min: float | None
    prosody: Prosody | None
    engine: str
    engine_version: str
    config_hash: str
    notes: tuple[str, ...] = ()
    # Fluent, fast, filler-free speech with no long pause over a long answer: the pattern of reading
    # a prepared text aloud. A confidence flag that asks a person to look, never a score.
    read_aloud: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["fillers"] = dict(self.fillers)
        return data
