"""Building a plan snapshot (schema: ``plan_schema.md``) from a job's competency model, the question bank
and the plan's settings. Reads only; ``services.plan_publish`` freezes the result into a ``PlanVersion``.

The plan's settings live in ``InterviewPlan.draft`` next to the last built snapshot:
``draft["selection"]`` says how questions are chosen:

- ``{"mode": "fixed", "question_ids": [...]}``: these questions, in this order;
- ``{"mode": "drawn", "per_competency": 2, "seed": 1234, "balance": "types"}``: for each competency of the
  job, ``per_competency`` questions drawn from the bank with a seeded random generator, so the same seed and
  bank always give the same questions. The balance rule decides which questions go first: ``types`` covers
  as many question types as possible, ``difficulty`` as many difficulty levels, ``random`` neither.

``draft["timings"]`` optionally overrides a question's times: ``{question_id: {"prep_seconds", "answer_seconds"}}``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from openhire.jobs.models import InterviewPlan, Job, JobCompetency, Question

SCHEMA_VERSION = 1
SETTING_DEFAULTS: dict[str, Any] = {
    "language": "zh",
    "intro": {"zh": "", "en": ""},
    "retakes": 1,
    "allow_text_answers": False,
    "allow_start_now": True,
    "pass_threshold": 70,
    "invitation_valid_days": 7,
    "booking": {"enabled": True},
}
SELECTION_DEFAULTS: dict[str, Any] = {
    "mode": "drawn",
    "per_competency": 1,
    "seed": 1,
    "balance": "types",
    "question_ids": [],
}
BALANCE_RULES = ("types", "difficulty", "random")
DEFAULT_FOLLOWUP_SECONDS = 90


def plan_settings(plan: InterviewPlan) -> dict[str, Any]:
    """The plan's settings with defaults filled in (settings keys, ``selection`` and ``timings``)."""
    draft = plan.draft or {}
    out = {key: draft.get(key, default) for key, default in SETTING_DEFAULTS.items()}
    out["selection"] = {**SELECTION_DEFAULTS, **(draft.get("selection") or {})}
    out["timings"] = dict(draft.get("timings") or {})
    return out


def job_model(job: Job) -> list[JobCompetency]:
    return list(
        JobCompetency.objects.filter(job=job).select_related("competency").order_by("position", "created_at")
    )


def _usable(question: Question, language: str) -> bool:
    if question.is_archived:
        return False
    if language == "zh":
        return bool(question.text_zh)
    if language == "en":
        return bool(question.text_en)
    return bool(question.text_zh or question.text_en)


def draw(
    candidates: list[Question], *, count: int, seed: int, salt: str, balance: str = "types"
) -> list[Question]:
    """Deterministic draw of ``count`` questions: the same seed, salt and candidates give the same result."""
    rng = random.Random(f"{seed}:{salt}")
    pool = sorted(candidates, key=lambda q: str(q.id))
    rng.shuffle(pool)
    if balance not in ("types", "difficulty"):
        return pool[:count]
    attr = "type" if balance == "types" else "difficulty"
    groups: dict[Any, list[Question]] = defaultdict(list)
    for question in pool:
        groups[getattr(question, attr)].append(question)
    order = sorted(groups, key=str)
    rng.shuffle(order)
    picked: list[Question] = []
    while len(picked) < count and any(groups.values()):
        for key in order:
            if groups[key] and len(picked) < count:
                picked.append(groups[key].pop(0))
    return picked


def select_questions(job: Job, settings: dict[str, Any], model: list[JobCompetency]) -> list[Question]:
    selection = settings["selection"]
    language = settings["language"]
    competency_ids = [jc.competency_id for jc in model]
    if selection["mode"] == "fixed":
        ids = [str(i) for i in selection.get("question_ids") or []]
        by_id = {
            str(q.id): q
            for q in Question.objects.filter(
                organization_id=job.organization_id, id__in=ids, is_archived=False
            ).select_related("competency")
        }
        return [by_id[i] for i in ids if i in by_id]
    bank: dict[Any, list[Question]] = defaultdict(list)
    for question in Question.objects.filter(
        organization_id=job.organization_id, competency_id__in=competency_ids, is_archived=False
    ).select_related("competency"):
        if _usable(question, language):
            bank[question.competency_id].append(question)
    chosen: list[Question] = []
    count = max(0, int(selection.get("per_competency") or 0))
    for jc in model:
        if jc.weight == 0:
            continue
        chosen.extend(
            draw(
                bank[jc.competency_id],
                count=count,
                seed=int(selection.get("seed") or 0),
                salt=jc.competency.key,
                balance=selection.get("balance") or "types",
            )
        )
    return chosen


def _competency_entry(jc: JobCompetency) -> dict[str, Any]:
    c = jc.competency
    return {
        "key": c.key,
        "name": {"zh": c.name_zh, "en": c.name_en},
        "weight": jc.weight,
        "definition": {"zh": c.definition_zh, "en": c.definition_en},
        "indicators": list(jc.indicators or []),
        "anchors": dict(jc.anchors or {}),
        "min_score": jc.min_score,
    }


