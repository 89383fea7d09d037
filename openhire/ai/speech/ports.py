"""The port every speech engine implements."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from openhire.ai.media.contracts import AudioClip
from openhire.ai.speech.contracts import Transcript


@runtime_checkable
class SpeechRecognizer(Protocol):
    """Turns 16 kHz mono audio into a :class:`Transcript`; the same audio gives the same transcript."""

    name: str
    version: str

    @property
    def config_hash(self) -> str: ...

    def transcribe(self, audio: AudioClip, *, language: str | None = None) -> Transcript: ...
