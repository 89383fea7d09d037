"""Dates as resumes write them → ``"YYYY-MM"``.

Handles ``2019.07-至今``, ``2019年7月—2021年3月``, ``07/2019 – present``, ``Jul 2019 – Present``,
``2019/7~2020/3``, ``2019-07-01 至 2020-03-31``, ``2016 - 2018`` and friends. A year without a month
starts in January and ends in December, so ``2016 - 2018`` and ``2019 - 2020`` leave no gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_MONTH = r"(?:1[0-2]|0?[1-9])"
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_PRESENT = r"(?:至今|迄今|今|现在|目前|now|present|current(?:ly)?|today|to\s+date|till\s+now|ongoing)"
_SEP = r"(?:\s*(?:-|–|—|―|－|~|～|〜|至|到|to|until|till)+\s*)"


def _date(tag: str) -> str:
    return (
        rf"(?:(?P<{tag}y1>{_YEAR})(?:\s*[./\-年]\s*(?P<{tag}m1>{_MONTH})(?!\d)"
        rf"(?:\s*月|\s*[./\-]\s*(?:3[01]|[12]\d|0?[1-9])(?!\d)\s*日?)?)?(?!\d)"
        rf"|(?<!\d)(?P<{tag}m2>{_MONTH})\s*[/.\-]\s*(?P<{tag}y2>{_YEAR})(?!\d)"
        rf"|(?P<{tag}mn>{_MONTH_NAME})\s*,?\s*(?P<{tag}y3>{_YEAR})(?!\d))"
    )


_RANGE = re.compile(
    rf"(?<!\d){_date('a')}{_SEP}(?:(?P<present>{_PRESENT})|{_date('b')})",
    re.IGNORECASE,
)
_SINGLE = re.compile(rf"(?<!\d){_date('a')}", re.IGNORECASE)


@dataclass(frozen=True)
class DateRange:
    start: str
    end: str | None  # None when current
    current: bool
    span: tuple[int, int]  # character offsets of the match in the line


def _month_of(groups: dict[str, str | None], tag: str, *, is_end: bool) -> str | None:
    year = groups.get(f"{tag}y1") or groups.get(f"{tag}y2") or groups.get(f"{tag}y3")
    if not year:
        return None
    month: int | None = None
    if groups.get(f"{tag}m1"):
        month = int(groups[f"{tag}m1"] or 0)
    elif groups.get(f"{tag}m2"):
        month = int(groups[f"{tag}m2"] or 0)
    elif groups.get(f"{tag}mn"):
        month = _MONTHS[(groups[f"{tag}mn"] or "")[:3].lower()]
    if month is None:
        month = 12 if is_end else 1
    return f"{int(year):04d}-{month:02d}"


def find_date_ranges(line: str) -> list[DateRange]:
    """Every ``start – end`` range in a line, in order."""
    ranges = []
    for match in _RANGE.finditer(line):
        groups = match.groupdict()
        start = _month_of(groups, "a", is_end=False)
        if start is None:
            continue
        if groups.get("present"):
            ranges.append(DateRange(start, None, True, match.span()))
            continue
        end = _month_of(groups, "b", is_end=True)
        if end is None:
            continue
        ranges.append(DateRange(start, end, False, match.span()))
    return ranges


def find_dates(line: str) -> list[tuple[str, tuple[int, int]]]:
    """Every single date in a line as ``("YYYY-MM", span)``; a bare year reads as January."""
    found = []
    for match in _SINGLE.finditer(line):
        value = _month_of(match.groupdict(), "a", is_end=False)
        if value:
            found.append((value, match.span()))
    return found


def month_index(value: str) -> int:
    """``"2019-07"`` → months since year 0, for arithmetic."""
    year, month = value.split("-")
    return int(year) * 12 + int(month) - 1


def month_from_index(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
