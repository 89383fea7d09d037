"""Resume text → :class:`ResumeProfile` (Chinese and English).

Rules first (section headings, ``label: value`` pairs, date ranges, school / company / title
patterns, the skill dictionary); the Chinese entity tagger fills what the rules miss (a name
without a label, a company or a major written in free text). Pure and deterministic: the same text
and ``as_of`` month give the same profile.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

from openhire.ai.matching.dictionary import Mention, SkillDictionary, load_dictionary
from openhire.ai.resume import flags as derived
from openhire.ai.resume.contracts import (
    EngineInfo,
    EntityTagger,
    Experience,
    ResumeProfile,
    TermMentions,
)
from openhire.ai.resume.dates import find_date_ranges, find_dates
from openhire.ai.resume.history import (
    _AWARD,
    _BULLET,
    _SCHOOL,
    _education_from_entities,
    _experience_from_entities,
    _parse_education,
    _parse_experience,
    _segments,
)
from openhire.ai.resume.protected import strip_protected
from openhire.ai.resume.sections import _heading, _inline_heading, _split_sections
from openhire.ai.resume.tagging import _default_tagger, _engine_of, _Tagging

PARSER_ENGINE = EngineInfo("openhire-resume-rules", "1.0")
MAX_TEXT_CHARS = 200_000

# --- labels -----------------------------------------------------------------------------------

_LABELS: dict[str, str] = {
    "name": r"姓\s*名|name|full name|candidate",
    "gender": r"性\s*别|gender|sex",
    "birth": r"出生日期|出生年月|出生时间|生\s*日|date of birth|birth ?date|birthday|dob|born",
    "phone": r"联系电话|手机号码|手机号|手\s*机|电\s*话|mobile|phone|tel|cell|telephone",
    "email": r"电子邮箱|电子邮件|邮\s*箱|e-?mail|mail",
    "location": r"现居住地|现居地|现\s*居|居住地|所在地|所在城市|目前所在地|当前城市|现住址|住\s*址|通讯地址|"
    r"地\s*址|城\s*市|location|address|city|current location|based in|current city",
}
_LABEL_PATTERNS = {
    key: re.compile(
        rf"(?<![A-Za-z\u4e00-\u9fff])(?:{pattern})\s*[:：]\s*(?P<value>[^|\t;；]*?)(?=\s{{2,}}|\s+/|[|\t;；]|$)",
        re.IGNORECASE,
    )
    for key, pattern in _LABELS.items()
}
# Look-behinds make every pattern start only at a word start: without them a 10,000-letter line
# costs quadratic time (each start position rescans the run).
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
_CN_MOBILE = re.compile(r"(?<!\d)(?:\+?86[\s\-]?)?(1[3-9]\d)[\s\-]?(\d{4})[\s\-]?(\d{4})(?!\d)")
_PHONE = re.compile(r"(?<![\d\w])\+?\(?\d{1,4}\)?[\s\-.]?\(?\d{2,4}\)?[\s\-.]?\d{3,4}[\s\-.]?\d{3,4}(?!\d)")
_GENDER_VALUES = {"男": "男", "女": "女", "male": "male", "female": "female", "男性": "男", "女性": "女"}
_BARE_GENDER = re.compile(r"(?<![\u4e00-\u9fffA-Za-z])(男|女|male|female)(?![\u4e00-\u9fffA-Za-z])", re.I)
_HOMETOWN_LABEL = re.compile(
    r"籍\s*贯|户口|户籍|生源地|出生地|hometown|place of origin|native place|birthplace", re.I
)
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{1,2}[\u4e00-\u9fff·]{1,3}$")
_EN_NAME = re.compile(r"^[A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-.]*){1,3}$")
_NOT_NAME = re.compile(
    r"简历|履历|resume|curriculum|vitae|\bcv\b|求职|应聘|个人|信息|经理|工程师|专员|银行|公司|大学|学院|"
    r"经历|背景|技能|意向|评价|简介|联系|电话|邮箱|地址",
    re.I,
)


def _label(text_lines: Sequence[str], key: str) -> str:
    pattern = _LABEL_PATTERNS[key]
    for line in text_lines:
        match = pattern.search(line)
        if match and match.group("value").strip():
            return match.group("value").strip()
    return ""


# --- the parser -------------------------------------------------------------------------------


_COLUMN_GAP = re.compile(r"[ \t]{2,}|\t")
_ODD_SPACE = re.compile(r"[\u3000\xa0]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")


def detect_language(text: str) -> str:
    """ "zh" when Chinese characters make up at least a fifth of the letters, else "en"."""
    sample = text[:5000]
    cjk = sum(map(len, _CJK_RUN.findall(sample)))  # counting runs, not characters: fewer objects
    latin = sum(map(len, _LATIN_RUN.findall(sample)))
    return "zh" if cjk and cjk * 5 >= (cjk + latin) else "en"


def _current_month() -> str:
    today = dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"


def parse_resume(
    text: str,
    *,
    language: str | None = None,
    tagger: EntityTagger | bool | None = None,
    as_of: str | None = None,
    dictionary: SkillDictionary | None = None,
) -> ResumeProfile:
    """Parse resume text into a structured profile.

    ``tagger``: None loads the packaged Chinese entity tagger when it is installed (used only on
    Chinese text); False disables it; or pass any object with ``tag(text)``. ``as_of`` ("YYYY-MM",
    default: this month) is what "至今" / "present" means. Never raises on odd text: problems go
    into ``profile.errors``. Raises ``TypeError`` / ``ValueError`` only for wrong argument types.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_resume expects str, got {type(text).__name__}")
    if language not in (None, "zh", "en"):
        raise ValueError(f"language must be 'zh', 'en' or None, not {language!r}")
    if as_of is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", as_of):
        raise ValueError(f"as_of must be 'YYYY-MM', not {as_of!r}")
    errors: list[str] = []
    if len(text) > MAX_TEXT_CHARS:
        errors.append(f"text truncated to {MAX_TEXT_CHARS} characters")
        text = text[:MAX_TEXT_CHARS]
    month = as_of or _current_month()
    dictionary = dictionary or load_dictionary()
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    # Two or more spaces separate columns (company  title  dates): keep them as one tab.
    text = _COLUMN_GAP.sub("\t", _ODD_SPACE.sub(" ", text))
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    lang = language or detect_language(text)

    engines = [PARSER_ENGINE, EngineInfo("skills.yaml", dictionary.version)]
    active: EntityTagger | None = None
    if lang == "zh" and tagger is not False:
        if tagger is None or tagger is True:
            active, why = _default_tagger()
            if why:
                errors.append(why)
        else:
            active = tagger
    tagging = _Tagging(active)

    sections = _split_sections(lines)
    by_kind: dict[str, list[str]] = {}
    for section in sections:
        by_kind.setdefault(section.kind, []).extend(section.lines)
    header = by_kind.get("header", []) + by_kind.get("personal", [])

    name = _find_name(header, lines, tagging)
    email_match = _EMAIL.search(text)
    email = email_match.group() if email_match else ""
    phone = _find_phone(header, text)
    gender = _find_gender(header)
    birth_date = _find_birth(header)
    location = _find_location(header, dictionary)

    education = _parse_education(by_kind.get("education", []), lines, dictionary, tagging)
    experience = [
        *_parse_experience(by_kind.get("experience", []), "work", tagging),
        *_parse_experience(by_kind.get("internship", []), "internship", tagging),
    ]
    if not by_kind.get("experience") and not by_kind.get("internship"):
        # No headings: take date-ranged lines outside education as work history.
        education_lines = set(by_kind.get("education", []))
        loose = [line for line in lines if line not in education_lines and not _SCHOOL.search(line)]
        experience = (
            _parse_experience(loose, "work", tagging) if any(find_date_ranges(x) for x in loose) else []
        )
    if lang == "zh" and tagging.tagger is not None and (not education or not experience):
        # Free prose ("历任某某银行行长、某某证券董事…"): the tagger's entities are all we have.
        prose = "\n".join(lines[:80])
        if not education:
            education = _education_from_entities(prose, dictionary, tagging)
        if not experience:
            experience = _experience_from_entities(prose, tagging)

    scoring_text = strip_protected("\n".join(lines), name=name)
    found = dictionary.find(scoring_text)
    skills, certificates, languages = _dictionary_terms(found, dictionary)
    awards = _find_awards(by_kind.get("awards", []), lines)

    work = [e for e in experience if e.title != "" or e.company != "" or e.start]
    total_years, flag_list, date_errors = derived.derive(
        [(e.company, e.start, e.end, e.current) for e in work if _is_work(e)], month
    )
    errors.extend(date_errors)
    errors.extend(tagging.errors)
    if tagging.used and tagging.tagger is not None:
        engines.append(_engine_of(tagging.tagger))
    if not lines:
        errors.append("empty text")
    return ResumeProfile(
        name=name,
        phone=phone,
        email=email,
        location=location,
        birth_date=birth_date,
        gender=gender,
        education=tuple(education),
        experience=tuple(experience),
        skills=tuple(skills),
        certificates=tuple(certificates),
        languages=tuple(languages),
        awards=tuple(awards),
        total_years=total_years,
        flags=tuple(flag_list),
        errors=tuple(dict.fromkeys(errors)),
        language=lang,
        engines=tuple(engines),
        scoring_text=scoring_text,
        term_mentions=TermMentions(
            dictionary.content_hash, scoring_text, tuple((m.term.canonical, m.start) for m in found)
        ),
    )


