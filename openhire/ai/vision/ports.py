"""The port a face detector implements."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from openhire.ai.vision.contracts import FaceBox


@runtime_checkable
class FaceDetector(Protocol):
    """Finds faces (boxes only: no identity, expression or emotion) in a grey uint8 image."""

    name: str
    version: str

    def detect(self, grey: np.ndarray, *, min_size: int) -> tuple[FaceBox, ...]: ...
