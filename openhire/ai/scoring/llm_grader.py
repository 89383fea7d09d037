"""Optional LLM grader: a second opinion beside the calibrated scorer, never the only path.

The model gets the question, the competency's anchored scale and the transcript, and must answer JSON
(schema below) at temperature 0. Every evidence quote must occur literally in the transcript (after
whitespace/width normalisation); a reply with an invented quote is rejected. Grades are cached by a
hash of everything that went into the prompt, so the same input never costs a second call and always
gives the same grade.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openhire.ai.ports import LLMClient
from openhire.ai.scoring.contracts import AnswerScore, CompetencySpec, EngineRef, QuestionSpec

GRADER_NAME = "openhire-llm-grader"
PROMPT_VERSION = "1"
DEFAULT_BLEND_WEIGHT = 0.3

GRADE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["score", "rationale", "evidence"],
    "additionalProperties": False,
    "properties": {
        "score": {"type": "integer", "minimum": 1, "maximum": 5},
        "rationale": {"type": "string", "minLength": 1, "maxLength": 2000},
        "evidence": {
            "type": "array",
            "maxItems": 5,
            "items": {"type": "string", "minLength": 2, "maxLength": 500},
        },
    },
}

SYSTEM_PROMPT = (
    "You grade one answer from a structured job interview on a 1-5 behaviourally anchored scale. "
    "Judge only the content of the answer against the question and the scale. Do not consider the "
    "candidate's voice, appearance, emotions, accent, gender, age or any protected characteristic. "
    "Quote evidence verbatim from the answer; never paraphrase a quote."
)


class LLMGradeRejected(ValueError):
    """The LLM's grade failed a check (e.g. a quote that is not in the transcript)."""


@dataclass(frozen=True)
class LLMGrade:
    scale_1_5: int
    score_100: float
    rationale: str
    evidence: tuple[str, ...]
    engine: EngineRef
    input_hash: str


def _canon(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def build_prompt(question: QuestionSpec, answer_text: str, competency: CompetencySpec | None) -> str:
    lines = [f"Question: {question.text}"]
    if competency is not None:
        lines.append(f"Competency: {competency.name_en or competency.key} / {competency.name_zh}")
        for a in sorted(competency.anchors, key=lambda a: a.level):
            lines.append(f"  level {a.level}: {a.description}")
    for i, ref in enumerate(question.reference_answers, start=1):
        lines.append(f"Reference answer {i}: {ref}")
    for p in question.ideal_points:
        lines.append(f"Ideal-answer point: {p}")
    lines.append("Answer transcript:\n<<<\n" + answer_text + "\n>>>")
    lines.append(
        "Return score (1-5), a short rationale, and up to 5 verbatim evidence quotes from the transcript."
    )
    return "\n".join(lines)


class GradeCache:
    """In-memory cache of grades by input hash, optionally persisted as one JSON file per grade."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self._mem: dict[str, LLMGrade] = {}
        self._folder = Path(folder) if folder else None
        self._lock = threading.Lock()
        if self._folder:
            self._folder.mkdir(parents=True, exist_ok=True)

    def get(self, key: str) -> LLMGrade | None:
        with self._lock:
            if key in self._mem:
                return self._mem[key]
        if self._folder:
            path = self._folder / f"{key}.json"
            if path.is_file():
                try:
                    d = json.loads(path.read_text(encoding="utf-8"))
                    grade = LLMGrade(
                        scale_1_5=int(d["scale_1_5"]),
                        score_100=float(d["score_100"]),
                        rationale=str(d["rationale"]),
                        evidence=tuple(d["evidence"]),
                        engine=EngineRef(**d["engine"]),
                        input_hash=str(d["input_hash"]),
                    )
                except (ValueError, KeyError, TypeError):
                    return None
                with self._lock:
                    self._mem[key] = grade
                return grade
        return None

    def put(self, key: str, grade: LLMGrade) -> None:
        with self._lock:
            self._mem[key] = grade
        if self._folder:
            tmp = self._folder / f"{key}.json.tmp"
            tmp.write_text(json.dumps(dataclasses.asdict(grade), ensure_ascii=False), encoding="utf-8")
            tmp.replace(self._folder / f"{key}.json")

    def __len__(self) -> int:
        return len(self._mem)


def input_hash(client: LLMClient, prompt: str) -> str:
    blob = json.dumps(
        [GRADER_NAME, PROMPT_VERSION, client.name, client.version, SYSTEM_PROMPT, prompt, GRADE_SCHEMA],
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def grade_with_llm(
    client: LLMClient,
    question: QuestionSpec,
    answer_text: str,
    *,
    competency: CompetencySpec | None = None,
    cache: GradeCache | None = None,
) -> LLMGrade:
    """Grade through ``client``; raises ``LLMError`` (transport/JSON/schema) or :class:`LLMGradeRejected`."""
    prompt = build_prompt(question, answer_text, competency)
    key = input_hash(client, prompt)
    if cache is not None:
        hit = cache.get(key)
        if hit is not None:
            return hit
    reply = client.complete_json(system=SYSTEM_PROMPT, user=prompt, schema=GRADE_SCHEMA)
    score = reply.get("score")
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise LLMGradeRejected(f"score must be an integer 1-5, got {score!r}")
    transcript = _canon(answer_text)
    quotes = tuple(str(q) for q in reply.get("evidence", []))
    invented = [q for q in quotes if _canon(q) not in transcript]
    if invented:
        raise LLMGradeRejected(f"evidence quote not found in the transcript: {invented[0][:80]!r}")
    grade = LLMGrade(
        scale_1_5=score,
        score_100=float((score - 1) * 25),
        rationale=str(reply.get("rationale", "")),
        evidence=quotes,
        engine=EngineRef(f"{GRADER_NAME}:{client.name}", f"{client.version}/prompt-{PROMPT_VERSION}"),
        input_hash=key,
    )
    if cache is not None:
        cache.put(key, grade)
    return grade


def blend(
    calibrated: AnswerScore, grade: LLMGrade | None, *, weight: float = DEFAULT_BLEND_WEIGHT
) -> AnswerScore:
    """Blend the LLM grade into the calibrated score (``weight`` of the LLM, 0–1); ``None`` leaves it as is."""
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"weight must be between 0 and 1, got {weight}")
    if grade is None:
        return calibrated
    scale = round((1 - weight) * calibrated.scale_1_5 + weight * grade.scale_1_5, 2)
    cfg = hashlib.sha256(f"{calibrated.config_hash}|{grade.input_hash}|{weight}".encode()).hexdigest()[:16]
    return dataclasses.replace(
        calibrated,
        scale_1_5=scale,
        score_100=round((scale - 1.0) * 25.0, 1),
        features=(*calibrated.features, ("llm_scale_1_5", float(grade.scale_1_5))),
        engines=(*calibrated.engines, grade.engine),
        config_hash=cfg,
        notes=(*calibrated.notes, f"{weight:.0%} of the score from the LLM grader: {grade.rationale[:200]}"),
    )
