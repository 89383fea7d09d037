"""STAR structure and specificity markers in Chinese and English (regular expressions over normalised text)."""

from __future__ import annotations

import re

from openhire.ai.scoring.contracts import StarMarkers
from openhire.ai.scoring.text import normalize

_STAR_PATTERNS: dict[str, tuple[str, ...]] = {
    "situation": (
        r"当时",
        r"那时",
        r"那次",
        r"有一次",
        r"背景",
        r"在我.{0,8}(工作|实习|期间|公司|学校)",
        r"之前在",
        r"曾经",
        r"\bwhen i was\b",
        r"\bat the time\b",
        r"\bin my (previous|last|former) (role|job|position|company)\b",
        r"\bonce\b",
        r"\bback (then|in)\b",
        r"\bthe situation\b",
        r"\bwe were facing\b",
    ),
    "task": (
        r"任务",
        r"目标",
        r"负责",
        r"需要(我|解决|完成)",
        r"职责",
        r"要求我",
        r"挑战",
        r"\bmy (task|goal|job|role|responsibility) was\b",
        r"\bi was (responsible|asked|tasked)\b",
        r"\bneeded to\b",
        r"\bthe goal was\b",
        r"\bchallenge\b",
    ),
    "action": (
        r"我(首先|先|然后|接着|主动|决定|采取|组织|带领|推动|设计|开发|制定|协调|沟通|联系|分析|提出|建立|安排|调整|改进|优化|说服)",
        r"首先",
        r"其次",
        r"然后",
        r"接着",
        r"采取了",
        r"\bi (decided|organi[sz]ed|led|created|built|designed|implemented|proposed|contacted|analy[sz]ed|"
        r"talked|met|set up|started|introduced|negotiated|coordinated|wrote|developed|changed|trained)\b",
        r"\bfirst(ly)?,",
        r"\bthen i\b",
        r"\bnext,? i\b",
    ),
    "result": (
        r"结果",
        r"最终",
        r"最后",
        r"成功",
        r"提升了?",
        r"提高了?",
        r"降低了?",
        r"减少了?",
        r"增长",
        r"节省",
        r"达成",
        r"完成了",
        r"收获",
        r"学到",
        r"\bas a result\b",
        r"\bin the end\b",
        r"\bresult(ed|s)?\b",
        r"\bsuccessful(ly)?\b",
        r"\b(increased|reduced|improved|grew|saved|achieved|delivered|won)\b",
        r"\bi learned\b",
    ),
}
_STAR_RES = {k: [re.compile(p) for p in v] for k, v in _STAR_PATTERNS.items()}

_NUMBER_RE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|percent|万|亿|千|百|元|个|人|天|周|月|年|小时|次|倍|k\b|m\b)?|"
    r"[一二两三四五六七八九十百千万]+(?:个|人|天|周|月|年|次|倍|万|成)|百分之[一二三四五六七八九十]+"
)
_FIRST_PERSON_ACTION_RE = re.compile(
    r"我(?:们)?(?:首先|先|亲自|主动|独立)?(?:负责|组织|带领|推动|设计|开发|制定|协调|沟通|联系|分析|提出|建立|安排|调整|改进|"
    r"优化|说服|完成|解决|实现|决定|采取|整理|跟进|编写|搭建|引入|培训|管理|处理|梳理|总结)|"
    r"\bi (?:personally |then |also |first )?(?:[a-z]+ed|led|built|wrote|ran|made|set|took|brought|drove|"
    r"began|taught|sold|won|met|found|chose|spoke|gave)\b"
)
_OUTCOME_RE = re.compile(
    r"提升|提高|降低|减少|增长|增加|节省|缩短|达成|达到|超额|满意度|业绩|指标|排名|获得|"
    r"\b(increase|increased|reduce|reduced|improve|improved|grew|growth|saved|cut|raised|achieved|"
    r"exceeded|revenue|satisfaction|ranked|award|kpi)\b"
)


def star_markers(text: str) -> StarMarkers:
    """The STAR components whose markers occur in ``text`` (each with the matched phrases)."""
    norm = normalize(text)
    found: dict[str, tuple[str, ...]] = {}
    for part, patterns in _STAR_RES.items():
        hits: list[str] = []
        for pattern in patterns:
            m = pattern.search(norm)
            if m and m.group(0).strip() not in hits:
                hits.append(m.group(0).strip())
        found[part] = tuple(hits)
    return StarMarkers(**found)


def specificity_counts(text: str) -> tuple[int, int, int]:
    """(numbers, first-person actions, outcome words) found in ``text``."""
    norm = normalize(text)
    return (
        len(_NUMBER_RE.findall(norm)),
        len(_FIRST_PERSON_ACTION_RE.findall(norm)),
        len(_OUTCOME_RE.findall(norm)),
    )


def sentence_is_specific(sentence: str) -> bool:
    numbers, actions, outcomes = specificity_counts(sentence)
    return numbers > 0 and (actions > 0 or outcomes > 0)
