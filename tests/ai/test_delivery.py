"""Delivery signals: speaking rate, pauses, fillers, pitch and loudness variability."""

from __future__ import annotations

import numpy as np
import pytest

from openhire.ai.delivery import DeliveryConfig, analyse_delivery, count_fillers, text_language
from openhire.ai.media import AudioClip
from openhire.ai.media import synthetic as syn
from openhire.ai.speech import Segment, Transcript, Word, manual_transcript


def _transcript(words: list[tuple[float, float, str]], language: str, joiner: str = " ") -> Transcript:
    ws = tuple(Word(start=a, end=b, text=t, probability=0.9) for a, b, t in words)
    text = joiner.join(t for _, _, t in words)
    segment = Segment(start=ws[0].start, end=ws[-1].end, text=text, words=ws)
    return Transcript(
        text=text, language=language, segments=(segment,), engine="test", engine_version="1",
        duration_s=ws[-1].end + 0.5, rtf=0.0,
    )  # fmt: skip


def test_english_rate_is_words_per_minute_over_the_spoken_span() -> None:
    # 10 words spoken between 1.0 s and 5.0 s -> 150 words/min
    words = [
        (1.0 + 0.4 * i, 1.0 + 0.4 * i + 0.3, w)
        for i, w in enumerate(["I", "led", "a", "team", "of", "five", "and", "we", "shipped"])
    ]
    words.append((4.6, 5.0, "it."))
    signals = analyse_delivery(_transcript(words, "en"))
    assert signals.rate_unit == "words/min"
    assert signals.units == 10
    assert signals.speaking_rate == pytest.approx(150.0)


def test_chinese_rate_is_characters_per_minute() -> None:
    chars = "我负责这个项目的设计"
    words = [(0.25 * i, 0.25 * i + 0.2, ch) for i, ch in enumerate(chars)]
    signals = analyse_delivery(_transcript(words, "zh", joiner=""))
    assert signals.rate_unit == "chars/min"
    assert signals.units == 10
    assert signals.speaking_rate == pytest.approx(10 / (2.45 / 60), rel=1e-3)


def test_pauses_from_word_gaps_when_there_is_no_audio() -> None:
    words = [(0.0, 0.5, "First"), (0.6, 1.0, "point."), (3.5, 4.0, "Second"), (4.4, 5.0, "point.")]
    signals = analyse_delivery(_transcript(words, "en"))
    assert signals.pause_source == "word_timestamps"
    assert signals.pause_count == 2  # 2.5 s and 0.4 s; the 0.1 s gap is articulation
    assert [(p.start, p.end) for p in signals.long_pauses] == [(1.0, 3.5)]
    assert signals.pause_ratio == pytest.approx(2.9 / 5.0)


def test_pauses_measured_in_the_audio() -> None:
    audio = AudioClip(
        syn.concat([syn.silence(0.5), syn.tone(2.0), syn.silence(2.5), syn.tone(2.0), syn.silence(0.5)])
    )
    words = [(0.5, 2.5, "talking"), (5.0, 7.0, "again")]
    signals = analyse_delivery(_transcript(words, "en"), audio, config=DeliveryConfig(prosody=False))
    assert signals.pause_source == "audio"
    assert signals.pause_count == 1
    (pause,) = signals.long_pauses
    assert pause.start == pytest.approx(2.5, abs=0.05) and pause.end == pytest.approx(5.0, abs=0.05)
    assert signals.pause_ratio == pytest.approx(2.5 / 6.5, abs=0.02)
    assert signals.prosody is None


def test_filler_words_in_chinese_and_english() -> None:
    zh = count_fillers("嗯，我觉得那个，就是，我们先做了调研。也就是说呃呃结果很好。", "zh")
    assert zh == {"嗯": 1, "那个": 1, "就是": 1, "呃": 1}
    en = count_fillers(
        "Um, I was, like, you know, building it. Uh, I like cats. I mean, you know what I mean.", "en"
    )
    assert en == {"um": 1, "uh": 1, "like": 1, "you know": 1, "i mean": 1}
    assert count_fillers("I would like to lead the team.", "en") == {}


def test_filler_rate_per_minute() -> None:
    words = [(0.0, 1.0, "Um,"), (1.0, 30.0, "we"), (30.0, 60.0, "uh")]
    signals = analyse_delivery(_transcript(words, "en"))
    assert signals.filler_count == 2
    assert signals.fillers_per_min == pytest.approx(2.0)
    assert dict(signals.fillers) == {"uh": 1, "um": 1}


def _glide(seconds: float, low: float, high: float) -> np.ndarray:
    t = np.arange(int(seconds * 16_000)) / 16_000
    hz = low + (high - low) * (0.5 + 0.5 * np.sin(2 * np.pi * 0.5 * t))
    phase = 2 * np.pi * np.cumsum(hz) / 16_000
    return (0.3 * np.sin(phase)).astype(np.float32)


