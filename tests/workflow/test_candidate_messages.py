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


def test_inside_wechat_the_candidate_links_their_account_and_gets_template_messages(
    org, users, plan_version, make_application, time_machine
):
    from datetime import UTC, datetime

    time_machine.move_to(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))  # 10:00 in Beijing: outside quiet hours
    import urllib.request
    from urllib.parse import urlparse

    from openhire.candidates.models import Candidate
    from tests.notifications.fakes import FakeWeChatServer

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    with FakeWeChatServer() as wechat:
        services.channel_configure(
            organization=org,
            actor=users["admin"],
            kind="wechat",
            enabled=True,
            options={
                "app_id": wechat.state.app_id,
                "template_id": "TPL-REMIND",
                "api_base": wechat.base,
                "oauth_base": wechat.oauth_base,
            },
            secret=wechat.state.app_secret,
        )
        application = make_application("李四")
        result = interview_invite(
            application=application, plan_version=plan_version, actor=users["recruiter"]
        )
        browser = open_link(result)
        ua = "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.50 NetType/WIFI"
        page = browser.get("/i/s/messages/", HTTP_USER_AGENT=ua, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Receive messages in WeChat" in page

        to_wechat = browser.get("/i/s/messages/wechat/", HTTP_USER_AGENT=ua)
        assert to_wechat.status_code == 302 and to_wechat["Location"].startswith(wechat.oauth_base)
        assert "scope=snsapi_base" in to_wechat["Location"]
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(to_wechat["Location"], timeout=5)
            raise AssertionError("WeChat should redirect back")
        except urllib.error.HTTPError as back:  # the 302 WeChat answers with
            back_to_us = urlparse(back.headers["Location"])
        done = browser.get(f"{back_to_us.path}?{back_to_us.query}", HTTP_USER_AGENT=ua)
        assert done.status_code == 302
        assert Candidate.objects.get(pk=application.candidate_id).wechat_openid == "o-openid-1"

        # The same code again (a reload of the callback) is refused by WeChat: a clear message, nothing changes.
        again = browser.get(f"{back_to_us.path}?{back_to_us.query}", follow=True, HTTP_ACCEPT_LANGUAGE="en")
        assert "WeChat did not confirm your account" in again.content.decode()
        # A forged state never reaches WeChat.
        forged = browser.get("/i/s/messages/wechat/done/?code=code-9&state=forged", follow=True)
        assert forged.status_code == 200

        rows = services.message_send(
            organization=org,
            template_key="booking_nudge",
            dedupe_key="wechat-after-link",
            candidate=Candidate.objects.get(pk=application.candidate_id),
            application=application,
            context={"candidate": "李四", "job": "客户经理", "link": "http://x"},
        )
        services.deliveries_send_due()
        sent = Delivery.objects.get(pk=rows[0].pk)
        assert (sent.channel, sent.status) == ("wechat", "sent")
        assert wechat.state.sends("/cgi-bin/message/template/send")[0]["touser"] == "o-openid-1"
