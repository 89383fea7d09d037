"""Camera signals over sampled frames: face present, more than one face, looking away, too dark.

These serve integrity and engagement flags for a human reviewer. They never enter competency
scores by default, and nothing here infers emotion, expression or personality.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence

import numpy as np

from openhire.ai.media.contracts import VideoFrame
from openhire.ai.media.decode import sample_frames
from openhire.ai.vision.contracts import CameraConfig, CameraSignals, FaceBox, FrameObservation
from openhire.ai.vision.ports import FaceDetector

ENGINE_VERSION = "1"


def analyse_frames(
    frames: Sequence[VideoFrame], *, detector: FaceDetector | None = None, config: CameraConfig | None = None
) -> CameraSignals:
    """Signals over already-sampled grey frames (see :func:`openhire.ai.media.sample_frames`)."""
    config = config or CameraConfig()
    if detector is None:
        from openhire.ai.vision.haar import HaarFaceDetector

        detector = HaarFaceDetector()
    observations = tuple(_observe(frame, detector, config) for frame in frames)
    return _summarise(observations, detector, config)


def analyse_video(
    path: str | os.PathLike[str], *, detector: FaceDetector | None = None, config: CameraConfig | None = None
) -> CameraSignals:
    """Sample the video track of ``path`` at ``config.sample_fps`` and analyse it."""
    config = config or CameraConfig()
    frames = sample_frames(path, fps=config.sample_fps, max_side=config.frame_max_side)
    return analyse_frames(frames, detector=detector, config=config)


def _observe(frame: VideoFrame, detector: FaceDetector, config: CameraConfig) -> FrameObservation:
    grey = frame.image
    brightness = float(grey.mean()) if grey.size else 0.0
    height, width = grey.shape[:2]
    faces = detector.detect(grey, min_size=round(config.min_face_share * height)) if grey.size else ()
    return FrameObservation(
        t=frame.t,
        faces=faces,
        brightness=round(brightness, 1),
        too_dark=brightness < config.dark_mean,
        looking_away=bool(faces) and _looking_away(faces, width, height, config),
    )


def _looking_away(faces: tuple[FaceBox, ...], width: int, height: int, config: CameraConfig) -> bool:
    main = max(faces, key=lambda f: f.w * f.h)
    if main.kind == "profile":
        return True
    cx, cy = main.centre
    return (
        abs(cx - width / 2) > config.off_centre * width or abs(cy - height / 2) > config.off_centre * height
    )


def _summarise(
    observations: tuple[FrameObservation, ...], detector: FaceDetector, config: CameraConfig
) -> CameraSignals:
    count = len(observations)
    config_hash = hashlib.sha256(
        json.dumps({"config": config.to_dict(), "detector": detector.name}, sort_keys=True).encode()
    ).hexdigest()[:16]
    version = f"{ENGINE_VERSION}+{detector.version}"
    if count == 0:
        return CameraSignals(
            frames=0,
            sample_fps=config.sample_fps,
            face_present_pct=None,
            multiple_faces_pct=None,
            looking_away_pct=None,
            too_dark_pct=None,
            longest_absence_s=0.0,
            engine=detector.name,
            engine_version=version,
            config_hash=config_hash,
            notes=("no video frames: camera signals unavailable",),
        )
    present = np.array([bool(o.faces) for o in observations])
    longest = run = 0
    for seen in present:
        run = 0 if seen else run + 1
        longest = max(longest, run)
    notes = []
    dark = sum(o.too_dark for o in observations)
    if dark / count > 0.5:
        notes.append("mostly too dark: face signals are unreliable")

    def pct(n: int) -> float:
        return round(100.0 * n / count, 1)

    return CameraSignals(
        frames=count,
        sample_fps=config.sample_fps,
        face_present_pct=pct(int(present.sum())),
        multiple_faces_pct=pct(sum(len(o.faces) > 1 for o in observations)),
        looking_away_pct=pct(sum(o.looking_away for o in observations)),
        too_dark_pct=pct(dark),
        longest_absence_s=round(longest / config.sample_fps, 1),
        engine=detector.name,
        engine_version=version,
        config_hash=config_hash,
        observations=observations,
        notes=tuple(notes),
    )
