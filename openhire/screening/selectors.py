"""Reads for screening: the ranked, filterable list of a job's applications."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from openhire.accounts.models import User
from openhire.candidates.models import Application
from openhire.candidates.selectors import applications_for
from openhire.core.navigation import Tile

# the score's parts, as the ranked list names them
COMPONENT_LABELS = {
    "hard": _("hard requirements"),
    "skills": _("skills"),
    "bm25": _("text relevance"),
    "semantic": _("semantic similarity"),
}


@dataclass(frozen=True)
class Explanation:
    """A stored screening result as the ranked list shows it, in the reader's language."""

    hard: list[tuple[str, str]]  # (status, reason)
    matched: list[str]
    missing: list[str]
    evidence: list[tuple[str, str]]  # (requirements the line supports, line)
    components: list[tuple[str, float]]


def screening_explanation(screening: dict[str, Any]) -> Explanation:
    """Hard-requirement reasons and requirement names in the active language (Chinese or
    English); evidence grouped by line (one line often supports several skills); score components
    with translated names. Results stored before ``requirement_zh`` existed keep their English
    requirement names."""
    zh = (get_language() or "").startswith("zh")
    hard_results = [h for h in screening.get("hard_results") or [] if isinstance(h, dict)]
    names = {
        str(h.get("requirement", "")): str(h.get("requirement_zh") or h.get("requirement", ""))
        for h in hard_results
    }

    def name(requirement: Any) -> str:
        text = str(requirement)
        return names.get(text, text) if zh else text

    grouped: dict[str, list[str]] = {}
    for item in screening.get("evidence") or []:
        if isinstance(item, dict) and item.get("line"):
            requirements = grouped.setdefault(str(item["line"]), [])
            if name(item.get("requirement", "")) not in requirements:
                requirements.append(name(item.get("requirement", "")))
    separator = "、" if zh else ", "
    return Explanation(
        hard=[
            (str(h.get("status", "")), str(h.get("reason_zh" if zh else "reason_en", "")))
            for h in hard_results
        ],
        matched=[name(m) for m in screening.get("matched") or []],
        missing=[name(m) for m in screening.get("missing") or []],
        evidence=[(separator.join(r for r in reqs if r), line) for line, reqs in grouped.items()],
        components=[
            (str(COMPONENT_LABELS.get(key, key)), float(value))
            for key, value in dict(screening.get("components") or {}).items()
        ],
    )


@dataclass(frozen=True)
class RankFilters:
    min_score: float | None = None
    max_score: float | None = None
    passed: bool | None = None  # passed every hard requirement
    skill: str = ""  # a requirement among the matched ones
    source: str = ""
    status: str = ""
    marked: bool | None = None

    @classmethod
    def from_query(cls, query: Any) -> RankFilters:
        def number(key: str) -> float | None:
            try:
                value = float(query.get(key, ""))
            except (TypeError, ValueError):
                return None
            return max(0.0, min(100.0, value))

        def flag(key: str) -> bool | None:
            value = str(query.get(key, "")).lower()
            return True if value in ("1", "true", "yes") else False if value in ("0", "false", "no") else None

        return cls(
            min_score=number("min_score"),
            max_score=number("max_score"),
            passed=flag("passed"),
            skill=str(query.get("skill", "")).strip()[:100],
            source=str(query.get("source", "")).strip()[:64],
            status=str(query.get("status", "")).strip()[:16],
            marked=flag("marked"),
        )


def ranked_applications(
    viewer: User, *, job_id: Any, filters: RankFilters | None = None
) -> QuerySet[Application]:
    """Applications of one job the viewer may see: those meeting every hard requirement first,
    then by match score (unscreened last), the order ``openhire screen`` ranks files in."""
    filters = filters or RankFilters()
    queryset = applications_for(viewer).filter(job_id=job_id)
    if filters.min_score is not None:
        queryset = queryset.filter(match_score__gte=filters.min_score)
    if filters.max_score is not None:
        queryset = queryset.filter(match_score__lte=filters.max_score)
    if filters.passed is not None:
        queryset = queryset.filter(passed_hard_requirements=filters.passed)
    if filters.source:
        queryset = queryset.filter(source=filters.source)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.marked is not None:
        queryset = queryset.filter(marked_for_interview=filters.marked)
    if filters.skill:
        # JSON containment is not portable across SQLite and PostgreSQL: filter the (small) id list.
        wanted = filters.skill.lower()
        ids = [
            pk
            for pk, screening in queryset.values_list("id", "screening")
            if any(wanted in name.lower() for name in _matched_names(screening or {}))
        ]
        queryset = queryset.filter(id__in=ids)
    return queryset.order_by(
        F("passed_hard_requirements").desc(nulls_last=True),
        F("match_score").desc(nulls_last=True),
        "created_at",
    )


def _matched_names(screening: dict[str, Any]) -> list[str]:
    """Matched requirements under every name they are shown with (本科及以上 and its English)."""
    matched = [str(m) for m in screening.get("matched") or []]
    chinese = [
        str(h["requirement_zh"])
        for h in screening.get("hard_results") or []
        if isinstance(h, dict) and h.get("requirement_zh") and str(h.get("requirement")) in matched
    ]
    return matched + chinese


def home_tiles(viewer: User) -> list[Tile]:
    """Home page: applications above the job's threshold that wait for an AI-interview invitation."""
    marked = (
        applications_for(viewer).filter(marked_for_interview=True, stage__in=("new", "screening")).count()
    )
    return [Tile(_("Marked for AI interview"), marked, "/screening/", attention=True)]
