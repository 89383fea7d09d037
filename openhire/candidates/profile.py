"""The candidate profile: parse result ⊕ HR corrections, and the keys used to de-duplicate people.

``Candidate.parsed`` holds ``ResumeProfile.to_dict()`` as the engines returned it; ``Candidate.corrections``
holds the fields HR changed; ``Candidate.profile`` is the merge (what other apps and screening read).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from openhire.ai.resume.contracts import Education, EngineInfo, Experience, Flag, ResumeProfile
from openhire.core.fields import blind_index

SCALAR_FIELDS = ("name", "phone", "email", "location", "birth_date", "gender")
LIST_FIELDS = ("skills", "certificates", "languages", "awards")
CORRECTABLE_FIELDS = (*SCALAR_FIELDS, *LIST_FIELDS, "education", "experience", "total_years")
EDUCATION_KEYS = ("school", "degree_text", "major", "start", "end", "gpa")
EXPERIENCE_KEYS = ("company", "title", "start", "end", "description")


# --- de-duplication keys --------------------------------------------------------------------------


def normalize_phone(value: str) -> str:
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value or ""))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    elif len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    return digits


def normalize_email(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").strip().lower()


def normalize_name(value: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).lower()


def normalize_birth_date(value: str) -> str:
    """ "1995-03-07", "1995/3/7", "1995年3月7日", "1995.03" → "1995-03-07" / "1995-03"; "" when unreadable."""
    numbers = re.findall(r"\d+", unicodedata.normalize("NFKC", value or ""))
    if not numbers or len(numbers[0]) != 4:
        return ""
    year = int(numbers[0])
    if not 1900 <= year <= 2100:
        return ""
    parts = [f"{year:04d}"]
    for number, limit in zip(numbers[1:3], (12, 31), strict=False):
        if not 1 <= int(number) <= limit:
            return ""
        parts.append(f"{int(number):02d}")
    return "-".join(parts) if len(parts) > 1 else ""


def phone_index(phone: str) -> str:
    value = normalize_phone(phone)
    return blind_index(value, purpose="candidate.phone") if len(value) >= 7 else ""


def email_index(email: str) -> str:
    value = normalize_email(email)
    return blind_index(value, purpose="candidate.email") if "@" in value else ""


def identity_index(name: str, birth_date: str) -> str:
    who, born = normalize_name(name), normalize_birth_date(birth_date)
    return blind_index(f"{who}|{born}", purpose="candidate.identity") if who and born else ""


# --- merging ---------------------------------------------------------------------------------------


def merged_profile(parsed: dict[str, Any], corrections: dict[str, Any]) -> dict[str, Any]:
    profile = {k: v for k, v in parsed.items() if k not in ("errors",)}
    profile.update({k: v for k, v in corrections.items() if k in CORRECTABLE_FIELDS})
    return profile


def _strs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(v) for v in value if isinstance(v, str | int | float) and str(v).strip())


def _pick(data: Any, cls: type, keys: tuple[str, ...]) -> Any:
    if not isinstance(data, dict):
        return None
    values = {k: data[k] for k in keys if k in data}
    for key in ("start", "end"):
        if key in values and values[key] is not None and not isinstance(values[key], str):
            values[key] = str(values[key])
    return cls(**values)


def profile_from_dict(data: dict[str, Any], *, scoring_text: str = "") -> ResumeProfile:
    """A :class:`ResumeProfile` from stored JSON (the merged profile), for screening."""
    education = tuple(
        e
        for e in (
            _pick(x, Education, ("school", "degree", "degree_text", "major", "start", "end", "gpa"))
            for x in data.get("education") or ()
        )
        if e is not None
    )
    experience = tuple(
        e
        for e in (
            _pick(x, Experience, ("company", "title", "start", "end", "current", "description", "kind"))
            for x in data.get("experience") or ()
        )
        if e is not None
    )
    flags = tuple(
        f for f in (_pick(x, Flag, ("code", "message", "start", "end")) for x in data.get("flags") or ()) if f
    )
    engines = tuple(
        EngineInfo(str(x.get("name", "")), str(x.get("version", "")))
        for x in data.get("engines") or ()
        if isinstance(x, dict)
    )
    try:
        total_years = float(data.get("total_years") or 0.0)
    except (TypeError, ValueError):
        total_years = 0.0
    return ResumeProfile(
        name=str(data.get("name") or ""),
        phone=str(data.get("phone") or ""),
        email=str(data.get("email") or ""),
        location=str(data.get("location") or ""),
        birth_date=data.get("birth_date") or None,
        gender=str(data.get("gender") or ""),
        education=education,
        experience=experience,
        skills=_strs(data.get("skills")),
        certificates=_strs(data.get("certificates")),
        languages=_strs(data.get("languages")),
        awards=_strs(data.get("awards")),
        total_years=total_years,
        flags=flags,
        language=str(data.get("language") or "en"),
        engines=engines,
        scoring_text=scoring_text,
    )


def split_list(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,，、;；\n]+", value or "") if part.strip()]


def rows_to_text(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> str:
    """Education / experience entries as editable lines: ``a | b | c``."""
    return "\n".join(" | ".join(str(row.get(k) or "") for k in keys).rstrip(" |") for row in rows)


def text_to_rows(text: str, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("|")]
        row: dict[str, Any] = {k: (cells[i] if i < len(cells) else "") for i, k in enumerate(keys)}
        for key in ("start", "end"):
            if key in row:
                row[key] = row[key] or None
        rows.append(row)
    return rows
