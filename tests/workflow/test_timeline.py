"""The seeds' timeline, end to end with a moving clock, through the real services of every app."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from openhire.core import events
from openhire.core.models import DomainEvent
from openhire.interviews.models import Interview
from openhire.notifications.models import Delivery
from openhire.workflow.models import RuleTimer, Scorecard, StageChange
from openhire.workflow.selectors import board_for_job
from tests.workflow.conftest import pump

# Monday 2026-03-02 09:00 in Beijing
START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def sent(**filters: object) -> Counter[str]:
    return Counter(
        Delivery.objects.filter(status=Delivery.Status.SENT, **filters).values_list("template_key", flat=True)
    )


def screening_passed(application) -> None:  # type: ignore[no-untyped-def]
    """What ``screening.services.application_screen`` emits when the match reaches the job's threshold."""
    application.match_score = 86.0
    application.save(update_fields=["match_score"])
    events.event_emit(
        organization_id=application.organization_id,
        name=events.SCREENING_PASSED,
        application_id=application.pk,
        candidate_id=application.candidate_id,
        job_id=application.job_id,
        subject_type="application",
        subject_id=str(application.pk),
        payload={"score": 86.0},
    )


def evaluation_ready(interview: Interview, overall: float, *, needs_review: bool = False):  # type: ignore[no-untyped-def]
    """What the evaluation app's aggregate step stores and emits when an interview is scored."""
    from openhire.evaluations.models import Evaluation

    # The evaluation app opened the run when the interview completed; its engines finish it.
    evaluation = Evaluation.objects.filter(interview=interview, is_current=True).first() or Evaluation(
        organization_id=interview.organization_id,
        interview=interview,
        job_id=interview.job_id,
        is_current=True,
    )
    evaluation.status, evaluation.overall_score = Evaluation.Status.DONE, overall
    threshold = float(interview.snapshot.get("pass_threshold") or 60)
    evaluation.suggestion = "pass" if overall >= threshold else "hold"
    evaluation.needs_human_review = needs_review
    evaluation.completed_at = timezone.now()
    evaluation.save()
    events.event_emit(
        organization_id=interview.organization_id,
        name=events.EVALUATION_READY,
        application_id=interview.application_id,
        candidate_id=interview.candidate_id,
        job_id=interview.job_id,
        subject_type="evaluation",
        subject_id=str(evaluation.pk),
        payload={"interview_id": str(interview.pk), "overall": overall},
    )
    return evaluation


ANSWER = (
    "去年我负责一个重点客户的贷款续作项目，客户对利率很不满意，准备转到别的银行。"
    "我先和客户经理一起梳理了客户近三年的交易流水，发现他们的结算量很大，"
    "于是提出用结算优惠和供应链融资组合来替代单纯降息。我每周和客户财务总监沟通一次，"
    "两周内拿出了三套方案，最后客户选择了第二套，续作了五千万元贷款，结算量增长了百分之三十。"
)


def take_interview(interview: Interview) -> None:
    from openhire.interviews import services

    services.interview_start(interview=interview)
    for qid in ("q1", "q2", "q3"):
        services.answer_text_submit(interview=interview, question_id=qid, text=ANSWER)
    services.interview_finish(interview=interview)


