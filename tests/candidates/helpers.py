"""Shared helpers for the candidates and screening tests."""

from __future__ import annotations

from typing import Any

from openhire.jobs.models import Job, JobMember


def make_job(org, *, members: dict[str, Any] | None = None, **fields: Any) -> Job:
    values: dict[str, Any] = {
        "title": "对公客户经理",
        "description": "负责对公客户营销与客户关系管理，完成存款任务。",
        "responsibilities": "维护客户关系，营销理财产品，使用Excel分析客户数据。",
        "hard_requirements": {"education": "本科", "min_years": 2},
        "skills": [
            {"name": "客户关系管理", "weight": 40},
            {"name": "Excel", "weight": 20},
            {"name": "营销", "weight": 20},
        ],
        "status": Job.Status.OPEN,
        "invite_threshold": 60,
    }
    values.update(fields)
    job = Job.objects.create(organization=org, **values)
    for role, user in (members or {}).items():
        team_role = role if role in ("recruiter", "interviewer", "hiring_manager") else "recruiter"
        JobMember.objects.create(organization=org, job=job, user=user, team_role=team_role)
    return job


def run_tasks() -> None:
    """Run everything queued (the database backend) in this process."""
    from openhire.core.worker import run_db_worker

    run_db_worker(queues=["default"], batch=True, interval=0)
