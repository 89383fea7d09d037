"""What the candidate does: consent, decline, book, start, answer in text, retake, finish.

Candidates are not users: ``actor`` is ``None`` in their audit rows, which carry the request's
address and browser from the request context.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from openhire.audit.services import audit_record
from openhire.candidates.services import application_request_human_review
from openhire.core import context, events
from openhire.core.errors import Conflict, NotFound, ValidationFailed
from openhire.interviews import flow
from openhire.interviews.models import Answer, Booking, BookingWindow, Consent, Interview, Reminder
from openhire.interviews.services._common import (
    PRE_START_STATES,
    PRIVACY_VERSION,
    active_booking,
    cancel_reminders,
    emit,
    now,
)

if TYPE_CHECKING:
    from openhire.accounts.models import User

START_EARLY = timedelta(minutes=15)
MAX_TEXT_ANSWER = 5000


def _locked(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update()
        .select_related("plan_version", "organization")
        .get(pk=interview.pk)
    )


def consent_give(
    *,
    interview: Interview,
    ai_consent: bool,
    av_analysis_consent: bool,
    alternative: str = "",
    language: str = "",
    privacy_version: str = PRIVACY_VERSION,
) -> Consent:
    """Record the candidate's choice. Video answers need both consents; text answers need AI consent
    and a plan that allows them; asking for a human interview needs neither and is passed to HR."""
    if alternative not in ("", "text", "human"):
        raise ValidationFailed(_("Choose how you want to take part."), field="alternative")
    if alternative == "text":
        _require_text_allowed(interview)
    if alternative == "" and not (ai_consent and av_analysis_consent):
        raise ValidationFailed(
            _(
                "To record video answers, agree to the AI assessment and to the audio/video analysis, or choose an alternative."
            ),
            field="av_analysis_consent",
        )
    if alternative == "text" and not ai_consent:
        raise ValidationFailed(
            _("Text answers are assessed with AI: agree to the AI assessment, or ask for a human interview."),
            field="ai_consent",
        )
    ctx = context.current()
    with transaction.atomic():
        interview = _locked(interview)
        if interview.state not in (Interview.State.INVITED, Interview.State.OPENED):
            raise Conflict(_("Your choice has already been recorded."))
        consent = Consent.objects.create(
            organization_id=interview.organization_id,
            interview=interview,
            privacy_version=privacy_version,
            ai_consent=ai_consent,
            av_analysis_consent=av_analysis_consent if alternative == "" else False,
            alternative=alternative,
            language=language[:8],
            ip=ctx.ip,
            user_agent=ctx.user_agent,
        )
        before = interview.state
        if alternative == "human":
            _mark_human_requested(interview)
        else:
            interview.state = Interview.State.CONSENTED
            interview.consented_at = now()
            _apply_answer_mode(
                interview, Interview.Mode.TEXT if alternative == "text" else Interview.Mode.VIDEO
            )
        interview.save()
        audit_record(
            actor=None,
            organization=interview.organization,
            action="interview.consent",
            obj=interview,
            before={"state": before},
            after={
                "state": interview.state,
                "privacy_version": privacy_version,
                "ai": ai_consent,
                "av_analysis": consent.av_analysis_consent,
                "alternative": alternative,
            },
        )
        if alternative == "human":
            _pass_human_request_on(interview)
        else:
            emit(
                interview,
                events.INTERVIEW_CONSENTED,
                mode=interview.answer_mode,
                av_analysis=consent.av_analysis_consent,
            )
    return consent


def _require_text_allowed(interview: Interview) -> None:
    if not interview.snapshot.get("allow_text_answers"):
        raise ValidationFailed(_("This interview does not accept text answers."), field="alternative")


def _apply_answer_mode(interview: Interview, mode: str) -> None:
    """Set the answer mode on a locked interview (the caller saves, audits and emits)."""
    if mode not in (Interview.Mode.VIDEO, Interview.Mode.TEXT):
        raise ValidationFailed(_("Choose how you want to take part."), field="mode")
    if mode == Interview.Mode.TEXT:
        _require_text_allowed(interview)
    interview.answer_mode = mode


def _mark_human_requested(interview: Interview) -> None:
    interview.state = Interview.State.HUMAN_REQUESTED
    interview.human_requested_at = now()
    cancel_reminders(interview)


def _pass_human_request_on(interview: Interview) -> None:
    application_request_human_review(application_id=interview.application_id, actor=None, source="candidate")
    emit(interview, events.HUMAN_INTERVIEW_REQUESTED)


# After consent, until the last answer: where a candidate's camera or microphone fails.
SWITCHABLE_STATES = (Interview.State.CONSENTED, Interview.State.BOOKED, Interview.State.IN_PROGRESS)


def answer_mode_switch(*, interview: Interview, mode: str, reason: str = "") -> Interview:
    """Switch a consented candidate's answer mode (typed answers when recording fails on the device).

    The same rule as the consent step (``_apply_answer_mode``: text only where the plan allows it),
    with its own audit row and event. Answers already submitted stay as they are; an unfinished
    upload of the current question is dropped by the client. Switching to the mode already chosen is
    a no-op.
    """
    with transaction.atomic():
        interview = _locked(interview)
        if interview.state not in SWITCHABLE_STATES:
            raise Conflict(_("The way you answer can no longer be changed."))
        before = interview.answer_mode
        _apply_answer_mode(interview, mode)
        if interview.answer_mode == before:
            return interview
        interview.save(update_fields=["answer_mode", "updated_at"])
        audit_record(
            actor=None,
            organization=interview.organization,
            action="interview.answer_mode",
            obj=interview,
            before={"answer_mode": before, "state": interview.state},
            after={"answer_mode": interview.answer_mode, "reason": reason[:40]},
        )
        emit(
            interview,
            events.ANSWER_MODE_CHANGED,
            mode=interview.answer_mode,
            previous=before,
            reason=reason[:40],
        )
    return interview


def interview_request_human(*, interview: Interview) -> Interview:
    """After consent (before the interview is finished): ask for an interview with a person instead."""
    with transaction.atomic():
        interview = _locked(interview)
        if interview.state == Interview.State.HUMAN_REQUESTED:
            return interview
        if interview.state not in SWITCHABLE_STATES:
            raise Conflict(_("A human interview can no longer be requested here; contact the recruiter."))
        before = interview.state
        _mark_human_requested(interview)
        interview.save(update_fields=["state", "human_requested_at", "updated_at"])
        Booking.objects.filter(interview=interview, cancelled_at__isnull=True).update(cancelled_at=now())
        audit_record(
            actor=None,
            organization=interview.organization,
            action="interview.human_request",
            obj=interview,
            before={"state": before},
            after={"state": interview.state},
        )
        _pass_human_request_on(interview)
    return interview


def interview_decline(*, interview: Interview) -> Interview:
    with transaction.atomic():
        interview = _locked(interview)
        if interview.state not in PRE_START_STATES:
            raise Conflict(_("The interview can no longer be declined."))
        before = interview.state
        interview.state = Interview.State.DECLINED
        interview.declined_at = now()
        interview.save(update_fields=["state", "declined_at", "updated_at"])
        Booking.objects.filter(interview=interview, cancelled_at__isnull=True).update(cancelled_at=now())
        cancel_reminders(interview)
        audit_record(
            actor=None,
            organization=interview.organization,
            action="interview.decline",
            obj=interview,
            before={"state": before},
            after={"state": interview.state},
        )
        emit(interview, events.INTERVIEW_DECLINED)
    return interview


@dataclass(frozen=True)
class Slot:
    window_id: str
    start: datetime
    end: datetime
    free: int


def booking_slots(*, interview: Interview, days: int = 14) -> list[Slot]:
    """Free slots of the job's booking windows from now on (at most ``days`` ahead)."""
    start_from = now()
    windows = BookingWindow.objects.filter(
        organization_id=interview.organization_id,
        job_id=interview.job_id,
        end__gt=start_from,
        start__lt=start_from + timedelta(days=days),
    )
    taken: dict[tuple[str, datetime], int] = {}
    for window_id, slot_start in (
        Booking.objects.filter(window__in=windows, cancelled_at__isnull=True)
        .exclude(interview=interview)
        .values_list("window_id", "slot_start")
    ):
        key = (str(window_id), slot_start)
        taken[key] = taken.get(key, 0) + 1
    slots: list[Slot] = []
    for window in windows:
        step = timedelta(minutes=max(5, window.slot_minutes))
        cursor = window.start
        while cursor + step <= window.end:
            if cursor > start_from:
                free = window.capacity - taken.get((str(window.pk), cursor), 0)
                if free > 0:
                    slots.append(Slot(str(window.pk), cursor, cursor + step, free))
            cursor += step
    return sorted(slots, key=lambda s: s.start)