def _question_entry(question: Question, timings: dict[str, Any]) -> dict[str, Any]:
    override = timings.get(str(question.id)) or {}
    empty = {"zh": "", "en": ""}
    return {
        "id": str(question.id),
        "key": question.key,
        "competency": question.competency.key,
        "type": question.type,
        "difficulty": question.difficulty,
        "text": {"zh": question.text_zh, "en": question.text_en},
        "prep_seconds": int(override.get("prep_seconds", question.prep_seconds)),
        "answer_seconds": int(override.get("answer_seconds", question.answer_seconds)),
        "ideal_points": list(question.ideal_points or []),
        "reference_answer": {**empty, **(question.reference_answer or {})},
        "scoring_guide": {**empty, **(question.scoring_guide or {})},
        "followups": [
            {**rule, "answer_seconds": rule.get("answer_seconds", DEFAULT_FOLLOWUP_SECONDS)}
            for rule in question.followups or []
        ],
    }


def build_snapshot(plan: InterviewPlan) -> dict[str, Any]:
    """The plan exactly as a candidate's interview would use it if it were published now."""
    job = plan.job
    settings = plan_settings(plan)
    model = job_model(job)
    questions = select_questions(job, settings, model)
    snapshot: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "job": {"id": str(job.id), "title": job.title, "title_en": job.title_en},
        "language": settings["language"],
        "intro": dict(settings["intro"]),
        "competencies": [_competency_entry(jc) for jc in model],
        "questions": [_question_entry(q, settings["timings"]) for q in questions],
        "retakes": settings["retakes"],
        "allow_text_answers": settings["allow_text_answers"],
        "allow_start_now": settings["allow_start_now"],
        "pass_threshold": settings["pass_threshold"],
        "invitation_valid_days": settings["invitation_valid_days"],
        "booking": dict(settings["booking"]),
    }
    return snapshot


def publish_problems(snapshot: dict[str, Any]) -> list[str]:
    """What stops a snapshot from being published (empty when it can be)."""
    problems: list[str] = []
    competencies = snapshot["competencies"]
    if not competencies:
        problems.append(_("The job has no competency model yet."))
    total = sum(c["weight"] for c in competencies)
    if competencies and total != 100:
        problems.append(_("The competency weights add up to %(total)d, not 100.") % {"total": total})
    if not snapshot["questions"]:
        problems.append(_("The plan has no questions."))
    keys = {c["key"] for c in competencies}
    asked = {q["competency"] for q in snapshot["questions"]}
    for c in competencies:
        if c["weight"] > 0 and c["key"] not in asked:
            name = c["name"]["zh"] or c["name"]["en"]
            problems.append(_("No question assesses the competency “%(name)s”.") % {"name": name})
    for q in snapshot["questions"]:
        if q["competency"] not in keys:
            text = (q["text"]["zh"] or q["text"]["en"])[:30]
            problems.append(
                _("The question “%(text)s” assesses a competency that is not in the job's model.")
                % {"text": text}
            )
    ids = [q["id"] for q in snapshot["questions"]]
    if len(ids) != len(set(ids)):
        problems.append(_("A question appears twice in the plan."))
    return problems


def publish_warnings(snapshot: dict[str, Any]) -> list[str]:
    """What the plan can be published without but should not be: AI scoring and the interviewers'
    scorecards read the anchored rating scale and each question's scoring standard."""
    warnings: list[str] = []
    for c in snapshot["competencies"]:
        anchors = c.get("anchors") or {}
        if not all(any((anchors.get(level) or {}).values()) for level in ("1", "3", "5")):
            name = c["name"]["zh"] or c["name"]["en"]
            warnings.append(
                _("The competency “%(name)s” has no description of a 1, a 3 and a 5 answer.") % {"name": name}
            )
    for q in snapshot["questions"]:
        if not q.get("ideal_points") and not any((q.get("scoring_guide") or {}).values()):
            text = (q["text"]["zh"] or q["text"]["en"])[:30]
            warnings.append(
                _("The question “%(text)s” has no scoring standard (ideal-answer points or a scoring guide).")
                % {"text": text}
            )
    return warnings


def comparable(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot without the keys that publishing adds, to tell whether anything changed."""
    return {k: v for k, v in snapshot.items() if k not in ("version", "plan_id", "published_at")}


def expected_minutes(snapshot: dict[str, Any]) -> int:
    """How long the candidate is told the interview takes: every question's preparation and answer
    time, plus five minutes for consent and the device check (the candidate pages and the preview)."""
    seconds = sum(
        int(q.get("prep_seconds") or 0) + int(q.get("answer_seconds") or 0)
        for q in snapshot.get("questions") or []
    )
    return max(5, seconds // 60 + 5)
