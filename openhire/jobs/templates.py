"""Job templates shipped with openhire (``openhire/jobs/job_templates/<key>.yaml``): list, load, validate.

The file format is the contract in ``jobs/template_format.md``
(``key``, ``title``, ``department``, ``employment_type``, ``description``, ``responsibilities``,
``hard_requirements``, ``skills``, ``competencies`` with ``questions``, ``plan``). Creating a job from a
template is ``services.job_create_from_template``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from openhire.core.errors import NotFound, ValidationFailed
from openhire.jobs import validation as v

TEMPLATE_DIR = Path(__file__).resolve().parent / "job_templates"
_KEY = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
EMPLOYMENT_TYPES = ("full_time", "part_time", "contract", "internship", "campus")
PLAN_KEYS = {
    "retakes": (0, 5),
    "pass_threshold": (0, 100),
    "invitation_valid_days": (1, 90),
    "questions_per_competency": (1, 10),
}


class TemplateInvalid(ValidationFailed):
    code = "template_invalid"

    def __init__(self, key: str, problems: list[str]) -> None:
        super().__init__(f"template {key}: " + "; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class TemplateSummary:
    key: str
    title: dict[str, str]
    department: dict[str, str]
    employment_type: str
    competency_count: int
    question_count: int


def _directory(directory: Path | None) -> Path:
    return directory if directory is not None else TEMPLATE_DIR


def template_keys(directory: Path | None = None) -> list[str]:
    folder = _directory(directory)
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def template_validate(data: Any, *, key: str | None = None) -> list[str]:
    """Every problem found in a template (an empty list means it can be used)."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return ["the file is not a mapping"]

    def check(condition: bool, message: str) -> bool:
        if not condition:
            problems.append(message)
        return condition

    check(isinstance(data.get("key"), str) and bool(_KEY.match(data.get("key") or "")), "key: snake_case")
    if key is not None:
        check(data.get("key") == key, f"key: {data.get('key')!r} is not the file name {key!r}")
    for field in ("title", "department", "description", "responsibilities"):
        _bilingual(data.get(field), field, problems, required=field in ("title",))
    check(data.get("employment_type") in EMPLOYMENT_TYPES, "employment_type: unknown")
    try:
        v.hard_requirements(data.get("hard_requirements"))
    except ValidationFailed as exc:
        problems.append(f"{exc.field}: {exc.message}")
    try:
        v.skills(data.get("skills"))
    except ValidationFailed as exc:
        problems.append(f"{exc.field}: {exc.message}")
    competencies = data.get("competencies")
    if isinstance(competencies, list) and check(4 <= len(competencies) <= 6, "competencies: 4 to 6"):
        _competencies(competencies, problems)
    elif not isinstance(competencies, list):
        problems.append("competencies: a list")
    plan = data.get("plan") or {}
    if check(isinstance(plan, dict), "plan: a mapping"):
        for name, (low, high) in PLAN_KEYS.items():
            if name in plan:
                value = plan[name]
                check(
                    isinstance(value, int) and not isinstance(value, bool) and low <= value <= high,
                    f"plan.{name}: {low}–{high}",
                )
        for name in ("allow_text_answers", "allow_start_now"):
            if name in plan:
                check(isinstance(plan[name], bool), f"plan.{name}: true or false")
    return problems


def _bilingual(value: Any, where: str, problems: list[str], *, required: bool = False) -> None:
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) for lang in ("zh", "en")):
        problems.append(f"{where}: needs zh and en texts")
    elif required and not (value["zh"].strip() and value["en"].strip()):
        problems.append(f"{where}: empty")


