"""Every write of the evaluations app.

Lifecycle: an answer is submitted → its ``AnswerAnalysis`` is created and analysed on the ``media``
queue (the transcript goes to the interviews app at once, for follow-ups) → the interview completes →
the remaining answers are analysed → ``evaluation_aggregate`` computes competency scores, the overall
score, the percentile and the suggestion, and emits ``EVALUATION_READY``. Every step re-checks state,
so a task that runs twice (a killed worker) leaves exactly one result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from openhire.audit.services import audit_record
from openhire.core.errors import Conflict, ValidationFailed
from openhire.evaluations import engine
from openhire.evaluations.models import (
    AnswerAnalysis,
    ConsentWithdrawal,
    Evaluation,
)
from openhire.evaluations.switches import Switches
from openhire.interviews.models import Answer, Consent, Interview

if TYPE_CHECKING:
    from openhire.accounts.models import Organization, User

MAX_TRANSCRIPT = 20_000
EVALUATED_STATES = (Interview.State.IN_PROGRESS, Interview.State.COMPLETED)


# --- consent ------------------------------------------------------------------------------------


def consent_state(interview: Interview) -> tuple[bool, bool]:
    """(AI processing allowed, audio/video analysis allowed) from the latest consent and withdrawals."""
    if ConsentWithdrawal.objects.filter(interview_id=interview.pk).exists():
        return False, False
    consent = Consent.objects.filter(interview_id=interview.pk).order_by("-created_at").first()
    if consent is None or not consent.ai_consent:
        return False, False
    return True, bool(consent.av_analysis_consent)


def evaluation_consent_withdraw(*, interview: Interview, actor: User | None, note: str = "") -> int:
    """The candidate withdrew consent: record it, stop all processing and delete every derivative
    (evaluations, analyses, transcripts, scores). Returns how many evaluations were deleted."""
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        if ConsentWithdrawal.objects.filter(interview=interview).exists():
            return 0  # already withdrawn: nothing is left to delete
        ConsentWithdrawal.objects.create(
            organization_id=interview.organization_id,
            interview=interview,
            recorded_by=actor,
            note=note[:2000],
        )
        evaluations = Evaluation.objects.filter(interview=interview)
        deleted = evaluations.count()
        evaluations.delete()  # analyses, competency scores and review requests cascade
        from openhire.interviews.services import answer_transcript_ready

        for answer_id in (
            Answer.objects.filter(interview=interview).exclude(transcript="").values_list("id", flat=True)
        ):
            answer_transcript_ready(answer_id=str(answer_id), text="")
        audit_record(
            actor=actor,
            organization=interview.organization,
            action="evaluation.consent_withdrawn",
            obj=interview,
            after={"evaluations_deleted": deleted},
        )
    return deleted


# --- opening an evaluation and its analyses -------------------------------------------------------


def _switches(org: Organization) -> Switches:
    return Switches.from_settings(org.settings)


def _analysis_for(evaluation: Evaluation, answer: Answer, language: str | None) -> AnswerAnalysis:
    ctx = engine.question_context(evaluation.interview.snapshot, answer.question_id, language)
    analysis, _created = AnswerAnalysis.objects.get_or_create(
        evaluation=evaluation,
        answer=answer,
        defaults={
            "organization_id": evaluation.organization_id,
            "question_id": answer.question_id,
            "question_text": ctx.text,
            "competency": ctx.competency_key,
            "language": language or "",
        },
    )
    return analysis


def _enqueue_analyses(ids: list[str]) -> None:
    from openhire.evaluations.tasks import answer_analyse

    def run() -> None:
        for analysis_id in ids:
            answer_analyse.enqueue(analysis_id=analysis_id)

    if ids:
        transaction.on_commit(run)


def _enqueue_aggregate(evaluation_id: str) -> None:
    from openhire.evaluations.tasks import evaluation_aggregate_task

    transaction.on_commit(lambda: evaluation_aggregate_task.enqueue(evaluation_id=evaluation_id))


def _open(interview: Interview, *, actor: User | None = None) -> Evaluation | None:
    """The interview's first (automatic) evaluation, created on first use; ``None`` without AI consent."""
    ai_ok, _av_ok = consent_state(interview)
    if not ai_ok:
        return None
    evaluation = Evaluation.objects.filter(interview=interview, version=1).first()
    if evaluation is not None:
        return evaluation
    evaluation = Evaluation.objects.create(
        organization_id=interview.organization_id,
        interview=interview,
        job_id=interview.job_id,
        version=1,
        is_current=True,
        trigger="auto",
        switches=_switches(interview.organization).to_dict(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        organization=interview.organization,
        action="evaluation.create",
        obj=evaluation,
        after={"interview": str(interview.pk), "version": 1},
    )
    return evaluation


def evaluation_answer_submitted(*, interview: Interview, answer_id: str) -> AnswerAnalysis | None:
    """Start analysing an answer while the interview is still running (so follow-ups get transcripts)."""
    with transaction.atomic():
        interview = (
            Interview.objects.select_for_update()
            .select_related("plan_version", "organization")
            .get(pk=interview.pk)
        )
        if interview.state not in EVALUATED_STATES:
            return None
        answer = Answer.objects.filter(pk=answer_id, interview=interview).first()
        evaluation = _open(interview)
        if answer is None or evaluation is None or evaluation.status == Evaluation.Status.DONE:
            return None
        analysis = _analysis_for(evaluation, answer, engine.plan_language(interview.snapshot))
        if analysis.status in (AnswerAnalysis.Status.PENDING, AnswerAnalysis.Status.TRANSCRIBED):
            _enqueue_analyses([str(analysis.pk)])
    return analysis


def evaluation_interview_completed(*, interview: Interview, actor: User | None = None) -> Evaluation | None:
    """The interview is complete: analyse every answer the evaluation uses, then aggregate."""
    from openhire.interviews.selectors import evaluated_answers

    with transaction.atomic():
        interview = (
            Interview.objects.select_for_update()
            .select_related("plan_version", "organization")
            .get(pk=interview.pk)
        )
        if interview.state != Interview.State.COMPLETED:
            return None
        evaluation = _open(interview, actor=actor)
        if evaluation is None or evaluation.status != Evaluation.Status.COLLECTING:
            return evaluation
        return _start_analysis(evaluation, interview, evaluated_answers(interview))


def _start_analysis(evaluation: Evaluation, interview: Interview, answers: list[Answer]) -> Evaluation:
    language = engine.plan_language(interview.snapshot)
    pending = []
    for answer in answers:
        analysis = _analysis_for(evaluation, answer, language)
        if not analysis.is_terminal:
            pending.append(str(analysis.pk))
    evaluation.status = Evaluation.Status.ANALYSING
    evaluation.save(update_fields=["status", "updated_at"])
    _enqueue_analyses(pending)
    _enqueue_aggregate(str(evaluation.pk))
    return evaluation


def evaluation_rerun(*, interview: Interview, actor: User | None, retranscribe: bool = False) -> Evaluation:
    """A new evaluation version (e.g. after a model update); the old one stays and stays current until
    the new one is done. Transcripts are reused unless ``retranscribe``. While an evaluation of the
    interview is running, that one is returned instead of starting another."""
    from openhire.interviews.selectors import evaluated_answers

    with transaction.atomic():
        interview = (
            Interview.objects.select_for_update()
            .select_related("plan_version", "organization")
            .get(pk=interview.pk)
        )
        if interview.state != Interview.State.COMPLETED:
            raise Conflict(_("An evaluation can be re-run once the interview is completed."))
        if not consent_state(interview)[0]:
            raise Conflict(_("The candidate has not consented to AI assessment, or has withdrawn consent."))
        previous = Evaluation.objects.filter(interview=interview).order_by("-version").first()
        if previous is not None and previous.status in (
            Evaluation.Status.COLLECTING,
            Evaluation.Status.ANALYSING,
        ):
            return previous  # one run at a time: asking again while it runs returns the running one
        evaluation = Evaluation.objects.create(
            organization_id=interview.organization_id,
            interview=interview,
            job_id=interview.job_id,
            version=(previous.version + 1) if previous else 1,
            is_current=previous is None,
            trigger="rerun",
            switches=_switches(interview.organization).to_dict(),
            created_by=actor,
        )
        answers = evaluated_answers(interview)
        if previous is not None and not retranscribe:
            language = engine.plan_language(interview.snapshot)
            old = {a.answer_id: a for a in previous.analyses.all()}
            for answer in answers:
                before = old.get(answer.pk)
                if before is None or before.transcript_source not in ("asr", "manual", "typed"):
                    continue
                analysis = _analysis_for(evaluation, answer, language)
                analysis.transcript = before.transcript
                analysis.transcript_source = before.transcript_source
                analysis.transcript_entered_by_id = before.transcript_entered_by_id
                analysis.asr_engine, analysis.asr_rtf = before.asr_engine, before.asr_rtf
                analysis.language = before.language
                analysis.status = AnswerAnalysis.Status.TRANSCRIBED
                analysis.save()
        audit_record(
            actor=actor,
            organization=interview.organization,
            action="evaluation.rerun",
            obj=evaluation,
            after={"version": evaluation.version, "retranscribe": retranscribe},
        )
        return _start_analysis(evaluation, interview, answers)


# --- per-answer results ---------------------------------------------------------------------------


def _locked_analysis(analysis_id: str) -> AnswerAnalysis:
    return (
        AnswerAnalysis.objects.select_for_update()
        .select_related("evaluation__organization", "answer")
        .get(pk=analysis_id)
    )


def analysis_transcript_store(
    *, analysis_id: str, transcript: dict[str, Any], source: str, actor: User | None = None
) -> AnswerAnalysis:
    """Store an answer's transcript (once) and hand it to the interviews app for follow-up rules."""
    from openhire.interviews.services import answer_transcript_ready

    with transaction.atomic():
        analysis = _locked_analysis(analysis_id)
        manual = source == AnswerAnalysis.Source.MANUAL
        allowed = (AnswerAnalysis.Status.WAITING_TRANSCRIPT,) if manual else (AnswerAnalysis.Status.PENDING,)
        if analysis.status not in allowed:
            return analysis  # already stored (a task re-run) or not waiting for a person
        analysis.transcript = transcript
        analysis.transcript_source = source
        analysis.transcript_entered_by = actor if manual else None
        analysis.language = str(transcript.get("language") or analysis.language or "")
        if source == AnswerAnalysis.Source.ASR:
            analysis.asr_engine = f"{transcript.get('engine')}/{transcript.get('engine_version')}"
            analysis.asr_rtf = float(transcript.get("rtf") or 0.0)
        analysis.status = AnswerAnalysis.Status.TRANSCRIBED
        analysis.save()
        text = str(transcript.get("text") or "")
        if text and source != AnswerAnalysis.Source.TYPED:
            answer_transcript_ready(answer_id=str(analysis.answer_id), text=text)
        audit_record(
            actor=actor,
            organization=analysis.evaluation.organization,
            action="evaluation.transcript_manual" if manual else "evaluation.transcript",
            obj=analysis,
            after={"source": source, "chars": len(text), "language": analysis.language},
        )
        if manual:
            evaluation = Evaluation.objects.select_for_update().get(pk=analysis.evaluation_id)
            if evaluation.status == Evaluation.Status.WAITING_TRANSCRIPT:
                evaluation.status = Evaluation.Status.ANALYSING
                evaluation.save(update_fields=["status", "updated_at"])
            _enqueue_analyses([str(analysis.pk)])
    return analysis


def analysis_paste_transcript(
    *, analysis: AnswerAnalysis, text: str, language: str, actor: User
) -> AnswerAnalysis:
    """HR pastes the transcript of an answer that waits for one (no speech engine); marked as human-entered."""
    from openhire.ai.speech import manual_transcript

    text = text.strip()
    if not text:
        raise ValidationFailed(_("Paste the transcript first."), field="text")
    if len(text) > MAX_TRANSCRIPT:
        raise ValidationFailed(_("The transcript is too long."), field="text")
    if language not in ("zh", "en"):
        raise ValidationFailed(_("Choose the language of the answer."), field="language")
    if analysis.status != AnswerAnalysis.Status.WAITING_TRANSCRIPT:
        raise Conflict(_("This answer is not waiting for a transcript."))
    duration = float((analysis.transcript or {}).get("duration_s") or analysis.answer.duration_ms / 1000.0)
    transcript = manual_transcript(text, language=language, duration_s=duration, author=actor.get_username())
    return analysis_transcript_store(
        analysis_id=str(analysis.pk),
        transcript=transcript.to_dict(),
        source=AnswerAnalysis.Source.MANUAL,
        actor=actor,
    )


def analysis_wait_for_transcript(*, analysis_id: str, transcript: dict[str, Any]) -> AnswerAnalysis:
    """No speech engine: the answer waits for a transcript pasted by HR."""
    with transaction.atomic():
        analysis = _locked_analysis(analysis_id)
        if analysis.status != AnswerAnalysis.Status.PENDING:
            return analysis
        analysis.status = AnswerAnalysis.Status.WAITING_TRANSCRIPT
        analysis.transcript = transcript
        analysis.asr_engine = str(transcript.get("engine") or "none")
        analysis.flags = ["waiting_transcript"]
        analysis.save()
        audit_record(
            actor=None,
            organization=analysis.evaluation.organization,
            action="evaluation.transcript_waiting",
            obj=analysis,
            after={"note": str(transcript.get("note") or "")[:200]},
        )
    return analysis


def analysis_finish(
    *,
    analysis_id: str,
    status: str,
    flags: list[str] | None = None,
    error: str = "",
    result: engine.ContentResult | None = None,
    delivery: dict[str, Any] | None = None,
    camera: dict[str, Any] | None = None,
    seconds: float = 0.0,
) -> AnswerAnalysis:
    """Store the outcome of one answer's analysis (once: a re-run of a finished analysis is a no-op)."""
    if status not in (
        AnswerAnalysis.Status.DONE,
        AnswerAnalysis.Status.FLAGGED,
        AnswerAnalysis.Status.SKIPPED,
    ):
        raise ValueError(f"not a final status: {status}")
    with transaction.atomic():
        analysis = _locked_analysis(analysis_id)
        if analysis.status in (
            AnswerAnalysis.Status.DONE,
            AnswerAnalysis.Status.FLAGGED,
            AnswerAnalysis.Status.SKIPPED,
        ):
            return analysis
        analysis.status = status
        analysis.flags = sorted(set(flags or []))
        analysis.error = error[:2000]
        analysis.delivery = delivery or {}
        analysis.camera = camera or {}
        analysis.seconds = round(seconds, 3)
        if result is not None:
            analysis.score_100 = result.score_100
            analysis.scale_1_5 = result.scale_1_5
            analysis.evidence = result.evidence
            analysis.content = result.content
            analysis.engines = result.engines
            analysis.config_hash = result.config_hash
        analysis.save()
        audit_record(
            actor=None,
            organization=analysis.evaluation.organization,
            action="evaluation.answer_analysed",
            obj=analysis,
            after={"status": status, "score": analysis.score_100, "flags": analysis.flags},
        )
        _enqueue_aggregate(str(analysis.evaluation_id))
    return analysis
