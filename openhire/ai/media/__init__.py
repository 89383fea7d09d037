"""Media probing and decoding: one decode per answer, shared by speech, delivery and camera stages.

Decoding uses PyAV (its wheels bundle FFmpeg), so webm/opus, vp8/vp9 and mp4/aac/h264 work
without a system FFmpeg.
"""

from openhire.ai.media.contracts import SAMPLE_RATE, AudioClip, MediaInfo, VideoFrame
from openhire.ai.media.decode import decode_audio, sample_frames
from openhire.ai.media.errors import MediaError, MediaErrorCode
from openhire.ai.media.probe import probe_media

__all__ = [
    "SAMPLE_RATE",
    "AudioClip",
    "MediaError",
    "MediaErrorCode",
    "MediaInfo",
    "VideoFrame",
    "decode_audio",
    "probe_media",
    "sample_frames",
]
