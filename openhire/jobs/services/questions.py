"""The question bank: create and edit with duplicate detection, archive, import files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from openhire.accounts.models import Organization, User
from openhire.audit.services import audit_record
from openhire.core.errors import Conflict, ValidationFailed
from openhire.jobs import interchange
from openhire.jobs import validation as v
from openhire.jobs.models import Competency, Question
from openhire.jobs.textmatch import Duplicate, TextPair, find_duplicates

QUESTION_FIELDS = (
    "competency",
    "key",
    "type",
    "language",
    "difficulty",
    "text_zh",
    "text_en",
    "prep_seconds",
    "answer_seconds",
    "ideal_points",
    "reference_answer",
    "scoring_guide",
    "followups",
)


class DuplicateQuestion(Conflict):
    """The bank already holds a question this similar (character-bigram Jaccard ≥ 0.8, zh or en)."""

    code = "duplicate"

    def __init__(self, matches: list[Duplicate]) -> None:
        super().__init__(
            _("The bank already has a very similar question (%(pct)d%% alike).")
            % {"pct": round(100 * matches[0].similarity)},
            field="text_zh",
        )
        self.matches = matches


def _clean(fields: dict[str, Any], *, organization_id: Any) -> dict[str, Any]:
    out = dict(fields)
    if "competency" in out:
        comp = out["competency"]
        if not isinstance(comp, Competency) or comp.organization_id != organization_id:
            raise ValidationFailed(_("Unknown competency."), field="competency")
    for name in ("text_zh", "text_en", "key"):
        if name in out:
            out[name] = str(out[name] or "").strip()
    if "type" in out and out["type"] not in Question.Type.values:
        raise ValidationFailed(_("Unknown question type."), field="type")
    if "difficulty" in out:
        try:
            out["difficulty"] = int(out["difficulty"])
        except (TypeError, ValueError):
            out["difficulty"] = 0
        if out["difficulty"] not in (1, 2, 3):
            raise ValidationFailed(_("Difficulty is 1 (easy), 2 or 3 (hard)."), field="difficulty")
    if "prep_seconds" in out:
        out["prep_seconds"] = v.seconds(out["prep_seconds"], field="prep_seconds", high=600)
    if "answer_seconds" in out:
        out["answer_seconds"] = v.seconds(out["answer_seconds"], field="answer_seconds", low=10, high=1800)
    if "ideal_points" in out:
        out["ideal_points"] = v.bilingual_list(out["ideal_points"], field="ideal_points", max_items=10)
    for name in ("reference_answer", "scoring_guide"):
        if name in out:
            out[name] = v.bilingual(out[name], field=name)
    return out


def _finish(out: dict[str, Any], current: Question | None) -> dict[str, Any]:
    """Cross-field checks once the full picture (new values over current ones) is known."""

    def value(name: str) -> Any:
        return out[name] if name in out else getattr(current, name, None)

    text_zh, text_en = value("text_zh") or "", value("text_en") or ""
    if not (text_zh or text_en):
        raise ValidationFailed(_("Write the question in Chinese or English."), field="text_zh")
    language = out.get("language") or (
        current.language if current and "text_zh" not in out and "text_en" not in out else ""
    )
    if not language:
        language = "both" if text_zh and text_en else ("zh" if text_zh else "en")
    if language not in Question.Language.values:
        raise ValidationFailed(_("Unknown language."), field="language")
    if (language in ("zh", "both") and not text_zh) or (language in ("en", "both") and not text_en):
        raise ValidationFailed(_("The question text is missing in its language."), field="language")
    out["language"] = language
    if "followups" in out or "ideal_points" in out:
        out["followups"] = v.followups(value("followups"), ideal_points=len(value("ideal_points") or []))
    return out


def question_duplicates(
    *, organization_id: Any, text_zh: str, text_en: str, exclude_id: Any = None
) -> list[Duplicate]:
    """Questions of the bank (not archived) at least 80% alike in Chinese or English."""
    probe = TextPair.of(str(exclude_id or ""), text_zh, text_en)
    pool = (
        TextPair.of(str(pk), zh, en)
        for pk, zh, en in Question.objects.filter(organization_id=organization_id, is_archived=False)
        .exclude(pk=exclude_id)
        .values_list("id", "text_zh", "text_en")
    )
    return find_duplicates(probe, pool)


def question_create(
    *,
    organization: Organization,
    actor: User | None,
    competency: Competency,
    text_zh: str = "",
    text_en: str = "",
    type: str = Question.Type.BEHAVIOURAL,
    language: str = "",
    difficulty: int = 2,
    prep_seconds: int = 30,
    answer_seconds: int = 120,
    ideal_points: list[Any] | None = None,
    reference_answer: Any = None,
    scoring_guide: Any = None,
    followups: list[Any] | None = None,
    key: str = "",
    source: str = "",
    allow_duplicate: bool = False,
) -> Question:
    """Add a question to the bank; ``DuplicateQuestion`` when a very similar one exists (unless allowed)."""
    fields = _clean(
        {
            "competency": competency,
            "text_zh": text_zh,
            "text_en": text_en,
            "type": type,
            "language": language,
            "difficulty": difficulty,
            "prep_seconds": prep_seconds,
            "answer_seconds": answer_seconds,
            "ideal_points": ideal_points or [],
            "reference_answer": reference_answer,
            "scoring_guide": scoring_guide,
            "followups": followups or [],
            "key": key,
        },
        organization_id=organization.id,
    )
    fields = _finish(fields, None)
    with transaction.atomic():
        if not allow_duplicate:
            matches = question_duplicates(
                organization_id=organization.id, text_zh=fields["text_zh"], text_en=fields["text_en"]
            )
            if matches:
                raise DuplicateQuestion(matches)
        question = Question.objects.create(organization=organization, source=source[:64], **fields)
        audit_record(
            actor=actor,
            organization=organization,
            action="question.create",
            obj=question,
            after={"competency": competency.key, "type": question.type, "source": source},
        )
    return question


def question_update(
    *, question: Question, actor: User | None, changes: dict[str, Any], allow_duplicate: bool = False
) -> Question:
    unknown = set(changes) - set(QUESTION_FIELDS)
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    fields = _finish(_clean(changes, organization_id=question.organization_id), question)
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        before = {name: getattr(question, name) for name in fields}
        changed = {k: val for k, val in fields.items() if before[k] != val}
        if not changed:
            return question
        if not allow_duplicate and ("text_zh" in changed or "text_en" in changed):
            matches = question_duplicates(
                organization_id=question.organization_id,
                text_zh=fields.get("text_zh", question.text_zh),
                text_en=fields.get("text_en", question.text_en),
                exclude_id=question.pk,
            )
            if matches:
                raise DuplicateQuestion(matches)
        for name, value in changed.items():
            setattr(question, name, value)
        question.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            organization=question.organization,
            action="question.update",
            obj=question,
            before={"fields": sorted(changed)},
            after={
                k: (val.key if isinstance(val, Competency) else val)
                for k, val in changed.items()
                if k in ("competency", "type", "difficulty", "language", "prep_seconds", "answer_seconds")
            },
        )
    return question


def question_archive(*, question: Question, actor: User | None, archived: bool = True) -> Question:
    """Archived questions stay in published plans but are no longer drawn or listed by default."""
    with transaction.atomic():
        if question.is_archived == archived:
            return question
        question.is_archived = archived
        question.save(update_fields=["is_archived", "updated_at"])
        audit_record(
            actor=actor,
            organization=question.organization,
            action="question.archive" if archived else "question.restore",
            obj=question,
        )
    return question


@dataclass
class ImportResult:
    created: int = 0
    competencies_created: int = 0
    duplicates: list[dict[str, Any]] = field(
        default_factory=list
    )  # {"row", "text", "existing_id", "similarity"}
    errors: list[dict[str, Any]] = field(default_factory=list)  # {"row", "field", "message"}


def questions_import(
    *, organization: Organization, actor: User | None, content: bytes, fmt: str, source: str = "import"
) -> ImportResult:
    """Import a bank file (YAML/JSON/Excel). Duplicates (of the bank or of an earlier row) are skipped and
    reported; rows with errors are reported; the rest are created. Competencies the file describes and the
    library lacks are added. Runs in one transaction; the audit row records the counts."""
    data = interchange.parse_bank(content, fmt)
    result = ImportResult()
    with transaction.atomic():
        from openhire.jobs.services.competencies import competency_create

        library = {c.key: c for c in Competency.objects.filter(organization=organization)}
        by_name = {c.name_zh: c for c in library.values()} | {
            c.name_en: c for c in library.values() if c.name_en
        }
        for record in data["competencies"]:
            key = str(record.get("key") or "")
            if not key or key in library:
                continue
            name = v.bilingual(record.get("name"), field="name")
            if name["zh"] in by_name:
                library[key] = by_name[name["zh"]]
                continue
            definition = v.bilingual(record.get("definition"), field="definition")
            try:
                comp = competency_create(
                    organization=organization,
                    actor=actor,
                    key=key,
                    name_zh=name["zh"],
                    name_en=name["en"],
                    definition_zh=definition["zh"],
                    definition_en=definition["en"],
                    indicators=record.get("indicators"),
                    anchors=record.get("anchors"),
                )
            except (ValidationFailed, Conflict) as exc:
                result.errors.append({"row": 0, "field": f"competency {key}", "message": str(exc.message)})
                continue
            library[key] = comp
            result.competencies_created += 1
        for row, record in enumerate(data["questions"], start=1):
            if not isinstance(record, dict):
                result.errors.append({"row": row, "field": "", "message": str(_("Not a question."))})
                continue
            comp_ref = str(record.get("competency") or "")
            found = library.get(comp_ref) or by_name.get(comp_ref)
            if found is None:
                result.errors.append(
                    {
                        "row": row,
                        "field": "competency",
                        "message": str(_("Unknown competency “%(key)s”.") % {"key": comp_ref}),
                    }
                )
                continue
            try:
                text = v.bilingual(record.get("text"), field="text")
                question_create(
                    organization=organization,
                    actor=actor,
                    competency=found,
                    text_zh=text["zh"],
                    text_en=text["en"],
                    type=record.get("type") or "behavioural",
                    language=record.get("language") or "",
                    difficulty=record.get("difficulty", 2),
                    prep_seconds=record.get("prep_seconds", 30),
                    answer_seconds=record.get("answer_seconds", 120),
                    ideal_points=record.get("ideal_points"),
                    reference_answer=record.get("reference_answer"),
                    scoring_guide=record.get("scoring_guide"),
                    followups=record.get("followups"),
                    key=str(record.get("key") or ""),
                    source=source,
                )
            except DuplicateQuestion as exc:
                text = v.bilingual(record.get("text"), field="text")
                result.duplicates.append(
                    {
                        "row": row,
                        "text": (text["zh"] or text["en"])[:120],
                        "existing_id": exc.matches[0].ident,
                        "similarity": exc.matches[0].similarity,
                    }
                )
            except ValidationFailed as exc:
                result.errors.append({"row": row, "field": exc.field or "", "message": str(exc.message)})
            else:
                result.created += 1
        audit_record(
            actor=actor,
            organization=organization,
            action="question.import",
            object_type="jobs.question",
            after={
                "format": fmt,
                "created": result.created,
                "competencies_created": result.competencies_created,
                "duplicates": len(result.duplicates),
                "errors": len(result.errors),
            },
        )
    return result
