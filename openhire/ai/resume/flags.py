"""Signals derived from work history: total years, gaps, job-hopping, overlaps.

They are flags for a person to look at (a gap may be study, care or illness), never a score.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from openhire.ai.resume.contracts import Flag
from openhire.ai.resume.dates import month_from_index, month_index

GAP_MONTHS = 6  # a gap longer than this is flagged
HOP_EMPLOYERS = 3  # this many employers starting within HOP_WINDOW_MONTHS → stability flag
HOP_WINDOW_MONTHS = 12
OVERLAP_MONTHS = 3  # two jobs overlapping longer than this do not add up

Job = tuple[str, str | None, str | None, bool]  # company, start, end, current


def derive(jobs: Sequence[Job], as_of: str) -> tuple[float, list[Flag], list[str]]:
    """(total years, flags, errors) for work history ``jobs``; "present" means ``as_of``."""
    now = month_index(as_of)
    spans: list[tuple[int, int, str]] = []
    errors: list[str] = []
    flags: list[Flag] = []
    for company, start, end, current in jobs:
        if start is None:
            continue
        first = month_index(start)
        last = now if (current or end is None) else month_index(end)
        label = company or "?"
        if first > now:
            errors.append(f"{label}: start date {start} is in the future")
            continue
        if last < first:
            flags.append(
                Flag(
                    "date_order",
                    f"{label}: ends ({end}) before it starts ({start}) / 结束早于开始",
                    start,
                    end,
                )
            )
            continue
        spans.append((first, min(last, now), label))
    if not spans:
        return 0.0, flags, errors
    spans.sort()
    merged: list[list[int]] = []
    for first, last, _ in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    total_months = sum(last - first + 1 for first, last in merged)
    for (_, prev_last), (next_first, _) in itertools.pairwise(merged):
        gap = next_first - prev_last - 1
        if gap > GAP_MONTHS:
            flags.append(
                Flag(
                    "gap",
                    f"{gap}-month gap in employment / 工作空档 {gap} 个月",
                    month_from_index(prev_last + 1),
                    month_from_index(next_first - 1),
                )
            )
    flags.extend(_job_hopping(spans))
    flags.extend(_overlaps(spans))
    return round(total_months / 12.0, 1), flags, errors


def _job_hopping(spans: Sequence[tuple[int, int, str]]) -> list[Flag]:
    starts = sorted((first, label) for first, _, label in spans)
    for index, (first, _) in enumerate(starts):
        window = [label for start, label in starts[index:] if start < first + HOP_WINDOW_MONTHS]
        employers = list(dict.fromkeys(window))
        if len(employers) >= HOP_EMPLOYERS:
            last_start = max(start for start, label in starts[index:] if start < first + HOP_WINDOW_MONTHS)
            return [
                Flag(
                    "job_hopping",
                    f"{len(employers)} employers within {HOP_WINDOW_MONTHS} months / "
                    f"{HOP_WINDOW_MONTHS} 个月内 {len(employers)} 家雇主: {', '.join(employers)}",
                    month_from_index(first),
                    month_from_index(last_start),
                )
            ]
    return []


def _overlaps(spans: Sequence[tuple[int, int, str]]) -> list[Flag]:
    flags = []
    for index, (first, last, label) in enumerate(spans):
        for other_first, other_last, other_label in spans[index + 1 :]:
            if other_label == label:
                continue
            overlap = min(last, other_last) - max(first, other_first) + 1
            if overlap > OVERLAP_MONTHS:
                flags.append(
                    Flag(
                        "overlap",
                        f"{label} and {other_label} overlap by {overlap} months / 两段工作重叠 {overlap} 个月",
                        month_from_index(max(first, other_first)),
                        month_from_index(min(last, other_last)),
                    )
                )
    return flags