def _competencies(competencies: list[Any], problems: list[str]) -> None:
    keys: set[str] = set()
    question_keys: set[str] = set()
    total = 0
    for index, comp in enumerate(competencies):
        where = f"competencies[{index}]"
        if not isinstance(comp, dict):
            problems.append(f"{where}: a mapping")
            continue
        ckey = comp.get("key")
        if not (isinstance(ckey, str) and _KEY.match(ckey)) or ckey in keys:
            problems.append(f"{where}.key: snake_case and unique")
        keys.add(str(ckey))
        where = f"competency {ckey}"
        _bilingual(comp.get("name"), f"{where}.name", problems, required=True)
        _bilingual(comp.get("definition"), f"{where}.definition", problems)
        weight = comp.get("weight")
        if not isinstance(weight, int) or not 0 < weight <= 100:
            problems.append(f"{where}.weight: 1–100")
        else:
            total += weight
        if comp.get("min_score") is not None and not (
            isinstance(comp["min_score"], int) and 0 <= comp["min_score"] <= 100
        ):
            problems.append(f"{where}.min_score: 0–100 or null")
        indicators = comp.get("indicators")
        if not isinstance(indicators, list) or not 3 <= len(indicators) <= 5:
            problems.append(f"{where}.indicators: 3 to 5")
        else:
            for i, ind in enumerate(indicators):
                _bilingual(ind, f"{where}.indicators[{i}]", problems, required=True)
        anchors = comp.get("anchors")
        if not isinstance(anchors, dict):
            problems.append(f"{where}.anchors: 1, 3 and 5")
        else:
            for level in ("1", "3", "5"):
                _bilingual(
                    anchors.get(level, anchors.get(int(level))),
                    f"{where}.anchors.{level}",
                    problems,
                    required=True,
                )
        questions = comp.get("questions")
        if not isinstance(questions, list) or len(questions) < 3:
            problems.append(f"{where}.questions: at least 3")
            continue
        for q_index, question in enumerate(questions):
            _question(question, f"{where}.questions[{q_index}]", question_keys, problems)
    if total != 100:
        problems.append(f"competencies: weights add up to {total}, not 100")


def _question(question: Any, where: str, seen: set[str], problems: list[str]) -> None:
    if not isinstance(question, dict):
        problems.append(f"{where}: a mapping")
        return
    qkey = question.get("key")
    if not isinstance(qkey, str) or not qkey or qkey in seen:
        problems.append(f"{where}.key: unique")
    seen.add(str(qkey))
    where = f"question {qkey}"
    if question.get("type") not in v.QUESTION_TYPES:
        problems.append(f"{where}.type: one of {', '.join(v.QUESTION_TYPES)}")
    if question.get("difficulty") not in (1, 2, 3):
        problems.append(f"{where}.difficulty: 1, 2 or 3")
    _bilingual(question.get("text"), f"{where}.text", problems, required=True)
    for name in ("prep_seconds", "answer_seconds"):
        value = question.get(name)
        if not isinstance(value, int) or not 0 <= value <= 1800:
            problems.append(f"{where}.{name}: 0–1800")
    points = question.get("ideal_points")
    if not isinstance(points, list) or not 3 <= len(points) <= 5:
        problems.append(f"{where}.ideal_points: 3 to 5")
        points = []
    for i, point in enumerate(points):
        _bilingual(point, f"{where}.ideal_points[{i}]", problems, required=True)
    if question.get("reference_answer") is not None:
        _bilingual(question.get("reference_answer"), f"{where}.reference_answer", problems)
    _bilingual(question.get("scoring_guide"), f"{where}.scoring_guide", problems, required=True)
    rules = question.get("followups")
    if not isinstance(rules, list) or not 1 <= len(rules) <= 2:
        problems.append(f"{where}.followups: 1 or 2")
        return
    try:
        v.followups(rules, ideal_points=len(points), field=f"{where}.followups")
    except ValidationFailed as exc:
        problems.append(f"{exc.field}: {exc.message}")


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime: float) -> dict[str, Any]:
    return _read(Path(path))  # type: ignore[no-any-return]


def template_load(key: str, directory: Path | None = None) -> dict[str, Any]:
    """The validated template ``key``; ``NotFound`` when there is none, ``TemplateInvalid`` when it is broken."""
    if not _KEY.match(key or ""):
        raise NotFound("no such template")
    path = _directory(directory) / f"{key}.yaml"
    if not path.is_file():
        raise NotFound("no such template")
    data = _load_cached(str(path), path.stat().st_mtime)
    problems = template_validate(data, key=key)
    if problems:
        raise TemplateInvalid(key, problems)
    return data


def template_list(directory: Path | None = None) -> list[TemplateSummary]:
    """The usable templates (broken files are left out; ``template_validate`` says why)."""
    out = []
    for key in template_keys(directory):
        try:
            data = template_load(key, directory)
        except (ValidationFailed, yaml.YAMLError):
            continue
        out.append(
            TemplateSummary(
                key=key,
                title=data["title"],
                department=data["department"],
                employment_type=data["employment_type"],
                competency_count=len(data["competencies"]),
                question_count=sum(len(c["questions"]) for c in data["competencies"]),
            )
        )
    return out
