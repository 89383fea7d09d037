"""Pitch and loudness variability with Praat (praat-parselmouth), and pauses from the audio level."""

from __future__ import annotations

import numpy as np

from openhire.ai.delivery.contracts import DeliveryConfig, Pause, Prosody
from openhire.ai.media.contracts import AudioClip

FRAME_S = 0.02


def frame_levels_db(audio: AudioClip, frame_s: float = FRAME_S) -> np.ndarray:
    """RMS level of consecutive ``frame_s`` frames in dBFS (silence floored at -100 dB)."""
    size = max(1, round(frame_s * audio.sample_rate))
    count = audio.samples.size // size
    if count == 0:
        return np.zeros(0)
    frames = audio.samples[: count * size].reshape(count, size).astype(np.float64)
    rms = np.sqrt((frames**2).mean(axis=1))
    return np.asarray(20.0 * np.log10(np.maximum(rms, 1e-5)))


def silent_pauses(
    audio: AudioClip, start: float, end: float, config: DeliveryConfig, frame_s: float = FRAME_S
) -> list[Pause]:
    """Runs of quiet frames (at least ``pause_min_s``) strictly inside [start, end]."""
    levels = frame_levels_db(audio, frame_s)
    if levels.size == 0 or end - start <= 0:
        return []
    first, last = int(start / frame_s), min(levels.size, int(np.ceil(end / frame_s)))
    span = levels[first:last]
    if span.size == 0:
        return []
    loud = float(np.percentile(span, 95))
    quiet = span < max(loud - config.silence_below_peak_db, -60.0)
    pauses: list[Pause] = []
    run_start: int | None = None
    for i, is_quiet in enumerate([*quiet.tolist(), False]):
        if is_quiet and run_start is None:
            run_start = i
        elif not is_quiet and run_start is not None:
            length = (i - run_start) * frame_s
            if length >= config.pause_min_s and run_start > 0 and i < span.size:
                t0 = (first + run_start) * frame_s
                pauses.append(Pause(round(t0, 3), round(t0 + length, 3)))
            run_start = None
    return pauses


def measure_prosody(audio: AudioClip, start: float, end: float, config: DeliveryConfig) -> Prosody:
    """Pitch spread in semitones and loudness spread in dB over the spoken span."""
    import parselmouth

    lo, hi = int(start * audio.sample_rate), int(end * audio.sample_rate)
    samples = audio.samples[lo:hi]
    if samples.size < audio.sample_rate // 2:
        return Prosody(None, None, None, None)
    sound = parselmouth.Sound(samples.astype(np.float64), sampling_frequency=audio.sample_rate)
    pitch = sound.to_pitch(
        time_step=0.01, pitch_floor=config.pitch_floor_hz, pitch_ceiling=config.pitch_ceiling_hz
    )
    f0 = np.asarray(pitch.selected_array["frequency"], dtype=np.float64)
    intensity = np.asarray(sound.to_intensity(minimum_pitch=config.pitch_floor_hz, time_step=0.01).values[0])
    speech = intensity > intensity.max() - config.silence_below_peak_db if intensity.size else intensity
    voiced = f0[f0 > 0]
    median = float(np.median(voiced)) if voiced.size >= 10 else None
    pitch_st = float(np.std(12.0 * np.log2(voiced / median))) if median else None
    loud_sd = float(np.std(intensity[speech])) if intensity.size and speech.sum() >= 10 else None
    frames_with_speech = max(1, int(speech.sum()))
    second, share = second_voice(f0, frame_s=0.01, config=config)
    return Prosody(
        pitch_median_hz=round(median, 1) if median else None,
        pitch_variability_st=round(pitch_st, 3) if pitch_st is not None else None,
        loudness_variability_db=round(loud_sd, 3) if loud_sd is not None else None,
        voiced_ratio=round(min(1.0, voiced.size / frames_with_speech), 3),
        second_voice=second,
        second_voice_share=share,
    )


def second_voice(
    f0: np.ndarray, *, frame_s: float, config: DeliveryConfig
) -> tuple[bool | None, float | None]:
    """Whether the pitch track holds two voices: the median pitch of each window of voiced speech
    falls into two groups far apart, the smaller one not negligible. Window medians are robust to
    the tracker's isolated octave jumps; one speaker's windows stay within a few semitones."""
    per_window = max(1, round(config.voice_window_s / frame_s))
    medians = []
    for i in range(0, f0.size - per_window + 1, per_window):
        window = f0[i : i + per_window]
        voiced = window[window > 0]
        if voiced.size >= per_window * 0.3:
            medians.append(12.0 * np.log2(float(np.median(voiced))))
    if len(medians) < config.voice_min_windows:
        return None, None
    values = np.sort(np.asarray(medians))
    # Best split of the sorted window pitches into a low and a high group (1-D two-means, exact).
    best_cost, best_k = float("inf"), 1
    for k in range(1, values.size):
        low, high = values[:k], values[k:]
        cost = float(((low - low.mean()) ** 2).sum() + ((high - high.mean()) ** 2).sum())
        if cost < best_cost:
            best_cost, best_k = cost, k
    low, high = values[:best_k], values[best_k:]
    share = min(low.size, high.size) / values.size
    gap = float(high.mean() - low.mean())
    return bool(gap >= config.voice_gap_st and share >= config.voice_min_share), round(share, 3)
