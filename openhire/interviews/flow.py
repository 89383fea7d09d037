"""The order of an interview's questions and follow-ups, computed from the plan snapshot and the answers.

Pure functions: the candidate pages, the upload service and the HR board all ask the same question,
"what comes next?", and get the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

_CJK = re.compile(r"[\u4e00-\u9fff]")


class AnswerLike(Protocol):
    question_id: str
    attempt: int
    followup_index: int | None


@dataclass(frozen=True)
class Item:
    """One thing the candidate answers: a plan question or a follow-up (id ``<question id>#f<n>``)."""

    id: str
    text: dict[str, str]
    prep_seconds: int
    answer_seconds: int
    number: int  # 1-based position of the (parent) question in the plan
    is_followup: bool = False
    parent_id: str = ""


def questions(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in snapshot.get("questions") or [] if isinstance(q, dict) and q.get("id")]


def _text(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {
            "zh": str(value.get("zh") or value.get("en") or ""),
            "en": str(value.get("en") or value.get("zh") or ""),
        }
    return {"zh": str(value or ""), "en": str(value or "")}


def main_item(snapshot: dict[str, Any], index: int) -> Item:
    q = questions(snapshot)[index]
    return Item(
        id=str(q["id"]),
        text=_text(q.get("text")),
        prep_seconds=int(q.get("prep_seconds") or 0),
        answer_seconds=int(q.get("answer_seconds") or 120),
        number=index + 1,
    )


def followup_item(snapshot: dict[str, Any], index: int, rule_index: int) -> Item:
    q = questions(snapshot)[index]
    rule = (q.get("followups") or [])[rule_index]
    return Item(
        id=f"{q['id']}#f{rule_index}",
        text=_text(rule.get("question")),
        prep_seconds=int(q.get("prep_seconds") or 0),
        answer_seconds=int(rule.get("answer_seconds") or q.get("answer_seconds") or 90),
        number=index + 1,
        is_followup=True,
        parent_id=str(q["id"]),
    )


def find_item(snapshot: dict[str, Any], item_id: str) -> Item | None:
    base, _, rule = item_id.partition("#f")
    for index, q in enumerate(questions(snapshot)):
        if str(q["id"]) != base:
            continue
        if not rule:
            return main_item(snapshot, index)
        try:
            return followup_item(snapshot, index, int(rule))
        except (ValueError, IndexError):
            return None
    return None


def latest_by_question(answers: Iterable[AnswerLike]) -> dict[str, AnswerLike]:
    latest: dict[str, AnswerLike] = {}
    for answer in answers:
        current = latest.get(answer.question_id)
        if current is None or answer.attempt > current.attempt:
            latest[answer.question_id] = answer
    return latest


def next_item(snapshot: dict[str, Any], answers: Sequence[AnswerLike], retake_of: str = "") -> Item | None:
    """What the candidate answers now: a requested retake, else the first unanswered question or
    triggered follow-up (a follow-up is asked as soon as its parent's text is known), else ``None``."""
    if retake_of:
        item = find_item(snapshot, retake_of)
        if item is not None:
            return item
    latest = latest_by_question(answers)
    for index, q in enumerate(questions(snapshot)):
        answer = latest.get(str(q["id"]))
        if answer is None:
            return main_item(snapshot, index)
        rule = answer.followup_index
        if rule is not None and rule >= 0:
            follow = followup_item(snapshot, index, rule)
            if follow.id not in latest:
                return follow
    return None


def progress(snapshot: dict[str, Any], answers: Sequence[AnswerLike]) -> tuple[int, int]:
    """(answered plan questions, plan questions)."""
    latest = latest_by_question(answers)
    qs = questions(snapshot)
    return sum(1 for q in qs if str(q["id"]) in latest), len(qs)


def text_language(text: str) -> str:
    return "zh" if _CJK.search(text) else "en"


def decide_followup(snapshot: dict[str, Any], question_id: str, text: str) -> int:
    """Index of the follow-up rule ``text`` triggers for the plan question, or -1.

    Follow-ups of follow-ups are not asked. Matching is the jobs app's reading of the plan's rules
    (``missing_point`` is an index into the question's ideal points) through the AI pipeline's matcher;
    a malformed rule never triggers, and the others still do.
    """
    from openhire.ai.followups import FollowupRuleError, match_followup
    from openhire.jobs.followups import matcher_rules

    if "#f" in question_id or not text.strip():
        return -1
    item = next((q for q in questions(snapshot) if str(q["id"]) == question_id), None)
    if not item or not item.get("followups"):
        return -1
    language = text_language(text)
    valid = []
    for rule in matcher_rules(item, language):
        try:
            rule.validate()
        except FollowupRuleError:
            continue
        valid.append(rule)
    found = match_followup(valid, text, language)
    if found is None:
        return -1
    index = int(found.rule_id.rsplit(":", 1)[-1])
    return index if 0 <= index < len(item["followups"]) else -1
