"""Screen a parsed resume against a job: hard requirements, weighted skills, BM25, embeddings.

Scores read only ``profile.scoring_text`` (the resume with protected attributes removed) and the
structured fields that do not carry them (education, dated work history, skills, certificates,
languages, current location), so name, gender, age, ethnicity, marital status and hometown can never
move a score.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from openhire.ai.matching.bm25 import Bm25Index, Bm25Params, term_sets, tokenize
from openhire.ai.matching.contracts import Evidence, HardResult, JobSpec, MatchResult, SkillWeight
from openhire.ai.matching.dictionary import (
    DEGREE_LEVELS,
    DEGREE_NAMES,
    SkillDictionary,
    load_dictionary,
    normalize,
    normalize_lines,
)
from openhire.ai.matching.jobspec import JobSpecError
from openhire.ai.ports import Embedder
from openhire.ai.resume.contracts import EngineInfo, ResumeProfile

MATCHER_ENGINE = EngineInfo("openhire-match", "1.0")
BM25_ENGINE = EngineInfo("bm25-cjk-bigram", "1.0")


@dataclass(frozen=True)
class MatchConfig:
    """Weights of the score components (renormalised over the components a job has)."""

    weight_hard: float = 0.15
    weight_skills: float = 0.45
    weight_bm25: float = 0.25
    weight_semantic: float = 0.15
    bm25: Bm25Params = field(default_factory=Bm25Params)
    bm25_full_coverage: float = 0.6  # this share of the job's BM25 mass already counts as a full match
    semantic_floor: float = 0.2  # cosine at or below → 0
    semantic_ceiling: float = 0.8  # cosine at or above → 1
    unknown_hard_credit: float = 0.5  # a requirement the resume says nothing about
    semantic_max_chars: int = 1500  # embedding cost grows with length; the start of a resume says most
    max_evidence: int = 12


def load_default_embedder() -> Embedder | None:
    """The packaged sentence-embedding engine, or None when it is not installed or fails to load."""
    try:
        from openhire.ai.adapters.embeddings import load_embedder  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    try:
        embedder = load_embedder()
    except Exception:  # an optional engine: screening works without it
        return None
    return embedder if isinstance(embedder, Embedder) else None


def _split_job_text(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[\n。；;!?！？]+|(?<=[a-z])\.\s", text) if part.strip()]


def _lines_with_offsets(text: str) -> tuple[list[str], list[int]]:
    lines = text.split("\n")
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    return lines, offsets


class Screener:
    """Everything about one job precomputed once, then :meth:`match` per resume (thread-safe, pure)."""

    def __init__(
        self,
        job: JobSpec,
        *,
        embedder: Embedder | None = None,
        dictionary: SkillDictionary | None = None,
        config: MatchConfig | None = None,
    ) -> None:
        if not isinstance(job, JobSpec):
            raise TypeError(f"job must be a JobSpec, got {type(job).__name__}")
        self.job = job
        self.dictionary = dictionary or load_dictionary()
        self.config = config or MatchConfig()
        self.embedder = embedder
        self.required_level: str | None = None
        if job.education.strip():
            self.required_level = self.dictionary.degree_level(job.education)
            if self.required_level is None:
                raise JobSpecError(
                    f"job: education {job.education!r} is not a level we know "
                    "(use 高中/大专/本科/硕士/博士 or high school/associate/bachelor/master/phd)"
                )
        self.skills = self._skill_requirements()
        job_docs = [tokenize(part) for part in _split_job_text(job.text())]
        index = Bm25Index([d for d in job_docs if d], self.config.bm25)
        self._job_weights: dict[str, float] = {}
        for position in range(len(index)):
            for term in index.term_freqs[position]:
                self._job_weights[term] = self._job_weights.get(term, 0.0) + index._term_weight(
                    position, term
                )
        self._job_mass = sum(self._job_weights.values())
        self._job_terms = set(self._job_weights)
        self._job_vector: np.ndarray | None = None
        if embedder is not None:
            self._job_vector = np.asarray(embedder.embed([job.text()]), dtype=np.float32)[0]
        self.config_hash = self._config_hash()
        engines = [MATCHER_ENGINE, BM25_ENGINE, EngineInfo("skills.yaml", self.dictionary.version)]
        if embedder is not None:
            engines.append(EngineInfo(embedder.name, embedder.version))
        self.engines = tuple(engines)

    def _skill_requirements(self) -> tuple[SkillWeight, ...]:
        if self.job.skills:
            return self.job.skills
        # No explicit skills: every dictionary skill / certificate / language the job text names.
        found: dict[str, None] = {}
        for mention in self.dictionary.find(self.job.text()):
            if mention.term.category in ("skill", "certificate", "language"):
                found[mention.term.canonical] = None
        return tuple(SkillWeight(name, 1.0) for name in found)

    def _config_hash(self) -> str:
        payload = {
            "config": asdict(self.config),
            "dictionary": self.dictionary.content_hash,
            "engines": [MATCHER_ENGINE.version, BM25_ENGINE.version],
            "embedder": None if self.embedder is None else [self.embedder.name, self.embedder.version],
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]

    # --- per resume -------------------------------------------------------------------------

    def match(self, profile: ResumeProfile) -> MatchResult:
        if not isinstance(profile, ResumeProfile):
            raise TypeError(f"profile must be a ResumeProfile, got {type(profile).__name__}")
        text = profile.scoring_text or profile_text(profile)
        low = normalize(text)
        lines, offsets = _lines_with_offsets(text)
        shown = [line.replace("\t", "  ").strip() for line in lines]
        mention_line: dict[str, int] = {}
        for canonical, start in self._mentions(profile, text, low):
            mention_line.setdefault(canonical, bisect.bisect_right(offsets, start) - 1)
        have = set(profile.skills) | set(profile.certificates) | set(profile.languages)
        if profile.language == "zh":
            have.add("Mandarin")

        matched: list[str] = []
        missing: list[str] = []
        evidence: list[Evidence] = []

        def present(name: str) -> tuple[bool, int | None]:
            term = self.dictionary.lookup(name)
            if term is not None:
                return term.canonical in have, mention_line.get(term.canonical)
            needle = normalize(name).strip()
            if not needle:
                return False, None
            pattern = re.escape(needle)
            if needle[0].isascii() and needle[0].isalnum():
                pattern = r"(?<![a-z0-9_])" + pattern
            if needle[-1].isascii() and needle[-1].isalnum():
                pattern += r"(?![a-z0-9_])"
            found = re.search(pattern, low)
            if not found:
                return False, None
            return True, bisect.bisect_right(offsets, found.start()) - 1

        hard = self._hard_results(profile, present)
        for result in hard:
            (matched if result.status == "pass" else missing).append(result.requirement)

        total_weight = sum(s.weight for s in self.skills)
        got_weight = 0.0
        for skill in self.skills:
            ok, line_no = present(skill.name)
            if ok:
                got_weight += skill.weight
                if skill.name not in matched:
                    matched.append(skill.name)
                if line_no is not None and shown[line_no]:
                    evidence.append(Evidence(skill.name, shown[line_no]))
            elif skill.name not in missing:
                missing.append(skill.name)

        line_terms = [
            terms if len(line) >= 2 else set()
            for line, terms in zip(lines, term_sets(normalize_lines(text)), strict=True)
        ]
        resume_terms: set[str] = set().union(*line_terms)
        coverage = (
            sum(w for t, w in self._job_weights.items() if t in resume_terms) / self._job_mass
            if self._job_mass
            else 0.0
        )
        evidence.extend(self._text_evidence(shown, line_terms, {e.line for e in evidence}))

        cfg = self.config
        components: list[tuple[str, float, float]] = []  # name, value, weight
        if hard:
            credit = sum(
                1.0 if r.status == "pass" else cfg.unknown_hard_credit if r.status == "unknown" else 0.0
                for r in hard
            )
            components.append(("hard", credit / len(hard), cfg.weight_hard))
        if total_weight > 0:
            components.append(("skills", got_weight / total_weight, cfg.weight_skills))
        if self._job_mass:
            components.append(("bm25", min(1.0, coverage / cfg.bm25_full_coverage), cfg.weight_bm25))
        if self.embedder is not None and self._job_vector is not None:
            condensed = "\n".join(line for line in shown if len(line) >= 6)[: cfg.semantic_max_chars]
            vector = np.asarray(self.embedder.embed([condensed]), dtype=np.float32)[0]
            cosine = float(np.dot(vector, self._job_vector))
            span = cfg.semantic_ceiling - cfg.semantic_floor
            value = min(1.0, max(0.0, (cosine - cfg.semantic_floor) / span)) if span > 0 else 0.0
            components.append(("semantic", value if math.isfinite(value) else 0.0, cfg.weight_semantic))
        weight_sum = sum(w for _, _, w in components)
        score = 100.0 * sum(v * w for _, v, w in components) / weight_sum if weight_sum else 0.0
        return MatchResult(
            score=round(score, 2),
            passed_hard_requirements=all(r.passed for r in hard),
            hard_results=tuple(hard),
            matched=tuple(matched),
            missing=tuple(missing),
            evidence=tuple(evidence[: cfg.max_evidence]),
            components=tuple((name, round(value, 4)) for name, value, _ in components),
            engines=tuple(dict.fromkeys((*self.engines, *profile.engines))),
            config_hash=self.config_hash,
        )

    def _mentions(self, profile: ResumeProfile, text: str, low: str) -> Sequence[tuple[str, int]]:
        """(canonical, start) of every dictionary term in ``text``: the parser's scan when it was of
        this very text with this dictionary, else a scan of our own (profiles built from stored JSON,
        edited profiles, another dictionary)."""
        cached = profile.term_mentions
        if (
            cached is not None
            and cached.dictionary_hash == self.dictionary.content_hash
            and cached.text == text
        ):
            return cached.mentions
        return [(m.term.canonical, m.start) for m in self.dictionary.find(low, normalized=True)]

    def _text_evidence(
        self, lines: Sequence[str], line_terms: Sequence[set[str]], seen: set[str]
    ) -> list[Evidence]:
        """Up to three resume lines that share the most BM25 weight with the job text."""
        scored: list[tuple[float, int]] = []
        for number, line in enumerate(lines):
            stripped = line.strip()
            if len(stripped) < 6 or stripped in seen:
                continue
            terms = line_terms[number] & self._job_terms
            if terms:
                # fsum: equal line weights tie exactly, whatever order the set gives its terms in
                scored.append((math.fsum(self._job_weights[t] for t in terms), number))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [Evidence(self.job.title, lines[number].strip()) for _, number in scored[:3]]

    def _hard_results(self, profile: ResumeProfile, present: object) -> list[HardResult]:
        job = self.job
        check = present  # (name) -> (bool, line)
        results: list[HardResult] = []
        if self.required_level is not None:
            results.append(self._education(profile, self.required_level))
        if job.min_years is not None and job.min_years > 0:
            years = profile.total_years
            need = job.min_years
            label, label_zh = f"≥{need:g} years", f"至少 {need:g} 年"
            if years >= need:
                results.append(
                    HardResult(
                        "min_years",
                        label,
                        "pass",
                        f"工作年限 {years:g} 年，满足至少 {need:g} 年",
                        f"{years:g} years of experience, meets the minimum of {need:g}",
                        label_zh,
                    )
                )
            else:
                results.append(
                    HardResult(
                        "min_years",
                        label,
                        "fail",
                        f"工作年限 {years:g} 年，不足 {need:g} 年",
                        f"{years:g} years of experience, below the minimum of {need:g}",
                        label_zh,
                    )
                )
        for name in job.certificates:
            ok, _ = check(name)  # type: ignore[operator]
            results.append(
                HardResult(
                    "certificate",
                    name,
                    "pass" if ok else "fail",
                    f"证书「{name}」：{'已具备' if ok else '简历中未找到'}",
                    f"certificate {name}: {'held' if ok else 'not found in the resume'}",
                )
            )
        for name in job.languages:
            ok, _ = check(name)  # type: ignore[operator]
            results.append(
                HardResult(
                    "language",
                    name,
                    "pass" if ok else "fail",
                    f"语言「{name}」：{'已具备' if ok else '简历中未体现'}",
                    f"language {name}: {'stated' if ok else 'not stated in the resume'}",
                )
            )
        for name in job.must_have:
            ok, _ = check(name)  # type: ignore[operator]
            results.append(
                HardResult(
                    "must_have",
                    name,
                    "pass" if ok else "fail",
                    f"必备条件「{name}」：{'满足' if ok else '简历中未找到'}",
                    f"must-have {name}: {'found' if ok else 'not found in the resume'}",
                )
            )
        if job.location.strip():
            results.append(self._location(profile))
        return results

    def _education(self, profile: ResumeProfile, required: str) -> HardResult:
        zh_need, en_need = DEGREE_NAMES[required]
        label, label_zh = f"{en_need} or above", f"{zh_need}及以上"
        levels = [e.degree for e in profile.education if e.degree in DEGREE_LEVELS]
        if not levels:
            return HardResult(
                "education",
                label,
                "unknown",
                f"简历未写明学历（要求{zh_need}及以上）",
                f"the resume does not state a degree ({en_need} or above required)",
                label_zh,
            )
        best = max(levels, key=DEGREE_LEVELS.index)
        zh_has, en_has = DEGREE_NAMES[best]
        if DEGREE_LEVELS.index(best) >= DEGREE_LEVELS.index(required):
            return HardResult(
                "education",
                label,
                "pass",
                f"学历{zh_has}，满足{zh_need}及以上",
                f"{en_has}, meets {en_need} or above",
                label_zh,
            )
        return HardResult(
            "education",
            label,
            "fail",
            f"学历{zh_has}，低于要求的{zh_need}",
            f"{en_has}, below the required {en_need}",
            label_zh,
        )

    def _location(self, profile: ResumeProfile) -> HardResult:
        wanted = self.job.location.strip()
        wanted_terms = {
            m.term.canonical for m in self.dictionary.find(wanted) if m.term.category == "location"
        }
        if "Remote" in wanted_terms:
            return HardResult("location", wanted, "pass", "远程岗位，不限地点", "remote job, any location")
        if not profile.location:
            return HardResult(
                "location",
                wanted,
                "unknown",
                f"简历未写明所在地（岗位在{wanted}）",
                f"the resume does not state a location (job is in {wanted})",
            )
        have_terms = {
            m.term.canonical for m in self.dictionary.find(profile.location) if m.term.category == "location"
        }
        same = (
            bool(wanted_terms & have_terms)
            if wanted_terms
            else normalize(wanted) in normalize(profile.location)
        )
        if same:
            return HardResult(
                "location",
                wanted,
                "pass",
                f"所在地{profile.location}，与岗位地点一致",
                f"lives in {profile.location}, the job's location",
            )
        return HardResult(
            "location",
            wanted,
            "fail",
            f"所在地{profile.location}，岗位在{wanted}",
            f"lives in {profile.location}; the job is in {wanted}",
        )


def profile_text(profile: ResumeProfile) -> str:
    """Text for scoring when a profile was built without ``scoring_text`` (e.g. typed in by HR)."""
    parts: list[str] = []
    for edu in profile.education:
        parts.append(" ".join(x for x in (edu.school, edu.degree_text, edu.major) if x))
    for job in profile.experience:
        parts.append(" ".join(x for x in (job.company, job.title) if x))
        parts.append(job.description)
    parts.extend(profile.skills)
    parts.extend(profile.certificates)
    parts.extend(profile.languages)
    parts.extend(profile.awards)
    return "\n".join(p for p in parts if p)


def match_resume(
    profile: ResumeProfile,
    job: JobSpec,
    *,
    embedder: Embedder | None = None,
    dictionary: SkillDictionary | None = None,
    config: MatchConfig | None = None,
) -> MatchResult:
    """Screen one profile against one job. For many resumes build one :class:`Screener` and reuse it."""
    return Screener(job, embedder=embedder, dictionary=dictionary, config=config).match(profile)
