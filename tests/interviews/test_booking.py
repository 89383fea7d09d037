from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openhire.interviews.models import Booking, Interview, Reminder
from openhire.interviews.services import booking_book, booking_slots, booking_window_create
from tests.interviews.conftest import open_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def window(job, users):  # type: ignore[no-untyped-def]
    start = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    return booking_window_create(
        job=job,
        actor=users["recruiter"],
        start=start,
        end=start + timedelta(hours=1),
        slot_minutes=30,
        capacity=1,
    )


def consented(invite):  # type: ignore[no-untyped-def]
    result = invite()
    client = open_link(result)
    client.post("/i/s/consent/", {"ai_consent": "on", "av_consent": "on", "alternative": ""})
    return client, Interview.objects.get(pk=result.interview.pk)


def test_invitation_creates_a_booking_nudge_due_in_24_hours(invite):
    result = invite()
    nudge = Reminder.objects.get(interview=result.interview)
    assert nudge.kind == "booking_nudge"
    assert (
        timedelta(hours=23, minutes=59)
        < nudge.due_at - result.interview.invited_at
        <= timedelta(hours=24, seconds=5)
    )


def test_booking_cancels_the_nudge_and_schedules_the_one_hour_reminder(invite, window):
    client, interview = consented(invite)
    slot = window.start
    r = client.post("/i/s/booking/", {"slot": slot.isoformat(), "window": str(window.pk)})
    assert r.status_code == 302
    interview.refresh_from_db()
    assert interview.state == "booked"
    live = Reminder.objects.filter(interview=interview, cancelled_at__isnull=True)
    assert [(r.kind, r.due_at) for r in live] == [("slot_soon", slot - timedelta(hours=1))]
    ics = client.get("/i/s/booking.ics")
    assert (
        ics.status_code == 200
        and b"BEGIN:VEVENT" in ics.content
        and ics["Content-Type"].startswith("text/calendar")
    )
    # reschedule: the old booking and reminder are cancelled, new ones created
    later = slot + timedelta(minutes=30)
    booking_book(interview=interview, window_id=str(window.pk), slot_start=later)
    assert Booking.objects.filter(interview=interview, cancelled_at__isnull=True).get().slot_start == later
    assert Reminder.objects.filter(
        interview=interview, cancelled_at__isnull=True
    ).get().due_at == later - timedelta(hours=1)


def test_capacity_is_respected(invite, window):
    _, first = consented(invite)
    _, second = consented(invite)
    booking_book(interview=first, window_id=str(window.pk), slot_start=window.start)
    assert [s.start for s in booking_slots(interview=second)] == [window.start + timedelta(minutes=30)]
    from openhire.core.errors import Conflict

    with pytest.raises(Conflict):
        booking_book(interview=second, window_id=str(window.pk), slot_start=window.start)


def test_slot_must_be_on_the_grid_of_the_window(invite, window):
    _, interview = consented(invite)
    from openhire.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        booking_book(
            interview=interview, window_id=str(window.pk), slot_start=window.start + timedelta(minutes=7)
        )


def test_start_now_only_when_the_plan_allows(window, plan_version, make_application, users):
    from openhire.interviews.services import interview_invite
    from openhire.jobs.models import PlanVersion

    strict = PlanVersion.objects.create(
        organization=plan_version.organization,
        plan=plan_version.plan,
        job=plan_version.job,
        number=2,
        snapshot=dict(plan_version.snapshot, allow_start_now=False),
    )
    result = interview_invite(application=make_application(), plan_version=strict, actor=users["recruiter"])
    client = open_link(result)
    client.post("/i/s/consent/", {"ai_consent": "on", "av_consent": "on", "alternative": ""})
    assert client.get("/i/s/booking/").content.decode().count('id="start-now"') == 0
    client.post("/i/s/start/")
    interview = Interview.objects.get(pk=result.interview.pk)
    assert interview.state == "consented"
    booking_book(interview=interview, window_id=str(window.pk), slot_start=window.start)
    client.post("/i/s/start/")  # the slot is tomorrow: still too early
    interview.refresh_from_db()
    assert interview.state == "booked"
