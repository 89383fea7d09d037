from collections import Counter
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openhire.ai.matching import (
    JobSpec,
    JobSpecError,
    Screener,
    SkillWeight,
    job_spec_from_dict,
    match_resume,
)
from openhire.ai.matching.bm25 import Bm25Index, tokenize
from openhire.ai.matching.dictionary import load_dictionary
from openhire.ai.resume import ResumeProfile, parse_resume

from .test_resume_parse import EN_RESUME, ZH_RESUME

JOB = {
    "title": "对公客户经理",
    "description": "负责对公客户关系管理与拓展，营销存款、授信与贸易融资产品，完成贷前调查和贷后管理。",
    "requirements": "本科及以上学历，3年以上银行对公业务经验，熟练使用Excel。",
    "skills": [{"name": "客户关系管理", "weight": 3}, {"name": "贷后管理", "weight": 2}, "Excel", "贸易融资"],
    "must_have": ["银行从业资格"],
    "min_years": 3,
    "education": "本科",
    "location": "上海",
}


def zh() -> ResumeProfile:
    return parse_resume(ZH_RESUME, as_of="2026-11", tagger=False)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Python", "python3"),
        ("银行从业资格", "银行业专业人员职业资格"),
        ("客户关系管理", "CRM"),
        ("CFA", "特许金融分析师"),
        ("基金从业", "基金从业资格证"),
        ("英语六级", "CET-6"),
        ("反洗钱", "AML"),
    ],
)
def test_synonyms_share_a_canonical_name(a: str, b: str) -> None:
    dictionary = load_dictionary()
    assert dictionary.lookup(a) is not None
    assert dictionary.lookup(a) == dictionary.lookup(b)


def test_dictionary_is_large_and_has_no_conflicting_synonyms() -> None:
    from importlib import resources

    import yaml

    data = yaml.safe_load(resources.files("openhire.ai.matching").joinpath("skills.yaml").read_text("utf-8"))
    entries = (
        [e for group in data["skills"].values() for e in group] + data["certificates"] + data["languages"]
    )
    assert len(entries) >= 250
    surfaces = Counter(s for entry in entries for s in {" ".join(str(x).lower().split()) for x in entry})
    assert [s for s, n in surfaces.items() if n > 1] == []
    for certificate in ("CFA", "CPA", "FRM", "ACCA", "基金从业资格", "证券从业资格", "中级会计师"):
        term = load_dictionary().lookup(certificate)
        assert term is not None and term.category == "certificate"


def test_ascii_terms_match_whole_words_only() -> None:
    found = [m.term.canonical for m in load_dictionary().find("JavaScript and javax, golang, C++ / C#")]
    assert found == ["JavaScript", "Go", "C++", "C#"]


def test_overlapping_chinese_terms_are_all_found() -> None:
    found = {m.term.canonical for m in load_dictionary().find("负责对公客户关系管理")}
    assert {"Corporate Banking", "Customer Relationship Management"} <= found


def test_tokenizer_bigrams_for_chinese_words_for_english() -> None:
    assert tokenize("信贷风险 Credit Risk") == ["信贷", "贷风", "风险", "credit", "risk"]


def test_bm25_prefers_the_matching_document() -> None:
    index = Bm25Index(
        [tokenize("对公信贷 客户经理"), tokenize("软件工程师 Java 开发"), tokenize("柜员 现金")]
    )
    scores = index.scores(tokenize("Java 软件开发"))
    assert scores.index(max(scores)) == 1
    assert 0.0 < index.coverage(tokenize("Java")) < 1.0


def test_full_match_with_reasons_in_words() -> None:
    result = match_resume(zh(), job_spec_from_dict(JOB))
    assert result.passed_hard_requirements
    reasons = {r.kind: (r.status, r.reason_zh, r.reason_en) for r in result.hard_results}
    assert reasons["education"] == (
        "pass",
        "学历硕士，满足本科及以上",
        "master's degree, meets bachelor's degree or above",
    )
    assert reasons["min_years"][0] == "pass" and "5.7" in reasons["min_years"][2]
    assert reasons["must_have"][0] == "pass"
    assert reasons["location"][0] == "pass"
    assert {"客户关系管理", "贷后管理", "Excel"} <= set(result.matched)
    assert result.missing == ("贸易融资",)
    evidence = {e.requirement: e.line for e in result.evidence}
    assert evidence["贷后管理"] == "负责授信审批材料准备、贷后管理和交叉销售。"
    assert 0 <= result.score <= 100


def test_failing_hard_requirements_say_why() -> None:
    job = job_spec_from_dict(
        {**JOB, "min_years": 8, "education": "博士", "location": "北京", "must_have": ["CPA"]}
    )
    result = match_resume(zh(), job)
    assert not result.passed_hard_requirements
    failed = {r.kind: r.reason_zh for r in result.hard_results if r.status == "fail"}
    assert failed["education"] == "学历硕士，低于要求的博士"
    assert failed["min_years"] == "工作年限 5.7 年，不足 8 年"
    assert failed["location"] == "所在地上海，岗位在北京"
    assert "CPA" in failed["must_have"]


def test_unknown_is_not_failure() -> None:
    profile = parse_resume("Mary Chen\nSkills: Excel\n", as_of="2026-11")
    job = job_spec_from_dict(
        {"title": "Teller", "description": "Cash handling", "education": "bachelor", "location": "Shanghai"}
    )
    result = match_resume(profile, job)
    assert [r.status for r in result.hard_results] == ["unknown", "unknown"]
    assert result.passed_hard_requirements


