"""Delivery signals for one answer from its transcript (word timings) and its 16 kHz audio."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from typing import Literal

from openhire.ai.delivery.contracts import DeliveryConfig, DeliverySignals, Pause
from openhire.ai.delivery.fillers import count_fillers
from openhire.ai.delivery.prosody import measure_prosody, silent_pauses
from openhire.ai.media.contracts import AudioClip
from openhire.ai.speech.contracts import Transcript

ENGINE = "openhire-delivery"
VERSION = "2"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_EN_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+(?:\.\d+)?")


def text_language(text: str) -> str:
    """``zh`` when Chinese characters outnumber English words, else ``en``."""
    return "zh" if len(_HAN.findall(text)) >= len(_EN_WORD.findall(text)) and _HAN.search(text) else "en"


def count_units(text: str, language: str) -> int:
    """Chinese characters for ``zh`` (plus any English words mixed in), words for ``en``."""
    if language == "zh":
        return len(_HAN.findall(text)) + len(_EN_WORD.findall(text))
    return len(_EN_WORD.findall(text))


def analyse_delivery(
    transcript: Transcript, audio: AudioClip | None = None, *, config: DeliveryConfig | None = None
) -> DeliverySignals:
    """Speaking rate, pauses, fillers and (with ``audio``) pitch and loudness variability.

    Pauses come from the audio level inside the spoken span when audio is given, else from gaps
    between word timestamps. Nothing here infers emotion.
    """
    config = config or DeliveryConfig()
    notes: list[str] = []
    language = transcript.language if transcript.language in ("zh", "en") else text_language(transcript.text)
    words = transcript.words
    if words:
        start, end = words[0].start, words[-1].end
    elif transcript.segments and transcript.segments[-1].end > 0:
        start, end = transcript.segments[0].start, transcript.segments[-1].end
        notes.append("no word timings: rate uses segment times")
    else:
        start = end = 0.0
    span = max(0.0, end - start)
    units = count_units(transcript.text, language)
    minutes = span / 60.0
    rate = round(units / minutes, 1) if minutes > 0 and units else None
    if span and span < 3.0:
        notes.append("answer shorter than 3 s: rates are unreliable")

    pauses: list[Pause]
    source: Literal["audio", "word_timestamps", "none"]
    if audio is not None and span > 0:
        pauses, source = silent_pauses(audio, start, end, config), "audio"
    elif len(words) > 1:
        pauses = [
            Pause(a.end, b.start)
            for a, b in itertools.pairwise(words)
            if b.start - a.end >= config.pause_min_s
        ]
        source = "word_timestamps"
    else:
        pauses, source = [], "none"
    paused = sum(p.duration_s for p in pauses)
    fillers = count_fillers(transcript.text, language)
    filler_total = sum(fillers.values())
    prosody = None
    if audio is not None and config.prosody and span > 0:
        prosody = measure_prosody(audio, start, end, config)
    pause_ratio = round(paused / span, 4) if span > 0 and source != "none" else None
    min_rate = config.read_min_rate_zh if language == "zh" else config.read_min_rate_en
    read_aloud = bool(
        span >= config.read_min_span_s
        and filler_total == 0
        and rate is not None
        and rate >= min_rate
        and pause_ratio is not None
        and pause_ratio <= config.read_max_pause_ratio
        and not any(p.duration_s >= config.long_pause_s for p in pauses)
    )
    return DeliverySignals(
        language=language,
        speaking_rate=rate,
        rate_unit="chars/min" if language == "zh" else "words/min",
        units=units,
        speech_span_s=round(span, 3),
        pause_ratio=pause_ratio,
        pause_count=len(pauses),
        long_pauses=tuple(p for p in pauses if p.duration_s >= config.long_pause_s),
        pause_source=source,
        filler_count=filler_total,
        fillers=tuple(sorted(fillers.items(), key=lambda kv: (-kv[1], kv[0]))),
        fillers_per_min=round(filler_total / minutes, 2) if minutes > 0 else None,
        prosody=prosody,
        engine=ENGINE,
        engine_version=f"{VERSION}+parselmouth-{_parselmouth_version()}" if prosody else VERSION,
        config_hash=hashlib.sha256(json.dumps(config.to_dict(), sort_keys=True).encode()).hexdigest()[:16],
        notes=tuple(notes),
        read_aloud=read_aloud,
    )


def _parselmouth_version() -> str:
    import parselmouth

    return str(parselmouth.VERSION)
