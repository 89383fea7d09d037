"""Camera signals: face present, more than one face, looking away, too dark (no emotion inference)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from openhire.ai.media import VideoFrame
from openhire.ai.media import synthetic as syn
from openhire.ai.vision import CameraConfig, FaceBox, FaceDetector, analyse_frames, analyse_video
from openhire.ai.vision.haar import HaarFaceDetector


def _timeline(i: int, t: float) -> np.ndarray:
    if t < 4:
        return syn.scene()  # centred face
    if t < 6:
        return syn.scene(faces=((0.25, 0.5, 0.7), (0.75, 0.5, 0.7)))  # a second person
    if t < 8:
        return syn.scene(faces=())  # nobody
    if t < 10:
        return syn.scene(faces=((0.85, 0.5, 0.8),))  # at the edge of the picture
    return syn.scene(brightness=0.15)  # lights off


@pytest.fixture(scope="module")
def interview_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("vision")
    return syn.encode(
        folder / "answer.webm", syn.tone(12.0), kind="webm", video=_timeline, fps=5, size=(192, 144)
    )


def test_camera_signals_over_a_recorded_answer(interview_video: Path) -> None:
    signals = analyse_video(interview_video)
    assert signals.frames == 12 and signals.sample_fps == 1.0
    assert signals.face_present_pct == pytest.approx(100 * 10 / 12, abs=0.1)
    assert signals.multiple_faces_pct == pytest.approx(100 * 2 / 12, abs=0.1)
    assert signals.looking_away_pct == pytest.approx(100 * 2 / 12, abs=0.1)
    assert signals.too_dark_pct == pytest.approx(100 * 2 / 12, abs=0.1)
    assert signals.longest_absence_s == 2.0
    assert signals.engine == "opencv-haar" and "haarcascade_frontalface_default" in signals.engine_version
    by_second = {round(o.t): o for o in signals.observations}
    assert len(by_second[4].faces) == 2 and not by_second[6].faces and by_second[8].looking_away


def test_two_frames_a_second(interview_video: Path) -> None:
    signals = analyse_video(interview_video, config=CameraConfig(sample_fps=2.0))
    assert 22 <= signals.frames <= 24, signals.frames


def test_signals_are_reproducible_and_name_their_configuration(interview_video: Path) -> None:
    first, second = analyse_video(interview_video), analyse_video(interview_video)
    assert first == second
    other = analyse_video(interview_video, config=CameraConfig(dark_mean=10.0))
    assert other.config_hash != first.config_hash
    assert other.too_dark_pct == 0.0


def test_no_frames_means_no_signal_not_zero() -> None:
    signals = analyse_frames([])
    assert signals.frames == 0 and signals.face_present_pct is None
    assert "no video frames" in signals.notes[0]


def test_dark_frames_are_flagged() -> None:
    frames = [VideoFrame(t=float(i), image=np.full((120, 160), 12, np.uint8)) for i in range(4)]
    signals = analyse_frames(frames)
    assert signals.too_dark_pct == 100.0 and signals.face_present_pct == 0.0
    assert any("too dark" in note for note in signals.notes)


class _ProfileOnly:
    """A stand-in detector: always sees one face in profile (real profile photos are not bundled)."""

    name = "fake"
    version = "0"

    def detect(self, grey: np.ndarray, *, min_size: int) -> tuple[FaceBox, ...]:
        return (FaceBox(40, 30, 60, 60, "profile"),)


def test_face_in_profile_counts_as_looking_away() -> None:
    detector = _ProfileOnly()
    assert isinstance(detector, FaceDetector)
    frames = [VideoFrame(t=float(i), image=np.full((120, 160), 128, np.uint8)) for i in range(3)]
    signals = analyse_frames(frames, detector=detector)
    assert signals.face_present_pct == 100.0 and signals.looking_away_pct == 100.0
    assert signals.engine == "fake"


def test_haar_detector_finds_a_drawn_face_and_rejects_bad_input() -> None:
    grey = syn.scene(size=(192, 144))[:, :, 0].copy()
    faces = HaarFaceDetector().detect(grey, min_size=20)
    assert len(faces) == 1 and faces[0].kind == "frontal"
    cx, cy = faces[0].centre
    assert abs(cx - 96) < 15 and abs(cy - 72) < 15
    assert HaarFaceDetector().detect(np.full((144, 192), 90, np.uint8), min_size=20) == ()
    with pytest.raises(ValueError, match="grey uint8"):
        HaarFaceDetector().detect(np.zeros((10, 10, 3), np.uint8), min_size=5)


def test_no_emotion_or_trait_fields() -> None:
    names = {f.name for f in dataclasses.fields(analyse_frames([]))}
    assert not names & {"emotion", "emotions", "expression", "smile", "sentiment", "personality"}
