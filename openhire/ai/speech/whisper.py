"""faster-whisper (CTranslate2, int8 on CPU) behind the :class:`SpeechRecognizer` port."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openhire.ai.media.contracts import SAMPLE_RATE, AudioClip
from openhire.ai.speech.contracts import Segment, Transcript, Word
from openhire.ai.speech.model_store import resolve_model_dir

ZH_PROMPT = "以下是普通话的句子。"
"""Steers Whisper to Mandarin written in Simplified characters with punctuation."""

LANGUAGES = ("zh", "en")
"""Languages an interview may be answered in; detection picks the most probable of these."""


_MODEL_LOCK = threading.Lock()
"""One transcription at a time per process: the model already uses every core it was given."""


@functools.lru_cache(maxsize=2)
def _load_model(model_dir: str, cpu_threads: int) -> Any:
    """One model per process and folder: loading takes about a second and 150 MB."""
    from faster_whisper import WhisperModel

    return WhisperModel(model_dir, device="cpu", compute_type="int8", cpu_threads=cpu_threads)


@functools.lru_cache(maxsize=4)
def _resolved(asr_model_env: str | None, cache_env: str | None) -> tuple[Path, str]:
    # keyed by the environment so a changed OPENHIRE_ASR_MODEL takes effect, verified once per process
    return resolve_model_dir()


class FasterWhisperRecognizer:
    """Whisper through faster-whisper with fixed, deterministic decoding (temperature 0 only).

    VAD filtering (Silero, bundled with faster-whisper) skips silence; each 30 s window is decoded
    without the previous window's text so one misheard window cannot derail the next.
    """

    name = "faster-whisper"

    def __init__(
        self,
        *,
        cpu_threads: int | None = None,
        beam_size: int = 1,
        languages: Sequence[str] = LANGUAGES,
    ) -> None:
        import ctranslate2
        import faster_whisper

        self.model_dir, self.model_id = _resolved(
            os.environ.get("OPENHIRE_ASR_MODEL"), os.environ.get("OPENHIRE_MODEL_CACHE")
        )
        self.cpu_threads = (
            cpu_threads or int(os.environ.get("OPENHIRE_ASR_THREADS", 0)) or os.cpu_count() or 1
        )
        self.beam_size = beam_size
        self.languages = tuple(languages)
        self.version = f"{faster_whisper.__version__}+ct2-{ctranslate2.__version__}"
        self.engine = f"{self.name}:{self.model_id}"

    @property
    def config(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "version": self.version,
            "compute_type": "int8",
            "beam_size": self.beam_size,
            "temperature": 0.0,
            "vad_filter": True,
            "condition_on_previous_text": False,
            "word_timestamps": True,
            "languages": list(self.languages),
            "zh_prompt": ZH_PROMPT,
            "zh_script": "zh-cn",
        }

    @property
    def config_hash(self) -> str:
        blob = json.dumps(self.config, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def transcribe(self, audio: AudioClip, *, language: str | None = None) -> Transcript:
        if audio.sample_rate != SAMPLE_RATE:
            raise ValueError(f"audio must be {SAMPLE_RATE} Hz mono, got {audio.sample_rate} Hz")
        model = _load_model(str(self.model_dir), self.cpu_threads)  # once per process, not timed
        started = time.perf_counter()
        if audio.duration_s < 0.2:
            return self._result((), language, None, audio, started, speech_s=0.0)
        with _MODEL_LOCK:
            segments, info = self._run(model, audio, language)
            collected = tuple(self._segment(s, info.language) for s in segments)
        return self._result(
            collected, info.language, info.language_probability, audio, started, info.duration_after_vad
        )

    def _run(self, model: Any, audio: AudioClip, language: str | None) -> tuple[Iterable[Any], Any]:
        common: dict[str, Any] = {
            "beam_size": self.beam_size,
            "temperature": 0.0,
            "vad_filter": True,
            "condition_on_previous_text": False,
            "word_timestamps": True,
        }
        samples = audio.samples
        if language is None:
            # Segments are generated lazily, so this call costs only VAD and language detection.
            segments, info = model.transcribe(samples, language=None, **common)
            chosen = self._pick_language(info)
            if chosen == info.language and chosen != "zh":
                return segments, info
            language = chosen
        prompt = ZH_PROMPT if language == "zh" else None
        return model.transcribe(samples, language=language, initial_prompt=prompt, **common)

    def _pick_language(self, info: Any) -> str:
        if not self.languages or info.language in self.languages:
            return str(info.language)
        probs = dict(info.all_language_probs or [])
        return max(self.languages, key=lambda code: probs.get(code, 0.0))

    @staticmethod
    def _segment(raw: Any, language: str) -> Segment:
        words = tuple(
            Word(
                start=round(float(w.start), 3),
                end=round(float(w.end), 3),
                text=_script(w.word.strip(), language),
                probability=round(float(w.probability), 4),
            )
            for w in (raw.words or ())
            if w.word.strip()
        )
        return Segment(
            start=round(float(raw.start), 3),
            end=round(float(raw.end), 3),
            text=_script(raw.text.strip(), language),
            words=words,
            avg_logprob=round(float(raw.avg_logprob), 4),
            no_speech_prob=round(float(raw.no_speech_prob), 4),
        )

    def _result(
        self,
        segments: tuple[Segment, ...],
        language: str | None,
        language_probability: float | None,
        audio: AudioClip,
        started: float,
        speech_s: float,
    ) -> Transcript:
        segments = tuple(s for s in segments if s.text)
        joiner = "" if language in ("zh", "ja") else " "
        text = joiner.join(s.text for s in segments).strip()
        words = [w for s in segments for w in s.words]
        spoken = sum(max(s.end - s.start, 1e-3) for s in segments)
        avg_logprob = (
            sum(s.avg_logprob * max(s.end - s.start, 1e-3) for s in segments) / spoken if segments else None
        )
        elapsed = time.perf_counter() - started
        return Transcript(
            text=text,
            language=language,
            segments=segments,
            engine=self.engine,
            engine_version=self.version,
            duration_s=audio.duration_s,
            rtf=elapsed / audio.duration_s if audio.duration_s > 0 else 0.0,
            avg_logprob=round(avg_logprob, 4) if avg_logprob is not None else None,
            confidence=round(sum(w.probability for w in words) / len(words), 4) if words else None,
            language_probability=round(float(language_probability), 4) if language_probability else None,
            speech_s=round(float(speech_s), 3),
            config_hash=self.config_hash,
            status="ok" if text else "no_speech",
            note="" if text else "no speech was recognised",
            extra={"elapsed_s": round(elapsed, 3)},
        )


def _script(text: str, language: str) -> str:
    """Whisper often writes Mandarin in Traditional characters; interviews are read in Simplified."""
    if language != "zh" or not text:
        return text
    import zhconv

    return str(zhconv.convert(text, "zh-cn"))
