"""Camera signals for integrity and engagement flags. No emotion, expression or trait inference."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal


@dataclass(frozen=True, order=True)
class FaceBox:
    x: int
    y: int
    w: int
    h: int
    kind: Literal["frontal", "profile"]

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.w / 2.0, self.y + self.h / 2.0)


@dataclass(frozen=True)
class CameraConfig:
    sample_fps: float = 1.0  # 1-2 frames per second is enough for presence and attention
    frame_max_side: int = 192  # faces in a webcam frame stay above ~30 px at this size
    dark_mean: float = 45.0  # mean grey level (0-255) under which a frame is too dark
    off_centre: float = 0.30  # face centre further than this share of the frame from its centre
    min_face_share: float = 0.15  # smallest face side as a share of the frame height

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FrameObservation:
    t: float
    faces: tuple[FaceBox, ...]
    brightness: float
    too_dark: bool
    looking_away: bool


@dataclass(frozen=True)
class CameraSignals:
    frames: int  # frames analysed
    sample_fps: float
    face_present_pct: float | None  # % of frames with at least one face
    multiple_faces_pct: float | None  # % of frames with more than one face
    looking_away_pct: float | None  # % of frames where the face is seen only in profile or off-centre
    too_dark_pct: float | None  # % of frames too dark to judge
    longest_absence_s: float  # longest run of frames without a face
    engine: str
    engine_version: str
    config_hash: str
    observations: tuple[FrameObservation, ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self, *, observations: bool = False) -> dict[str, Any]:
        data = asdict(self)
        if not observations:
            data.pop("observations")
        return data
