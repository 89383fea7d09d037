"""Probing and decoding candidate recordings by content (PyAV), and sparse frame sampling."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from openhire.ai.media import MediaError, decode_audio, probe_media, sample_frames
from openhire.ai.media import synthetic as syn


def _still(i: int, t: float) -> np.ndarray:
    frame = np.zeros((240, 320, 3), np.uint8)
    frame[:, : 20 + int(t * 50) % 300] = 180  # changes over time so the encoder has work to do
    return frame


@pytest.fixture(scope="module")
def recordings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("media")
    audio = syn.concat([syn.tone(2.0, 220), syn.silence(0.5), syn.tone(1.5, 330)])
    return {
        "webm": syn.encode(folder / "answer.webm", audio, kind="webm", video=_still),
        "mp4": syn.encode(folder / "answer.mp4", audio, kind="mp4", video=_still),
        "vp9": syn.encode(folder / "answer-vp9.webm", audio, kind="webm-vp9", video=_still),
        "ogg": syn.encode(folder / "answer.ogg", audio, kind="ogg"),
        "wav": syn.encode(folder / "answer.wav", audio, kind="wav"),
    }


def test_probe_recognises_browser_webm_by_content(recordings: dict[str, Path], tmp_path: Path) -> None:
    renamed = tmp_path / "upload.bin"  # the name and extension say nothing
    renamed.write_bytes(recordings["webm"].read_bytes())
    info = probe_media(renamed)
    assert (info.container, info.audio_codec, info.video_codec) == ("webm", "opus", "vp8")
    assert info.has_audio and info.has_video
    assert (info.width, info.height) == (320, 240)
    assert info.duration_s == pytest.approx(4.0, abs=0.1)
    assert info.size_bytes == renamed.stat().st_size


def test_probe_mp4_aac_h264_and_vp9(recordings: dict[str, Path]) -> None:
    mp4 = probe_media(recordings["mp4"])
    assert (mp4.container, mp4.audio_codec, mp4.video_codec) == ("mp4", "aac", "h264")
    assert probe_media(recordings["vp9"]).video_codec == "vp9"


def test_probe_audio_only_file(recordings: dict[str, Path]) -> None:
    info = probe_media(recordings["ogg"])
    assert info.has_audio and not info.has_video
    assert info.width is None and info.video_codec is None


@pytest.mark.parametrize("kind", ["webm", "mp4", "ogg", "wav"])
def test_decode_gives_16k_mono_float32(recordings: dict[str, Path], kind: str) -> None:
    clip = decode_audio(recordings[kind])
    assert clip.sample_rate == 16_000
    assert clip.samples.dtype == np.float32 and clip.samples.ndim == 1
    assert clip.duration_s == pytest.approx(4.0, abs=0.06)
    assert not clip.samples.flags.writeable
    # the tone is there, the half-second gap is quiet
    assert np.abs(clip.samples[:16_000]).max() > 0.2
    assert np.abs(clip.samples[int(2.15 * 16_000) : int(2.35 * 16_000)]).max() < 0.05


def test_silent_recording_is_rejected(tmp_path: Path) -> None:
    path = syn.encode(tmp_path / "mute.webm", syn.silence(3.0), kind="webm")
    with pytest.raises(MediaError) as err:
        probe_media(path)
    assert err.value.code == "silent"
    assert "microphone" in err.value.message


def test_audibility_check_finds_sound_late_and_silence_within_the_window(tmp_path: Path) -> None:
    from openhire.ai.media.probe import is_audible

    late = syn.encode(tmp_path / "late.webm", syn.concat([syn.silence(8.0), syn.tone(0.3)]), kind="webm")
    mute = syn.encode(tmp_path / "mute.webm", syn.silence(6.0), kind="webm")
    assert is_audible(late, within_s=10.0)
    assert not is_audible(late, within_s=7.0)  # the sound comes after the window
    assert not is_audible(mute, within_s=10.0)
    garbage = tmp_path / "garbage.webm"
    garbage.write_bytes(b"\x1a\x45\xdf\xa3 not really matroska" * 200)
    with pytest.raises(MediaError) as bad:
        is_audible(garbage, within_s=10.0)
    assert bad.value.code == "unreadable"


def test_missing_empty_and_garbage_files_get_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(MediaError) as missing:
        probe_media(tmp_path / "nope.webm")
    assert missing.value.code == "not_found"
    empty = tmp_path / "empty.webm"
    empty.write_bytes(b"")
    with pytest.raises(MediaError) as nothing:
        probe_media(empty)
    assert nothing.value.code == "empty"
    garbage = tmp_path / "garbage.webm"
    garbage.write_bytes(b"\x1a\x45\xdf\xa3 not really matroska" * 200)
    for call in (probe_media, decode_audio):
        with pytest.raises(MediaError) as bad:
            call(garbage)
        assert bad.value.code == "unreadable"


def test_cut_off_upload_is_reported_as_truncated(recordings: dict[str, Path], tmp_path: Path) -> None:
    data = recordings["webm"].read_bytes()
    cut = tmp_path / "cut.webm"
    cut.write_bytes(data[: len(data) // 3])
    with pytest.raises(MediaError) as err:
        probe_media(cut)
    assert err.value.code == "truncated"


def test_image_is_an_unsupported_container(tmp_path: Path) -> None:
    import cv2

    ok, png = cv2.imencode(".png", np.zeros((16, 16), np.uint8))
    assert ok
    path = tmp_path / "answer.webm"
    path.write_bytes(png.tobytes())
    with pytest.raises(MediaError) as err:
        probe_media(path)
    assert err.value.code in {"unsupported_container", "no_audio"}


def test_video_without_sound_needs_audio_unless_told(tmp_path: Path) -> None:
    path = syn.encode(tmp_path / "mute.mp4", None, kind="mp4", video=_still, duration_s=2.0)
    with pytest.raises(MediaError) as err:
        probe_media(path)
    assert err.value.code == "no_audio"
    info = probe_media(path, require_audio=False)
    assert info.has_video and not info.has_audio


def test_too_long_recording(recordings: dict[str, Path]) -> None:
    with pytest.raises(MediaError) as err:
        probe_media(recordings["wav"], max_duration_s=2.0)
    assert err.value.code == "too_long"


@pytest.mark.parametrize("keyframe_interval_s", [1.0, 10.0])
def test_frames_sampled_about_once_a_second(tmp_path: Path, keyframe_interval_s: float) -> None:
    path = syn.encode(
        tmp_path / "v.webm",
        syn.tone(6.0),
        kind="webm",
        video=_still,
        keyframe_interval_s=keyframe_interval_s,
        size=(160, 120),
        fps=10,
    )
    frames = sample_frames(path, fps=1.0, max_side=80)
    times = [f.t for f in frames]
    assert 5 <= len(frames) <= 7
    assert times == sorted(times)
    assert all(0.5 <= b - a <= 1.5 for a, b in itertools.pairwise(times))
    assert frames[0].image.shape == (60, 80)
    assert frames[0].image.dtype == np.uint8


def test_two_frames_a_second(recordings: dict[str, Path]) -> None:
    frames = sample_frames(recordings["mp4"], fps=2.0)
    assert 7 <= len(frames) <= 9


def test_audio_only_file_has_no_frames(recordings: dict[str, Path]) -> None:
    assert sample_frames(recordings["ogg"]) == []


def test_bad_sampling_rate_is_refused(recordings: dict[str, Path]) -> None:
    with pytest.raises(ValueError, match="fps"):
        sample_frames(recordings["mp4"], fps=0)
