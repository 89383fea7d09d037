"""The ranked list explains a score in the reader's language, one evidence line per resume line."""

from __future__ import annotations

import re

from django.utils import translation

from openhire.candidates.demo import resume_text
from openhire.candidates.services import intake_batch_process, intake_files
from openhire.screening.selectors import screening_explanation

STORED = {
    "hard_results": [
        {
            "kind": "education",
            "requirement": "bachelor's degree or above",
            "requirement_zh": "本科及以上",
            "status": "pass",
            "reason_zh": "学历硕士，满足本科及以上",
            "reason_en": "master's degree, meets bachelor's degree or above",
        },
        {  # stored before requirement_zh existed
            "kind": "min_years",
            "requirement": "≥2 years",
            "status": "fail",
            "reason_zh": "工作年限 1 年，不足 2 年",
            "reason_en": "1 years of experience, below the minimum of 2",
        },
    ],
    "matched": ["bachelor's degree or above", "客户关系管理", "Excel"],
    "missing": ["≥2 years", "营销"],
    "evidence": [
        {"requirement": "客户关系管理", "line": "熟练使用Excel，负责客户关系管理"},
        {"requirement": "Excel", "line": "熟练使用Excel，负责客户关系管理"},
        {"requirement": "对公客户经理", "line": "2019.07-至今 某银行 对公客户经理"},
    ],
    "components": {"hard": 0.5, "skills": 0.6, "bm25": 0.42, "custom": 0.1},
}


def test_chinese_reader_gets_chinese_requirement_names_and_reasons():
    with translation.override("zh-hans"):
        zh = screening_explanation(STORED)
    assert zh.matched == ["本科及以上", "客户关系管理", "Excel"]
    assert zh.missing == ["≥2 years", "营销"]  # an old result without a Chinese name keeps its own
    assert zh.hard == [("pass", "学历硕士，满足本科及以上"), ("fail", "工作年限 1 年，不足 2 年")]
    assert zh.evidence == [
        ("客户关系管理、Excel", "熟练使用Excel，负责客户关系管理"),
        ("对公客户经理", "2019.07-至今 某银行 对公客户经理"),
    ]


def test_english_reader_gets_english_names_and_readable_components():
    with translation.override("en"):
        en = screening_explanation(STORED)
    assert en.matched[0] == "bachelor's degree or above"
    assert en.hard[1] == ("fail", "1 years of experience, below the minimum of 2")
    assert en.evidence[0] == ("客户关系管理, Excel", "熟练使用Excel，负责客户关系管理")
    assert [str(label) for label, _ in en.components] == [
        "hard requirements",
        "skills",
        "text relevance",
        "custom",
    ]


def test_empty_or_partial_results_do_not_break_the_explanation():
    assert screening_explanation({}).matched == []
    broken = {"hard_results": ["not a dict"], "evidence": [{"requirement": "x"}], "components": {}}
    explained = screening_explanation(broken)
    assert explained.hard == [] and explained.evidence == []


def test_ranked_page_speaks_the_readers_language(job, users, client_for):
    receipt = intake_files(
        job=job,
        files=[(f"{n}.txt", resume_text(n, language="zh").encode()) for n in range(4)],
        actor=users["recruiter"],
    )
    intake_batch_process(batch_id=receipt.batch.id)
    client = client_for(users["recruiter"])
    zh = client.get(f"/screening/jobs/{job.id}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    en = client.get(f"/screening/jobs/{job.id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "本科及以上" in zh and "degree or above" not in zh
    assert "至少 2 年" in zh and "years</span>" not in zh
    assert "文本相关度 0." in zh and not re.search(r"bm25 \d", zh)  # the engine name stays
    assert "bachelor&#x27;s degree or above" in en and "text relevance" in en
    # the skill filter finds a requirement by the name the reader sees
    chinese = client.get(f"/screening/jobs/{job.id}/?skill=本科及以上", HTTP_ACCEPT_LANGUAGE="zh-hans")
    english = client.get(f"/screening/jobs/{job.id}/?skill=degree+or+above", HTTP_ACCEPT_LANGUAGE="en")
    shown = [r.context["ranked"] for r in (chinese, english)]
    assert shown[0] and [a.id for a in shown[0]] == [a.id for a in shown[1]]
