"""Speech recognition: the packaged Whisper model, the no-engine result, the transcribe command."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import zhconv

from openhire.ai.media import AudioClip
from openhire.ai.media import synthetic as syn
from openhire.ai.speech import (
    NoSpeechEngine,
    SpeechRecognizer,
    Transcript,
    default_recognizer,
    manual_transcript,
    transcribe_file,
)
from openhire.ai.speech.model_store import (
    WHISPER_BASE_SHA256,
    ModelUnavailable,
    ensure_whisper_base,
    file_sha256,
)

needs_espeak = pytest.mark.skipif(not syn.espeak_available(), reason="espeak-ng is not installed")


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from openhire.cli import main

    code = main(["transcribe", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_no_engine_result_is_clearly_marked() -> None:
    engine = NoSpeechEngine()
    assert isinstance(engine, SpeechRecognizer)
    result = engine.transcribe(AudioClip(np.zeros(16_000, np.float32)), language="zh")
    assert result.status == "no_engine" and result.needs_manual_transcript
    assert result.text == "" and result.segments == ()
    assert "pasted by HR" in result.note
    assert result.duration_s == pytest.approx(1.0)


def test_engine_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENHIRE_ASR_ENGINE", "none")
    assert isinstance(default_recognizer(), NoSpeechEngine)


def test_bad_custom_model_folder_falls_back_to_no_engine(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("OPENHIRE_ASR_MODEL", str(tmp_path))
    engine = default_recognizer()
    assert isinstance(engine, NoSpeechEngine)
    assert "no model.bin" in engine.reason


def test_manual_transcript_is_marked_as_pasted() -> None:
    pasted = manual_transcript("我负责了整个项目。", language="zh", author="HR Wang")
    assert pasted.status == "manual" and pasted.engine == "manual"
    assert pasted.note == "pasted by HR Wang"
    with pytest.raises(ValueError, match="needs some text"):
        manual_transcript("  ", language="zh")


def test_transcript_json_shape() -> None:
    pasted = manual_transcript("Hello there", language="en", duration_s=2.0)
    data = pasted.to_dict()
    assert {"text", "language", "segments", "engine", "duration_s", "rtf"} <= data.keys()
    assert data["segments"] == [
        {"start": 0.0, "end": 2.0, "text": "Hello there", "avg_logprob": 0.0, "no_speech_prob": 0.0}
    ]
    json.dumps(data)


def test_packaged_model_is_assembled_atomically_and_verified(tmp_path: Path) -> None:
    folder = ensure_whisper_base(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == [
        "config.json",
        "model.bin",
        "tokenizer.json",
        "vocabulary.json",
    ]
    assert file_sha256(folder / "model.bin") == WHISPER_BASE_SHA256
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".assembling-")]
    assert ensure_whisper_base(tmp_path) == folder  # second call reuses it
    with open(folder / "model.bin", "r+b") as model:  # a damaged cache is refused, not used
        model.seek(1000)
        model.write(b"\0\0\0\0")
    with pytest.raises(ModelUnavailable, match="checksum"):
        ensure_whisper_base(tmp_path)


def test_transcribe_command_rejects_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "answer.webm"
    bad.write_bytes(b"this is not a recording")
    code, out, err = _cli(capsys, str(bad), "--json")
    assert code == 2 and out == ""
    assert "not a readable audio or video file" in err
    code, out, err = _cli(capsys, str(tmp_path / "missing.mp4"))
    assert code == 2 and "no media file" in err


def test_transcribe_command_without_engine_says_so(
    english_tone: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENHIRE_ASR_ENGINE", "none")
    code, out, _ = _cli(capsys, str(english_tone), "--json")
    assert code == 3
    data = json.loads(out)
    assert data["status"] == "no_engine" and data["engine"] == "none" and data["text"] == ""


@pytest.fixture
def english_tone(tmp_path: Path) -> Path:
    return syn.encode(tmp_path / "tone.ogg", syn.tone(1.0), kind="ogg")


@pytest.fixture(scope="module")
def english_answer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not syn.espeak_available():
        pytest.skip("espeak-ng is not installed")
    speech = syn.speak("Hello. I am a software engineer. Our team built a product.", voice="en")
    audio = syn.concat([syn.silence(0.4), speech, syn.silence(0.4)])
    return syn.encode(tmp_path_factory.mktemp("asr") / "answer.webm", audio, kind="webm")


@pytest.mark.slow
@needs_espeak
def test_whisper_transcribes_english_webm_with_timestamps(english_answer: Path) -> None:
    recognizer = default_recognizer()
    assert recognizer.name == "faster-whisper"
    first = transcribe_file(english_answer, recognizer=recognizer)
    assert first.status == "ok" and first.language == "en"
    text = first.text.lower()
    assert "engineer" in text and "team" in text and "product" in text
    assert first.engine.startswith("faster-whisper:base@") and first.config_hash
    assert 0.0 < first.rtf < 5.0
    words = first.words
    assert len(words) >= 8
    assert all(0.0 <= w.start <= w.end <= first.duration_s + 0.1 for w in words)
    assert [w.start for w in words] == sorted(w.start for w in words)
    second = transcribe_file(english_answer, recognizer=recognizer)
    assert (second.text, second.segments) == (first.text, first.segments)  # deterministic


@pytest.mark.slow
@needs_espeak
def test_whisper_mandarin_comes_out_in_simplified_characters() -> None:
    speech = syn.speak("谢谢大家，我们开始吧。", voice="cmn-latn-pinyin", words_per_minute=150)
    transcript = default_recognizer().transcribe(
        AudioClip(syn.concat([speech, syn.silence(0.3)])), language="zh"
    )
    assert transcript.language == "zh"
    # espeak's Mandarin is robotic and Whisper base mishears some of it: ask for half the characters
    reference = "谢谢大家我们开始吧"
    heard = sum(1 for ch in reference if ch in transcript.text)
    assert heard >= len(reference) // 2, transcript.text
    assert "谢谢" in transcript.text and "我们" in transcript.text
    assert zhconv.convert(transcript.text, "zh-cn") == transcript.text


@pytest.mark.slow
def test_whisper_hears_nothing_in_noise_free_silence() -> None:
    transcript = default_recognizer().transcribe(AudioClip(syn.silence(3.0)))
    assert isinstance(transcript, Transcript)
    assert transcript.status == "no_speech" and transcript.text == ""


@pytest.mark.slow
@needs_espeak
def test_transcribe_command_json(english_answer: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, str(english_answer), "--json", "--language", "en")
    assert code == 0, err
    data = json.loads(out)
    assert {"text", "language", "segments", "engine", "duration_s", "rtf"} <= data.keys()
    assert data["language"] == "en" and "engineer" in data["text"].lower()
    assert all({"start", "end", "text"} <= seg.keys() for seg in data["segments"])
