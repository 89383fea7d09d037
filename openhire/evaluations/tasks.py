"""Background work: analyse one answer (``media`` queue) and aggregate an interview (``default``).

Tasks take ids, load state, call services and are idempotent: each step re-checks the row's status
under a lock, so a task run twice (a worker killed mid-transcription) stores exactly one result and
skips the work already stored (a stored transcript is never recognised again).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from django_tasks import task

from openhire.core import context, events
from openhire.core.models import DomainEvent
from openhire.evaluations import engine, services
from openhire.evaluations.models import AnswerAnalysis
from openhire.evaluations.switches import Switches

logger = logging.getLogger("openhire.evaluations")


def on_event(event: DomainEvent) -> None:
    """Registered with ``openhire.core.events``: start evaluating when answers arrive and interviews end."""
    if event.subject_type != "interview" or event.name not in (
        events.ANSWER_SUBMITTED,
        events.INTERVIEW_COMPLETED,
    ):
        return
    from openhire.interviews.models import Interview

    interview = Interview.objects.filter(pk=event.subject_id, organization_id=event.organization_id).first()
    if interview is None:
        return
    with context.using(context.RequestContext(channel="task")):
        if event.name == events.ANSWER_SUBMITTED:
            answer_id = str((event.payload or {}).get("answer_id") or "")
            if answer_id:
                services.evaluation_answer_submitted(interview=interview, answer_id=answer_id)
        else:
            services.evaluation_interview_completed(interview=interview)


@task(queue_name="media")
def answer_analyse(analysis_id: str) -> str:
    """Transcribe (once), measure delivery and camera signals, score the content of one answer."""
    with context.using(context.RequestContext(channel="task")):
        return analyse(analysis_id)


@task(queue_name="default")
def evaluation_aggregate_task(evaluation_id: str) -> str:
    with context.using(context.RequestContext(channel="task")):
        return services.evaluation_aggregate(evaluation_id=evaluation_id).status


def analyse(analysis_id: str) -> str:
    analysis = (
        AnswerAnalysis.objects.select_related("evaluation", "answer__interview__plan_version")
        .filter(pk=analysis_id)
        .first()
    )
    if analysis is None or analysis.status not in (
        AnswerAnalysis.Status.PENDING,
        AnswerAnalysis.Status.TRANSCRIBED,
    ):
        return analysis.status if analysis is not None else "gone"
    started = time.perf_counter()
    answer = analysis.answer
    interview = answer.interview
    ai_ok, av_ok = services.consent_state(interview)
    if not ai_ok:
        return services.analysis_finish(
            analysis_id=analysis_id, status="skipped", flags=["no_ai_consent"]
        ).status
    switches = Switches.from_dict(analysis.evaluation.switches)
    language = engine.plan_language(interview.snapshot)
    if not answer.media:
        if analysis.status == AnswerAnalysis.Status.PENDING:
            text = (answer.text or "").strip()
            if not text:
                return services.analysis_finish(
                    analysis_id=analysis_id, status="flagged", flags=["empty"]
                ).status
            analysis = services.analysis_transcript_store(
                analysis_id=analysis_id, transcript=engine.typed_transcript(text, language), source="typed"
            )
        return _score(analysis, None, switches, {}, {}, started)
    if not av_ok:
        return services.analysis_finish(
            analysis_id=analysis_id, status="skipped", flags=["no_av_consent"]
        ).status
    suffix = f".{answer.container}" if answer.container else ""
    with engine.plain_file(answer.media, suffix=suffix) as path:
        return _analyse_media(analysis, path, switches, language, started)


def _analyse_media(
    analysis: AnswerAnalysis, path: Path, switches: Switches, language: str | None, started: float
) -> str:
    from openhire.ai.media import MediaError, decode_audio, probe_media
    from openhire.ai.media.probe import SILENCE_DBFS, loudest_window_dbfs

    analysis_id = str(analysis.pk)
    try:
        info = probe_media(path, check_silence=False)
        clip = decode_audio(path)
    except MediaError as exc:
        return services.analysis_finish(
            analysis_id=analysis_id,
            status="flagged",
            flags=["media_unusable"],
            error=f"{exc.code}: {exc.message}",
        ).status
    if clip.samples.size == 0 or loudest_window_dbfs(clip.samples) < SILENCE_DBFS:
        return services.analysis_finish(
            analysis_id=analysis_id, status="flagged", flags=["silent"], error="the sound track is silent"
        ).status
    if analysis.status == AnswerAnalysis.Status.PENDING:
        transcript = engine.recognizer().transcribe(clip, language=language)
        data = transcript.to_dict(words=True)
        if transcript.needs_manual_transcript:
            return services.analysis_wait_for_transcript(analysis_id=analysis_id, transcript=data).status
        if transcript.status == "no_speech" or not transcript.text.strip():
            return services.analysis_finish(
                analysis_id=analysis_id, status="flagged", flags=["no_speech"], error=transcript.note
            ).status
        analysis = services.analysis_transcript_store(analysis_id=analysis_id, transcript=data, source="asr")
        if analysis.status != AnswerAnalysis.Status.TRANSCRIBED:
            return analysis.status
    transcript = engine.transcript_from_dict(analysis.transcript)
    delivery: dict[str, Any] = {}
    camera: dict[str, Any] = {}
    if switches.delivery:
        from openhire.ai.delivery import analyse_delivery

        delivery = analyse_delivery(transcript, clip).to_dict()
    if switches.camera and info.has_video:
        from openhire.ai.vision import analyse_video

        try:
            camera = analyse_video(path).to_dict()
        except (MediaError, ValueError) as exc:  # the answer is still scored without camera signals
            camera = {"error": str(exc)[:200]}
    truncated = ["truncated"] if clip.truncated else []
    return _score(analysis, transcript, switches, delivery, camera, started, flags=truncated)


def _score(
    analysis: AnswerAnalysis,
    transcript: Any,
    switches: Switches,
    delivery: dict[str, Any],
    camera: dict[str, Any],
    started: float,
    *,
    flags: list[str] | None = None,
) -> str:
    interview = analysis.answer.interview
    language = analysis.language or None
    ctx = engine.question_context(interview.snapshot, analysis.question_id, language)
    result = engine.score_content(
        ctx, analysis.text, transcript, language=language, use_llm=switches.llm_grader
    )
    return services.analysis_finish(
        analysis_id=str(analysis.pk),
        status="done",
        flags=flags,
        result=result,
        delivery=delivery,
        camera=camera,
        seconds=time.perf_counter() - started,
    ).status
