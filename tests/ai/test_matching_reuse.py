"""The screener reuses the parser's dictionary scan, and the faster paths give the same answers."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openhire.ai.matching import Screener, job_spec_from_dict
from openhire.ai.matching.bm25 import term_sets, tokenize
from openhire.ai.matching.dictionary import (
    Mention,
    SkillDictionary,
    load_dictionary,
    normalize,
    normalize_lines,
)
from openhire.ai.resume import ResumeProfile, parse_resume
from openhire.ai.resume.contracts import TermMentions

from .test_matching import JOB
from .test_resume_parse import EN_RESUME, ZH_RESUME

JOBS = [
    JOB,
    {
        "title": "Software Engineer",
        "description": "Python, Java and SQL microservices with Spring Boot; 负责核心系统改造与客户关系管理系统",
        "languages": ["English"],
        "location": "Remote",
    },
    {
        "title": "客户经理",
        "description": "客户关系管理 CRM 银行从业资格 英语六级 Excel 贸易融资",
        "education": "master",
    },
]
RESUMES = [(ZH_RESUME, False), (ZH_RESUME, None), (EN_RESUME, False), (ZH_RESUME + "\n" + EN_RESUME, False)]


def _parsed(text: str, tagger: bool | None) -> ResumeProfile:
    return parse_resume(text, as_of="2026-11", tagger=tagger)


@pytest.mark.parametrize("job", JOBS)
@pytest.mark.parametrize(("text", "tagger"), RESUMES)
def test_result_with_the_parsers_mentions_equals_the_screeners_own_scan(
    job: dict[str, object], text: str, tagger: bool | None
) -> None:
    screener = Screener(job_spec_from_dict(job))
    profile = _parsed(text, tagger)
    assert profile.term_mentions is not None and profile.term_mentions.mentions
    reused = screener.match(profile).to_dict()
    scanned = screener.match(replace(profile, term_mentions=None)).to_dict()
    assert reused == scanned


def test_parsed_resume_is_not_scanned_again_by_the_screener() -> None:
    dictionary = load_dictionary()
    profile = _parsed(ZH_RESUME, False)
    screener = Screener(job_spec_from_dict(JOB), dictionary=dictionary)
    scanned: list[str] = []
    real_find = SkillDictionary.find

    def counting_find(self: SkillDictionary, text: str, *, normalized: bool = False) -> list[Mention]:
        scanned.append(text)
        return real_find(self, text, normalized=normalized)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SkillDictionary, "find", counting_find)
        screener.match(profile)
        assert normalize(profile.scoring_text) not in scanned
        screener.match(replace(profile, term_mentions=None))
        assert normalize(profile.scoring_text) in scanned


def test_mentions_of_another_text_or_dictionary_are_not_trusted() -> None:
    screener = Screener(job_spec_from_dict(JOB))
    profile = _parsed(ZH_RESUME, False)
    other_text = _parsed(EN_RESUME, False).scoring_text
    stale = replace(profile, scoring_text=other_text)  # e.g. edited after parsing
    assert screener.match(stale) == screener.match(replace(stale, term_mentions=None))
    bogus = TermMentions("another-dictionary", profile.scoring_text, (("Excel", 0), ("贸易融资", 0)))
    foreign = replace(profile, term_mentions=bogus)
    assert screener.match(foreign) == screener.match(replace(profile, term_mentions=None))


def test_profile_value_and_json_ignore_the_cached_mentions() -> None:
    profile = _parsed(ZH_RESUME, False)
    assert profile == replace(profile, term_mentions=None)
    assert "term_mentions" not in profile.to_dict()


_PIECES = [*"ab Σσς İI.-+#_0123456789\n\t，。对公客户关系管理负责工作经验银行从业资格ＡＢＣ①ﬁ\u0301"]
_TEXT = st.lists(st.sampled_from([*_PIECES, "Python", "SQL", "客户关系管理", "贸易融资"]), max_size=60).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_line_term_sets_equal_tokenize_per_line_in_content_and_order(text: str) -> None:
    expected = [set(tokenize(line)) for line in text.split("\n")]
    got = term_sets(normalize_lines(text))
    assert got == expected
    # The evidence ranking sums floats in set order: the layout must match too.
    assert [list(s) for s in got] == [list(s) for s in expected]


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_normalize_lines_equals_normalize_per_line(text: str) -> None:
    assert normalize_lines(text) == [normalize(line) for line in text.split("\n")]


def _reference_find(dictionary: SkillDictionary, low: str) -> list[Mention]:
    """The scan before the inner-offset table: every inner position looked up."""
    found: list[Mention] = []
    for match in dictionary._other_pattern.finditer(low):
        start, end = match.span()
        found.append(Mention(dictionary.terms[match.group()], start, end))
        for inner in range(start + 1, end - 1):
            for surface in dictionary._other_prefixes.get(low[inner : inner + 2], ()):
                if inner + len(surface) > end and low.startswith(surface, inner):
                    found.append(Mention(dictionary.terms[surface], inner, inner + len(surface)))
                    break
    word = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
    for match in dictionary._ascii_pattern.finditer(low):
        start, end = match.span()
        if not (start > 0 and low[start - 1] in word) and not (
            end < len(low) and low[end] in word and low[end - 1] in word
        ):
            found.append(Mention(dictionary.terms[match.group()], start, end))
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    reach = -1
    for mention in found:
        if mention.end > reach:
            kept.append(mention)
            reach = mention.end
    return kept


_CJK_SURFACES = sorted(t for t in load_dictionary().terms if not t[0].isascii())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_CJK_SURFACES, "的", "和", "，", "Python", "sql"]), max_size=12))
def test_find_with_the_inner_offset_table_equals_the_full_inner_scan(parts: list[str]) -> None:
    dictionary = load_dictionary()
    low = "".join(parts)
    assert dictionary.find(low, normalized=True) == _reference_find(dictionary, low)
