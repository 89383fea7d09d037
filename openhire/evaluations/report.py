"""What the HR report (page and PDF) and the candidate's feedback report show, built from the rows.

Reads only: callers have already checked access (``selectors.access_*``) and audited the read.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from openhire.evaluations.models import AnswerAnalysis, Evaluation
from openhire.evaluations.selectors import highlighted, radar_chart
from openhire.evaluations.switches import Switches

FLAG_LABELS = {
    "very_short": _("Very short answer: the score is less reliable"),
    "low_asr_confidence": _("Low speech-recognition confidence: check the transcript"),
    "no_face": _("No face detected for most of the answer"),
    "second_voice": _("A second voice was detected"),
    "read_aloud": _("The answer seems to be read aloud"),
    "multiple_faces": _("More than one face in the picture"),
    "media_unusable": _("The recording could not be used; the answer was not scored"),
    "silent": _("The recording is silent; the answer was not scored"),
    "no_speech": _("No speech was recognised; the answer was not scored"),
    "empty": _("Empty answer"),
    "truncated": _("The recording is cut off; only the first part was analysed"),
    "no_ai_consent": _("No consent to AI assessment: not analysed"),
    "no_av_consent": _("No consent to audio/video analysis: not analysed"),
    "manual_transcript": _("Transcript entered by HR, not by speech recognition"),
    "waiting_transcript": _("Waiting for a transcript (no speech engine)"),
}


REASONS = {
    "most relevant to the question": _("most relevant to the question"),
    "specific: numbers and first-person actions or outcomes": _(
        "specific: numbers and first-person actions or outcomes"
    ),
    "result of the situation described": _("result of the situation described"),
}


def reason_label(reason: str) -> str:
    """The scorer's evidence reason in the reader's language (``covers: <point>`` keeps the point)."""
    if reason.startswith("covers: "):
        return str(_("covers: %(point)s") % {"point": reason[len("covers: ") :]})
    return str(REASONS.get(reason, reason))


def _evidence_rows(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**e, "at": fmt_time(e.get("start")), "reason": reason_label(str(e.get("reason") or ""))}
        for e in evidence
    ]


def _lang(language: str) -> str:
    return "en" if (language or "").startswith("en") else "zh"


def fmt_time(seconds: Any) -> str:
    if seconds is None:
        return ""
    s = int(float(seconds))
    return f"{s // 60}:{s % 60:02d}"


def _flag_rows(flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"question_id": f.get("question_id", ""), "code": f.get("code", ""),
             "label": FLAG_LABELS.get(str(f.get("code")), f.get("code"))} for f in flags]  # fmt: skip


def _analysis_row(a: AnswerAnalysis, lang: str, number: int) -> dict[str, Any]:
    quotes = [str(e.get("text") or "") for e in a.evidence]
    segments = []
    for seg in (a.transcript or {}).get("segments") or []:
        segments.append(
            {"start": fmt_time(seg.get("start")), "pieces": highlighted(str(seg.get("text") or ""), quotes)}
        )
    if not segments and a.text:
        segments.append({"start": "", "pieces": highlighted(a.text, quotes)})
    delivery = a.delivery or {}
    camera = a.camera or {}
    return {
        "obj": a,
        "number": number,
        "segments": segments,
        "evidence": _evidence_rows(a.evidence),
        "flags": [{"code": c, "label": FLAG_LABELS.get(c, c)} for c in a.flags],
        "delivery": delivery,
        "fillers": ", ".join(f"{k} ×{v}" for k, v in (delivery.get("fillers") or {}).items()),
        "camera": camera,
        "star": (a.content or {}).get("star") or {},
        "coverage": (a.content or {}).get("coverage") or [],
        "notes": (a.content or {}).get("notes") or [],
    }


def hr_report_context(evaluation: Evaluation, *, language: str) -> dict[str, Any]:
    lang = _lang(language)
    comps = list(evaluation.competency_scores.all())
    rows = []
    for c in comps:
        name = (c.name_en if lang == "en" else c.name_zh) or c.key
        rows.append({"obj": c, "name": name, "evidence": _evidence_rows(c.evidence)})
    radar = radar_chart([(str(r["name"]), c.score_100) for r, c in zip(rows, comps, strict=True)])
    analyses = list(
        evaluation.analyses.select_related("answer", "transcript_entered_by").order_by("answer__submitted_at")
    )
    versions = list(Evaluation.objects.filter(interview_id=evaluation.interview_id).order_by("-version"))
    from openhire.interviews.selectors import evaluated_answers

    used = {a.pk for a in evaluated_answers(evaluation.interview)}
    rows_a = []
    for i, a in enumerate(analyses, start=1):
        row = _analysis_row(a, lang, i)
        row["superseded"] = a.answer_id not in used  # an earlier attempt the candidate recorded again
        rows_a.append(row)
    return {
        "evaluation": evaluation,
        "interview": evaluation.interview,
        "candidate": evaluation.interview.candidate,
        "competencies": rows,
        "radar": radar,
        "analyses": rows_a,
        "flags": _flag_rows(evaluation.flags),
        "reasons": (evaluation.reasons or {}).get(lang) or [],
        "versions": versions,
        "reviews": list(evaluation.review_requests.select_related("requested_by", "resolved_by")),
        "switches": Switches.from_dict(evaluation.switches),
        "lang": lang,
    }


def hr_report_pdf(evaluation: Evaluation, *, language: str, base_url: str = "") -> bytes:
    """The HR report as PDF (WeasyPrint, Noto CJK fonts), rendered from the same template as the page."""
    from weasyprint import HTML

    context = hr_report_context(evaluation, language=language)
    html = render_to_string("evaluations/report_pdf.html", {**context, "pdf": True})
    return bytes(HTML(string=html, base_url=base_url or None).write_pdf())


def candidate_feedback_context(evaluation: Evaluation, *, language: str) -> dict[str, Any]:
    """Strengths and areas to develop; raw scores only when the organisation shows them to candidates."""
    lang = _lang(language)
    switches = Switches.from_settings(evaluation.organization.settings)
    comps = {c.key: c for c in evaluation.competency_scores.all()}

    def name(key: str) -> str:
        c = comps.get(key)
        return ((c.name_en if lang == "en" else c.name_zh) or key) if c else key

    feedback = evaluation.feedback or {}
    return {
        "summary": feedback.get(lang) or "",
        "strengths": [name(k) for k in feedback.get("strengths") or []],
        "develop": [name(k) for k in feedback.get("develop") or []],
        "show_scores": switches.candidate_raw_scores,
        "scores": [(name(c.key), c.score_100) for c in comps.values() if c.score_100 is not None],
    }


def candidate_feedback_html(interview: Any, *, language: str) -> SafeString | None:
    """The feedback report for the candidate status page slot, once released; ``None`` before that.

    For the interviews app: pass it as ``feedback_html`` to ``interviews/candidate/_feedback.html``.
    """
    if interview.feedback_released_at is None:
        return None
    evaluation = (
        Evaluation.objects.select_related("organization")
        .filter(interview_id=interview.pk, is_current=True, status=Evaluation.Status.DONE)
        .first()
    )
    if evaluation is None:
        return None
    html = render_to_string(
        "evaluations/candidate_feedback.html", candidate_feedback_context(evaluation, language=language)
    )
    return SafeString(html)
