"""Per-interview aggregation: competency scores, overall score, percentile, suggestion, flags, feedback."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from openhire.ai.scoring.contracts import ScoringError
from openhire.ai.scoring.interview import (
    AnswerSignals,
    CompetencyInfo,
    ScoredAnswer,
    Thresholds,
    evaluate_interview,
)
from openhire.audit.services import audit_record
from openhire.core import events
from openhire.core.events import event_emit
from openhire.evaluations import engine
from openhire.evaluations.models import AnswerAnalysis, BenchmarkGroup, CompetencyScore, Evaluation
from openhire.evaluations.switches import Switches
from openhire.interviews.models import Interview

MAX_COMPETENCY_EVIDENCE = 4
MULTIPLE_FACES_PCT = 20.0


def benchmark_group_default(*, interview: Interview) -> BenchmarkGroup:
    """The job's benchmark group used for percentiles (created as "all past candidates" on first use)."""
    group = BenchmarkGroup.objects.filter(job_id=interview.job_id, is_default=True).first()
    if group is None:
        group = BenchmarkGroup.objects.create(
            organization_id=interview.organization_id,
            job_id=interview.job_id,
            name="all",
            kind=BenchmarkGroup.Kind.ALL,
            is_default=True,
        )
    return group


def benchmark_scores(group: BenchmarkGroup, *, exclude_interview_id: Any = None) -> list[float]:
    """The overall scores of the group's members (current, finished evaluations)."""
    done = Evaluation.objects.filter(
        organization_id=group.organization_id,
        job_id=group.job_id,
        is_current=True,
        status=Evaluation.Status.DONE,
        overall_score__isnull=False,
    )
    if group.plan_id:
        done = done.filter(interview__plan_version__plan_id=group.plan_id)
    if exclude_interview_id is not None:
        done = done.exclude(interview_id=exclude_interview_id)
    if group.kind == BenchmarkGroup.Kind.SELECTED:
        done = done.filter(id__in=[str(i) for i in group.evaluation_ids or []])
        extra = [float(s) for s in group.scores or [] if isinstance(s, int | float) and 0 <= s <= 100]
    else:
        extra = []
    return sorted([float(s) for s in done.values_list("overall_score", flat=True) if s is not None] + extra)


def _competencies(snapshot: dict[str, Any]) -> list[CompetencyInfo]:
    out = []
    for c in snapshot.get("competencies") or []:
        name = c.get("name") or {}
        out.append(
            CompetencyInfo(
                key=str(c.get("key")),
                name_zh=str(name.get("zh") or c.get("key")) if isinstance(name, dict) else str(name),
                name_en=str(name.get("en") or c.get("key")) if isinstance(name, dict) else str(name),
                weight=int(c.get("weight") or 0),
            )
        )
    return out


def _thresholds(snapshot: dict[str, Any]) -> Thresholds:
    minimums = {
        str(c["key"]): float(c["min_score"])
        for c in snapshot.get("competencies") or []
        if c.get("min_score") is not None
    }
    return Thresholds(overall_min=float(snapshot.get("pass_threshold") or 60), competency_min=minimums)


def _scored(analysis: AnswerAnalysis, switches: Switches) -> ScoredAnswer:
    from openhire.ai.delivery import count_units

    transcript = analysis.transcript or {}
    text = analysis.text
    lang = (
        analysis.language
        if analysis.language in ("zh", "en")
        else ("zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en")
    )
    face = None
    if switches.camera and analysis.camera.get("face_present_pct") is not None:
        face = float(analysis.camera["face_present_pct"]) / 100.0
    confidence = transcript.get("confidence") if analysis.transcript_source == "asr" else None
    delivery = (analysis.delivery or {}) if switches.delivery else {}
    return ScoredAnswer(
        question_id=analysis.question_id,
        competency=analysis.competency,
        score_100=float(analysis.score_100 or 0.0),
        signals=AnswerSignals(
            words=count_units(text, lang),
            asr_confidence=confidence,
            face_present_ratio=face,
            second_voice=bool((delivery.get("prosody") or {}).get("second_voice")),
            read_aloud=bool(delivery.get("read_aloud")),
        ),
    )


def _own_flags(analyses: list[AnswerAnalysis], switches: Switches) -> list[dict[str, Any]]:
    """Flags the aggregator does not know about: unusable media, no consent, human-entered text, …"""
    flags = []
    for a in analyses:
        for code in a.flags:
            if code != "waiting_transcript":
                flags.append({"question_id": a.question_id, "code": code})
        if a.transcript_source == AnswerAnalysis.Source.MANUAL:
            flags.append({"question_id": a.question_id, "code": "manual_transcript"})
        if switches.camera and float(a.camera.get("multiple_faces_pct") or 0.0) >= MULTIPLE_FACES_PCT:
            flags.append({"question_id": a.question_id, "code": "multiple_faces"})
    return flags


