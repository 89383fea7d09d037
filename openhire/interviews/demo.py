"""Demo interviews (``on_demo_data``): the first demo job's candidates in each live state HR watches,
one interview answered in writing so that the worker evaluates it and the AI report can be opened."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from openhire.accounts.models import Organization

# Typed demo answers in the STAR form the scorer looks for (situation, task, action, result).
DEMO_ANSWERS = (
    "去年我在支行负责一个重点对公客户，客户因为利率问题准备把结算业务转到别的银行。"
    "我的任务是在一个月内留住客户。我先和团队梳理了客户近三年的交易流水，发现他们的结算量很大，"
    "于是提出用结算优惠加供应链融资的组合方案，并每周和客户财务总监沟通一次。"
    "最后客户续作了五千万元贷款，结算量增长了百分之三十，这件事让我学会了先理解客户真正的需求。",
    "有一次一位老年客户在柜台前情绪激动，因为他的存单到期后没有按预期自动转存。"
    "我先请他坐下，耐心听他讲完，再调出业务记录逐项解释原因，并当场帮他重新办理了转存，"
    "还把利息差额的计算写在纸上给他看。客户最后平静下来，第二周还专门来网点表示感谢。"
    "之后我建议网点在到期前一周电话提醒客户，相关投诉减少了一半。",
    "我在实习期间参与过一个数据整理项目，项目进度落后两周。我主动承担了数据清洗的工作，"
    "把重复的手工步骤写成了 Excel 宏，每天节省大约两个小时。"
    "我每天下班前向组长汇报进度和问题，最终项目按时交付，报表错误率从百分之八降到百分之一。",
)


DEMO_CANDIDATES = (
    ("周敏", "13700000101", "zhoumin@example.com"),
    ("吴磊", "13700000102", "wulei@example.com"),
    ("郑悦", "13700000103", "zhengyue@example.com"),
    ("冯涛", "13700000104", "fengtao@example.com"),
)


def load_demo_interviews(org: Organization) -> None:
    from openhire.accounts.models import User
    from openhire.candidates.services import candidate_create
    from openhire.interviews import flow, services
    from openhire.jobs import selectors as jobs
    from openhire.jobs import services as job_services
    from openhire.jobs.models import Job

    job = Job.objects.filter(organization=org).order_by("created_at").first()
    plan = jobs.plan_of(job) if job is not None else None
    recruiter = User.objects.filter(organization=org, role="recruiter").first()
    if job is None or plan is None or recruiter is None:
        return
    # The demo lets candidates type their answers, so an interview can finish without a camera.
    job_services.plan_update(plan=plan, actor=recruiter, changes={"allow_text_answers": True})
    version = job_services.plan_publish(plan=plan, actor=recruiter)
    # Their own four candidates: the demo resumes are parsed by the worker after this hook has run.
    applications = []
    for name, phone, email in DEMO_CANDIDATES:
        _result, application = candidate_create(
            organization=org, actor=recruiter, name=name, phone=phone, email=email, job=job, source="api"
        )
        assert application is not None
        applications.append(application)
    # the first stays 待预约: invited, nothing done yet
    _invited, booked, answered, human = (
        services.interview_invite(application=a, plan_version=version, actor=recruiter).interview
        for a in applications
    )
    # 待面试: consented and booked into tomorrow's window
    start = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    window = services.booking_window_create(
        job=job, actor=recruiter, start=start, end=start + timedelta(hours=3), slot_minutes=30, capacity=5
    )
    services.consent_give(interview=booked, ai_consent=True, av_analysis_consent=True)
    services.booking_book(interview=booked, window_id=str(window.pk), slot_start=start + timedelta(hours=1))
    # 已完成: typed answers, evaluated by the worker in the background
    services.consent_give(interview=answered, ai_consent=True, av_analysis_consent=False, alternative="text")
    answered = services.interview_start(interview=answered)
    for n in range(20):  # the plan's questions and any follow-up they trigger
        answered.refresh_from_db()
        item = flow.next_item(answered.snapshot, list(answered.answers.all()))
        if item is None:
            break
        services.answer_text_submit(interview=answered, question_id=item.id, text=DEMO_ANSWERS[n % 3])
    services.interview_finish(interview=answered)
    # A candidate who asked for a person instead of the AI interview
    services.consent_give(interview=human, ai_consent=False, av_analysis_consent=False, alternative="human")
