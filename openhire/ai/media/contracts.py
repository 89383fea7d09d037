"""Frozen dataclasses describing media and its decoded content."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SAMPLE_RATE = 16_000
"""Every stage consumes mono float32 audio at this rate (what Whisper and Silero VAD expect)."""


@dataclass(frozen=True)
class MediaInfo:
    """What a media file holds, found from its content (never from its name or declared type)."""

    container: str  # short name: webm, mp4, ogg, wav, mp3, flac, matroska
    format_name: str  # FFmpeg's demuxer name, e.g. "matroska,webm"
    audio_codec: str | None
    video_codec: str | None
    duration_s: float
    width: int | None
    height: int | None
    has_audio: bool
    has_video: bool
    sample_rate: int | None = None
    channels: int | None = None
    size_bytes: int = 0


@dataclass(frozen=True, eq=False)
class AudioClip:
    """Mono float32 samples in [-1, 1] at ``sample_rate`` (16 kHz); the array is read-only."""

    samples: np.ndarray
    sample_rate: int = SAMPLE_RATE
    truncated: bool = False  # decoding stopped early at a corrupt packet; what came before is kept

    @property
    def duration_s(self) -> float:
        return float(self.samples.shape[0]) / float(self.sample_rate)


@dataclass(frozen=True, eq=False)
class VideoFrame:
    """One sampled video frame: ``t`` seconds from the start, ``image`` a grey uint8 HxW array."""

    t: float
    image: np.ndarray
