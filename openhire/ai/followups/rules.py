"""Follow-up rules: a condition on the answer → a follow-up question in Chinese and English.

A condition is keywords/phrases (``any`` or ``all`` of them must occur; Chinese and English phrases may
be mixed) and/or an ideal-answer point the answer does not cover. Matching is on normalised text
(NFKC full/half width, Traditional → Simplified, case-folded), so 失敗 matches 失败 and ＦＡＩＬＥＤ
matches failed. English phrases match on word boundaries. Rules are tried in order; the first
match wins, so results are deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from openhire.ai.ports import Embedder
from openhire.ai.scoring.text import content_tokens, normalize, overlap_recall, split_sentences

POINT_COVERED_LEX = 0.6
POINT_COVERED_EMB = 0.55


class FollowupRuleError(ValueError):
    """A rule is malformed (no condition, no question, unknown mode)."""


@dataclass(frozen=True)
class FollowupRule:
    id: str
    question_zh: str
    question_en: str
    keywords: tuple[str, ...] = ()
    mode: str = "any"  # "any" | "all"
    missing_point: str | None = None
    negated_by: tuple[str, ...] = ()  # phrases that cancel the rule (e.g. already answered "I learned")

    def validate(self) -> None:
        if self.mode not in ("any", "all"):
            raise FollowupRuleError(f"rule {self.id}: mode must be 'any' or 'all', got {self.mode!r}")
        if not self.keywords and not (self.missing_point and self.missing_point.strip()):
            raise FollowupRuleError(f"rule {self.id}: needs keywords or a missing_point condition")
        if not (self.question_zh.strip() or self.question_en.strip()):
            raise FollowupRuleError(f"rule {self.id}: needs a follow-up question")
        if any(not isinstance(k, str) or not k.strip() for k in self.keywords):
            raise FollowupRuleError(f"rule {self.id}: keywords must be non-empty strings")


@dataclass(frozen=True)
class FollowupMatch:
    rule_id: str
    question: str  # in the requested language (falls back to the other one)
    question_zh: str
    question_en: str
    matched: tuple[str, ...]  # the keywords found, or the missing point
    reason: str  # "keywords" | "missing_point"


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    norm = normalize(phrase)
    escaped = re.escape(norm).replace(r"\ ", r"\s+")
    if re.fullmatch(r"[a-z0-9 '\-]+", norm):
        return re.compile(rf"(?<![a-z0-9]){escaped}(?![a-z0-9])")
    return re.compile(escaped)


def _contains(text: str, phrase: str) -> bool:
    return _phrase_pattern(phrase).search(text) is not None


def _point_covered(point: str, answer_text: str, embedder: Embedder | None) -> bool:
    p_tok = content_tokens(point)
    sentences = split_sentences(answer_text) or [answer_text]
    if any(overlap_recall(p_tok, content_tokens(s)) >= POINT_COVERED_LEX for s in sentences):
        return True
    if embedder is not None and answer_text.strip():
        mat = embedder.embed([point, *sentences])
        return bool(float((mat[1:] @ mat[0]).max()) >= POINT_COVERED_EMB)
    return False


def match_followup(
    rules: Sequence[FollowupRule],
    answer_text: str,
    language: str | None = None,
    *,
    embedder: Embedder | None = None,
) -> FollowupMatch | None:
    """The first rule whose condition holds for ``answer_text``, or ``None``.

    With both keywords and a missing point, both must hold. ``language`` ("zh"/"en") picks the
    question text; ``embedder`` (optional) lets a paraphrase count as covering a point.
    """
    if not isinstance(answer_text, str):
        raise FollowupRuleError(f"answer_text must be a string, got {type(answer_text).__name__}")
    if language not in (None, "zh", "en"):
        raise FollowupRuleError(f"language must be 'zh' or 'en', got {language!r}")
    text = normalize(answer_text)
    for rule in rules:
        rule.validate()
        if any(_contains(text, n) for n in rule.negated_by):
            continue
        matched: list[str] = []
        reason = "keywords"
        if rule.keywords:
            found = [k for k in rule.keywords if _contains(text, k)]
            ok = bool(found) if rule.mode == "any" else len(found) == len(rule.keywords)
            if not ok:
                continue
            matched = found
        if rule.missing_point and rule.missing_point.strip():
            if _point_covered(rule.missing_point, answer_text, embedder):
                continue
            if not rule.keywords:
                matched = [rule.missing_point]
                reason = "missing_point"
        lang = language or ("zh" if re.search(r"[\u4e00-\u9fff]", text) else "en")
        question = (
            (rule.question_zh if lang == "zh" else rule.question_en) or rule.question_zh or rule.question_en
        )
        return FollowupMatch(
            rule_id=rule.id,
            question=question,
            question_zh=rule.question_zh,
            question_en=rule.question_en,
            matched=tuple(matched),
            reason=reason,
        )
    return None


def default_rules() -> tuple[FollowupRule, ...]:
    """Template rules shipped with the interview-plan templates (the seeds' failed-project example)."""
    return (
        FollowupRule(
            id="failure-learning",
            keywords=(
                "失败",
                "没成功",
                "没有成功",
                "搞砸",
                "失误",
                "挫折",
                "教训",
                "failed",
                "failure",
                "fail",
                "didn't work",
                "did not work",
                "went wrong",
                "mistake",
                "setback",
            ),
            negated_by=("学到了", "学到", "收获是", "i learned", "i learnt", "lesson i learned"),
            question_zh="你从中学到了什么？",
            question_en="What did you learn from it?",
        ),
        FollowupRule(
            id="team-conflict-resolution",
            keywords=("冲突", "分歧", "矛盾", "conflict", "disagreement", "disagreed"),
            question_zh="你是如何化解这个分歧的？结果怎样？",
            question_en="How did you resolve the disagreement, and what was the outcome?",
        ),
    )