@pytest.mark.django_db
def test_the_seeds_timeline_sends_each_message_once_at_its_time(
    org, users, job, plan_version, make_application, time_machine
):
    from openhire.interviews import services as interviews

    time_machine.move_to(START, tick=False)
    application = make_application("张三")
    screening_passed(application)
    pump()

    # Screening passed → invited at once, stage AI interview, invitation on SMS (the only address)
    interview = Interview.objects.get(application=application)
    application.refresh_from_db()
    assert application.stage == "ai_interview"
    assert sent(candidate=application.candidate) == Counter({"ai_invite": 1})
    invite = Delivery.objects.get(template_key="ai_invite")
    assert invite.channel == "sms" and "/i/" in invite.body

    # 23 hours without booking: nothing; at 24 hours exactly one reminder, and never a second
    time_machine.shift(timedelta(hours=23))
    pump()
    assert sent()["booking_nudge"] == 0
    time_machine.shift(timedelta(hours=1, minutes=1))
    pump()
    time_machine.shift(timedelta(hours=5))
    pump()
    assert sent()["booking_nudge"] == 1
    assert "请尽快选择面试时间" in Delivery.objects.get(template_key="booking_nudge").body

    # The candidate books a slot the next afternoon (15:00 Beijing); an hour before it, a reminder
    from openhire.interviews.services import booking_window_create

    window = booking_window_create(
        job=job,
        actor=users["recruiter"],
        start=datetime(2026, 3, 4, 6, 0, tzinfo=UTC),
        end=datetime(2026, 3, 4, 10, 0, tzinfo=UTC),
        slot_minutes=30,
        capacity=5,
    )
    interviews.consent_give(interview=interview, ai_consent=True, av_analysis_consent=True)
    slot = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)
    interviews.booking_book(interview=interview, window_id=str(window.pk), slot_start=slot)
    pump()
    time_machine.move_to(slot - timedelta(hours=1, minutes=1), tick=False)
    pump()
    assert sent()["slot_soon"] == 0
    time_machine.move_to(slot - timedelta(minutes=59), tick=False)
    pump()
    assert sent()["slot_soon"] == 1
    assert "15:00" in Delivery.objects.get(template_key="slot_soon").body

    # Interview at the slot, evaluation ready 20 minutes later → feedback released + result notice
    time_machine.move_to(slot, tick=False)
    take_interview(interview)
    pump()
    time_machine.shift(timedelta(minutes=20))
    ready_at = timezone.now()
    evaluation = evaluation_ready(interview, overall=82.0)
    pump()
    notice = Delivery.objects.get(template_key="result_notice")
    assert notice.status == Delivery.Status.SENT and notice.sent_at - ready_at <= timedelta(hours=2)
    evaluation.refresh_from_db()
    assert evaluation.feedback_released_at is not None

    # Above the threshold → structured interview, invitation to it, a scorecard for the interviewer
    application.refresh_from_db()
    assert application.stage == "structured_interview"
    assert sent()["reinterview_invite"] == 1
    card = Scorecard.objects.get(application=application)
    assert card.interviewer == users["interviewer"]

    # Scorecard not in after 24 h → reminder to the interviewer (in the console)
    time_machine.shift(timedelta(hours=24, minutes=1))
    pump()
    assert sent(user=users["interviewer"])["scorecard_reminder"] == 1

    # A worker claims the 48-hour timer and dies before firing it; after a restart it fires once
    time_machine.shift(timedelta(hours=24))
    second = RuleTimer.objects.get(rule__key="scorecard-reminder-again")
    assert RuleTimer.objects.filter(pk=second.pk, claimed_at=None).update(claimed_at=timezone.now()) == 1
    pump()
    assert sent()["scorecard_reminder_again"] == 0  # still held by the dead worker's fresh claim
    time_machine.shift(timedelta(minutes=11))
    pump()
    assert sent(user=users["interviewer"])["scorecard_reminder_again"] == 1
    assert sent(user=users["recruiter"])["scorecard_reminder_again"] == 1

    # Replaying every event (a crashed dispatcher) and pumping for another week changes nothing
    for event in DomainEvent.objects.all():
        events.dispatch(event)
    time_machine.shift(timedelta(days=7))
    pump()
    assert sent(candidate=application.candidate) == Counter(
        {
            "ai_invite": 1,
            "booking_nudge": 1,
            "booking_confirmed": 1,
            "slot_soon": 1,
            "result_notice": 1,
            "reinterview_invite": 1,
        }
    )
    assert sent(user=users["interviewer"]) == Counter(
        {"scorecard_reminder": 1, "scorecard_reminder_again": 1}
    )
    assert list(
        StageChange.objects.filter(application=application)
        .order_by("created_at")
        .values_list("to_stage", flat=True)
    ) == ["ai_interview", "structured_interview"]
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()


@pytest.mark.django_db
def test_reminder_not_sent_when_slot_booked_before_24_hours(
    org, users, job, plan_version, make_application, time_machine
):
    from openhire.interviews import services as interviews

    time_machine.move_to(START, tick=False)
    application = make_application()
    screening_passed(application)
    pump()
    interview = Interview.objects.get(application=application)
    window = interviews.booking_window_create(
        job=job,
        actor=users["recruiter"],
        start=START + timedelta(days=3),
        end=START + timedelta(days=3, hours=2),
        slot_minutes=30,
        capacity=5,
    )
    interviews.consent_give(interview=interview, ai_consent=True, av_analysis_consent=True)
    interviews.booking_book(
        interview=interview, window_id=str(window.pk), slot_start=START + timedelta(days=3)
    )
    time_machine.shift(timedelta(hours=30))
    pump()
    assert sent()["booking_nudge"] == 0


@pytest.mark.django_db
def test_below_threshold_gets_the_result_but_no_reinterview(
    org, users, job, plan_version, make_application, time_machine
):
    time_machine.move_to(START, tick=False)
    application = make_application()
    screening_passed(application)
    pump()
    interview = Interview.objects.get(application=application)
    interviews_state_completed(interview)
    evaluation_ready(interview, overall=55.0)
    pump()
    application.refresh_from_db()
    assert application.stage == "ai_interview"
    assert sent()["result_notice"] == 1 and sent()["reinterview_invite"] == 0


