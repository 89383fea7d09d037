"""Question-bank files: export to and import from YAML, JSON and Excel (.xlsx).

All three carry the same records: ``{"competencies": [...], "questions": [...]}``, a question in the
template format plus ``competency`` (the competency's key). Excel has a ``questions`` and a
``competencies`` sheet; bilingual fields are two columns (``text_zh``, ``text_en``), lists of bilingual
points are one line per point, follow-up rules are JSON in one cell.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any

import yaml
from django.utils.translation import gettext as _

from openhire.core.errors import ValidationFailed
from openhire.jobs.models import Competency, Question

FORMATS = {
    "yaml": ("application/yaml", "yaml"),
    "json": ("application/json", "json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
MAX_IMPORT_BYTES = 5 * 1024 * 1024
QUESTION_COLUMNS = [
    "key",
    "competency",
    "type",
    "language",
    "difficulty",
    "text_zh",
    "text_en",
    "prep_seconds",
    "answer_seconds",
    "ideal_points_zh",
    "ideal_points_en",
    "reference_answer_zh",
    "reference_answer_en",
    "scoring_guide_zh",
    "scoring_guide_en",
    "followups",
]
COMPETENCY_COLUMNS = [
    "key",
    "name_zh",
    "name_en",
    "definition_zh",
    "definition_en",
    "indicators_zh",
    "indicators_en",
]


def question_record(question: Question) -> dict[str, Any]:
    empty = {"zh": "", "en": ""}
    return {
        "key": question.key,
        "competency": question.competency.key,
        "type": question.type,
        "language": question.language,
        "difficulty": question.difficulty,
        "text": {"zh": question.text_zh, "en": question.text_en},
        "prep_seconds": question.prep_seconds,
        "answer_seconds": question.answer_seconds,
        "ideal_points": list(question.ideal_points or []),
        "reference_answer": {**empty, **(question.reference_answer or {})},
        "scoring_guide": {**empty, **(question.scoring_guide or {})},
        "followups": list(question.followups or []),
    }


def competency_record(competency: Competency) -> dict[str, Any]:
    return {
        "key": competency.key,
        "name": {"zh": competency.name_zh, "en": competency.name_en},
        "definition": {"zh": competency.definition_zh, "en": competency.definition_en},
        "indicators": list(competency.indicators or []),
        "anchors": dict(competency.anchors or {}),
    }


def export_bank(questions: Iterable[Question], fmt: str) -> bytes:
    questions = list(questions)
    competencies = {q.competency_id: q.competency for q in questions}
    data = {
        "competencies": [competency_record(c) for c in sorted(competencies.values(), key=lambda c: c.key)],
        "questions": [question_record(q) for q in questions],
    }
    if fmt == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120).encode("utf-8")
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "xlsx":
        return _to_xlsx(data)
    raise ValidationFailed(_("Unknown file format."), field="format")


def _lines(points: list[dict[str, str]], lang: str) -> str:
    return "\n".join(p.get(lang, "") for p in points)


def _to_xlsx(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "questions"
    sheet.append(QUESTION_COLUMNS)
    for q in data["questions"]:
        sheet.append(
            [
                q["key"],
                q["competency"],
                q["type"],
                q["language"],
                q["difficulty"],
                q["text"]["zh"],
                q["text"]["en"],
                q["prep_seconds"],
                q["answer_seconds"],
                _lines(q["ideal_points"], "zh"),
                _lines(q["ideal_points"], "en"),
                q["reference_answer"]["zh"],
                q["reference_answer"]["en"],
                q["scoring_guide"]["zh"],
                q["scoring_guide"]["en"],
                json.dumps(q["followups"], ensure_ascii=False) if q["followups"] else "",
            ]
        )
    comps = book.create_sheet("competencies")
    comps.append(COMPETENCY_COLUMNS)
    for c in data["competencies"]:
        comps.append(
            [
                c["key"],
                c["name"]["zh"],
                c["name"]["en"],
                c["definition"]["zh"],
                c["definition"]["en"],
                _lines(c["indicators"], "zh"),
                _lines(c["indicators"], "en"),
            ]
        )
    for ws in (sheet, comps):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for column in ws.columns:
            letter = column[0].column_letter
            ws.column_dimensions[letter].width = 40 if column[0].value in ("text_zh", "text_en") else 18
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def guess_format(filename: str) -> str:
    name = filename.lower()
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if name.endswith(".json"):
        return "json"
    if name.endswith(".xlsx"):
        return "xlsx"
    raise ValidationFailed(_("Upload a .yaml, .json or .xlsx file."), field="file")


def parse_bank(content: bytes, fmt: str) -> dict[str, list[dict[str, Any]]]:
    """``{"competencies": [...], "questions": [...]}`` from a file; raises ``ValidationFailed`` on a bad file."""
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationFailed(_("The file is larger than 5 MB."), field="file")
    try:
        if fmt == "xlsx":
            data = _from_xlsx(content)
        elif fmt in ("yaml", "json"):
            text = content.decode("utf-8-sig")
            data = yaml.safe_load(text) if fmt == "yaml" else json.loads(text)
        else:
            raise ValidationFailed(_("Unknown file format."), field="format")
    except (UnicodeDecodeError, yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ValidationFailed(
            _("The file could not be read: it is not valid %(fmt)s.") % {"fmt": fmt.upper()}, field="file"
        ) from exc
    if isinstance(data, list):
        data = {"questions": data}
    if not isinstance(data, dict) or not isinstance(data.get("questions", []), list):
        raise ValidationFailed(_("The file has no list of questions."), field="file")
    return {
        "competencies": [c for c in data.get("competencies") or [] if isinstance(c, dict)],
        "questions": list(data.get("questions") or []),
    }


def _split_points(zh: Any, en: Any) -> list[dict[str, str]]:
    zh_lines = [s.strip() for s in str(zh or "").splitlines()]
    en_lines = [s.strip() for s in str(en or "").splitlines()]
    count = max(len(zh_lines), len(en_lines))
    zh_lines += [""] * (count - len(zh_lines))
    en_lines += [""] * (count - len(en_lines))
    return [{"zh": a, "en": b} for a, b in zip(zh_lines, en_lines, strict=True) if a or b]


def _from_xlsx(content: bytes) -> dict[str, Any]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValidationFailed(
            _("The file could not be read: it is not an Excel workbook."), field="file"
        ) from exc
    if "questions" not in book.sheetnames:
        raise ValidationFailed(_("The workbook has no sheet named “questions”."), field="file")

    def rows(name: str) -> list[dict[str, Any]]:
        if name not in book.sheetnames:
            return []
        it = book[name].iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(it, ())]
        out = []
        for values in it:
            if not any(val not in (None, "") for val in values):
                continue
            out.append({h: ("" if val is None else val) for h, val in zip(header, values, strict=False) if h})
        return out

    questions = []
    for row in rows("questions"):
        followups_cell = str(row.get("followups") or "").strip()
        try:
            followups = json.loads(followups_cell) if followups_cell else []
        except json.JSONDecodeError:
            followups = followups_cell  # reported as invalid by the importer, with its row number
        questions.append(
            {
                "key": str(row.get("key") or ""),
                "competency": str(row.get("competency") or ""),
                "type": row.get("type") or "behavioural",
                "language": row.get("language") or "",
                "difficulty": row.get("difficulty") or 2,
                "text": {"zh": str(row.get("text_zh") or ""), "en": str(row.get("text_en") or "")},
                "prep_seconds": row.get("prep_seconds") if row.get("prep_seconds") != "" else 30,
                "answer_seconds": row.get("answer_seconds") if row.get("answer_seconds") != "" else 120,
                "ideal_points": _split_points(row.get("ideal_points_zh"), row.get("ideal_points_en")),
                "reference_answer": {
                    "zh": str(row.get("reference_answer_zh") or ""),
                    "en": str(row.get("reference_answer_en") or ""),
                },
                "scoring_guide": {
                    "zh": str(row.get("scoring_guide_zh") or ""),
                    "en": str(row.get("scoring_guide_en") or ""),
                },
                "followups": followups,
            }
        )
    competencies = [
        {
            "key": str(row.get("key") or ""),
            "name": {"zh": str(row.get("name_zh") or ""), "en": str(row.get("name_en") or "")},
            "definition": {
                "zh": str(row.get("definition_zh") or ""),
                "en": str(row.get("definition_en") or ""),
            },
            "indicators": _split_points(row.get("indicators_zh"), row.get("indicators_en")),
        }
        for row in rows("competencies")
    ]
    return {"competencies": competencies, "questions": questions}
