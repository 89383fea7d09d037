"""The candidate chooses, inside the interview session, how we may message them, or stops messages."""

from __future__ import annotations

from openhire.interviews.services import interview_invite
from openhire.notifications import services
from openhire.notifications.models import CandidatePreference, Delivery
from tests.interviews.conftest import open_link


def test_candidate_sees_masked_addresses_and_stops_messages(org, users, plan_version, make_application):
    services.channel_configure(organization=org, actor=users["admin"], kind="email", enabled=True, options={})
    application = make_application("张三", email="zhangsan@example.com")
    result = interview_invite(application=application, plan_version=plan_version, actor=users["recruiter"])
    browser = open_link(result)

    page = browser.get("/i/s/messages/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    phone = application.candidate.phone
    assert "••••" in page and phone[-4:] in page and phone not in page  # masked, never the full number
    assert "z•••@example.com" in page and "zhangsan@" not in page

    response = browser.post("/i/s/messages/", {"channel": ["email"]})
    assert response.status_code == 302
    pref = CandidatePreference.objects.get(candidate=application.candidate)
    assert pref.channels == ["email"] and not pref.opted_out

    browser.post("/i/s/messages/", {"channel": ["email"], "opted_out": "1"})
    pref.refresh_from_db()
    assert pref.opted_out and pref.opted_out_at is not None
    rows = services.message_send(
        organization=org,
        template_key="booking_nudge",
        dedupe_key="after-opt-out",
        candidate=application.candidate,
        application=application,
        context={"candidate": "张三", "job": "客户经理", "link": "http://x"},
    )
    assert all(d.status == Delivery.Status.SKIPPED for d in rows) and rows


def test_the_messages_page_needs_the_candidates_session(db):
    from django.test import Client

    response = Client().get("/i/s/messages/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403 and "Please open your invitation link" in response.content.decode()
