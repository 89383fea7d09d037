"""End-to-end evaluation of a 10-answer interview: decode, ASR, delivery, camera, content scoring.

    .venv/bin/python bench/interview_eval.py [--minutes 10] [--answers 10] [--detect-language]

Answers are synthesised with espeak-ng (Mandarin ``cmn-latn-pinyin`` and English, alternating) and
encoded as browser-like webm (opus + vp8, 320x240, 15 fps, a key frame every second). For each answer
the same run times a *baseline*, plain faster-whisper on the file with the same settings, and the
*pipeline*, our code end to end. It prints wall time, ASR real-time factor (and per core) and the
ratio pipeline / baseline. Not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from openhire.ai.delivery import analyse_delivery
from openhire.ai.media import decode_audio
from openhire.ai.media import synthetic as syn
from openhire.ai.speech.whisper import ZH_PROMPT, FasterWhisperRecognizer, _load_model
from openhire.ai.vision import CameraConfig, analyse_video

ZH_SENTENCES = [
    "我在一家互联网公司负责后端开发，工作了五年。",
    "去年我们团队接到一个紧急的项目，要在两个月内上线新的支付系统。",
    "我的任务是设计数据库和接口，并且协调三个小组的进度。",
    "我先和产品经理确认需求，然后把工作拆分成每周的目标。",
    "遇到性能问题的时候，我们增加了缓存，响应时间减少了百分之四十。",
    "最后项目按时上线，用户增长了百分之三十。",
    "这个经历让我学会了沟通和时间管理。",
    "我觉得最重要的是提前发现风险，并且及时和大家沟通。",
]
EN_SENTENCES = [
    "In my last role I led a team of five engineers building a payment service.",
    "The situation was difficult because the deadline was only two months away.",
    "My task was to design the database and to coordinate three different teams.",
    "First I met the product manager to agree on the most important features.",
    "Then I split the work into weekly goals and reviewed progress every Friday.",
    "When we found performance problems, we added a cache and cut response time by forty percent.",
    "As a result, we launched on time and the number of active users grew by thirty percent.",
    "I learned that clear communication matters as much as good code.",
]
QUESTIONS = {
    "zh": "请讲一个你在压力下按时完成项目的经历。",
    "en": "Tell me about a time you delivered a project under pressure.",
}


@dataclass
class Answer:
    path: Path
    language: str
    text: str
    duration_s: float


def synthesise(folder: Path, answers: int, minutes: float, seed: int = 7) -> list[Answer]:
    rng = random.Random(seed)
    target = minutes * 60.0 / answers
    face_cache: dict[str, np.ndarray] = {
        "centre": syn.scene(),
        "away": syn.scene(faces=((0.85, 0.5, 0.8),)),
        "none": syn.scene(faces=()),
    }

    def video(i: int, t: float) -> np.ndarray:
        # mostly facing the camera, now and then glancing away or out of the picture
        slot = int(t) % 30
        return face_cache["away" if slot in (10, 11) else "none" if slot == 20 else "centre"]

    out = []
    for n in range(answers):
        language = "zh" if n % 2 == 0 else "en"
        pool = ZH_SENTENCES if language == "zh" else EN_SENTENCES
        parts: list[np.ndarray] = [syn.silence(0.6)]
        spoken: list[str] = []
        length = 0.6
        i = rng.randrange(len(pool))
        while length < target - 1.0:
            sentence = pool[i % len(pool)]
            i += 1
            voice = "cmn-latn-pinyin" if language == "zh" else "en"
            speech = syn.speak(sentence, voice=voice, words_per_minute=160 if language == "en" else 150)
            gap = syn.silence(rng.choice([0.4, 0.6, 0.9, 1.3, 2.4]))
            parts += [speech, gap]
            spoken.append(sentence)
            length += (len(speech) + len(gap)) / syn.SAMPLE_RATE
        audio = syn.concat(parts)
        path = syn.encode(folder / f"answer-{n + 1:02d}.webm", audio, kind="webm", video=video, fps=15)
        joiner = "" if language == "zh" else " "
        out.append(Answer(path, language, joiner.join(spoken), len(audio) / syn.SAMPLE_RATE))
    return out


def error_rate(reference: str, hypothesis: str, language: str) -> float:
    """Character error rate for zh, word error rate for en (punctuation ignored)."""
    import re

    def tokens(text: str) -> list[str]:
        if language == "zh":
            return re.findall(r"[\u4e00-\u9fff]|[A-Za-z]+|\d+", text)
        return re.findall(r"[a-z0-9']+", text.lower())

    ref, hyp = tokens(reference), tokens(hypothesis)
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1] / max(1, len(ref))


def raw_asr(recognizer: FasterWhisperRecognizer, answer: Answer, language: str | None) -> float:
    """The baseline: faster-whisper on the file (its own decoding), same settings, segments consumed."""
    model = _load_model(str(recognizer.model_dir), recognizer.cpu_threads)
    started = time.perf_counter()
    segments, _ = model.transcribe(
        str(answer.path),
        language=language,
        initial_prompt=ZH_PROMPT if language == "zh" else None,
        beam_size=recognizer.beam_size,
        temperature=0.0,
        vad_filter=True,
        condition_on_previous_text=False,
        word_timestamps=True,
    )
    for _ in segments:
        pass
    return time.perf_counter() - started


def pipeline(
    recognizer: FasterWhisperRecognizer, answer: Answer, language: str | None, scorer: object
) -> dict:
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    clip = decode_audio(answer.path)
    t1 = time.perf_counter()
    transcript = recognizer.transcribe(clip, language=language)
    t2 = time.perf_counter()
    delivery = analyse_delivery(transcript, clip)
    t3 = time.perf_counter()
    camera = analyse_video(answer.path, config=CameraConfig(sample_fps=1.0))
    t4 = time.perf_counter()
    score = None
    if callable(scorer):
        score = scorer(answer, transcript)
    t5 = time.perf_counter()
    times = {"decode": t1 - t0, "asr": t2 - t1, "delivery": t3 - t2, "vision": t4 - t3, "scoring": t5 - t4}
    return {"times": times, "transcript": transcript, "delivery": delivery, "camera": camera, "score": score}


def content_scorer() -> tuple[object, str]:
    """``openhire.ai.scoring``'s ``score_answer`` when it is there (imported lazily), else skipped."""
    try:
        from openhire.ai.scoring.contracts import QuestionSpec
        from openhire.ai.scoring.scorer import score_answer
    except ImportError as exc:
        return None, f"skipped (openhire.ai.scoring unavailable: {exc})"

    def score(answer: Answer, transcript: object) -> object:
        question = QuestionSpec(text=QUESTIONS[answer.language], language=answer.language)
        try:
            return score_answer(
                question,
                transcript.text,  # type: ignore[attr-defined]
                segments=transcript.segments,  # type: ignore[attr-defined]
                language=answer.language,
            )
        except Exception as exc:  # the benchmark reports a failing stage instead of stopping
            return f"error: {exc}"

    return score, "openhire.ai.scoring.scorer.score_answer"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--answers", type=int, default=10)
    parser.add_argument("--minutes", type=float, default=10.0, help="total speech+pause length")
    parser.add_argument("--detect-language", action="store_true", help="do not tell the engines the language")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not syn.espeak_available():
        print("espeak-ng is required (apt-get install espeak-ng)", file=sys.stderr)
        return 2
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="openhire-bench-") as tmp:
        t = time.perf_counter()
        answers = synthesise(Path(tmp), args.answers, args.minutes)
        print(f"synthesised {len(answers)} answers, {sum(a.duration_s for a in answers):.0f} s "
              f"in {time.perf_counter() - t:.0f} s (not timed below)", file=sys.stderr)  # fmt: skip
        recognizer = FasterWhisperRecognizer()
        _load_model(str(recognizer.model_dir), recognizer.cpu_threads)  # both sides start warm
        scorer, scorer_note = content_scorer()
        if callable(scorer):  # warm the scorer's models too (embeddings load once per process)
            scorer(
                answers[0], recognizer.transcribe(decode_audio(answers[0].path), language=answers[0].language)
            )
        rows = []
        wall_started = time.perf_counter()
        for answer in answers:
            language = None if args.detect_language else answer.language
            raw = raw_asr(recognizer, answer, language)  # interleaved so both see the same machine load
            result = pipeline(recognizer, answer, language, scorer)
            err = error_rate(answer.text, result["transcript"].text, answer.language)
            rows.append((answer, raw, result, err))
            tm = result["times"]
            print(
                f"{answer.path.name} {answer.language} {answer.duration_s:5.1f}s raw {raw:5.1f}s "
                f"pipeline {sum(tm.values()):5.1f}s ("
                + " ".join(f"{k} {v:.2f}" for k, v in tm.items())
                + f") err {err:.2f} lang {result['transcript'].language}",
                file=sys.stderr,
            )
        both_wall = time.perf_counter() - wall_started
    audio_s = sum(a.duration_s for a, *_ in rows)
    raw_s = sum(r for _, r, _, _ in rows)
    stage = {k: sum(res["times"][k] for _, _, res, _ in rows) for k in rows[0][2]["times"]}
    pipe_s = sum(stage.values())
    figures = {
        "machine": f"{platform.machine()} {cores} cores, load avg {os.getloadavg()[0]:.1f}",
        "answers": len(rows),
        "audio_s": round(audio_s, 1),
        "pipeline_wall_s": round(pipe_s, 1),
        "baseline_raw_asr_s": round(raw_s, 1),
        "ratio_pipeline_to_raw_asr": round(pipe_s / raw_s, 3),
        "asr_rtf": round(stage["asr"] / audio_s, 3),
        "asr_rtf_per_core": round(stage["asr"] * cores / audio_s, 3),
        "stage_s": {k: round(v, 2) for k, v in stage.items()},
        "mean_error_rate": {
            lang: round(float(np.mean([e for a, _, _, e in rows if a.language == lang])), 3)
            for lang in sorted({a.language for a, *_ in rows})
        },
        "content_scoring": scorer_note,
        "content_scores": [
            round(float(res["score"].score_100), 1)
            if hasattr(res["score"], "score_100")
            else str(res["score"])[:80]
            for _, _, res, _ in rows
        ],
        "language": "detected" if args.detect_language else "given by the interview plan",
        "bench_wall_s_including_baseline": round(both_wall, 1),
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
