"""Synthetic recordings for tests and benchmarks: espeak-ng speech, drawn video, encoded with PyAV.

Nothing here runs in production; it lets tests and ``bench/`` build webm/mp4 answers on the fly
instead of committing recordings. Speech needs the ``espeak-ng`` program (Debian package).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import wave
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path

import av
import av.audio.stream
import av.container
import av.video.stream
import numpy as np

from openhire.ai.media.contracts import SAMPLE_RATE

FrameFn = Callable[[int, float], np.ndarray]
"""(frame index, time in s) -> RGB uint8 HxWx3 image."""

FORMATS = {
    # suffix: (container format, audio codec, video codec)
    "webm": ("webm", "libopus", "libvpx"),
    "webm-vp9": ("webm", "libopus", "libvpx-vp9"),
    "mp4": ("mp4", "aac", "libx264"),
    "ogg": ("ogg", "libopus", None),
    "wav": ("wav", "pcm_s16le", None),
}


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


def speak(text: str, *, voice: str = "en", words_per_minute: int = 150, pitch: int = 50) -> np.ndarray:
    """Speech for ``text`` as 16 kHz mono float32 (voices: ``en``, ``cmn-latn-pinyin`` for Mandarin;
    ``pitch`` 0–99, espeak-ng's default 50)."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise RuntimeError("espeak-ng is not installed (apt-get install espeak-ng)")
    wav = subprocess.run(
        [exe, "-v", voice, "-s", str(words_per_minute), "-p", str(pitch), "--stdout", text],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout
    with wave.open(io.BytesIO(wav)) as reader:
        rate = reader.getframerate()
        pcm = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
    audio = pcm.astype(np.float32) / 32768.0
    return resample(audio, rate, SAMPLE_RATE)


def resample(audio: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Mono float32 ``audio`` from ``rate`` to ``target`` Hz with FFmpeg's resampler."""
    if rate == target:
        return audio.astype(np.float32)
    frame = av.AudioFrame.from_ndarray(
        np.ascontiguousarray(audio, dtype=np.float32).reshape(1, -1), format="flt", layout="mono"
    )
    frame.sample_rate = rate
    resampler = av.AudioResampler(format="flt", layout="mono", rate=target)
    out = [f.to_ndarray().reshape(-1) for f in [*resampler.resample(frame), *resampler.resample(None)]]
    return np.concatenate(out).astype(np.float32) if out else np.zeros(0, np.float32)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * SAMPLE_RATE), dtype=np.float32)


def tone(seconds: float, hz: float = 220.0, level: float = 0.3) -> np.ndarray:
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def concat(parts: Sequence[np.ndarray]) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=np.float32) for p in parts])


def encode(
    path: str | os.PathLike[str],
    audio: np.ndarray | None,
    *,
    kind: str = "webm",
    video: FrameFn | None = None,
    fps: int = 15,
    size: tuple[int, int] = (320, 240),
    duration_s: float | None = None,
    keyframe_interval_s: float = 1.0,
) -> Path:
    """Write ``audio`` (16 kHz mono) and optionally drawn ``video`` frames into a real media file."""
    fmt, acodec, vcodec = FORMATS[kind]
    if audio is None and video is None:
        raise ValueError("nothing to encode")
    length = duration_s if duration_s is not None else (len(audio) / SAMPLE_RATE if audio is not None else 0)
    out = Path(path)
    with av.open(str(out), "w", format=fmt) as container:
        vstream: av.video.stream.VideoStream | None = None
        if video is not None and vcodec is not None:
            added = container.add_stream(vcodec, rate=fps)
            if not isinstance(added, av.video.stream.VideoStream):
                raise TypeError(f"{vcodec} is not a video codec")
            vstream = added
            vstream.width, vstream.height = size
            vstream.pix_fmt = "yuv420p"
            vstream.codec_context.gop_size = max(1, round(fps * keyframe_interval_s))
            if vcodec.startswith("libvpx"):
                vstream.options = {"deadline": "realtime", "cpu-used": "8", "b": "300k"}
            elif vcodec == "libx264":
                vstream.options = {"preset": "ultrafast"}
        astream: av.audio.stream.AudioStream | None = None
        if audio is not None:
            sound = container.add_stream(acodec, rate=48_000 if acodec == "libopus" else SAMPLE_RATE)
            if not isinstance(sound, av.audio.stream.AudioStream):
                raise TypeError(f"{acodec} is not an audio codec")
            astream = sound
            astream.layout = "mono"
        if vstream is not None and video is not None:
            _write_video(container, vstream, video, frames=round(length * fps), fps=fps)
        if astream is not None and audio is not None:
            _write_audio(container, astream, audio)
    return out


def _write_video(
    container: av.container.OutputContainer,
    stream: av.video.stream.VideoStream,
    video: FrameFn,
    *,
    frames: int,
    fps: int,
) -> None:
    for i in range(frames):
        img = video(i, i / fps)
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(img, dtype=np.uint8), format="rgb24")
        frame.pts = i
        frame.time_base = Fraction(1, fps)
        container.mux(stream.encode(frame))
    container.mux(stream.encode(None))


def _write_audio(
    container: av.container.OutputContainer, stream: av.audio.stream.AudioStream, audio: np.ndarray
) -> None:
    rate = int(stream.rate)
    pcm = (np.clip(resample(audio, SAMPLE_RATE, rate), -1, 1) * 32767).astype("<i2")
    step = 4096
    for start in range(0, len(pcm), step):
        chunk = pcm[start : start + step].reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(chunk, format="s16", layout="mono")
        frame.sample_rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        container.mux(stream.encode(frame))
    container.mux(stream.encode(None))


def draw_face(grey: np.ndarray, cx: int, cy: int, scale: float = 1.0) -> np.ndarray:
    """Draw a simple frontal face (grey, in place): enough for OpenCV's Haar cascade to find it.

    No real photograph ships with our dependencies, so tests and benchmarks use this drawing.
    """
    import cv2

    def blob(dx: float, dy: float, ax: float, ay: float, level: int) -> None:
        centre = (round(cx + dx * scale), round(cy + dy * scale))
        cv2.ellipse(grey, centre, (round(ax * scale), round(ay * scale)), 0, 0, 360, level, -1)

    blob(0, 0, 42, 55, 200)  # face
    blob(0, -58, 46, 18, 40)  # hair
    for side in (-1, 1):
        blob(side * 17, -12, 9, 5, 40)  # eye
        blob(side * 17, -22, 11, 3, 60)  # brow
        blob(side * 44, 0, 5, 12, 170)  # ear
    blob(0, 6, 5, 12, 170)  # nose
    blob(0, 28, 14, 4, 70)  # mouth
    grey[:] = cv2.GaussianBlur(grey, (5, 5), 0)
    return grey


def scene(
    size: tuple[int, int] = (320, 240),
    faces: Sequence[tuple[float, float, float]] = ((0.5, 0.5, 1.0),),
    background: int = 90,
    brightness: float = 1.0,
) -> np.ndarray:
    """An RGB frame with drawn faces at (x share, y share, scale); ``brightness`` < 1 darkens it."""
    width, height = size
    grey = np.full((height, width), background, np.uint8)
    for fx, fy, scale in faces:
        draw_face(grey, round(fx * width), round(fy * height), scale * height / 240)
    grey = np.clip(grey.astype(np.float32) * brightness, 0, 255).astype(np.uint8)
    return np.repeat(grey[:, :, None], 3, axis=2)
