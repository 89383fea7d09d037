"""The organisation's switches for each evaluation signal, kept in ``Organization.settings["evaluation"]``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from django.utils.translation import gettext_lazy as _

SETTINGS_KEY = "evaluation"


@dataclass(frozen=True)
class Switches:
    # Speaking rate, pauses, fillers, pitch/loudness: shown to HR, never part of a score.
    delivery: bool = True
    # Face present, more than one face, looking away: integrity and engagement flags only.
    camera: bool = True
    # Blend an LLM's grade (OPENHIRE_LLM_BASE_URL) into the calibrated content score.
    llm_grader: bool = False
    # Show 0–100 competency scores in the candidate's feedback report.
    candidate_raw_scores: bool = False
    # Release the candidate's feedback report as soon as the evaluation is done.
    auto_release_feedback: bool = False

    def to_dict(self) -> dict[str, bool]:
        return asdict(self)

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> Switches:
        """From ``Organization.settings``."""
        return cls.from_dict((settings or {}).get(SETTINGS_KEY) or {})

    @classmethod
    def from_dict(cls, stored: dict[str, Any]) -> Switches:
        """From a stored ``to_dict()`` (e.g. ``Evaluation.switches``); unknown keys are ignored."""
        values = {f.name: bool(stored[f.name]) for f in fields(cls) if f.name in stored}
        return cls(**values)


LABELS = {
    "delivery": (
        _("Delivery signals"),
        _(
            "Speaking rate, pauses, filler words, pitch and loudness variability. Shown to HR; never part of a score."
        ),
    ),
    "camera": (
        _("Camera signals"),
        _(
            "Face present, more than one face, looking away, too dark. Integrity and engagement flags only; never part of a score."
        ),
    ),
    "llm_grader": (
        _("LLM grader"),
        _(
            "Blend a large language model's grade into the content score (needs an endpoint configured by the operator)."
        ),
    ),
    "candidate_raw_scores": (
        _("Scores in the candidate's report"),
        _("Show the 0–100 competency scores in the feedback report the candidate reads."),
    ),
    "auto_release_feedback": (
        _("Release feedback automatically"),
        _("Candidates see their feedback report as soon as the evaluation is done, without HR releasing it."),
    ),
}