def _is_work(experience: Experience) -> bool:
    return experience.kind == "work"


def _find_name(header: Sequence[str], lines: Sequence[str], tagging: _Tagging) -> str:
    labelled = _label(header or lines[:15], "name")
    if labelled:
        return _segments(labelled)[0] if _segments(labelled) else labelled
    for line in (header or lines)[:4]:
        first = _segments(line)[0] if _segments(line) else line
        first = re.sub(r"(?:的)?(?:个人)?简历$|\s*resume$|\s*cv$", "", first, flags=re.I).strip()
        if _NOT_NAME.search(first) or _EMAIL.search(first) or re.search(r"\d", first):
            continue
        if _CJK_NAME.match(first) or _EN_NAME.match(first):
            return first
    for line in (header or lines)[:3]:
        for entity in tagging.entities(line, "NAME"):
            return entity
    return ""


def _find_phone(header: Sequence[str], text: str) -> str:
    mobile = _CN_MOBILE.search(text)
    if mobile:
        return "".join(mobile.groups())
    labelled = _label(header, "phone")
    if labelled:
        match = _PHONE.search(labelled)
        if match:
            return re.sub(r"[^\d+]", "", match.group())
    for line in header[:10]:
        match = _PHONE.search(line)
        if match and len(re.sub(r"\D", "", match.group())) >= 8 and not find_date_ranges(line):
            return re.sub(r"[^\d+]", "", match.group())
    return ""


