"""Check an upload by its content: container, codecs, duration, picture size, and that it is audible."""

from __future__ import annotations

import os
from pathlib import Path

import av
import av.container
import numpy as np

from openhire.ai.media.contracts import MediaInfo
from openhire.ai.media.errors import MediaError

# What candidate recordings arrive as: browsers record webm (opus + vp8/vp9) or mp4 (aac + h264);
# plain audio formats are accepted for phone and uploaded answers.
CONTAINERS = {
    "matroska,webm": "webm",
    "mov,mp4,m4a,3gp,3g2,mj2": "mp4",
    "ogg": "ogg",
    "wav": "wav",
    "mp3": "mp3",
    "flac": "flac",
}
AUDIO_CODECS = frozenset(
    {"opus", "vorbis", "aac", "mp3", "mp3float", "flac", "pcm_s16le", "pcm_s24le", "pcm_s32le", "pcm_f32le"}
)
VIDEO_CODECS = frozenset({"vp8", "vp9", "h264", "hevc", "av1", "libdav1d", "mpeg4"})

SILENCE_DBFS = -50.0
"""An audio track whose loudest 50 ms window stays below this level is treated as silent."""


def probe_media(
    path: str | os.PathLike[str],
    *,
    require_audio: bool = True,
    check_silence: bool = True,
    max_duration_s: float | None = None,
) -> MediaInfo:
    """Describe the media at ``path`` or raise :class:`MediaError` saying why it cannot be used.

    The check reads the content, so a renamed or mislabelled file is judged by what it really is.
    ``check_silence`` decodes the audio track (about a second per 10 minutes of audio).
    """
    file = Path(path)
    if not file.is_file():
        raise MediaError("not_found", f"no media file at {file}")
    size = file.stat().st_size
    if size == 0:
        raise MediaError("empty", "the file is empty (0 bytes)")
    try:
        container = av.open(str(file), metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise MediaError("unreadable", f"not a readable audio or video file ({exc})") from exc
    with container:
        info = _describe(container, size)
        if info.audio_codec is not None and info.audio_codec not in AUDIO_CODECS:
            raise MediaError("unsupported_codec", f"audio codec {info.audio_codec} is not supported")
        if info.video_codec is not None and info.video_codec not in VIDEO_CODECS:
            raise MediaError("unsupported_codec", f"video codec {info.video_codec} is not supported")
        if require_audio and not info.has_audio:
            raise MediaError("no_audio", "the recording has no sound track")
        if not info.has_audio and not info.has_video:
            raise MediaError("unreadable", "the file holds neither audio nor video")
        if max_duration_s is not None and info.duration_s > max_duration_s:
            raise MediaError(
                "too_long", f"the recording lasts {info.duration_s:.0f} s, more than {max_duration_s:.0f} s"
            )
    if check_silence and info.has_audio:
        from openhire.ai.media.decode import decode_audio

        clip = decode_audio(file)
        if clip.samples.size == 0:
            raise MediaError("unreadable", "the sound track could not be decoded")
        if info.duration_s > 2.0 and clip.duration_s < 0.8 * info.duration_s:
            raise MediaError(
                "truncated",
                f"the recording is cut off: only {clip.duration_s:.1f} s of {info.duration_s:.1f} s can be played",
            )
        if loudest_window_dbfs(clip.samples) < SILENCE_DBFS:
            raise MediaError("silent", "the sound track is silent: check the microphone")
    return info


def is_audible(path: str | os.PathLike[str], *, within_s: float, window: int = 800) -> bool:
    """Whether some 50 ms window of the first ``within_s`` seconds reaches :data:`SILENCE_DBFS`.

    Decoding stops at the first loud window, so a normal recording costs a fraction of a second of
    audio to check; only a (nearly) silent one is decoded for the whole ``within_s``. Raises
    :class:`MediaError` when the sound track cannot be decoded at all.
    """
    from openhire.ai.media.contracts import SAMPLE_RATE
    from openhire.ai.media.decode import iter_audio

    limit = int(within_s * SAMPLE_RATE)
    pending = np.zeros(0, np.float32)
    seen = 0
    for piece in iter_audio(path, sample_rate=SAMPLE_RATE):
        piece = piece[: max(0, limit - seen)]
        seen += piece.size
        pending = np.concatenate([pending, piece])
        whole = pending.size - pending.size % window
        if whole and loudest_window_dbfs(pending[:whole], window) >= SILENCE_DBFS:
            return True
        pending = pending[whole:]
        if seen >= limit:
            break
    if seen == 0:
        raise MediaError("unreadable", "the sound track could not be decoded")
    return pending.size > 0 and loudest_window_dbfs(pending, window) >= SILENCE_DBFS


def loudest_window_dbfs(samples: np.ndarray, window: int = 800) -> float:
    """RMS level of the loudest ``window``-sample stretch, in dB relative to full scale."""
    if samples.size == 0:
        return float("-inf")
    usable = samples[: samples.size - samples.size % window] if samples.size >= window else samples
    frames = usable.reshape(-1, min(window, usable.size)).astype(np.float64)
    rms = float(np.sqrt((frames**2).mean(axis=1)).max())
    return 20.0 * float(np.log10(rms)) if rms > 0 else float("-inf")


def _describe(container: av.container.InputContainer, size: int) -> MediaInfo:
    format_name = container.format.name
    if format_name not in CONTAINERS:
        raise MediaError("unsupported_container", f"{format_name} files are not supported")
    audio = container.streams.audio[0] if container.streams.audio else None
    video = container.streams.video[0] if container.streams.video else None
    if audio is not None and audio.codec_context is None:
        audio = None
    if video is not None and video.codec_context is None:
        video = None
    short = CONTAINERS[format_name]
    if short == "webm":
        codecs = {s.codec_context.name for s in (audio, video) if s is not None}
        if not codecs <= {"opus", "vorbis", "vp8", "vp9", "av1", "libdav1d"}:
            short = "matroska"
    duration = container.duration / av.time_base if container.duration else _demuxed_duration(container)
    return MediaInfo(
        container=short,
        format_name=format_name,
        audio_codec=audio.codec_context.name if audio is not None else None,
        video_codec=video.codec_context.name if video is not None else None,
        duration_s=round(float(duration), 3),
        width=video.codec_context.width or None if video is not None else None,
        height=video.codec_context.height or None if video is not None else None,
        has_audio=audio is not None,
        has_video=video is not None,
        sample_rate=audio.codec_context.sample_rate if audio is not None else None,
        channels=audio.codec_context.channels if audio is not None else None,
        size_bytes=size,
    )


def _demuxed_duration(container: av.container.InputContainer) -> float:
    """Browser recordings (MediaRecorder webm) carry no duration header: read packet times instead."""
    end = 0.0
    try:
        for packet in container.demux():
            if packet.pts is None or packet.time_base is None:
                continue
            stop = packet.pts + (packet.duration or 0)
            end = max(end, float(stop * packet.time_base))
    except av.error.FFmpegError:
        pass  # a truncated tail still gives the duration read so far
    return end
