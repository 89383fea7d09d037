"""Channels against real protocol peers: a local SMTP server (aiosmtpd) for e-mail, and a local HTTP
server implementing the WeCom / WeChat endpoints, driven through the real ``wechatpy`` client."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import Message as EmailMessage
from typing import Any

import pytest
from django.core.cache import cache

from openhire.candidates.models import Candidate
from openhire.notifications import services
from openhire.notifications.models import Delivery
from tests.notifications.fakes import FakeWeChatServer

NOON_BEIJING = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _daytime(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(NOON_BEIJING, tick=False)
    cache.clear()


@pytest.fixture
def wechat() -> Iterator[FakeWeChatServer]:
    with FakeWeChatServer() as server:
        yield server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(settings) -> Iterator[list[EmailMessage]]:  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller

    received: list[EmailMessage] = []

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
            if address.startswith("nobody@"):
                return "550 5.1.1 no such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append(email.message_from_bytes(envelope.content))
            return "250 Message accepted"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield received
    finally:
        controller.stop()


def candidate(org, **fields: Any) -> Candidate:  # type: ignore[no-untyped-def]
    return Candidate.objects.create(organization=org, name="李四", **fields)


def send_to(org, person: Candidate, key: str = "booking_nudge", **kwargs: Any) -> Delivery:  # type: ignore[no-untyped-def]
    rows = services.message_send(
        organization=org,
        template_key=key,
        dedupe_key=f"test:{key}:{person.pk}:{kwargs.pop('n', 0)}",
        candidate=person,
        context={"job": "客户经理", "link": "https://hr.example/i/c/", "slot_time": "2026-03-04 15:00"},
        **kwargs,
    )
    services.deliveries_send_due()
    rows[0].refresh_from_db()
    return rows[0]


# --- e-mail ------------------------------------------------------------------------------------


def test_email_goes_through_smtp_with_the_calendar_invitation(org, smtp):
    person = candidate(org, email="lisi@example.com")
    ics = services.ics_event(
        uid="b1@openhire",
        summary="AI面试",
        start=datetime(2026, 3, 4, 7, 0, tzinfo=UTC),
        end=datetime(2026, 3, 4, 7, 30, tzinfo=UTC),
    )
    delivery = send_to(org, person, "slot_soon", channel="email", extra={"ics": ics})
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 1
    (message,) = smtp
    assert message["To"] == "lisi@example.com"
    parts = {part.get_content_type(): part for part in message.walk()}
    assert "2026-03-04 15:00" in parts["text/plain"].get_payload(decode=True).decode()
    calendar = parts["text/calendar"].get_payload(decode=True).decode()
    assert "BEGIN:VEVENT" in calendar and "DTSTART:20260304T070000Z" in calendar


def test_email_rejected_recipient_is_a_permanent_failure(org, smtp):
    delivery = send_to(org, candidate(org, email="nobody@example.com"), channel="email")
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 1
    assert "refused" in delivery.error and not smtp


def test_email_server_down_is_retried_with_backoff(org, settings, time_machine):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 2
    delivery = send_to(org, candidate(org, email="lisi@example.com"), channel="email")
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
    assert delivery.next_attempt_at == NOON_BEIJING + timedelta(minutes=1)
    for _ in range(10):
        time_machine.shift(timedelta(hours=7))
        services.deliveries_send_due()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == services.MAX_ATTEMPTS


# --- WeCom -------------------------------------------------------------------------------------


def _wecom(org, server: FakeWeChatServer) -> None:  # type: ignore[no-untyped-def]
    services.channel_configure(
        organization=org,
        actor=None,
        kind="wecom",
        enabled=True,
        options={"corp_id": server.state.corp_id, "agent_id": "1000002", "api_base": server.base},
        secret=server.state.corp_secret,
    )


def _to_staff(org, user, n: int = 0) -> list[Delivery]:  # type: ignore[no-untyped-def]
    rows = services.message_send(
        organization=org,
        template_key="scorecard_reminder",
        dedupe_key=f"test:staff:{n}",
        user=user,
        context={"candidate": "王五", "job": "柜员", "link": "https://hr.example/s/1"},
    )
    services.deliveries_send_due()
    for row in rows:
        row.refresh_from_db()
    return rows


def test_wecom_application_message_reaches_the_staff_member(org, users, wechat):
    _wecom(org, wechat)
    interviewer = users["interviewer"]
    interviewer.wecom_userid = "zhangsan"
    interviewer.save()
    inapp, wecom = _to_staff(org, interviewer)
    assert (inapp.channel, inapp.status) == ("inapp", "sent")
    assert (wecom.channel, wecom.status) == ("wecom", "sent")
    (sent,) = wechat.state.sends("/cgi-bin/message/send")
    assert sent["touser"] == "zhangsan" and sent["agentid"] == 1000002 and sent["msgtype"] == "text"
    assert "王五" in sent["text"]["content"] and '"errcode": 0' in wecom.provider_response


def test_wecom_token_is_cached_and_refreshed_on_42001_and_40014(org, users, wechat):
    _wecom(org, wechat)
    interviewer = users["interviewer"]
    interviewer.wecom_userid = "zhangsan"
    interviewer.save()
    _to_staff(org, interviewer, 1)
    _to_staff(org, interviewer, 2)
    tokens = [q for p, q, _b in wechat.state.requests if p == "/cgi-bin/gettoken"]
    assert len(tokens) == 1  # cached between sends
    wechat.state.expire_all()  # 42001 for the cached token
    assert _to_staff(org, interviewer, 3)[1].status == "sent"
    wechat.state.valid_tokens.clear()  # the server forgot it: 40014
    assert _to_staff(org, interviewer, 4)[1].status == "sent"
    tokens = [q for p, q, _b in wechat.state.requests if p == "/cgi-bin/gettoken"]
    assert len(tokens) == 3 and len(wechat.state.sends("/cgi-bin/message/send")) == 6


def test_wecom_unknown_user_fails_permanently_and_busy_is_retried(org, users, wechat, time_machine):
    _wecom(org, wechat)
    interviewer = users["interviewer"]
    interviewer.wecom_userid = "left-the-company"
    interviewer.save()
    assert _to_staff(org, interviewer)[1].status == "failed"
    interviewer.wecom_userid = "zhangsan"
    interviewer.save()
    wechat.state.fail_next = [-1]  # "system busy"
    busy = _to_staff(org, interviewer, 1)[1]
    assert busy.status == "pending" and busy.attempts == 1
    time_machine.shift(timedelta(minutes=2))
    services.deliveries_send_due()
    busy.refresh_from_db()
    assert busy.status == "sent" and busy.attempts == 2


# --- WeChat official account -------------------------------------------------------------------


def _wechat(org, server: FakeWeChatServer) -> None:  # type: ignore[no-untyped-def]
    services.channel_configure(
        organization=org,
        actor=None,
        kind="wechat",
        enabled=True,
        options={"app_id": server.state.app_id, "template_id": "TPL-REMIND", "api_base": server.base},
        secret=server.state.app_secret,
    )


def test_wechat_template_message_to_the_candidate(org, wechat):
    _wechat(org, wechat)
    delivery = send_to(org, candidate(org, wechat_openid="o-openid-1", phone="13800000000"))
    assert (delivery.channel, delivery.status) == ("wechat", "sent")  # preferred over SMS
    (sent,) = wechat.state.sends("/cgi-bin/message/template/send")
    assert sent["touser"] == "o-openid-1" and sent["template_id"] == "TPL-REMIND"
    assert sent["url"] == "https://hr.example/i/c/"
    assert sent["data"]["first"]["value"] == "请尽快选择面试时间"
    assert sent["data"]["keyword1"]["value"] == "客户经理"


def test_wechat_expired_token_refreshes_and_unknown_openid_fails(org, wechat):
    _wechat(org, wechat)
    send_to(org, candidate(org, wechat_openid="o-openid-1"))
    wechat.state.expire_all()
    assert send_to(org, candidate(org, wechat_openid="o-openid-1"), n=1).status == "sent"
    gone = send_to(org, candidate(org, wechat_openid="o-unfollowed"), n=2)
    assert gone.status == "failed" and "40003" in gone.error and gone.attempts == 1


def test_wechat_wrong_secret_never_reaches_the_send_endpoint(org, wechat):
    _wechat(org, wechat)
    services.channel_configure(
        organization=org,
        actor=None,
        kind="wechat",
        enabled=True,
        options={"app_id": wechat.state.app_id, "template_id": "T", "api_base": wechat.base},
        secret="wrong",
    )
    delivery = send_to(org, candidate(org, wechat_openid="o-openid-1"))
    assert delivery.status == "pending" and "40001" in delivery.error
    assert not wechat.state.sends("/cgi-bin/message/template/send")
