"""WeChat handoff, decline, feedback slot, language switch."""

from __future__ import annotations

import pytest
from django.test import Client

from openhire.core import events
from openhire.core.models import DomainEvent
from openhire.interviews.models import Interview
from openhire.interviews.services import feedback_release
from tests.interviews.conftest import open_link

pytestmark = pytest.mark.django_db
WECHAT_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.47"
)


def test_inside_wechat_the_device_page_offers_a_way_out_and_the_handoff_moves_the_session(invite):
    wechat = open_link(invite())
    wechat.post("/i/s/consent/", {"ai_consent": "on", "av_consent": "on", "alternative": ""})
    page = wechat.get("/i/s/device/", HTTP_USER_AGENT=WECHAT_UA).content.decode()
    assert 'id="wechat-hint"' in page
    handoff = wechat.post("/i/s/handoff/").content.decode()
    link = handoff.split('value="', 1)[1].split('"', 1)[0]
    browser = Client()
    assert browser.get(link.split("127.0.0.1:8000", 1)[-1]).status_code == 302
    assert browser.get("/i/s/device/").status_code == 200
    assert wechat.get("/i/s/device/").status_code == 403  # the session moved
    assert Client().get(link.split("127.0.0.1:8000", 1)[-1]).status_code == 409  # one use only


def test_candidate_can_decline(invite):
    client = open_link(invite())
    client.post("/i/s/decline/")
    interview = Interview.objects.get()
    assert interview.state == "declined" and interview.declined_at
    assert DomainEvent.objects.filter(name=events.INTERVIEW_DECLINED).exists()
    assert "declined" in client.get("/i/s/status/").content.decode()


def test_feedback_slot_says_not_yet_until_hr_releases_it(invite, users):
    client = open_link(invite())
    client.post("/i/s/consent/", {"ai_consent": "on", "alternative": "text"})
    client.post("/i/s/start/")
    for qid in ("q1", "q2", "q3"):
        client.post(
            "/i/s/api/text",
            data={"question_id": qid, "text": "我会认真倾听客户的需求。"},
            content_type="application/json",
        )
    client.post("/i/s/api/finish")
    page = client.get("/i/s/status/").content.decode()
    assert 'data-state="completed"' in page and 'data-released="0"' in page
    feedback_release(interview=Interview.objects.get(), actor=users["recruiter"])
    assert 'data-released="1"' in client.get("/i/s/status/").content.decode()


def test_language_follows_the_browser_and_the_switch(invite):
    client = open_link(invite(), Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9"))
    assert "隐私" in client.get("/i/s/consent/").content.decode()
    r = client.get("/i/lang/en/?next=/i/s/consent/")
    assert r.status_code == 302 and r["Location"] == "/i/s/consent/"
    assert "Privacy and consent" in client.get("/i/s/consent/").content.decode()
    assert client.get("/i/lang/en/?next=https://evil.example/").headers["Location"] == "/i/s/"


def test_released_feedback_shows_what_the_evaluation_renders(invite, users):
    from django.utils.html import format_html

    from openhire.interviews import feedback

    client = open_link(invite())
    client.post("/i/s/consent/", {"ai_consent": "on", "alternative": "text"})
    client.post("/i/s/start/")
    for qid in ("q1", "q2", "q3"):
        client.post(
            "/i/s/api/text", data={"question_id": qid, "text": "认真倾听。"}, content_type="application/json"
        )
    client.post("/i/s/api/finish")
    previous = feedback._renderer
    feedback.register_feedback_renderer(lambda iv, lang: format_html("<p id='fb'>{}</p>", f"report {lang}"))
    try:
        assert "id='fb'" not in client.get("/i/s/status/").content.decode()  # not released yet
        feedback_release(interview=Interview.objects.get(), actor=users["recruiter"])
        assert "<p id='fb'>report zh</p>" in client.get("/i/s/status/").content.decode()
    finally:
        feedback._renderer = previous


def test_follow_up_on_a_missing_ideal_point_given_by_its_index():
    """Template plans name the missing point by its index; the flow reads it as the point's text."""
    from openhire.interviews import flow

    snapshot = {
        "questions": [
            {
                "id": "q1",
                "ideal_points": [{"zh": "说明背景", "en": "the situation"}, {"zh": "量化结果", "en": "the result"}],
                "followups": [
                    {"condition": {"any": [], "all": [], "missing_point": 1},
                     "question": {"zh": "结果如何？能量化吗？", "en": "What was the result?"}},
                    {"condition": {"any": [], "all": [], "missing_point": None}, "question": {"zh": "坏规则"}},
                ],
            }
        ]
    }  # fmt: skip
    assert flow.decide_followup(snapshot, "q1", "我先说明了背景，然后和客户沟通。") == 0
    assert flow.decide_followup(snapshot, "q1", "我说明了背景，量化结果是存款增长了百分之三十。") == -1
