"""Create a job from a shipped template: competencies into the library (if missing), questions into the
bank (if missing), the job's competency model and a draft plan."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.db import transaction

from openhire.accounts.models import Organization, User
from openhire.jobs import templates
from openhire.jobs.models import Competency, Job, Question
from openhire.jobs.services.competencies import CompetencyWeight, competency_create, job_competency_model_set
from openhire.jobs.services.jobs import job_create
from openhire.jobs.services.plans import plan_ensure, plan_update
from openhire.jobs.services.questions import DuplicateQuestion, question_create


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in (text or "").strip().splitlines() if line.strip())


def job_create_from_template(
    *,
    organization: Organization,
    actor: User | None,
    key: str,
    title: str = "",
    title_en: str = "",
    department: str = "",
    location: str = "",
    headcount: int = 1,
    directory: Path | None = None,
) -> Job:
    data = templates.template_load(key, directory)
    with transaction.atomic():
        job = job_create(
            organization=organization,
            actor=actor,
            title=title or data["title"]["zh"],
            title_en=title_en or data["title"]["en"],
            department=department if department else data["department"]["zh"],
            location=location,
            headcount=headcount,
            employment_type=data["employment_type"],
            description=data["description"]["zh"],
            responsibilities=_lines(data["responsibilities"]["zh"]),
            hard_requirements=data.get("hard_requirements") or {},
            skills=data.get("skills") or [],
            template_key=key,
        )
        library = {c.key: c for c in Competency.objects.filter(organization=organization)}
        by_name = {c.name_zh: c for c in library.values()}
        weights: list[CompetencyWeight] = []
        for comp_data in data["competencies"]:
            comp = library.get(comp_data["key"]) or by_name.get(comp_data["name"]["zh"])
            if comp is None:
                comp = competency_create(
                    organization=organization,
                    actor=actor,
                    key=comp_data["key"],
                    name_zh=comp_data["name"]["zh"],
                    name_en=comp_data["name"]["en"],
                    definition_zh=comp_data["definition"]["zh"],
                    definition_en=comp_data["definition"]["en"],
                    indicators=comp_data["indicators"],
                    anchors=comp_data["anchors"],
                )
                library[comp.key] = comp
            weights.append(
                CompetencyWeight(
                    competency_id=comp.id,
                    weight=comp_data["weight"],
                    min_score=comp_data.get("min_score"),
                    indicators=comp_data["indicators"],
                    anchors=comp_data["anchors"],
                )
            )
            existing_keys = set(
                Question.objects.filter(organization=organization, source=f"template:{key}").values_list(
                    "key", flat=True
                )
            )
            for q in comp_data["questions"]:
                if q["key"] in existing_keys:
                    continue
                try:
                    question_create(
                        organization=organization,
                        actor=actor,
                        competency=comp,
                        key=q["key"],
                        type=q["type"],
                        difficulty=q["difficulty"],
                        text_zh=q["text"]["zh"],
                        text_en=q["text"]["en"],
                        prep_seconds=q["prep_seconds"],
                        answer_seconds=q["answer_seconds"],
                        ideal_points=q["ideal_points"],
                        reference_answer=q.get("reference_answer"),
                        scoring_guide=q["scoring_guide"],
                        followups=q["followups"],
                        source=f"template:{key}",
                    )
                except DuplicateQuestion:
                    continue  # the bank already holds it (e.g. shared by two templates)
        job_competency_model_set(job=job, actor=actor, items=weights)
        plan_cfg = data.get("plan") or {}
        plan = plan_ensure(job=job, actor=actor)
        plan_update(
            plan=plan,
            actor=actor,
            changes={
                "retakes": plan_cfg.get("retakes", 1),
                "allow_text_answers": plan_cfg.get("allow_text_answers", False),
                "allow_start_now": plan_cfg.get("allow_start_now", True),
                "pass_threshold": plan_cfg.get("pass_threshold", 70),
                "invitation_valid_days": plan_cfg.get("invitation_valid_days", 7),
                "selection": {
                    "mode": "drawn",
                    "per_competency": plan_cfg.get("questions_per_competency", 1),
                    "balance": "types",
                    "seed": secrets.randbelow(10**6),
                },
            },
        )
    return job
