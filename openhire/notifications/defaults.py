"""The message templates every new organisation starts with (zh and en; editable in the console).

Variables in ``{{ name }}`` form: candidate, job, link, slot_time, company, interviewer, rule, error.
"""

from __future__ import annotations

from typing import Any

# key → {"name", "zh": (subject, body), "en": (subject, body)}
DEFAULT_TEMPLATES: dict[str, dict[str, Any]] = {
    "ai_invite": {
        "name": "AI-interview invitation",
        "zh": (
            "{{ company }} AI面试邀请",
            "{{ candidate }}您好，感谢您应聘{{ company }}「{{ job }}」岗位。您已通过简历筛选，"
            "诚邀您参加AI视频面试。请点击链接预约时间或直接开始：{{ link }}",
        ),
        "en": (
            "{{ company }}: your AI interview",
            "Dear {{ candidate }}, thank you for applying for {{ job }} at {{ company }}. You have passed "
            "the resume screening; please book a time or start your AI video interview here: {{ link }}",
        ),
    },
    "booking_nudge": {
        "name": "Reminder: book an interview time",
        "zh": (
            "请尽快选择面试时间",
            "{{ candidate }}您好，您还没有预约「{{ job }}」岗位的AI面试时间，请尽快选择面试时间。"
            "请打开邀请短信或邮件中的链接，或在 {{ link }} 输入面试码。",
        ),
        "en": (
            "Please choose your interview time",
            "Dear {{ candidate }}, you have not yet booked a time for your AI interview for {{ job }}. "
            "Please choose a time soon: open the link in your invitation or enter your code at {{ link }}.",
        ),
    },
    "slot_soon": {
        "name": "Reminder: interview in one hour",
        "zh": (
            "AI面试即将开始",
            "{{ candidate }}您好，您预约的「{{ job }}」AI面试将于{{ slot_time }}开始。"
            "请提前准备安静的环境并检查摄像头和麦克风。",
        ),
        "en": (
            "Your AI interview starts soon",
            "Dear {{ candidate }}, your AI interview for {{ job }} starts at {{ slot_time }}. "
            "Please find a quiet place and check your camera and microphone.",
        ),
    },
    "booking_confirmed": {
        "name": "Booking confirmation",
        "zh": (
            "AI面试预约成功",
            "{{ candidate }}您好，您已成功预约「{{ job }}」AI面试，时间为{{ slot_time }}。"
            "如需改期，请打开面试链接：{{ link }}",
        ),
        "en": (
            "Your AI interview is booked",
            "Dear {{ candidate }}, your AI interview for {{ job }} is booked for {{ slot_time }}. "
            "To change the time, open your interview link: {{ link }}",
        ),
    },
    "result_notice": {
        "name": "Interview result notice",
        "zh": (
            "AI面试结果通知",
            "{{ candidate }}您好，您的「{{ job }}」AI面试结果已出，"
            "反馈报告可通过原面试链接查看。感谢您的参与！",
        ),
        "en": (
            "Your AI interview result",
            "Dear {{ candidate }}, the result of your AI interview for {{ job }} is ready; you can read "
            "your feedback report through your interview link. Thank you for taking part!",
        ),
    },
    "reinterview_invite": {
        "name": "Structured interview invitation",
        "zh": (
            "复面邀请",
            "{{ candidate }}您好，恭喜您通过「{{ job }}」岗位的AI面试！"
            "我们诚邀您参加复面（结构化面试），招聘专员将很快与您联系确认时间。",
        ),
        "en": (
            "Invitation to the next interview",
            "Dear {{ candidate }}, congratulations on passing the AI interview for {{ job }}! We would "
            "like to invite you to a structured interview; a recruiter will contact you shortly about the time.",
        ),
    },
    "human_review_asked": {
        "name": "To HR: a person must decide on this candidate",
        "zh": (
            "候选人申请人工处理",
            "候选人{{ candidate }}（{{ job }}）申请了人工面试或人工复核AI结果。"
            "该候选人不会被自动淘汰，请安排人员处理：{{ link }}",
        ),
        "en": (
            "A candidate asked for a person",
            "{{ candidate }} ({{ job }}) asked for a human interview or a human review of the AI result. "
            "The candidate will not be rejected automatically; please have someone take it up: {{ link }}",
        ),
    },
    "scorecard_reminder": {
        "name": "Reminder to an interviewer: submit the scorecard",
        "zh": (
            "请提交面试评分表",
            "{{ interviewer }}您好，候选人{{ candidate }}（{{ job }}）的面试评分表尚未提交，请尽快完成：{{ link }}",
        ),
        "en": (
            "Please submit your scorecard",
            "{{ interviewer }}, your scorecard for {{ candidate }} ({{ job }}) is not submitted yet. "
            "Please complete it: {{ link }}",
        ),
    },
    "scorecard_reminder_again": {
        "name": "Second reminder: scorecard overdue",
        "zh": (
            "面试评分表已逾期",
            "{{ interviewer }}您好，候选人{{ candidate }}（{{ job }}）的面试评分表已逾期，"
            "请今天内提交：{{ link }}",
        ),
        "en": (
            "Scorecard overdue",
            "{{ interviewer }}, your scorecard for {{ candidate }} ({{ job }}) is overdue. "
            "Please submit it today: {{ link }}",
        ),
    },
    "stalled_candidate": {
        "name": "Stalled candidate (to HR)",
        "zh": (
            "候选人停滞提醒",
            "候选人{{ candidate }}（{{ job }}）在当前阶段停留已超过时限，请跟进：{{ link }}",
        ),
        "en": (
            "Stalled candidate",
            "{{ candidate }} ({{ job }}) has been in the same stage longer than its time limit: {{ link }}",
        ),
    },
    "rule_failed": {
        "name": "Automation rule failed (to HR)",
        "zh": (
            "自动化规则执行失败",
            "自动化规则「{{ rule }}」多次重试后仍执行失败（{{ error }}），请在控制台处理：{{ link }}",
        ),
        "en": (
            "Automation rule failed",
            "The automation rule “{{ rule }}” failed after several retries ({{ error }}). "
            "Please look at it in the console: {{ link }}",
        ),
    },
    "hr_message": {
        "name": "Message from HR",
        "zh": ("{{ company }}招聘通知", "{{ candidate }}您好，{{ text }}"),
        "en": ("Message from {{ company }}", "Dear {{ candidate }}, {{ text }}"),
    },
}

VARIABLES = ("candidate", "job", "link", "slot_time", "company", "interviewer", "rule", "error", "text")