def _find_gender(header: Sequence[str]) -> str:
    labelled = _label(header, "gender").lower()
    if labelled:
        return _GENDER_VALUES.get(labelled.split()[0], labelled)
    for line in header[:8]:
        match = _BARE_GENDER.search(line)
        if match and len(line) < 80:
            return _GENDER_VALUES.get(match.group(1).lower(), match.group(1))
    return ""


def _find_birth(header: Sequence[str]) -> str | None:
    labelled = _label(header, "birth")
    if labelled:
        dates = find_dates(labelled)
        if dates:
            return dates[0][0]
    return None


def _find_location(header: Sequence[str], dictionary: SkillDictionary) -> str:
    labelled = _label(header, "location")
    if labelled:
        return labelled
    for line in header[:8]:
        if _HOMETOWN_LABEL.search(line):
            line = _HOMETOWN_LABEL.split(line)[0]
        for mention in dictionary.find(line):
            if mention.term.category == "location":
                return mention.term.canonical
    for line in header[:8]:  # "… | San Francisco, CA" / "London, United Kingdom" in the contact line
        parts = re.split(r"\s*[|•·;]\s*|\s{2,}", line)
        for part in parts if len(parts) > 1 else ():  # a line of its own may be "Smith, John"
            if _PLACE_EN.fullmatch(part.strip()):
                return part.strip()
    return ""


_PLACE_EN = re.compile(r"[A-Z][a-z]+(?:[ .'-][A-Z]?[a-z]+)*,\s?(?:[A-Z]{2}|[A-Z][a-z]+(?: [A-Z][a-z]+)*)")


def _dictionary_terms(
    mentions: Sequence[Mention], dictionary: SkillDictionary
) -> tuple[list[str], list[str], list[str]]:
    skills: dict[str, None] = {}
    certificates: dict[str, None] = {}
    languages: dict[str, None] = {}
    for mention in mentions:
        term = mention.term
        if term.category == "skill":
            skills[term.canonical] = None
        elif term.category == "certificate":
            certificates[term.canonical] = None
            for implied in dictionary.implies.get(term.canonical, ()):
                languages[implied] = None
        elif term.category == "language":
            languages[term.canonical] = None
    return list(skills), list(certificates), list(languages)


def _find_awards(section: Sequence[str], lines: Sequence[str]) -> list[str]:
    awards: dict[str, None] = {}
    for line in section:
        cleaned = _BULLET.sub("", line).strip()
        if cleaned:
            awards[cleaned] = None
    for line in lines:
        if _AWARD.search(line) and len(line) <= 120 and _heading(line) is None:
            inline = _inline_heading(line)  # "获奖：…" was read with the awards section above
            if inline is None:
                awards[_BULLET.sub("", line).strip()] = None
    return list(awards)[:30]
