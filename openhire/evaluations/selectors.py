"""Reads of the evaluations app: permission-checked lookups (job-scoped, audited) and report data."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from openhire.accounts.models import User
from openhire.audit.services import audit_read
from openhire.core.access import get_or_404, job_scoped
from openhire.core.errors import NotFound
from openhire.core.navigation import Tile
from openhire.evaluations.models import AnswerAnalysis, BenchmarkGroup, Evaluation, HumanReviewRequest
from openhire.evaluations.switches import Switches
from openhire.interviews.models import Interview


def evaluations_for(viewer: User) -> QuerySet[Evaluation]:
    return job_scoped(
        Evaluation.objects.select_related("interview__candidate", "job", "benchmark_group"), viewer
    )


def access_evaluation(viewer: User, evaluation_id: UUID | str) -> Evaluation:
    evaluation = get_or_404(evaluations_for(viewer), evaluation_id)
    audit_read(viewer=viewer, obj=evaluation)
    return evaluation


def access_current_evaluation(viewer: User, interview_id: UUID | str) -> Evaluation:
    """The interview's current evaluation (or the newest one while the first is still running)."""
    qs = evaluations_for(viewer).filter(interview_id=interview_id) if _is_uuid(interview_id) else None
    evaluation = qs.order_by("-is_current", "-version").first() if qs is not None else None
    if evaluation is None:
        raise NotFound("not found")
    audit_read(viewer=viewer, obj=evaluation)
    return evaluation


def access_interview_evaluations(viewer: User, interview_id: UUID | str) -> QuerySet[Evaluation]:
    """All versions of an interview's evaluation (404 when the viewer may not see the interview)."""
    interview = get_or_404(job_scoped(Interview.objects.all(), viewer), interview_id)
    audit_read(viewer=viewer, obj=interview, action="evaluations")
    return evaluations_for(viewer).filter(interview=interview).order_by("-version")


def access_analysis(viewer: User, analysis_id: UUID | str) -> AnswerAnalysis:
    analysis = get_or_404(
        job_scoped(
            AnswerAnalysis.objects.select_related("evaluation", "answer"), viewer, job_field="evaluation__job"
        ),
        analysis_id,
    )
    audit_read(viewer=viewer, obj=analysis)
    return analysis


def access_review_request(viewer: User, request_id: UUID | str) -> HumanReviewRequest:
    return get_or_404(
        job_scoped(
            HumanReviewRequest.objects.select_related("evaluation"), viewer, job_field="evaluation__job"
        ),
        request_id,
    )


def benchmark_groups_for(viewer: User, job_id: UUID | str) -> QuerySet[BenchmarkGroup]:
    return job_scoped(BenchmarkGroup.objects.all(), viewer).filter(job_id=job_id)


def evaluation_switches(viewer: User) -> Switches:
    org = viewer.organization
    return Switches.from_settings(org.settings if org is not None else {})


def recent_evaluations(viewer: User, *, limit: int = 200) -> list[Evaluation]:
    return list(evaluations_for(viewer).filter(is_current=True).order_by("-created_at")[:limit])


def _is_uuid(value: Any) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True


# --- report data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RadarChart:
    size: int
    width: int  # the view box is wider than tall: labels left and right of the chart
    view_box: str
    centre: float
    rings: list[str]  # polygon points for 20/40/60/80/100
    axes: list[tuple[float, float, float, float, str, str]]  # axis end x y, label x y, label, anchor
    shape: str  # polygon points of the scores
    dots: list[tuple[float, float, str, float]]  # x y label label-y


def radar_chart(scores: list[tuple[str, float | None]], *, size: int = 300) -> RadarChart | None:
    """Server-side geometry for an SVG radar chart (no JavaScript); needs three or more competencies."""
    if len(scores) < 3:
        return None
    centre = size / 2
    radius = size / 2 - 40
    pad = 90
    n = len(scores)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(100.0, value)) / 100
        return round(centre + r * math.cos(angle), 1), round(centre + r * math.sin(angle), 1)

    rings = [
        " ".join(f"{x},{y}" for x, y in (point(i, level) for i in range(n)))
        for level in (20, 40, 60, 80, 100)
    ]
    axes = []
    for i, (label, _value) in enumerate(scores):
        x, y = point(i, 100)
        lx, ly = point(i, 118)
        anchor = "middle" if abs(lx - centre) < 10 else ("start" if lx > centre else "end")
        axes.append((x, y, lx, ly, label, anchor))
    pts = [point(i, value or 0.0) for i, (_l, value) in enumerate(scores)]
    dots = [
        (x, y, f"{value:.0f}" if value is not None else "–", round(y - 7, 1))
        for (x, y), (_l, value) in zip(pts, scores, strict=True)
    ]
    return RadarChart(
        size=size,
        width=size + 2 * pad,
        view_box=f"{-pad} 0 {size + 2 * pad} {size}",
        centre=centre,
        rings=rings,
        axes=axes,
        shape=" ".join(f"{x},{y}" for x, y in pts),
        dots=dots,
    )


def highlighted(text: str, quotes: list[str]) -> list[tuple[str, bool]]:
    """The transcript split into (piece, is_evidence) runs, for highlighting evidence quotes."""
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        q = quote.strip()
        if not q:
            continue
        start = text.find(q)
        if start >= 0:
            spans.append((start, start + len(q)))
    spans.sort()
    out: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in spans:
        if start < cursor:
            continue
        if start > cursor:
            out.append((text[cursor:start], False))
        out.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        out.append((text[cursor:], False))
    return out


def home_tiles(viewer: User) -> list[Tile]:
    """Home page: results waiting for a transcript or a person, and human reviews asked for."""
    evaluations = evaluations_for(viewer)
    reviews = HumanReviewRequest.objects.filter(
        evaluation__in=evaluations.values("id"), status=HumanReviewRequest.Status.OPEN
    ).count()
    return [
        Tile(_("Human review requested"), reviews, "/evaluations/", attention=True),
        Tile(
            _("Waiting for a transcript"),
            evaluations.filter(status=Evaluation.Status.WAITING_TRANSCRIPT).count(),
            "/evaluations/",
            attention=True,
        ),
        Tile(
            _("Evaluations failed"),
            evaluations.filter(status=Evaluation.Status.FAILED).count(),
            "/evaluations/",
            attention=True,
        ),
    ]
