"""Screening: resume profile × job → explainable 0–100 match. Plain Python, no Django."""

from openhire.ai.matching.contracts import Evidence, HardResult, JobSpec, MatchResult, SkillWeight
from openhire.ai.matching.jobspec import JobSpecError, job_spec_from_dict, load_job_spec
from openhire.ai.matching.match import MatchConfig, Screener, load_default_embedder, match_resume

__all__ = [
    "Evidence",
    "HardResult",
    "JobSpec",
    "JobSpecError",
    "MatchConfig",
    "MatchResult",
    "Screener",
    "SkillWeight",
    "job_spec_from_dict",
    "load_default_embedder",
    "load_job_spec",
    "match_resume",
]
