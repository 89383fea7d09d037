"""Education and work history: entries, schools, degrees, majors, companies and titles."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from openhire.ai.matching.dictionary import SkillDictionary, load_dictionary, normalize
from openhire.ai.resume.contracts import Education, Experience
from openhire.ai.resume.dates import DateRange, find_date_ranges, find_dates
from openhire.ai.resume.tagging import _Tagging

DEGREE_ORDER = ("", "high_school", "associate", "bachelor", "master", "phd")

# --- education / experience patterns -------------------------------------------------------

_SCHOOL = re.compile(
    r"[\u4e00-\u9fffA-Za-z()（）]{2,24}?(?:大学|学院|学校|中学|研究生院|研究院|党校|分校)(?:[(（][^)）]{1,12}[)）])?"
    r"|(?<![\w&'\-])(?:[A-Z][\w&'\-]* +){0,6}(?:University|College|Institute|School|Academy|Polytechnic)"
    r"(?: +(?:of|for|at) +[A-Z][\w&\-]*(?: +(?:and +)?[A-Z][\w&\-]*){0,4})?"
)
_GPA = re.compile(
    r"(?:GPA|绩点|平均绩点|平均学分绩点)\s*[:：]?\s*(\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)?)", re.I
)
_MAJOR_LABEL = re.compile(
    r"(?:专\s*业|major|field of study)\s*[:：]\s*(.+?)(?=\s+[^\s:：]{1,12}\s*[:：]|\s{2,}|[|\t;；,，]|$)",
    re.I,
)
_MAJOR_EN = re.compile(r"\bin\s+([A-Z][A-Za-z&\-]*(?:\s+(?:and\s+|&\s+)?[A-Z][A-Za-z&\-]*){0,5})")
_ORG_SUFFIX = re.compile(
    r"(?:有限责任公司|股份有限公司|有限公司|公司|集团|银行|分行|支行|营业部|事务所|研究院|研究所|中心|医院|"
    r"局|厅|委员会|工作室|证券|保险|基金|信托|控股|商行|合作社|信用社|农商行|网点)(?:[(（][^)）]{1,12}[)）])?$"
    r"|\b(?:bank|inc\.?|ltd\.?|llc|corp\.?|corporation|company|co\.|group|limited|plc|gmbh|technologies|"
    r"technology|partners|llp|securities|insurance|capital|consulting|bureau|university|institute|hospital|"
    r"agency|branch|holdings|labs?|systems|solutions|services|international|ag|sa)\b",
    re.I,
)
_TITLE_WORDS = re.compile(
    r"经理|主管|专员|工程师|总监|助理|顾问|柜员|分析师|实习生|实习|主任|行长|总裁|总经理|董事|会计|出纳|客服|代表|"
    r"架构师|设计师|开发|运营|销售|组长|负责人|研究员|科员|干事|秘书|文员|教师|讲师|操作员|技术员|审计师|律师|编辑|"
    r"策划|督导|店长|领班|主办|经办|大堂|理财师|客户经理|委员|职员|管培生|储备"
    r"|\b(?:manager|engineer|analyst|officer|director|specialist|consultant|intern|associate|teller|developer|"
    r"lead|head|assistant|representative|advisor|adviser|architect|designer|accountant|auditor|clerk|"
    r"supervisor|executive|coordinator|administrator|president|vp|scientist|researcher|trainee|programmer|"
    r"banker|agent|partner|owner|founder|ceo|cfo|cto|coo)\b",
    re.I,
)
_SEGMENT_SPLIT = re.compile(r"\s*(?:\||\t|;|；|，|,|\s{2,}|\s+[-–—@]\s+|\s+at\s+|\s*—\s*|/)\s*")
_BULLET = re.compile(r"^[\-•·*▪►◆●○■□>]\s*")
_AWARD = re.compile(
    r"奖学金|获奖|荣获|获得.{0,12}(?:奖|称号)|一等奖|二等奖|三等奖|优秀员工|优秀毕业生|先进个人|标兵|"
    r"\b(?:award|awarded|prize|scholarship|honou?r(?:s|ed)?|winner|medal)\b",
    re.I,
)


_FIELD_LABEL = re.compile(
    r"^(?:(?P<company>公司名称|公司|单位名称|工作单位|就职单位|单位|企业名称|企业|company|employer|organi[sz]ation)"
    r"|(?P<title>职位名称|职位|岗位|职务|title|position|role|job title)"
    r"|(?:时间|起止时间|工作时间|在职时间|dates?|period|duration))\s*[:：]\s*",
    re.I,
)
_LEAD_WORDS = re.compile(r"^(?:就职于|任职于|供职于|工作于|担任|出任|任职|任)")


def _segments(text: str) -> list[str]:
    return [s.strip(" :：()（）") for s in _SEGMENT_SPLIT.split(text) if s and s.strip(" :：()（）")]


def _labelled_segments(text: str) -> list[tuple[str, str]]:
    """Segments with the field their label names ("company", "title" or ""), labels and lead words removed."""
    out = []
    for segment in _segments(text):
        label = _FIELD_LABEL.match(segment)
        kind = ""
        if label:
            kind = "company" if label.group("company") else "title" if label.group("title") else "date"
            segment = segment[label.end() :].strip()
        segment = _LEAD_WORDS.sub("", segment).strip()
        if segment and kind != "date":
            out.append((kind, segment))
    return out


def _entries(lines: Sequence[str], starts: Callable[[str], bool]) -> list[list[str]]:
    """Group lines into entries, each beginning at a line for which ``starts`` is true."""
    groups: list[list[str]] = []
    for line in lines:
        if starts(line) or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _parse_education(
    section: Sequence[str], all_lines: Sequence[str], dictionary: SkillDictionary, tagging: _Tagging
) -> list[Education]:
    lines = list(section) or [line for line in all_lines if _SCHOOL.search(line) and len(line) < 120]
    if not lines:
        return []
    seen_school = [False]

    def starts(line: str) -> bool:
        school = bool(_SCHOOL.search(line))
        dated = bool(find_date_ranges(line))
        begin = dated or (school and seen_school[0])
        seen_school[0] = seen_school[0] or school
        return begin

    results: list[Education] = []
    for entry in _entries(lines, starts):
        head = " | ".join(entry[:3])
        school_match = _SCHOOL.search(head)
        if not school_match and not find_date_ranges(head):
            continue
        school = school_match.group().strip() if school_match else ""
        ranges = find_date_ranges(head)
        start = ranges[0].start if ranges else None
        end = (ranges[0].end if ranges else None) or None
        if not ranges:
            dates = find_dates(head)
            end = dates[-1][0] if dates else None
        degree_mentions = [m for m in dictionary.find(head) if m.term.category == "degree"]
        low = normalize(head)
        degree = ""
        degree_text = ""
        if degree_mentions:
            best = max(
                degree_mentions,
                key=lambda m: ("high_school", "associate", "bachelor", "master", "phd").index(
                    m.term.canonical
                ),
            )
            degree = best.term.canonical
            degree_text = head[best.start : best.end] if len(low) == len(head) else best.term.canonical
        major = _find_major(head, school, degree_text, ranges, tagging)
        gpa_match = _GPA.search(" ".join(entry))
        results.append(
            Education(
                school=school,
                degree=degree,
                degree_text=degree_text,
                major=major,
                start=start,
                end=end,
                gpa=gpa_match.group(1).replace(" ", "") if gpa_match else "",
            )
        )
    return results


def _education_from_entities(prose: str, dictionary: SkillDictionary, tagging: _Tagging) -> list[Education]:
    degrees = tagging.entities(prose, "EDU")
    if not degrees:
        return []
    majors = tagging.entities(prose, "PRO")
    schools = [org for org in tagging.entities(prose, "ORG") if _SCHOOL.search(org)]
    best = max(degrees, key=lambda d: DEGREE_ORDER.index(dictionary.degree_level(d) or ""))
    return [
        Education(
            school=schools[0] if schools else "",
            degree=dictionary.degree_level(best) or "",
            degree_text=best,
            major=majors[0] if majors else "",
        )
    ]


def _experience_from_entities(prose: str, tagging: _Tagging) -> list[Experience]:
    """One undated entry per organisation, with the job titles that follow it (at most ten)."""
    if tagging.tagger is None:
        return []
    entities = sorted(
        (e for e in tagging.entity_spans(prose) if e.type in ("ORG", "TITLE")), key=lambda e: e.start
    )
    jobs: list[Experience] = []
    company = ""
    for entity in entities:
        if entity.type == "ORG":
            company = entity.text
            if _SCHOOL.fullmatch(company):
                company = ""
        elif company and len(jobs) < 10:
            jobs.append(Experience(company=company, title=entity.text))
    return jobs


def _find_major(
    head: str, school: str, degree_text: str, ranges: Sequence[DateRange], tagging: _Tagging
) -> str:
    # "B.S. Computer Science": the degree pattern stops before the last dot; drop what it leaves.
    return _find_major_raw(head, school, degree_text, ranges, tagging).strip(" .,;:·-|/")


def _find_major_raw(
    head: str, school: str, degree_text: str, ranges: Sequence[DateRange], tagging: _Tagging
) -> str:
    labelled = _MAJOR_LABEL.search(head)
    if labelled:
        return labelled.group(1).strip()
    rest = head
    for r in ranges:
        rest = rest.replace(head[r.span[0] : r.span[1]], " | ")
    for piece in (school, degree_text):
        if piece:
            rest = rest.replace(piece, " | ")
    rest = _GPA.sub(" | ", rest)
    english = _MAJOR_EN.search(rest)
    if english and not _SCHOOL.fullmatch(english.group(1)):
        return english.group(1).strip()
    for segment in _segments(rest):
        segment = re.sub(r"^(?:专业|major)\s*", "", segment, flags=re.I)
        if (
            2 <= len(segment) <= 20
            and not re.search(r"\d|学历|学位|degree|全日制|统招", segment, re.I)
            and load_dictionary().degree_level(segment) is None
        ):
            return re.sub(r"专业$", "", segment).strip() or segment
    for entity in tagging.entities(head, "PRO"):
        return entity
    return ""


def _parse_experience(lines: Sequence[str], kind: str, tagging: _Tagging) -> list[Experience]:
    dated = [bool(find_date_ranges(line)) and len(line) < 160 for line in lines]
    if not any(dated):
        return []
    results: list[Experience] = []
    consumed_header: set[int] = set()
    starts = [i for i, d in enumerate(dated) if d]
    for number, start_index in enumerate(starts):
        stop = starts[number + 1] if number + 1 < len(starts) else len(lines)
        line = lines[start_index]
        date_range = find_date_ranges(line)[0]
        remainder = (line[: date_range.span[0]] + " | " + line[date_range.span[1] :]).strip(" |")
        header_parts = [remainder] if remainder else []
        # English resumes often put "Title, Company" on the line above the dates.
        above = start_index - 1
        if (
            above >= 0
            and not dated[above]
            and above not in consumed_header
            and len(lines[above]) <= 80
            and not _BULLET.match(lines[above])
            and (not remainder or not _ORG_SUFFIX.search(remainder) or not _TITLE_WORDS.search(remainder))
            and (_ORG_SUFFIX.search(lines[above]) or _TITLE_WORDS.search(lines[above]))
        ):
            header_parts.insert(0, lines[above])
            consumed_header.add(above)
            if results:
                prev = results[-1]
                trimmed = prev.description.rsplit("\n", 1)[0] if "\n" in prev.description else ""
                if prev.description.endswith(lines[above]):
                    results[-1] = dataclasses.replace(prev, description=trimmed)
        body = list(lines[start_index + 1 : stop])
        if body and not _BULLET.match(body[0]) and len(body[0]) <= 60 and len(" ".join(header_parts)) < 4:
            header_parts.append(body.pop(0))
        company, title = _company_and_title(" | ".join(header_parts), tagging)
        description = "\n".join(_BULLET.sub("", b) for b in body)
        results.append(
            Experience(
                company=company,
                title=title,
                start=date_range.start,
                end=date_range.end,
                current=date_range.current,
                description=description,
                kind=kind,
            )
        )
    return results


_ORG_THEN_TITLE = re.compile(
    r"^(.{2,40}(?:有限责任公司|股份有限公司|有限公司|公司|集团|分行|支行|银行|营业部|事务所|研究院|证券|保险|控股|中心))"
    r"([^\s]{2,15})$"
)


def _company_and_title(header: str, tagging: _Tagging) -> tuple[str, str]:
    company = ""
    title = ""
    leftovers: list[str] = []
    for kind, segment in _labelled_segments(header):
        if len(segment) > 60:
            continue
        if kind == "company" and not company:
            company = segment
            continue
        if kind == "title" and not title:
            title = segment
            continue
        joined = _ORG_THEN_TITLE.match(segment)
        if joined and not company and not title and _TITLE_WORDS.search(joined.group(2)):
            company, title = joined.group(1), joined.group(2)  # "招商银行客户经理"
            continue
        if not company and _ORG_SUFFIX.search(segment) and not (title == "" and _looks_title_only(segment)):
            company = segment
        elif not title and _TITLE_WORDS.search(segment):
            title = segment
        else:
            leftovers.append(segment)
    if (not company or not title) and re.search(r"[\u4e00-\u9fff]", header):
        orgs = tagging.entities(header, "ORG")
        titles = tagging.entities(header, "TITLE")
        if not company and orgs:
            company = orgs[0]
            if title and company in title:  # "某某控股副总裁" read as one title by the rules
                title = titles[0] if titles else title.replace(company, "").strip()
        if not title and titles:
            title = titles[0]
    for segment in leftovers:
        if segment in (company, title) or (load_dictionary().find(segment) and _only_location(segment)):
            continue
        if not company:
            company = segment
        elif not title:
            title = segment
    return company, title


def _looks_title_only(segment: str) -> bool:
    """ "客户经理" has a title word and no organisation suffix of its own."""
    return bool(_TITLE_WORDS.fullmatch(segment))


def _only_location(segment: str) -> bool:
    mentions = load_dictionary().find(segment)
    return bool(mentions) and all(m.term.category == "location" for m in mentions) and len(segment) <= 12
