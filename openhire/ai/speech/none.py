"""The engine used when no speech recogniser is installed, and transcripts pasted by a person."""

from __future__ import annotations

import hashlib

from openhire.ai.media.contracts import AudioClip
from openhire.ai.speech.contracts import Segment, Transcript


class NoSpeechEngine:
    """Always works, recognises nothing: the answer is marked as waiting for a pasted transcript."""

    name = "none"
    version = "1"

    def __init__(self, reason: str = "no speech engine is installed") -> None:
        self.reason = reason

    @property
    def config_hash(self) -> str:
        return hashlib.sha256(b"none:1").hexdigest()[:16]

    def transcribe(self, audio: AudioClip, *, language: str | None = None) -> Transcript:
        return Transcript(
            text="",
            language=language,
            segments=(),
            engine=self.name,
            engine_version=self.version,
            duration_s=audio.duration_s,
            rtf=0.0,
            config_hash=self.config_hash,
            status="no_engine",
            note=f"{self.reason}; waiting for a transcript pasted by HR",
        )


def manual_transcript(
    text: str, *, language: str | None, duration_s: float = 0.0, author: str = ""
) -> Transcript:
    """A transcript typed or pasted by a person, marked as such (``status="manual"``)."""
    clean = text.strip()
    if not clean:
        raise ValueError("a manual transcript needs some text")
    segment = Segment(start=0.0, end=duration_s, text=clean)
    return Transcript(
        text=clean,
        language=language,
        segments=(segment,),
        engine="manual",
        engine_version="1",
        duration_s=duration_s,
        rtf=0.0,
        config_hash=hashlib.sha256(b"manual:1").hexdigest()[:16],
        status="manual",
        note=f"pasted by {author}" if author else "pasted by a person",
    )
