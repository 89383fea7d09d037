"""Job YAML / dict → :class:`JobSpec`, with errors that say which field is wrong."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from openhire.ai.matching.contracts import JobSpec, SkillWeight


class JobSpecError(ValueError):
    """The job description is missing a field or has one of the wrong type."""


def _text(data: Mapping[str, Any], key: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise JobSpecError(f"job: '{key}' is required")
        return ""
    if isinstance(value, list | tuple):
        if not all(isinstance(v, str | int | float) for v in value):
            raise JobSpecError(f"job: '{key}' must be text or a list of text")
        return "\n".join(str(v) for v in value)
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise JobSpecError(f"job: '{key}' must be text, not {type(value).__name__}")
    text = str(value).strip()
    if required and not text:
        raise JobSpecError(f"job: '{key}' must not be empty")
    return text


def _names(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [v for v in value.replace("，", ",").replace("、", ",").split(",")]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str | int | float) for v in value):
        raise JobSpecError(f"job: '{key}' must be a list of names")
    return tuple(str(v).strip() for v in value if str(v).strip())


def _skills(value: Any) -> tuple[SkillWeight, ...]:
    if value is None:
        return ()
    items: list[SkillWeight] = []
    if isinstance(value, Mapping):
        value = [{"name": k, "weight": v} for k, v in value.items()]
    if isinstance(value, str):
        value = [v.strip() for v in value.replace("，", ",").replace("、", ",").split(",")]
    if not isinstance(value, list | tuple):
        raise JobSpecError("job: 'skills' must be a list of names or {name, weight} items")
    for item in value:
        if isinstance(item, str):
            if item.strip():
                items.append(SkillWeight(item.strip(), 1.0))
            continue
        if isinstance(item, Mapping) and isinstance(item.get("name"), str) and item["name"].strip():
            weight = item.get("weight", 1.0)
            if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
                raise JobSpecError(f"job: skill {item['name']!r} has weight {weight!r}; use a number ≥ 0")
            items.append(SkillWeight(item["name"].strip(), float(weight)))
            continue
        raise JobSpecError(f"job: bad skill entry {item!r}; use a name or {{name: ..., weight: ...}}")
    return tuple(items)


def job_spec_from_dict(data: Mapping[str, Any]) -> JobSpec:
    """Build a :class:`JobSpec` from the job export format (only ``title`` and ``description`` required)."""
    if not isinstance(data, Mapping):
        raise JobSpecError(f"job: expected a mapping of fields, got {type(data).__name__}")
    min_years = data.get("min_years")
    if min_years is not None:
        if isinstance(min_years, bool) or not isinstance(min_years, int | float | str):
            raise JobSpecError("job: 'min_years' must be a number")
        try:
            min_years = float(min_years)
        except ValueError:
            raise JobSpecError(f"job: 'min_years' must be a number, not {min_years!r}") from None
        if min_years < 0 or min_years > 60:
            raise JobSpecError(f"job: 'min_years' {min_years} is out of range 0–60")
    return JobSpec(
        title=_text(data, "title", required=True),
        description=_text(data, "description", required=True),
        requirements=_text(data, "requirements"),
        skills=_skills(data.get("skills")),
        must_have=_names(data, "must_have"),
        min_years=min_years,
        education=_text(data, "education"),
        certificates=_names(data, "certificates"),
        languages=_names(data, "languages"),
        location=_text(data, "location"),
    )


def load_job_spec(path: str | Path) -> JobSpec:
    """Read a job YAML (or JSON) file."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise JobSpecError(f"job: cannot read {path}: {exc}") from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise JobSpecError(f"job: {path} is not valid YAML: {exc}") from None
    if isinstance(data, Mapping) and isinstance(data.get("job"), Mapping):
        data = data["job"]
    return job_spec_from_dict(data)
