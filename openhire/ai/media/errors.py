"""The one error type raised for media that cannot be used, with a code callers can branch on."""

from __future__ import annotations

from typing import Literal

MediaErrorCode = Literal[
    "not_found",  # no file at that path
    "empty",  # zero bytes
    "unreadable",  # not a media file, or corrupt / truncated beyond use
    "unsupported_container",  # readable, but a container we do not accept
    "unsupported_codec",  # a stream codec we do not accept
    "no_audio",  # no audio stream although one is required
    "truncated",  # the file ends well before its declared duration (an interrupted upload)
    "silent",  # an audio stream with no audible signal
    "too_long",  # longer than the caller's limit
]


class MediaError(Exception):
    """Media that cannot be used; ``code`` is stable, ``message`` says what is wrong in plain words."""

    def __init__(self, code: MediaErrorCode, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code: MediaErrorCode = code
        self.message = message
