"""The pipeline template and the default rule set every new organisation starts with.

The rules implement the seeds' timeline: screening passed → AI-interview invitation; not booked in
24 h → one reminder; an hour before the slot → reminder; evaluation ready → result notice (at once,
well inside the seeds' two hours); AI result passing the plan's thresholds (overall, by
default 70, and each competency's minimum) → structured interview; interviewer
scorecard not submitted in 24 h → reminder, and again at 48 h.
"""

from __future__ import annotations

from typing import Any

from openhire.core import events

# key, 中文, English, outcome, SLA days
DEFAULT_STAGES: list[tuple[str, str, str, str, int | None]] = [
    ("new", "新申请", "New", "active", 2),
    ("screening", "简历筛选", "Screening", "active", 3),
    ("ai_interview", "AI面试", "AI interview", "active", 5),
    ("structured_interview", "复面/结构化面试", "Structured interview", "active", 7),
    ("background_check", "背景调查", "Background check", "active", 7),
    ("offer", "Offer", "Offer", "active", 5),
    ("onboarding", "入职", "Onboarding", "active", 14),
    ("hired", "已录用", "Hired", "hired", None),
    ("rejected", "淘汰", "Rejected", "rejected", None),
    ("withdrawn", "放弃", "Withdrawn", "withdrawn", None),
    ("talent_pool", "人才库", "Talent pool", "talent_pool", None),
]

DEFAULT_RULES: list[dict[str, Any]] = [
    {
        "key": "screening-invite",
        "name": "Screening passed → AI-interview invitation",
        "name_zh": "简历筛选通过 → 发送AI面试邀请",
        "trigger": events.SCREENING_PASSED,
        "conditions": [
            {"field": "application.status", "op": "eq", "value": "active"},
            {"field": "application.stage", "op": "in", "value": ["new", "screening"]},
        ],
        "actions": [{"type": "invite_ai_interview", "template": "ai_invite"}],
    },
    {
        "key": "invited-to-ai-stage",
        "name": "Invitation sent → stage AI interview",
        "name_zh": "已发送邀请 → 进入AI面试阶段",
        "trigger": events.INVITATION_SENT,
        "conditions": [{"field": "application.stage", "op": "in", "value": ["new", "screening"]}],
        "actions": [{"type": "move_stage", "stage": "ai_interview"}],
    },
    {
        "key": "booking-nudge",
        "name": "Not booked within 24 hours → one reminder",
        "name_zh": "24小时内未预约 → 提醒一次",
        "trigger": events.REMINDER_DUE,
        "conditions": [
            {"field": "reminder.kind", "op": "eq", "value": "booking_nudge"},
            {"field": "interview.state", "op": "in", "value": ["invited", "opened", "consented"]},
        ],
        "actions": [{"type": "send_message", "template": "booking_nudge", "to": "candidate"}],
    },
    {
        "key": "booking-confirmed",
        "name": "Slot booked → confirmation with a calendar file",
        "name_zh": "预约成功 → 发送确认（附日历文件）",
        "trigger": events.SLOT_BOOKED,
        "conditions": [{"field": "interview.state", "op": "eq", "value": "booked"}],
        "actions": [{"type": "send_message", "template": "booking_confirmed", "to": "candidate"}],
    },
    {
        "key": "slot-soon",
        "name": "One hour before the slot → reminder",
        "name_zh": "面试前1小时 → 提醒",
        "trigger": events.REMINDER_DUE,
        "conditions": [
            {"field": "reminder.kind", "op": "eq", "value": "slot_soon"},
            {"field": "interview.state", "op": "eq", "value": "booked"},
        ],
        "actions": [{"type": "send_message", "template": "slot_soon", "to": "candidate"}],
    },
    {
        "key": "result-notice",
        "name": "Evaluation ready → release feedback and send the result notice",
        "name_zh": "AI评估完成 → 发布反馈并发送结果通知",
        "trigger": events.EVALUATION_READY,
        "conditions": [
            {"field": "evaluation.is_current", "op": "is_true"},
            # A result that asks for a person (unusable answer, low ASR confidence, a review request)
            # is released by HR after the review, not by the rule.
            {"field": "evaluation.needs_human_review", "op": "is_false"},
        ],
        "actions": [
            {"type": "release_feedback"},
            {"type": "send_message", "template": "result_notice", "to": "candidate"},
        ],
    },
    {
        "key": "reinterview",
        "name": "AI result passes the plan's thresholds → structured interview",
        "name_zh": "AI评分达到面试方案的通过标准 → 进入复面（结构化面试）",
        "trigger": events.EVALUATION_READY,
        "conditions": [
            {"field": "evaluation.is_current", "op": "is_true"},
            # "pass" = overall at or above the plan's pass threshold and every competency at or above
            # its minimum (the report's suggestion), so the rule and the report never disagree.
            {"field": "evaluation.suggestion", "op": "eq", "value": "pass"},
            {"field": "evaluation.needs_human_review", "op": "is_false"},
            {"field": "application.stage", "op": "eq", "value": "ai_interview"},
            {"field": "application.status", "op": "eq", "value": "active"},
        ],
        "actions": [
            {"type": "move_stage", "stage": "structured_interview"},
            {"type": "send_message", "template": "reinterview_invite", "to": "candidate"},
        ],
    },
    {
        "key": "human-interview-asked",
        "name": "Candidate asked for a human interview → notify HR and a to-do",
        "name_zh": "候选人申请人工面试 → 通知HR并创建待办",
        "trigger": events.HUMAN_INTERVIEW_REQUESTED,
        "conditions": [],
        "actions": [
            {"type": "notify_staff", "template": "human_review_asked", "to": "recruiters"},
            {"type": "create_todo", "due_hours": 48},
        ],
    },
    {
        "key": "human-review-asked",
        "name": "Human review of the AI result asked for → notify HR and a to-do",
        "name_zh": "申请人工复核AI结果 → 通知HR并创建待办",
        "trigger": events.HUMAN_REVIEW_REQUESTED,
        "conditions": [],
        "actions": [
            {"type": "notify_staff", "template": "human_review_asked", "to": "recruiters"},
            {"type": "create_todo", "due_hours": 48},
        ],
    },
    {
        "key": "scorecards-assign",
        "name": "Structured interview → scorecards for the interviewers",
        "name_zh": "进入复面 → 为面试官创建评分表",
        "trigger": events.STAGE_ENTERED,
        "conditions": [{"field": "payload.to", "op": "eq", "value": "structured_interview"}],
        "actions": [{"type": "create_scorecards", "due_hours": 24}],
    },
    {
        "key": "scorecard-reminder",
        "name": "Scorecard not submitted within 24 hours → reminder",
        "name_zh": "24小时内未提交评分表 → 提醒",
        "trigger": events.SCORECARD_ASSIGNED,
        "delay_minutes": 24 * 60,
        "conditions": [{"field": "scorecard.submitted", "op": "is_false"}],
        "actions": [{"type": "notify_staff", "template": "scorecard_reminder", "to": "interviewer"}],
    },
    {
        "key": "scorecard-reminder-again",
        "name": "Scorecard still missing after 48 hours → second reminder (and HR)",
        "name_zh": "48小时仍未提交评分表 → 再次提醒（并通知HR）",
        "trigger": events.SCORECARD_ASSIGNED,
        "delay_minutes": 48 * 60,
        "conditions": [{"field": "scorecard.submitted", "op": "is_false"}],
        "actions": [
            {"type": "notify_staff", "template": "scorecard_reminder_again", "to": "interviewer"},
            {"type": "notify_staff", "template": "scorecard_reminder_again", "to": "recruiters"},
        ],
    },
]