def evaluation_aggregate(*, evaluation_id: str) -> Evaluation:
    """Aggregate once every answer is analysed; before that (or when already done) it changes nothing."""
    from openhire.interviews.selectors import evaluated_answers

    with transaction.atomic():
        evaluation = (
            Evaluation.objects.select_for_update()
            .select_related("interview__plan_version", "organization")
            .get(pk=evaluation_id)
        )
        if evaluation.status not in (Evaluation.Status.ANALYSING, Evaluation.Status.WAITING_TRANSCRIPT):
            return evaluation
        interview = evaluation.interview
        wanted = {a.pk for a in evaluated_answers(interview)}
        analyses = [a for a in evaluation.analyses.select_related("answer") if a.answer_id in wanted]
        if len(analyses) < len(wanted) or any(
            a.status in (AnswerAnalysis.Status.PENDING, AnswerAnalysis.Status.TRANSCRIBED) for a in analyses
        ):
            return evaluation  # the last answer's task aggregates again
        if any(a.status == AnswerAnalysis.Status.WAITING_TRANSCRIPT for a in analyses):
            if evaluation.status != Evaluation.Status.WAITING_TRANSCRIPT:
                evaluation.status = Evaluation.Status.WAITING_TRANSCRIPT
                evaluation.save(update_fields=["status", "updated_at"])
            return evaluation
        _compute(evaluation, interview, analyses)
    if Switches.from_settings(evaluation.organization.settings).auto_release_feedback:
        from openhire.evaluations.services.reports import evaluation_release_feedback

        evaluation_release_feedback(evaluation=evaluation, actor=None)
    return evaluation


def _compute(evaluation: Evaluation, interview: Interview, analyses: list[AnswerAnalysis]) -> None:
    switches = Switches.from_dict(evaluation.switches)
    snapshot = interview.snapshot
    scored = [_scored(a, switches) for a in analyses if a.status == AnswerAnalysis.Status.DONE]
    group = benchmark_group_default(interview=interview)
    benchmark = benchmark_scores(group, exclude_interview_id=interview.pk)
    try:
        result = evaluate_interview(
            scored, _competencies(snapshot), thresholds=_thresholds(snapshot), benchmark=benchmark
        )
    except ScoringError as exc:
        evaluation.status = Evaluation.Status.FAILED
        evaluation.error = str(exc)
        evaluation.save(update_fields=["status", "error", "updated_at"])
        audit_record(actor=None, organization=evaluation.organization, action="evaluation.failed",
                     obj=evaluation, after={"error": str(exc)[:200]})  # fmt: skip
        return
    CompetencyScore.objects.filter(evaluation=evaluation).delete()
    by_key = {c.key: c for c in result.competencies}
    for position, comp in enumerate(result.competencies):
        evidence = [
            {**e, "question_id": a.question_id}
            for a in analyses
            if a.competency == comp.key and a.status == AnswerAnalysis.Status.DONE
            for e in a.evidence[:2]
        ][:MAX_COMPETENCY_EVIDENCE]
        CompetencyScore.objects.create(
            organization_id=evaluation.organization_id,
            evaluation=evaluation,
            key=comp.key,
            name_zh=comp.name_zh,
            name_en=comp.name_en,
            weight=comp.weight,
            score_100=comp.score_100,
            scale_1_5=comp.scale_1_5,
            answers=comp.answers,
            evidence=evidence,
            position=position,
        )
    flags = [{"question_id": f.question_id, "code": f.code} for f in result.flags] + _own_flags(
        analyses, switches
    )
    engines = {tuple(e) for a in analyses for e in a.engines}
    engines |= {(e.name, e.version) for e in result.engines}
    engines |= {tuple(a.asr_engine.split("/", 1)) for a in analyses if a.asr_engine and "/" in a.asr_engine}
    engines.add((engine.PIPELINE_NAME, engine.PIPELINE_VERSION))
    ranked = sorted(
        (c for c in result.competencies if c.score_100 is not None),
        key=lambda c: (-(c.score_100 or 0), c.key),
    )
    evaluation.overall_score = result.overall_100
    evaluation.percentile = result.percentile
    evaluation.benchmark_group = group
    evaluation.benchmark_size = result.benchmark_size
    evaluation.suggestion = result.suggestion
    evaluation.reasons = {"zh": list(result.reasons_zh), "en": list(result.reasons_en)}
    evaluation.flags = flags
    evaluation.needs_human_review = bool(flags)
    evaluation.feedback = {
        "zh": result.feedback_zh,
        "en": result.feedback_en,
        "strengths": [c.key for c in ranked if (c.score_100 or 0) >= 70][:2],
        "develop": [c.key for c in reversed(ranked) if (c.score_100 or 0) < 60][:2],
    }
    evaluation.engines = sorted([list(e) for e in engines])
    evaluation.config_hash = engine.config_digest(
        {
            "aggregate": result.config_hash,
            "answers": sorted(a.config_hash for a in analyses),
            "switches": evaluation.switches,
            "pipeline": [engine.PIPELINE_NAME, engine.PIPELINE_VERSION],
        }
    )
    evaluation.status = Evaluation.Status.DONE
    evaluation.completed_at = timezone.now()
    Evaluation.objects.filter(interview_id=interview.pk, is_current=True).exclude(pk=evaluation.pk).update(
        is_current=False
    )
    evaluation.is_current = True
    evaluation.save()
    audit_record(
        actor=None,
        organization=evaluation.organization,
        action="evaluation.done",
        obj=evaluation,
        after={
            "version": evaluation.version,
            "overall": evaluation.overall_score,
            "percentile": evaluation.percentile,
            "suggestion": evaluation.suggestion,
            "competencies": {k: c.score_100 for k, c in by_key.items()},
        },
    )
    event_emit(
        organization_id=evaluation.organization_id,
        name=events.EVALUATION_READY,
        application_id=interview.application_id,
        candidate_id=interview.candidate_id,
        job_id=interview.job_id,
        subject_type="evaluation",
        subject_id=str(evaluation.pk),
        payload={
            "interview_id": str(interview.pk),
            "version": evaluation.version,
            "overall": evaluation.overall_score,
            "percentile": evaluation.percentile,
            "suggestion": evaluation.suggestion,
            "needs_human_review": evaluation.needs_human_review,
        },
    )
