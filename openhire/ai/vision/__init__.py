"""Camera signals (face present, more than one face, looking away, too dark) for integrity flags.

No emotion inference, ever: EU AI Act Art. 5(1)(f) forbids it in recruitment.
"""

from openhire.ai.vision.analyse import analyse_frames, analyse_video
from openhire.ai.vision.contracts import CameraConfig, CameraSignals, FaceBox, FrameObservation
from openhire.ai.vision.ports import FaceDetector

__all__ = [
    "CameraConfig",
    "CameraSignals",
    "FaceBox",
    "FaceDetector",
    "FrameObservation",
    "analyse_frames",
    "analyse_video",
]
