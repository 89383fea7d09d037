"""Speech recognition: the :class:`SpeechRecognizer` port, faster-whisper, and the no-engine result."""

from __future__ import annotations

import os

from openhire.ai.media.contracts import AudioClip
from openhire.ai.media.decode import decode_audio
from openhire.ai.speech.contracts import Segment, Transcript, TranscriptStatus, Word
from openhire.ai.speech.model_store import ModelUnavailable
from openhire.ai.speech.none import NoSpeechEngine, manual_transcript
from openhire.ai.speech.ports import SpeechRecognizer

__all__ = [
    "AudioClip",
    "ModelUnavailable",
    "NoSpeechEngine",
    "Segment",
    "SpeechRecognizer",
    "Transcript",
    "TranscriptStatus",
    "Word",
    "default_recognizer",
    "manual_transcript",
    "transcribe_file",
]


def default_recognizer() -> SpeechRecognizer:
    """faster-whisper when it and a verified model are available, else :class:`NoSpeechEngine`.

    ``OPENHIRE_ASR_ENGINE=none`` switches speech recognition off.
    """
    if os.environ.get("OPENHIRE_ASR_ENGINE", "").lower() == "none":
        return NoSpeechEngine("speech recognition is switched off (OPENHIRE_ASR_ENGINE=none)")
    try:
        from openhire.ai.speech.whisper import FasterWhisperRecognizer

        return FasterWhisperRecognizer()
    except ImportError as exc:
        return NoSpeechEngine(f"faster-whisper is not installed ({exc.name})")
    except ModelUnavailable as exc:
        return NoSpeechEngine(str(exc))


def transcribe_file(
    path: str | os.PathLike[str],
    *,
    language: str | None = None,
    recognizer: SpeechRecognizer | None = None,
) -> Transcript:
    """Decode ``path`` to 16 kHz mono and transcribe it; raises ``MediaError`` for unusable media."""
    audio = decode_audio(path)
    return (recognizer or default_recognizer()).transcribe(audio, language=language)
