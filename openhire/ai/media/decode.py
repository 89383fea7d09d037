"""Decode once: 16 kHz mono float32 audio for every audio stage, sparse grey frames for the camera stage."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import av
import av.container
import numpy as np

from openhire.ai.media.contracts import SAMPLE_RATE, AudioClip, VideoFrame
from openhire.ai.media.errors import MediaError


def _open(path: str | os.PathLike[str]) -> av.container.InputContainer:
    file = Path(path)
    if not file.is_file():
        raise MediaError("not_found", f"no media file at {file}")
    if file.stat().st_size == 0:
        raise MediaError("empty", "the file is empty (0 bytes)")
    try:
        return av.open(str(file), metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise MediaError("unreadable", f"not a readable audio or video file ({exc})") from exc


def decode_audio(
    path: str | os.PathLike[str], *, sample_rate: int = SAMPLE_RATE, max_duration_s: float | None = None
) -> AudioClip:
    """The first audio stream as mono float32 at ``sample_rate``.

    A corrupt packet part-way through ends decoding there: the audio before it is returned with
    ``truncated=True``; corruption before any audio raises ``MediaError("unreadable")``.
    """
    limit = int(max_duration_s * sample_rate) if max_duration_s is not None else None
    chunks: list[np.ndarray] = []
    total = 0
    pieces = iter_audio(path, sample_rate=sample_rate)
    for piece in pieces:
        chunks.append(piece)
        total += piece.size
        if limit is not None and total >= limit:
            break
    truncated = pieces.truncated
    samples = np.concatenate(chunks).astype(np.float32, copy=False) if chunks else np.zeros(0, np.float32)
    if limit is not None:
        samples = samples[:limit]
    np.clip(samples, -1.0, 1.0, out=samples)
    samples.setflags(write=False)
    return AudioClip(samples=samples, sample_rate=sample_rate, truncated=truncated)


def iter_audio(path: str | os.PathLike[str], *, sample_rate: int = SAMPLE_RATE) -> _AudioPieces:
    """The first audio stream as successive mono float32 pieces at ``sample_rate``, decoded lazily.

    Stop iterating early to decode only the beginning. Errors as :func:`decode_audio`; after the
    loop, ``truncated`` says whether a corrupt packet ended it.
    """
    return _AudioPieces(path, sample_rate)


class _AudioPieces:
    def __init__(self, path: str | os.PathLike[str], sample_rate: int) -> None:
        self.path, self.sample_rate, self.truncated = path, sample_rate, False

    def __iter__(self) -> Iterator[np.ndarray]:
        with _open(self.path) as container:
            if not container.streams.audio:
                raise MediaError("no_audio", "the recording has no sound track")
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="flt", layout="mono", rate=self.sample_rate)
            produced = False
            try:
                for frame in container.decode(stream):
                    for out in resampler.resample(frame):
                        produced = True
                        yield out.to_ndarray().reshape(-1)
                for out in resampler.resample(None):
                    yield out.to_ndarray().reshape(-1)
            except av.error.FFmpegError as exc:
                if not produced:
                    raise MediaError("unreadable", f"the sound track could not be decoded ({exc})") from exc
                self.truncated = True


def sample_frames(path: str | os.PathLike[str], *, fps: float = 1.0, max_side: int = 320) -> list[VideoFrame]:
    """Grey frames about every ``1/fps`` seconds, scaled so the longer side is at most ``max_side``.

    When the stream has key frames at least as often as the sampling interval (recordings made with
    a key-frame interval of 1-2 s), only key frames are decoded, which is several times cheaper;
    otherwise every frame is decoded and only the sampled ones are converted.
    """
    if not 0.0 < fps <= 30.0:
        raise ValueError(f"fps must be in (0, 30], got {fps}")
    return list(_iter_frames(path, fps=fps, max_side=max_side))


def _iter_frames(path: str | os.PathLike[str], *, fps: float, max_side: int) -> Iterator[VideoFrame]:
    interval = 1.0 / fps
    keyframes_only = _keyframes_dense_enough(path, interval)
    with _open(path) as container:
        if not container.streams.video:
            return
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if keyframes_only:
            stream.codec_context.skip_frame = "NONKEY"
        next_t = 0.0
        try:
            for frame in container.decode(stream):
                if frame.time is None:
                    continue
                # Key frames land near, not on, the sampling grid: take one within half an interval.
                slack = interval / 2 if keyframes_only else 0.0
                if frame.time + slack < next_t:
                    continue
                yield VideoFrame(t=round(float(frame.time), 3), image=_grey(frame, max_side))
                while next_t <= frame.time + slack:  # stay on the grid: no drift, no bursts
                    next_t += interval
        except av.error.FFmpegError:
            return  # frames up to a corrupt packet are kept


def _grey(frame: av.VideoFrame, max_side: int) -> np.ndarray:
    scale = min(1.0, max_side / max(frame.width, frame.height))
    width = max(2, round(frame.width * scale))
    height = max(2, round(frame.height * scale))
    image = frame.reformat(width=width, height=height, format="gray").to_ndarray()
    # to_ndarray may keep line padding; make a compact contiguous copy
    return np.ascontiguousarray(image[:height, :width])


def _keyframes_dense_enough(path: str | os.PathLike[str], interval: float) -> bool:
    """Demux (without decoding) and check that no gap between key frames exceeds the interval."""
    try:
        with _open(path) as container:
            if not container.streams.video:
                return False
            stream = container.streams.video[0]
            times: list[float] = []
            for packet in container.demux(stream):
                if packet.is_keyframe and packet.pts is not None and packet.time_base is not None:
                    times.append(float(packet.pts * packet.time_base))
    except (MediaError, av.error.FFmpegError):
        return False
    if len(times) < 2:
        return False
    gaps = np.diff(np.sort(np.asarray(times)))
    return bool(gaps.max() <= interval * 1.05)