def interviews_state_completed(interview: Interview) -> None:
    from openhire.interviews import services

    services.consent_give(interview=interview, ai_consent=True, av_analysis_consent=True)
    take_interview(interview)


@pytest.mark.django_db
def test_a_simulated_week_of_candidates(
    org, users, job, plan_version, make_application, time_machine, client_for, settings
):
    """Four candidates through a week: each gets the right messages on the right channel at the right
    time, and the board and the delivery log show it."""
    from openhire.interviews import services as interviews
    from openhire.notifications.services import preference_set

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.move_to(START, tick=False)
    window = interviews.booking_window_create(
        job=job,
        actor=users["recruiter"],
        start=START + timedelta(days=2),
        end=START + timedelta(days=2, hours=4),
        slot_minutes=30,
        capacity=5,
    )
    booker = make_application("按时预约", email="booker@example.com")  # prefers e-mail
    preference_set(candidate=booker.candidate, actor=None, channels=["email"], opted_out=False)
    silent = make_application("未预约")
    opted = make_application("已退订")
    preference_set(candidate=opted.candidate, actor=None, channels=[], opted_out=True)
    low = make_application("低分")
    for application in (booker, silent, opted, low):
        screening_passed(application)
    pump()
    by = {a.pk: Interview.objects.get(application=a) for a in (booker, silent, opted, low)}

    # Day 1, afternoon: two book (and one of them takes the interview right away), one stays silent
    time_machine.shift(timedelta(hours=5))
    for application in (booker, low):
        interviews.consent_give(interview=by[application.pk], ai_consent=True, av_analysis_consent=True)
    interviews.booking_book(
        interview=by[booker.pk], window_id=str(window.pk), slot_start=START + timedelta(days=2)
    )
    take_interview(by[low.pk])
    pump()
    evaluation_ready(by[low.pk], overall=48.0)
    pump()

    # The rest of the week, hour by hour
    for _ in range(24 * 6):
        time_machine.shift(timedelta(hours=1))
        if timezone.now() >= START + timedelta(days=2, minutes=5) and by[booker.pk].state != "completed":
            by[booker.pk].refresh_from_db()
            if by[booker.pk].state == "booked":
                take_interview(by[booker.pk])
                pump()
                evaluation_ready(by[booker.pk], overall=88.0)
        pump()

    def log(application):  # type: ignore[no-untyped-def]
        return sorted(
            Delivery.objects.filter(candidate=application.candidate).values_list(
                "template_key", "channel", "status"
            )
        )

    assert log(booker) == [
        ("ai_invite", "email", "sent"),
        ("booking_confirmed", "email", "sent"),
        ("reinterview_invite", "email", "sent"),
        ("result_notice", "email", "sent"),
        ("slot_soon", "email", "sent"),
    ]
    assert log(silent) == [("ai_invite", "sms", "sent"), ("booking_nudge", "sms", "sent")]
    assert log(opted) == [("ai_invite", "sms", "skipped"), ("booking_nudge", "sms", "skipped")]
    assert log(low) == [("ai_invite", "sms", "sent"), ("result_notice", "sms", "sent")]
    slot_soon = Delivery.objects.get(candidate=booker.candidate, template_key="slot_soon")
    assert slot_soon.sent_at == START + timedelta(days=1, hours=23)  # the hourly tick at 1 h before the slot
    from django.core import mail

    assert any(a[0] == "interview.ics" for m in mail.outbox for a in m.attachments)
    confirmation = next(m for m in mail.outbox if "预约成功" in m.subject or "is booked" in m.subject)
    assert [a[0] for a in confirmation.attachments] == ["interview.ics"]  # the booking confirmation too

    # The board: one in the structured interview, three in the AI interview; the log shows them all
    board = client_for(users["recruiter"]).get(f"/workflow/jobs/{job.id}/").content.decode()
    assert board.count('class="kcard') == 4
    columns = {
        col.stage.key: [c.application.candidate.name for c in col.cards]
        for col in board_for_job(users["recruiter"], job.pk).columns
    }
    assert columns["structured_interview"] == ["按时预约"]
    assert sorted(columns["ai_interview"]) == sorted(["未预约", "已退订", "低分"])
    page = client_for(users["recruiter"]).get("/notifications/log/").content.decode()
    from openhire.notifications.selectors import deliveries_for

    visible = deliveries_for(users["recruiter"])  # the candidates' messages and the recruiter's own
    assert visible.filter(candidate__isnull=False, status="sent").count() == 9
    assert page.count("delivery-sent") == visible.filter(status="sent").count()
    assert page.count("delivery-skipped") == 2


