"""Resume section headings (zh + en) and splitting a resume into sections."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# --- sections ---------------------------------------------------------------------------------

_SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "personal": (
        "基本信息",
        "个人信息",
        "个人资料",
        "个人概况",
        "personal information",
        "personal details",
        "personal info",
        "contact",
        "contact information",
        "联系方式",
    ),
    "summary": (
        "自我评价",
        "个人评价",
        "个人简介",
        "个人总结",
        "自我介绍",
        "求职意向",
        "职业目标",
        "summary",
        "profile",
        "objective",
        "career objective",
        "about me",
        "professional summary",
    ),
    "education": (
        "教育背景",
        "教育经历",
        "学历背景",
        "教育情况",
        "学习经历",
        "education",
        "education background",
        "academic background",
        "educational background",
    ),
    "experience": (
        "工作经历",
        "工作经验",
        "职业经历",
        "工作履历",
        "任职经历",
        "从业经历",
        "work experience",
        "professional experience",
        "employment history",
        "experience",
        "work history",
        "employment",
        "career history",
    ),
    "internship": (
        "实习经历",
        "实习经验",
        "实践经历",
        "社会实践",
        "internship",
        "internships",
        "internship experience",
    ),
    "projects": ("项目经历", "项目经验", "项目背景", "projects", "project experience", "key projects"),
    "skills": (
        "专业技能",
        "技能特长",
        "技能",
        "个人技能",
        "专业能力",
        "技能证书",
        "skills",
        "technical skills",
        "core skills",
        "skills and abilities",
        "competencies",
        "it skills",
    ),
    "certificates": (
        "证书",
        "资格证书",
        "证书资质",
        "职业资格",
        "所获证书",
        "certificates",
        "certifications",
        "licenses",
        "licences",
        "qualifications",
        "certificates and licenses",
    ),
    "languages": ("语言能力", "外语能力", "语言", "languages", "language skills"),
    "awards": (
        "获奖情况",
        "获奖经历",
        "荣誉奖项",
        "所获荣誉",
        "荣誉",
        "奖项",
        "获奖",
        "奖励情况",
        "awards",
        "honors",
        "honours",
        "awards and honors",
        "achievements",
    ),
    "other": (
        "兴趣爱好",
        "爱好",
        "其他",
        "其他信息",
        "附加信息",
        "interests",
        "hobbies",
        "additional information",
        "references",
        "校园经历",
        "在校经历",
        "社团经历",
        "activities",
        "extracurricular activities",
    ),
}
_HEADING_LOOKUP = {word: section for section, words in _SECTION_WORDS.items() for word in words}
_HEADING_DECOR = re.compile(
    r"^[\s#*•·■□◆◇●○▶►\-=_【\[(（]*(?:[一二三四五六七八九十\d]+[、.．)]\s*)?|[\s:：】\])）\-=_*]*$"
)


_SPACES = re.compile(r"\s+")
_HEADING_PARTS = re.compile(r"\s*[/|]\s*|\s{2,}|(?<=[\u4e00-\u9fff])\s+(?=[a-z])")


def _heading(line: str) -> str | None:
    if len(line) > 40:
        return None
    core = _HEADING_DECOR.sub("", line).strip().lower()
    core = _SPACES.sub(" ", core)
    if core in _HEADING_LOOKUP:
        return _HEADING_LOOKUP[core]
    # "工作经历 Work Experience" / "教育背景 / Education"
    for part in _HEADING_PARTS.split(core):
        if part in _HEADING_LOOKUP:
            return _HEADING_LOOKUP[part]
    return None


@dataclass
class _Section:
    kind: str
    lines: list[str] = field(default_factory=list)


_INLINE_HEADING = re.compile(r"^\s*([^:：]{1,24}?)\s*[:：]\s*(\S.*)$")
# Sections whose heading is often written inline as a label ("技能：Python、Excel", "Skills: SQL").
_INLINE_KINDS = {"skills", "certificates", "languages", "awards", "summary", "other"}


def _inline_heading(line: str) -> tuple[str, str] | None:
    """("skills", "Python、Excel") for a labelled line such as "技能：Python、Excel"."""
    match = _INLINE_HEADING.match(line)
    if not match:
        return None
    kind = _HEADING_LOOKUP.get(_SPACES.sub(" ", match.group(1).strip().lower()))
    return (kind, match.group(2).strip()) if kind in _INLINE_KINDS else None


def _split_sections(lines: Sequence[str]) -> list[_Section]:
    sections = [_Section("header")]
    for line in lines:
        kind = _heading(line)
        if kind is not None:
            sections.append(_Section(kind))
            continue
        inline = _inline_heading(line)
        if inline is not None:
            sections.append(_Section(inline[0], [inline[1]]))
        else:
            sections[-1].lines.append(line)
    return sections
