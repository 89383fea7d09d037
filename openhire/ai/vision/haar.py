"""Face detection with the Haar cascades bundled in opencv-python-headless (``cv2.data``)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np

from openhire.ai.vision.contracts import FaceBox

FRONTAL = "haarcascade_frontalface_default.xml"
PROFILE = "haarcascade_profileface.xml"


@functools.lru_cache(maxsize=1)
def _cascades() -> tuple[Any, Any]:
    import cv2

    folder = Path(cv2.data.haarcascades)  # type: ignore[attr-defined]
    frontal = cv2.CascadeClassifier(str(folder / FRONTAL))
    profile = cv2.CascadeClassifier(str(folder / PROFILE))
    if frontal.empty() or profile.empty():
        raise RuntimeError(
            f"OpenCV Haar cascades are missing from {folder} (opencv-python-headless < 5 ships them)"
        )
    return frontal, profile


class HaarFaceDetector:
    """Frontal faces first; when none is found, profile faces facing either way."""

    name = "opencv-haar"

    def __init__(self, *, scale_factor: float = 1.2, min_neighbors: int = 4) -> None:
        import cv2

        self.version = f"{cv2.__version__}:{FRONTAL}+{PROFILE}"
        self.scale_factor = scale_factor
        self.min_neighbors = min_neighbors

    def detect(self, grey: np.ndarray, *, min_size: int) -> tuple[FaceBox, ...]:
        import cv2

        if grey.ndim != 2 or grey.dtype != np.uint8:
            raise ValueError("expected a grey uint8 image (H x W)")
        frontal, profile = _cascades()
        image = cv2.equalizeHist(grey)
        size = (max(12, min_size), max(12, min_size))
        boxes = frontal.detectMultiScale(image, self.scale_factor, self.min_neighbors, minSize=size)
        if len(boxes):
            # OpenCV runs scales in parallel, so its order varies between runs: sort for reproducibility
            return tuple(sorted(FaceBox(int(x), int(y), int(w), int(h), "frontal") for x, y, w, h in boxes))
        found = [
            FaceBox(int(x), int(y), int(w), int(h), "profile")
            for x, y, w, h in profile.detectMultiScale(
                image, self.scale_factor, self.min_neighbors, minSize=size
            )
        ]
        width = image.shape[1]
        mirrored = profile.detectMultiScale(
            cv2.flip(image, 1), self.scale_factor, self.min_neighbors, minSize=size
        )
        found += [FaceBox(int(width - x - w), int(y), int(w), int(h), "profile") for x, y, w, h in mirrored]
        return tuple(sorted(_merge(found)))


def _merge(boxes: list[FaceBox]) -> list[FaceBox]:
    """Drop boxes that mostly overlap one already kept (the two profile passes can see one face twice)."""
    kept: list[FaceBox] = []
    for box in sorted(boxes, key=lambda b: -b.w * b.h):
        if all(_overlap(box, other) < 0.3 for other in kept):
            kept.append(box)
    return kept


def _overlap(a: FaceBox, b: FaceBox) -> float:
    ix = max(0, min(a.x + a.w, b.x + b.w) - max(a.x, b.x))
    iy = max(0, min(a.y + a.h, b.y + b.h) - max(a.y, b.y))
    inter = ix * iy
    return inter / float(min(a.w * a.h, b.w * b.h) or 1)