def test_relevant_resume_ranks_above_irrelevant() -> None:
    screener = Screener(job_spec_from_dict(JOB))
    good = screener.match(zh())
    other = screener.match(parse_resume(EN_RESUME, as_of="2026-11"))
    assert good.score > other.score + 20


def test_skills_derived_from_job_text_when_not_listed() -> None:
    job = job_spec_from_dict(
        {"title": "Data analyst", "description": "Python and SQL for credit risk reporting"}
    )
    result = match_resume(parse_resume(EN_RESUME, as_of="2026-11"), job)
    assert {"Python", "SQL"} <= set(result.matched)
    assert "Credit Risk" in result.missing


def test_same_input_same_result_and_config_hash() -> None:
    job = job_spec_from_dict(JOB)
    first, second = match_resume(zh(), job), match_resume(zh(), job)
    assert first == second
    assert len(first.config_hash) == 16
    assert ("openhire-match", "1.0") in [(e.name, e.version) for e in first.engines]


class FakeEmbedder:
    name = "fake-embedder"
    version = "1"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for text in texts:
            vector = np.zeros(8, dtype=np.float32)
            for token in tokenize(text):
                vector[sum(map(ord, token)) % 8] += 1.0
            rows.append(vector / (np.linalg.norm(vector) or 1.0))
        return np.stack(rows)


def test_embedder_adds_a_semantic_component_and_names_itself() -> None:
    job = job_spec_from_dict(JOB)
    plain = match_resume(zh(), job)
    semantic = match_resume(zh(), job, embedder=FakeEmbedder())
    assert "semantic" in dict(semantic.components) and "semantic" not in dict(plain.components)
    assert ("fake-embedder", "1") in [(e.name, e.version) for e in semantic.engines]
    assert semantic.config_hash != plain.config_hash


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"description": "x"}, "'title' is required"),
        ({"title": "x"}, "'description' is required"),
        ({"title": "x", "description": "y", "min_years": "many"}, "'min_years' must be a number"),
        ({"title": "x", "description": "y", "skills": [{"name": "SQL", "weight": -1}]}, "weight"),
        ({"title": "x", "description": "y", "skills": 5}, "'skills'"),
        ({"title": ["x", {"a": 1}], "description": "y"}, "'title'"),
        ("not a mapping", "expected a mapping"),
    ],
)
def test_job_spec_errors_name_the_field(data: object, message: str) -> None:
    with pytest.raises(JobSpecError, match=message):
        job_spec_from_dict(data)  # type: ignore[arg-type]


def test_job_spec_accepts_the_minimal_and_the_full_format() -> None:
    minimal = job_spec_from_dict({"title": "柜员", "description": "现金业务"})
    assert minimal == JobSpec(title="柜员", description="现金业务")
    full = job_spec_from_dict({**JOB, "skills": {"SQL": 2, "Excel": 1}, "certificates": "CFA, FRM"})
    assert full.skills == (SkillWeight("SQL", 2.0), SkillWeight("Excel", 1.0))
    assert full.certificates == ("CFA", "FRM")


def test_unknown_education_level_is_a_clear_error() -> None:
    with pytest.raises(JobSpecError, match="education"):
        Screener(job_spec_from_dict({"title": "x", "description": "y", "education": "some schooling"}))


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=500))
def test_any_resume_text_scores_between_0_and_100(text: str) -> None:
    result = SCREENER.match(parse_resume(text, as_of="2026-11", tagger=False))
    assert 0.0 <= result.score <= 100.0
    assert result.config_hash == SCREENER.config_hash


SCREENER = Screener(job_spec_from_dict(JOB))


def test_bm25_scores_do_not_depend_on_the_hash_seed():
    """Query terms are a set; a plain float sum over it would change in the last bits with
    PYTHONHASHSEED (another worker process), and so could the order of tied evidence lines."""
    import os
    import subprocess
    import sys

    program = (
        "from openhire.ai.matching.bm25 import Bm25Index\n"
        "docs = [[f't{i}' for i in range(k, 60, 1 + k % 5)] * (1 + k % 3) for k in range(12)]\n"
        "index = Bm25Index(docs)\n"
        "query = [f't{i}' for i in range(60)]\n"
        "print(repr(index.scores(query)), repr(index.score(0, query)))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(1, 7)
    }
    assert len(outputs) == 1


def test_dictionary_names_a_term_for_a_chinese_reader():
    from openhire.ai.matching.dictionary import load_dictionary

    dictionary = load_dictionary()
    assert dictionary.display_name("Corporate Banking", zh=True) == "公司银行"
    assert dictionary.display_name("python3", zh=True) == "python3"  # no Chinese name: as given
    assert dictionary.display_name("Customer Relationship Management", zh=False) == (
        "Customer Relationship Management"
    )
    assert dictionary.display_name("crm", zh=True) == "客户关系管理"
    # acronyms and software keep their own names, as Chinese resumes write them
    assert [dictionary.display_name(n, zh=True) for n in ("SQL", "Go", "Excel", "CFA")] == [
        "SQL",
        "Go",
        "Excel",
        "CFA",
    ]
    assert dictionary.display_name("Backend Development", zh=True) == "后端开发"
