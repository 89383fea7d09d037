"""Protected attributes (name, gender, age / birth date, photo, ethnicity, marital status, hometown,
and their close relatives: nationality, religion, political affiliation, height, weight, health).

They are recorded in the profile where the law allows HR to see them, and removed from every text
that scoring reads, so that no score can depend on them.
"""

from __future__ import annotations

import re

# Labels whose value is protected. Keys are regex alternatives (matched case-insensitively after NFKC).
PROTECTED_LABELS = (
    r"姓\s*名|name|full name|性\s*别|gender|sex|年\s*龄|age|出生日期|出生年月|出生|生日|date of birth|"
    r"birth ?date|birthday|dob|born|民\s*族|ethnicity|race|国\s*籍|nationality|婚姻状况|婚姻状态|婚\s*姻|"
    r"婚\s*否|婚育状况|婚育|marital status|marital|籍\s*贯|户口所在地|户口|户籍所在地|户籍|生源地|出生地|"
    r"hometown|home town|place of origin|native place|birthplace|place of birth|政治面貌|political status|"
    r"宗教信仰|宗\s*教|religion|照\s*片|photo|身\s*高|体\s*重|height|weight|健康状况|health"
)
_LABEL_VALUE = re.compile(
    rf"(?<![A-Za-z\u4e00-\u9fff])(?:{PROTECTED_LABELS})\s*[:：]\s*[^|\t;；,，]*?(?=\s{{2,}}|\s+/|[|\t;；,，]|$)",
    re.IGNORECASE | re.MULTILINE,
)
# Bare values that carry a protected attribute even without a label (header lines like "男 | 28岁 | 汉族").
_BARE_VALUE = re.compile(
    r"(?<![A-Za-z\u4e00-\u9fff])(?:男性|女性|男|女|male|female|man|woman|mr\.?|mrs\.?|ms\.?|miss|"
    r"\d{1,2}\s*(?:周岁|岁)|aged?\s*\d{1,2}|\d{1,2}\s*(?:years old|yrs old|y/o)|已婚已育|已婚未育|已婚|未婚|离异|已育|未育|"
    r"married|single|divorced|中共党员|中共预备党员|共青团员|党员|团员|群众|"
    r"(?:汉|满|回|藏|壮|苗|彝|土家|蒙古|维吾尔|朝鲜|侗|瑶|白|哈尼|黎|傣|畲|布依|哈萨克)族)"
    r"(?![A-Za-z\u4e00-\u9fff])",
    re.IGNORECASE,
)
_HEADER_SEPARATORS = re.compile(r"\s*(?:\||\t|;|；|/|,|，|·|\s{2,})\s*")


def strip_protected(text: str, *, name: str = "", header_lines: int = 12) -> str:
    """``text`` with protected attributes removed.

    Removes ``label: value`` pairs for protected labels anywhere, bare protected values ("男",
    "28岁", "已婚", "汉族") in the first ``header_lines`` lines and in any line made only of short
    segments, and every occurrence of ``name`` (when it has at least two characters).
    """
    if name and len(name.strip()) >= 2:
        text = re.sub(re.escape(name.strip()), " ", text, flags=re.IGNORECASE)
    out: list[str] = []
    for number, line in enumerate(_LABEL_VALUE.sub(" ", text).split("\n")):
        if _BARE_VALUE.search(line):
            segments = [s for s in _HEADER_SEPARATORS.split(line) if s]
            if number < header_lines or (len(segments) > 1 and all(len(s) <= 12 for s in segments)):
                line = _BARE_VALUE.sub(" ", line)
        out.append(line)
    return "\n".join(out)