def booking_book(*, interview: Interview, window_id: str, slot_start: datetime) -> Booking:
    """Book (or move to) a slot; keeps the reminder rows in step."""
    with transaction.atomic():
        interview = _locked(interview)
        if interview.state not in (Interview.State.CONSENTED, Interview.State.BOOKED):
            raise Conflict(
                _("A time can be booked after you have given your consent, before the interview starts.")
            )
        window = (
            BookingWindow.objects.select_for_update()
            .filter(pk=window_id, organization_id=interview.organization_id, job_id=interview.job_id)
            .first()
        )
        if window is None:
            raise NotFound(_("This time is not available."))
        step = timedelta(minutes=max(5, window.slot_minutes))
        offset = (slot_start - window.start) / step
        if (
            slot_start <= now()
            or slot_start < window.start
            or slot_start + step > window.end
            or offset != int(offset)
        ):
            raise ValidationFailed(_("This time is not available."), field="slot")
        taken = (
            Booking.objects.filter(window=window, slot_start=slot_start, cancelled_at__isnull=True)
            .exclude(interview=interview)
            .count()
        )
        if taken >= window.capacity:
            raise Conflict(_("This time has just been fully booked; please choose another."))
        previous = active_booking(interview)
        if previous is not None:
            if previous.window_id == window.pk and previous.slot_start == slot_start:
                return previous
            previous.cancelled_at = now()
            previous.save(update_fields=["cancelled_at", "updated_at"])
        booking = Booking.objects.create(
            organization_id=interview.organization_id,
            interview=interview,
            window=window,
            slot_start=slot_start,
            slot_end=slot_start + step,
        )
        cancel_reminders(interview, Reminder.Kind.BOOKING_NUDGE, Reminder.Kind.SLOT_SOON)
        if slot_start - timedelta(hours=1) > now():
            Reminder.objects.create(
                organization_id=interview.organization_id,
                interview=interview,
                kind=Reminder.Kind.SLOT_SOON,
                due_at=slot_start - timedelta(hours=1),
            )
        before = interview.state
        interview.state = Interview.State.BOOKED
        interview.booked_at = now()
        interview.save(update_fields=["state", "booked_at", "updated_at"])
        audit_record(
            actor=None,
            organization=interview.organization,
            action="interview.book",
            obj=interview,
            before={"state": before, "slot": previous.slot_start.isoformat() if previous else None},
            after={"state": interview.state, "slot": slot_start.isoformat()},
        )
        emit(
            interview, events.SLOT_BOOKED, slot_start=slot_start.isoformat(), rescheduled=previous is not None
        )
    return booking


