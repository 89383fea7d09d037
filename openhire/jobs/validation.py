"""Shape checks for the JSON held by competency models, questions and plans.

Each function returns the cleaned value or raises ``ValidationFailed`` with a message a recruiter can act on.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from openhire.core.errors import ValidationFailed

LANGS = ("zh", "en")
ANCHOR_LEVELS = ("1", "3", "5")
EDUCATION_LEVELS = ("none", "high_school", "associate", "bachelor", "master", "phd")
QUESTION_TYPES = ("behavioural", "situational", "technical", "motivation")


def bilingual(value: Any, *, field: str, required: bool = False) -> dict[str, str]:
    """``{"zh": ..., "en": ...}`` from a dict or a plain string (taken as Chinese)."""
    if value is None or value == "":
        value = {}
    if isinstance(value, str):
        value = {"zh": value}
    if not isinstance(value, dict):
        raise ValidationFailed(_("Expected a text in Chinese and English."), field=field)
    out = {lang: str(value.get(lang) or "").strip() for lang in LANGS}
    if required and not (out["zh"] or out["en"]):
        raise ValidationFailed(_("Write this in Chinese or English."), field=field)
    return out


def bilingual_list(value: Any, *, field: str, max_items: int = 20) -> list[dict[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationFailed(_("Expected a list."), field=field)
    items = [bilingual(v, field=field) for v in value]
    items = [i for i in items if i["zh"] or i["en"]]
    if len(items) > max_items:
        raise ValidationFailed(_("Too many items (at most %(n)d).") % {"n": max_items}, field=field)
    return items


def anchors(value: Any, *, field: str = "anchors") -> dict[str, dict[str, str]]:
    if value is None or value == {}:
        return {}
    if not isinstance(value, dict):
        raise ValidationFailed(_("Anchors are a text for ratings 1, 3 and 5."), field=field)
    out = {}
    for level in ANCHOR_LEVELS:
        raw = value.get(level, value.get(int(level)))
        out[level] = bilingual(raw, field=f"{field}.{level}")
    return out


def weight(value: Any, *, field: str = "weight") -> int:
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(_("A weight is a whole number from 0 to 100."), field=field) from exc
    if not 0 <= number <= 100 or str(value).strip() not in (str(number), f"{number}.0"):
        raise ValidationFailed(_("A weight is a whole number from 0 to 100."), field=field)
    return number


def score_or_none(value: Any, *, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(_("A score is a whole number from 0 to 100."), field=field) from exc
    if not 0 <= number <= 100:
        raise ValidationFailed(_("A score is a whole number from 0 to 100."), field=field)
    return number


def weights_total(weights: list[int]) -> int:
    return sum(weights)


def require_total_100(weights: list[int], *, field: str = "weights") -> None:
    total = sum(weights)
    if total != 100:
        raise ValidationFailed(
            _("The weights add up to %(total)d; they must add up to 100.") % {"total": total}, field=field
        )


def followups(value: Any, *, ideal_points: int, field: str = "followups") -> list[dict[str, Any]]:
    """Follow-up rules: a condition on the answer (keywords, all-of phrases, a missing ideal point) and a question."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise ValidationFailed(_("Follow-up rules are a list."), field=field)
    rules = []
    for index, rule in enumerate(value):
        where = f"{field}.{index}"
        if not isinstance(rule, dict):
            raise ValidationFailed(_("A follow-up rule needs a condition and a question."), field=where)
        condition = rule.get("condition") or {}
        if not isinstance(condition, dict):
            raise ValidationFailed(_("A follow-up rule needs a condition and a question."), field=where)
        any_words = _phrases(condition.get("any"), field=f"{where}.condition.any")
        all_words = _phrases(condition.get("all"), field=f"{where}.condition.all")
        missing = condition.get("missing_point")
        if missing in ("", None):
            missing = None
        else:
            try:
                missing = int(missing)
            except (TypeError, ValueError) as exc:
                raise ValidationFailed(
                    _("The missing point is the number of an ideal point."), field=f"{where}.condition"
                ) from exc
            if not 0 <= missing < ideal_points:
                raise ValidationFailed(
                    _("The missing point refers to an ideal point that does not exist."),
                    field=f"{where}.condition",
                )
        if not any_words and not all_words and missing is None:
            raise ValidationFailed(
                _("A follow-up rule needs keywords, phrases or a missing point to trigger on."), field=where
            )
        question = bilingual(rule.get("question"), field=f"{where}.question", required=True)
        out: dict[str, Any] = {
            "condition": {"any": any_words, "all": all_words, "missing_point": missing},
            "question": question,
        }
        if rule.get("answer_seconds") not in (None, ""):
            out["answer_seconds"] = seconds(rule["answer_seconds"], field=f"{where}.answer_seconds")
        rules.append(out)
    return rules


def _phrases(value: Any, *, field: str) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [p for p in value.replace("，", ",").split(",")]
    if not isinstance(value, list):
        raise ValidationFailed(_("Keywords are a list of words or phrases."), field=field)
    return [str(p).strip() for p in value if str(p).strip()]


def seconds(value: Any, *, field: str, low: int = 0, high: int = 1800) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(_("Enter a number of seconds."), field=field) from exc
    if not low <= number <= high:
        raise ValidationFailed(
            _("Enter a number of seconds from %(low)d to %(high)d.") % {"low": low, "high": high},
            field=field,
        )
    return number


def hard_requirements(value: Any) -> dict[str, Any]:
    value = value or {}
    if not isinstance(value, dict):
        raise ValidationFailed(
            _("Hard requirements are not in the expected form."), field="hard_requirements"
        )
    education = value.get("education") or "none"
    if education not in EDUCATION_LEVELS:
        raise ValidationFailed(_("Unknown education level."), field="hard_requirements.education")
    try:
        min_years = int(value.get("min_years") or 0)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(
            _("Years of experience is a whole number."), field="hard_requirements.min_years"
        ) from exc
    if not 0 <= min_years <= 50:
        raise ValidationFailed(
            _("Years of experience is a whole number."), field="hard_requirements.min_years"
        )
    out: dict[str, Any] = {"education": education, "min_years": min_years}
    for key in ("certificates", "languages", "locations"):
        out[key] = _phrases(value.get(key), field=f"hard_requirements.{key}")
    return out


def skills(value: Any) -> list[dict[str, Any]]:
    if not value:
        return []
    if not isinstance(value, list):
        raise ValidationFailed(_("Skills are a list of names with weights."), field="skills")
    out: list[dict[str, Any]] = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            raise ValidationFailed(_("Each skill needs a name."), field=f"skills.{index}")
        out.append(
            {
                "name": str(item["name"]).strip(),
                "weight": weight(item.get("weight", 0), field=f"skills.{index}"),
            }
        )
    require_total_100([int(s["weight"]) for s in out], field="skills")
    return out
