"""Follow-up rules of a plan question, matched through the AI follow-up matcher.

A question's rules (``PlanVersion.snapshot["questions"][i]["followups"]``) are
``{"condition": {"any": [...], "all": [...], "missing_point": index | null}, "question": {"zh", "en"}}``:
the rule holds when at least one ``any`` phrase (if there are any), every ``all`` phrase and — when set —
the absence of ideal point ``missing_point`` hold together. ``openhire.ai.followups`` matches one keyword
list per rule, so a rule with both ``any`` and ``all`` phrases becomes one matcher rule per ``any`` phrase
(each needing that phrase plus all the ``all`` phrases), tried in order.
"""

from __future__ import annotations

from typing import Any

from openhire.ai.followups import FollowupMatch, FollowupRule, match_followup


def matcher_rules(question: dict[str, Any], language: str = "zh") -> list[FollowupRule]:
    """The matcher's rules for one snapshot question (ids are ``<question id>:<rule index>``)."""
    points = question.get("ideal_points") or []
    other = "en" if language == "zh" else "zh"
    rules: list[FollowupRule] = []
    for index, rule in enumerate(question.get("followups") or []):
        cond = rule.get("condition") or {}
        text = rule.get("question") or {}
        any_words = tuple(cond.get("any") or ())
        all_words = tuple(cond.get("all") or ())
        missing = cond.get("missing_point")
        point = None
        if missing is not None and 0 <= int(missing) < len(points):
            point = points[int(missing)].get(language) or points[int(missing)].get(other) or None
        common = {
            "id": f"{question.get('id', '')}:{index}",
            "question_zh": text.get("zh", ""),
            "question_en": text.get("en", ""),
            "missing_point": point,
        }
        if any_words and all_words:
            rules.extend(
                FollowupRule(keywords=(word, *all_words), mode="all", **common) for word in any_words
            )
        elif all_words:
            rules.append(FollowupRule(keywords=all_words, mode="all", **common))
        else:
            rules.append(FollowupRule(keywords=any_words, mode="any", **common))
    return rules


def followup_for(question: dict[str, Any], answer_text: str, language: str = "zh") -> FollowupMatch | None:
    """The follow-up to ask after ``answer_text`` to ``question`` (a snapshot question), or ``None``."""
    return match_followup(matcher_rules(question, language), answer_text, language)