def can_start(interview: Interview) -> bool:
    if interview.state not in (Interview.State.CONSENTED, Interview.State.BOOKED):
        return False
    snapshot = interview.snapshot
    if snapshot.get("allow_start_now", True) or not (snapshot.get("booking") or {}).get("enabled", True):
        return True
    booking = active_booking(interview)
    return booking is not None and booking.slot_start - START_EARLY <= now()


def interview_start(*, interview: Interview) -> Interview:
    with transaction.atomic():
        interview = _locked(interview)
        if interview.state == Interview.State.IN_PROGRESS:
            return interview
        if not can_start(interview):
            raise Conflict(_("The interview cannot be started yet."))
        before = interview.state
        interview.state = Interview.State.IN_PROGRESS
        interview.started_at = now()
        interview.save(update_fields=["state", "started_at", "updated_at"])
        cancel_reminders(interview)
        audit_record(
            actor=None,
            organization=interview.organization,
            action="interview.start",
            obj=interview,
            before={"state": before},
            after={"state": interview.state},
        )
        emit(interview, events.INTERVIEW_STARTED, mode=interview.answer_mode)
    return interview


def require_current_item(interview: Interview, question_id: str) -> tuple[flow.Item, int]:
    """The item the candidate may answer now and the attempt number, or a Conflict."""
    if interview.state != Interview.State.IN_PROGRESS:
        raise Conflict(_("The interview is not in progress."))
    answers = list(interview.answers.all())
    item = flow.next_item(interview.snapshot, answers, interview.retake_of)
    if item is None or item.id != question_id:
        raise Conflict(_("This question has already been answered."), code="not_current")
    attempt = 1 + sum(1 for a in answers if a.question_id == item.id)
    return item, attempt


def submitted(interview: Interview, answer: Answer, *, kind: str) -> None:
    """Book-keeping after an answer row is created (inside the caller's transaction)."""
    if interview.retake_of == answer.question_id:
        interview.retake_of = ""
        interview.save(update_fields=["retake_of", "updated_at"])
    audit_record(
        actor=None,
        organization=interview.organization,
        action="interview.answer_submit",
        obj=interview,
        after={
            "question": answer.question_id,
            "attempt": answer.attempt,
            "kind": kind,
            "size": answer.size,
            "sha256": answer.sha256,
        },
    )
    emit(
        interview,
        events.ANSWER_SUBMITTED,
        answer_id=str(answer.pk),
        question_id=answer.question_id,
        attempt=answer.attempt,
        kind=kind,
    )


