"""The bridge between Django rows and the plain-Python engines in ``openhire.ai``.

Functions here read plan snapshots and files and call the engines; they never write to the database
(the services do). Everything they return is JSON-ready.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openhire.ai.scoring.contracts import AnchorLevel, AnswerScore, CompetencySpec, QuestionSpec, ScoringError
from openhire.ai.speech.contracts import Segment, Transcript, Word
from openhire.interviews import flow

PIPELINE_NAME = "openhire-evaluation"
PIPELINE_VERSION = "1"

_recognizers: dict[tuple[str, str], Any] = {}


def recognizer() -> Any:
    """The speech recogniser for this process (faster-whisper, or ``NoSpeechEngine``), built once per
    configuration: loading and verifying the model is the slow part."""
    from openhire.ai.speech import default_recognizer

    key = (os.environ.get("OPENHIRE_ASR_ENGINE", ""), os.environ.get("OPENHIRE_ASR_MODEL", ""))
    if key not in _recognizers:
        _recognizers[key] = default_recognizer()
    return _recognizers[key]


_models: dict[str, Any] = {}


def scorer_model() -> Any | None:
    """The organisation-fitted scorer named by ``OPENHIRE_SCORER_MODEL`` (a JSON file written by
    ``openhire manage evaluation_refit``), or ``None`` for the packaged one."""
    path = os.environ.get("OPENHIRE_SCORER_MODEL", "")
    if not path:
        return None
    if path not in _models:
        from openhire.ai.scoring.model import ScorerModel

        _models[path] = ScorerModel.from_json(Path(path).read_text(encoding="utf-8"))
    return _models[path]


def llm_client() -> Any | None:
    """An OpenAI-compatible client when ``OPENHIRE_LLM_BASE_URL`` and ``OPENHIRE_LLM_MODEL`` are set."""
    base_url = os.environ.get("OPENHIRE_LLM_BASE_URL", "")
    model = os.environ.get("OPENHIRE_LLM_MODEL", "")
    if not base_url or not model:
        return None
    from openhire.ai.adapters.llm import OpenAICompatibleLLM

    return OpenAICompatibleLLM(base_url=base_url, model=model, api_key=os.environ.get("OPENHIRE_LLM_API_KEY"))


def _text(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        other = "en" if lang == "zh" else "zh"
        return str(value.get(lang) or value.get(other) or "")
    return str(value or "")


def plan_language(snapshot: dict[str, Any]) -> str | None:
    lang = snapshot.get("language")
    return lang if lang in ("zh", "en") else None


@dataclass(frozen=True)
class QuestionContext:
    question_id: str
    text: str
    competency_key: str
    question: QuestionSpec
    competency: CompetencySpec | None


def question_context(snapshot: dict[str, Any], question_id: str, language: str | None) -> QuestionContext:
    """The question (or follow-up) an answer replies to, and the competency it targets."""
    lang = language or plan_language(snapshot) or "zh"
    base = question_id.partition("#f")[0]
    item = flow.find_item(snapshot, question_id)
    plan_q: dict[str, Any] = next(
        (q for q in snapshot.get("questions") or [] if str(q.get("id")) == base), {}
    )
    text = _text(item.text if item else plan_q.get("text"), lang) or question_id
    comp_key = str(plan_q.get("competency") or "")
    comp = next((c for c in snapshot.get("competencies") or [] if c.get("key") == comp_key), None)
    is_followup = item is not None and item.is_followup
    refs = () if is_followup else tuple(r for r in [_text(plan_q.get("reference_answer"), lang)] if r.strip())
    points = (
        ()
        if is_followup
        else tuple(p for p in (_text(x, lang) for x in plan_q.get("ideal_points") or []) if p.strip())
    )
    spec = QuestionSpec(
        text=text, reference_answers=refs, ideal_points=points, competency=comp_key or None, language=language,
        id=question_id,
    )  # fmt: skip
    comp_spec = None
    if comp is not None:
        anchors = tuple(
            AnchorLevel(level=int(level), description=_text(desc, lang))
            for level, desc in sorted((comp.get("anchors") or {}).items())
            if str(level).isdigit() and _text(desc, lang).strip()
        )
        name = comp.get("name") or {}
        comp_spec = CompetencySpec(
            key=comp_key, name_zh=_text(name, "zh"), name_en=_text(name, "en"), anchors=anchors
        )
    return QuestionContext(question_id, text, comp_key, spec, comp_spec)


@contextlib.contextmanager
def plain_file(field_file: Any, suffix: str = "") -> Iterator[Path]:
    """A decrypted temporary copy of a stored file (the engines need a path), removed afterwards."""
    from django.core.files.storage import default_storage

    from openhire.core.storage import open_plain

    with tempfile.TemporaryDirectory(prefix="openhire-eval-") as folder:
        path = Path(folder) / f"answer{suffix}"
        with open_plain(default_storage, field_file.name) as src, path.open("wb") as dst:
            shutil.copyfileobj(src, dst, length=1024 * 1024)
        yield path


def transcript_from_dict(data: dict[str, Any]) -> Transcript:
    segments = tuple(
        Segment(
            start=float(s.get("start") or 0.0),
            end=float(s.get("end") or 0.0),
            text=str(s.get("text") or ""),
            words=tuple(Word(**w) for w in s.get("words") or ()),
            avg_logprob=float(s.get("avg_logprob") or 0.0),
            no_speech_prob=float(s.get("no_speech_prob") or 0.0),
        )
        for s in data.get("segments") or ()
    )
    return Transcript(
        text=str(data.get("text") or ""),
        language=data.get("language"),
        segments=segments,
        engine=str(data.get("engine") or ""),
        engine_version=str(data.get("engine_version") or ""),
        duration_s=float(data.get("duration_s") or 0.0),
        rtf=float(data.get("rtf") or 0.0),
        avg_logprob=data.get("avg_logprob"),
        confidence=data.get("confidence"),
        language_probability=data.get("language_probability"),
        speech_s=data.get("speech_s"),
        config_hash=str(data.get("config_hash") or ""),
        status=data.get("status") or "ok",
        note=str(data.get("note") or ""),
    )


def typed_transcript(text: str, language: str | None) -> dict[str, Any]:
    return {
        "text": text,
        "language": language,
        "segments": [],
        "engine": "typed",
        "engine_version": "1",
        "duration_s": 0.0,
        "rtf": 0.0,
        "status": "typed",
        "note": "typed by the candidate",
    }


@dataclass
class ContentResult:
    score_100: float
    scale_1_5: float
    evidence: list[dict[str, Any]]
    content: dict[str, Any]
    engines: list[list[str]]
    config_hash: str
    notes: list[str] = field(default_factory=list)


def score_content(
    ctx: QuestionContext, text: str, transcript: Transcript | None, *, language: str | None, use_llm: bool
) -> ContentResult:
    """Content score of one answer (calibrated scorer, optionally blended with the LLM grader)."""
    from openhire.ai.scoring.scorer import score_answer

    lang = language if language in ("zh", "en") else None
    segments = transcript.segments if transcript is not None and transcript.segments else None
    notes: list[str] = []
    custom = scorer_model()
    try:
        score: AnswerScore = score_answer(
            ctx.question, text, segments=segments, competency=ctx.competency, language=lang, model=custom
        )
    except ScoringError as exc:
        if custom is None:
            raise
        notes.append(f"organisation scorer {custom.version} not used: {exc}")
        score = score_answer(ctx.question, text, segments=segments, competency=ctx.competency, language=lang)
    if use_llm and text.strip():
        score, note = _blend_llm(ctx, text, score)
        if note:
            notes.append(note)
    content = {
        "features": dict(score.features),
        "coverage": [
            {"point": c.point, "sentence": c.best_sentence, "similarity": c.similarity, "covered": c.covered}
            for c in score.coverage
        ],
        "star": {
            "situation": list(score.star.situation),
            "task": list(score.star.task),
            "action": list(score.star.action),
            "result": list(score.star.result),
            "components": score.star.components,
        },
        "notes": [*score.notes, *notes],
        "model_version": score.model_version,
        "variant": score.variant,
        "language": score.language,
    }
    evidence = [{"text": e.text, "reason": e.reason, "start": e.start, "end": e.end} for e in score.evidence]
    return ContentResult(
        score_100=score.score_100,
        scale_1_5=score.scale_1_5,
        evidence=evidence,
        content=content,
        engines=[[e.name, e.version] for e in score.engines],
        config_hash=score.config_hash,
        notes=notes,
    )


def _blend_llm(ctx: QuestionContext, text: str, score: AnswerScore) -> tuple[AnswerScore, str]:
    """Blend in the LLM's grade; any failure leaves the calibrated score alone and says why."""
    from openhire.ai.scoring.llm_grader import GradeCache, blend, grade_with_llm

    client = llm_client()
    if client is None:
        return score, "LLM grader switched on but no endpoint is configured (OPENHIRE_LLM_BASE_URL)"
    from django.conf import settings

    cache = GradeCache(Path(settings.DATA_DIR) / "llm-cache")
    try:
        grade = grade_with_llm(client, ctx.question, text, competency=ctx.competency, cache=cache)
    except Exception as exc:  # transport, schema or invented quote: the calibrated score stands
        return score, f"LLM grader not used: {str(exc)[:200]}"
    return blend(score, grade), ""


def config_digest(parts: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