@pytest.mark.django_db
def test_the_evaluation_apps_own_engines_drive_the_result_notice(
    org, users, job, plan_version, make_application, time_machine
):
    """No stand-in here: typed answers are scored by the evaluation app, whose EVALUATION_READY the
    default rules turn into a released report, a result notice and (above 70) the next stage."""
    from openhire.evaluations import services as evaluations
    from openhire.evaluations.models import AnswerAnalysis, Evaluation
    from openhire.evaluations.tasks import analyse

    time_machine.move_to(START, tick=False)
    application = make_application()
    screening_passed(application)
    pump()
    interview = Interview.objects.get(application=application)
    interviews_state_completed(interview)
    pump()
    evaluation = Evaluation.objects.get(interview=interview, is_current=True)
    for analysis in AnswerAnalysis.objects.filter(evaluation=evaluation):
        analyse(str(analysis.pk))
    evaluations.evaluation_aggregate(evaluation_id=str(evaluation.pk))
    pump()
    evaluation.refresh_from_db()
    assert evaluation.status == "done" and not evaluation.needs_human_review, evaluation.flags
    assert evaluation.feedback_released_at is not None
    assert sent()["result_notice"] == 1
    application.refresh_from_db()
    above = (evaluation.overall_score or 0) >= 70
    assert application.stage == ("structured_interview" if above else "ai_interview")
    assert sent()["reinterview_invite"] == int(above)


@pytest.mark.django_db
def test_a_candidate_who_asks_for_a_person_is_never_rejected_automatically_and_hr_is_told(
    org, users, job, plan_version, make_application, time_machine
):
    from django.core.exceptions import PermissionDenied

    from openhire.evaluations.services import human_review_request
    from openhire.interviews import services as interviews
    from openhire.workflow import services as workflow
    from openhire.workflow.models import Stage, Todo

    time_machine.move_to(START, tick=False)
    Stage.objects.filter(organization=org, job=None, key="ai_interview").update(auto_reject=True)

    # One candidate asks for a human interview instead of the AI one at the consent step.
    human = make_application("李四")
    screening_passed(human)
    pump()
    interview = Interview.objects.get(application=human)
    interviews.consent_give(
        interview=interview, ai_consent=False, av_analysis_consent=False, alternative="human"
    )
    pump()
    human.refresh_from_db()
    assert human.human_review_requested
    with pytest.raises(PermissionDenied):
        workflow.application_move(application=human, to_stage="rejected", actor=None, reason="规则淘汰")
    told = Delivery.objects.filter(template_key="human_review_asked", user=users["recruiter"])
    assert told.count() == 1 and "李四" in told.get().body
    assert (
        Todo.objects.filter(application=human, assignee=users["recruiter"], done_at__isnull=True).count() == 1
    )

    # Another takes the AI interview, then asks for a human review of the result.
    reviewed = make_application("王五")
    screening_passed(reviewed)
    pump()
    second = Interview.objects.get(application=reviewed)
    interviews.consent_give(interview=second, ai_consent=True, av_analysis_consent=True)
    take_interview(second)
    evaluation = evaluation_ready(second, 40.0)
    pump()
    reviewed.refresh_from_db()
    assert not reviewed.human_review_requested
    assert sent(candidate=reviewed.candidate)["result_notice"] == 1
    human_review_request(evaluation=evaluation, actor=None, reason="我认为转写有误", by_candidate=True)
    human_review_request(evaluation=evaluation, actor=None, reason="再次申请", by_candidate=True)
    pump()
    reviewed.refresh_from_db()
    assert reviewed.human_review_requested
    with pytest.raises(PermissionDenied):
        workflow.application_move(application=reviewed, to_stage="rejected", actor=None, reason="规则淘汰")
    # Asked twice while the first request is open: HR is told once and has one to-do.
    assert Delivery.objects.filter(template_key="human_review_asked", application=reviewed).count() == 1
    assert Todo.objects.filter(application=reviewed, done_at__isnull=True).count() == 1
    # A person can still decide.
    workflow.application_move(
        application=reviewed, to_stage="rejected", actor=users["recruiter"], reason="复核后仍不符合"
    )


@pytest.mark.django_db
def test_a_result_that_needs_a_person_is_neither_released_nor_advanced_by_the_rules(
    org, users, job, plan_version, make_application, time_machine
):
    time_machine.move_to(START, tick=False)
    application = make_application("赵六")
    screening_passed(application)
    pump()
    interview = Interview.objects.get(application=application)
    interviews_state_completed(interview)
    evaluation = evaluation_ready(interview, 92.0, needs_review=True)
    pump()
    evaluation.refresh_from_db()
    application.refresh_from_db()
    assert evaluation.feedback_released_at is None
    assert sent()["result_notice"] == 0 and sent()["reinterview_invite"] == 0
    assert application.stage == "ai_interview"