def answer_text_submit(*, interview: Interview, question_id: str, text: str) -> Answer:
    text = text.strip()
    if not text:
        raise ValidationFailed(_("Write your answer first."), field="text")
    if len(text) > MAX_TEXT_ANSWER:
        raise ValidationFailed(_("Your answer is too long."), field="text")
    with transaction.atomic():
        interview = _locked(interview)
        existing = interview.answers.filter(question_id=question_id, text=text).order_by("-attempt").first()
        if existing is not None and interview.retake_of != question_id:
            return existing  # a double submit of the same answer
        if interview.answer_mode != Interview.Mode.TEXT and not interview.snapshot.get("allow_text_answers"):
            raise Conflict(_("This interview does not accept text answers."))
        item, attempt = require_current_item(interview, question_id)
        try:
            with transaction.atomic():
                answer = Answer.objects.create(
                    organization_id=interview.organization_id,
                    interview=interview,
                    question_id=item.id,
                    attempt=attempt,
                    is_followup=item.is_followup,
                    parent_question_id=item.parent_id,
                    text=text,
                    mime="text/plain",
                    size=len(text.encode()),
                    submitted_at=now(),
                    followup_index=flow.decide_followup(interview.snapshot, item.id, text),
                )
        except IntegrityError as exc:
            raise Conflict(_("This question has already been answered.")) from exc
        submitted(interview, answer, kind="text")
    return answer


def answer_retake(*, interview: Interview, question_id: str) -> Interview:
    """Record another attempt at the question answered last (within the plan's retakes)."""
    with transaction.atomic():
        interview = _locked(interview)
        if interview.state != Interview.State.IN_PROGRESS:
            raise Conflict(_("The interview is not in progress."))
        if interview.retake_of == question_id:
            return interview
        last = interview.answers.order_by("-submitted_at").first()
        if last is None or last.question_id != question_id or interview.retake_of:
            raise Conflict(_("Only the answer you gave last can be recorded again."))
        used = interview.answers.filter(question_id=question_id).count()
        if used > int(interview.snapshot.get("retakes") or 0):
            raise Conflict(_("You have used all your attempts for this question."))
        interview.retake_of = question_id
        interview.save(update_fields=["retake_of", "updated_at"])
        audit_record(
            actor=None,
            organization=interview.organization,
            action="interview.retake",
            obj=interview,
            after={"question": question_id, "attempt": used + 1},
        )
    return interview


def interview_finish(*, interview: Interview) -> Interview:
    """Complete the interview once every question (and triggered follow-up) has an answer."""
    with transaction.atomic():
        interview = _locked(interview)
        if interview.state == Interview.State.COMPLETED:
            return interview
        if interview.state != Interview.State.IN_PROGRESS:
            raise Conflict(_("The interview is not in progress."))
        answers = list(interview.answers.all())
        if flow.next_item(interview.snapshot, answers, interview.retake_of) is not None:
            raise Conflict(_("Some questions are still unanswered."))
        interview.state = Interview.State.COMPLETED
        interview.completed_at = now()
        interview.save(update_fields=["state", "completed_at", "updated_at"])
        cancel_reminders(interview)
        latest = flow.latest_by_question(answers)
        audit_record(
            actor=None,
            organization=interview.organization,
            action="interview.complete",
            obj=interview,
            after={"answers": len(latest)},
        )
        emit(interview, events.INTERVIEW_COMPLETED, answer_ids=[str(a.pk) for a in latest.values()])  # type: ignore[attr-defined]
    return interview


def answer_transcript_ready(*, answer_id: str, text: str) -> Answer:
    """Called by the evaluation app when an answer's transcript exists: stores it and, while the
    interview is still running, decides whether the answer triggers a follow-up (asked next)."""
    with transaction.atomic():
        answer = (
            Answer.objects.select_for_update().select_related("interview__plan_version").get(pk=answer_id)
        )
        answer.transcript = text
        fields = ["transcript", "updated_at"]
        if answer.followup_index is None and answer.interview.state == Interview.State.IN_PROGRESS:
            answer.followup_index = flow.decide_followup(answer.interview.snapshot, answer.question_id, text)
            fields.append("followup_index")
        answer.save(update_fields=fields)
        audit_record(
            actor=None,
            organization=answer.interview.organization,
            action="interview.transcript",
            obj=answer,
            after={"followup_index": answer.followup_index},
        )
    return answer


def feedback_release(*, interview: Interview, actor: User) -> Interview:
    with transaction.atomic():
        interview = _locked(interview)
        if interview.state != Interview.State.COMPLETED:
            raise Conflict(_("Feedback can be released after the interview is completed."))
        if interview.feedback_released_at is None:
            interview.feedback_released_at = now()
            interview.save(update_fields=["feedback_released_at", "updated_at"])
            audit_record(
                actor=actor,
                organization=interview.organization,
                action="interview.feedback_release",
                obj=interview,
            )
    return interview
