"""Messages: channel choice, preferences and opt-out, quiet hours, de-duplication, HR messages, SMS."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from openhire.candidates.models import Application, Candidate
from openhire.jobs.models import Job, JobMember
from openhire.notifications import services
from openhire.notifications.models import Delivery, MessageTemplate
from openhire.notifications.transports import AliyunSmsProvider, Settings

NOON_BEIJING = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
LATE_BEIJING = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)  # 23:30 in Beijing


@pytest.fixture(autouse=True)
def _noon(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(NOON_BEIJING, tick=False)


def person(org, **fields: Any) -> Candidate:  # type: ignore[no-untyped-def]
    return Candidate.objects.create(organization=org, name="赵六", **fields)


def send(org, candidate: Candidate, key: str = "k", **kw: Any) -> Delivery:  # type: ignore[no-untyped-def]
    (row,) = services.message_send(
        organization=org,
        template_key="booking_nudge",
        dedupe_key=key,
        candidate=candidate,
        context={"job": "柜员"},
        **kw,
    )
    return row


def test_candidate_channel_follows_preference_then_default_order(org):
    both = person(org, phone="13800000001", email="a@example.com")
    assert send(org, both).channel == "sms"  # WeChat off by default; SMS before e-mail
    services.preference_set(candidate=both, actor=None, channels=["email"], opted_out=False)
    assert send(org, both, "k2").channel == "email"


def test_opted_out_candidate_gets_nothing_but_the_log_says_why(org):
    c = person(org, phone="13800000001")
    services.preference_set(candidate=c, actor=None, channels=[], opted_out=True)
    row = send(org, c)
    assert row.status == "skipped" and row.error == "opted out"
    services.deliveries_send_due()
    row.refresh_from_db()
    assert row.status == "skipped" and row.attempts == 0


def test_no_address_on_an_enabled_channel_is_logged_as_skipped(org):
    row = send(org, person(org))
    assert row.status == "skipped" and "no enabled channel" in row.error


def test_quiet_hours_defer_candidate_messages_to_the_morning(org, time_machine):
    time_machine.move_to(LATE_BEIJING, tick=False)
    row = send(org, person(org, phone="13800000001"))
    assert row.next_attempt_at == datetime(2026, 3, 3, 0, 0, tzinfo=UTC)  # 08:00 Beijing
    services.deliveries_send_due()
    row.refresh_from_db()
    assert row.status == "pending"
    time_machine.move_to(datetime(2026, 3, 3, 0, 1, tzinfo=UTC), tick=False)
    services.deliveries_send_due()
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 1


def test_same_reason_never_sends_twice(org):
    c = person(org, phone="13800000001")
    first, again = send(org, c, "rule:1:0"), send(org, c, "rule:1:0")
    assert first.pk == again.pk and Delivery.objects.count() == 1


def test_language_and_channel_specific_templates(org, users):
    c = person(org, phone="13800000001", language="en")
    assert send(org, c).subject == "Please choose your interview time"
    services.template_save(
        organization=org,
        actor=users["admin"],
        key="booking_nudge",
        channel="sms",
        language="en",
        subject="",
        body="[{{ company }}] Book your slot for {{ job }}",
        external_id="SMS_1",
    )
    row = send(org, c, "k2")
    assert row.body == "[示例银行] Book your slot for 柜员" and row.extra["external_id"] == "SMS_1"


def test_template_preview_renders_the_sample(org, users, client_for):
    response = client_for(users["recruiter"]).post(
        "/notifications/templates/preview/",
        {"subject": "{{ job }}", "body": "{{ candidate }}：{{ slot_time }}"},
    )
    assert "客户经理" in response.content.decode() and "张三：2026-03-04 15:00" in response.content.decode()
    assert MessageTemplate.objects.filter(organization=org).count() == 24  # 12 keys × zh/en


def test_hr_messages_many_candidates_and_it_is_logged(org, users, client_for):
    job = Job.objects.create(organization=org, title="柜员", status="open")
    JobMember.objects.create(organization=org, job=job, user=users["recruiter"], team_role="recruiter")
    apps = [
        Application.objects.create(organization=org, job=job, candidate=person(org, phone=f"1390000000{i}"))
        for i in range(3)
    ]
    response = client_for(users["recruiter"]).post(
        "/notifications/send/", {"application": [str(a.pk) for a in apps], "text": "请尽快选择面试时间"}
    )
    assert response.status_code == 302
    rows = Delivery.objects.filter(template_key="hr_message")
    assert rows.count() == 3 and {r.created_by for r in rows} == {users["recruiter"]}
    assert all("请尽快选择面试时间" in r.body for r in rows)
    services.deliveries_send_due()
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    log = client_for(users["recruiter"]).get("/notifications/log/").content.decode()
    assert log.count("delivery-sent") == 3


# --- SMS ---------------------------------------------------------------------------------------


def test_aliyun_signature_matches_the_documented_example():
    provider = AliyunSmsProvider(Settings({"access_key_id": "testId"}, "testSecret"))
    query = provider.signed_query(
        {
            "Format": "XML",
            "OutId": "123",
            "PhoneNumbers": "15300000001",
            "SignName": "阿里云短信测试专用",
            "TemplateCode": "SMS_71390007",
            "TemplateParam": '{"customer":"test"}',
        },
        nonce="45e25e9b-0a6f-4070-8c85-2956eda1b466",
        timestamp="2017-07-12T02:42:19Z",
    )
    assert query.startswith("Signature=zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D&AccessKeyId=testId&Action=SendSms")


@pytest.fixture
def aliyun() -> Iterator[list[dict[str, str]]]:
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
            seen.append(query)
            code = "OK" if query["PhoneNumbers"].startswith("1") else "isv.MOBILE_NUMBER_ILLEGAL"
            body = json.dumps({"Code": code, "Message": code, "RequestId": "r1", "BizId": "b1"}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    seen.append({"base": f"http://127.0.0.1:{server.server_address[1]}/"})
    try:
        yield seen
    finally:
        server.shutdown()
        server.server_close()


def test_aliyun_sms_sends_the_template_and_rejects_bad_numbers_permanently(org, users, aliyun):
    base = aliyun.pop(0)["base"]
    services.channel_configure(
        organization=org,
        actor=users["admin"],
        kind="sms",
        enabled=True,
        options={
            "provider": "aliyun",
            "sign_name": "示例银行",
            "access_key_id": "LTAI-test",
            "api_base": base,
        },
        secret="s3cret",
    )
    services.template_save(
        organization=org,
        actor=users["admin"],
        key="booking_nudge",
        channel="sms",
        language="zh",
        subject="",
        body="{{ candidate }}请尽快选择面试时间",
        external_id="SMS_100",
    )
    good = send(org, person(org, phone="13800000001"), extra={"params": {"name": "赵六"}})
    bad = send(org, person(org, phone="+0"), "k2")
    services.deliveries_send_due()
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == "sent" and '"BizId": "b1"' in good.provider_response
    assert bad.status == "failed" and bad.attempts == 1
    first = next(q for q in aliyun if q["PhoneNumbers"] == "13800000001")
    assert first["TemplateCode"] == "SMS_100" and first["SignName"] == "示例银行" and first["Signature"]
    assert json.loads(first["TemplateParam"]) == {"name": "赵六"}