def test_pitch_variability_separates_monotone_from_lively_voice() -> None:
    words = [(0.0, 4.0, "speech")]
    flat = analyse_delivery(_transcript(words, "en"), AudioClip(syn.tone(4.0, hz=150)))
    lively = analyse_delivery(_transcript(words, "en"), AudioClip(_glide(4.0, 110, 260)))
    assert flat.prosody is not None and lively.prosody is not None
    assert flat.prosody.pitch_median_hz == pytest.approx(150, rel=0.02)
    assert flat.prosody.pitch_variability_st is not None and flat.prosody.pitch_variability_st < 0.3
    assert lively.prosody.pitch_variability_st is not None and lively.prosody.pitch_variability_st > 3.0
    assert lively.engine_version.startswith("2+parselmouth-")


def test_loudness_variability() -> None:
    words = [(0.0, 4.0, "speech")]
    steady = syn.tone(4.0, hz=150, level=0.3)
    uneven = syn.concat(
        [syn.tone(1.0, 150, 0.3), syn.tone(1.0, 150, 0.03), syn.tone(1.0, 150, 0.3), syn.tone(1.0, 150, 0.03)]
    )
    a = analyse_delivery(_transcript(words, "en"), AudioClip(steady)).prosody
    b = analyse_delivery(_transcript(words, "en"), AudioClip(uneven)).prosody
    assert a is not None and b is not None
    assert a.loudness_variability_db is not None and b.loudness_variability_db is not None
    assert b.loudness_variability_db > a.loudness_variability_db + 5


def test_pasted_transcript_without_timings_has_no_rate() -> None:
    signals = analyse_delivery(manual_transcript("嗯，我负责了整个项目。", language="zh"))
    assert signals.speaking_rate is None and signals.pause_ratio is None
    assert signals.filler_count == 1


def test_same_input_same_signals_and_config_is_hashed() -> None:
    transcript = _transcript([(0.0, 1.0, "Hello"), (1.5, 2.0, "there")], "en")
    audio = AudioClip(syn.concat([syn.tone(1.0), syn.silence(0.5), syn.tone(0.5)]))
    assert analyse_delivery(transcript, audio) == analyse_delivery(transcript, audio)
    other = analyse_delivery(transcript, audio, config=DeliveryConfig(long_pause_s=1.0))
    assert other.config_hash != analyse_delivery(transcript, audio).config_hash


def test_language_guess_for_mixed_text() -> None:
    assert text_language("我用Python写了一个服务") == "zh"
    assert text_language("I wrote a service in Python") == "en"


ANSWER = (
    "I worked on a project for a large corporate client where the deadline moved forward by two weeks. "
    "I reorganised the team, split the work into daily goals and we delivered on time with fewer defects."
)


def _spoken(audio: np.ndarray) -> Transcript:
    seconds = audio.size / 16_000
    return _transcript([(0.2, seconds - 0.2, "answer")], "en")


@pytest.mark.skipif(not syn.espeak_available(), reason="espeak-ng is not installed")
def test_a_second_voice_is_flagged_and_one_voice_is_not() -> None:
    low = syn.speak(ANSWER, pitch=20)
    high = syn.speak(ANSWER, pitch=95)
    alone = analyse_delivery(_spoken(syn.concat([low, low])), AudioClip(syn.concat([low, low]))).prosody
    helped = analyse_delivery(_spoken(syn.concat([low, high])), AudioClip(syn.concat([low, high]))).prosody
    assert alone is not None and helped is not None
    assert alone.second_voice is False and helped.second_voice is True
    assert helped.second_voice_share is not None and helped.second_voice_share >= 0.3
    short = analyse_delivery(_spoken(low[:48_000]), AudioClip(low[:48_000])).prosody
    assert short is not None and short.second_voice is None  # 3 s: too little speech to tell


def test_fluent_fast_filler_free_long_answer_is_flagged_as_read_aloud() -> None:
    # 40 s, 120 words at 180 words per minute, short regular gaps, no filler: the pattern of reading.
    read = [(i * 0.33, i * 0.33 + 0.3, "word") for i in range(120)]
    spoken = [(i * 0.33, i * 0.33 + 0.3, "um" if i % 15 == 0 else "word") for i in range(120)]
    slow = [(i * 0.6, i * 0.6 + 0.3, "word") for i in range(70)]
    assert analyse_delivery(_transcript(read, "en")).read_aloud is True
    assert analyse_delivery(_transcript(spoken, "en")).read_aloud is False  # fillers: spontaneous
    assert analyse_delivery(_transcript(slow, "en")).read_aloud is False  # 100 words per minute
    assert analyse_delivery(_transcript(read[:40], "en")).read_aloud is False  # 13 s: too short to tell
