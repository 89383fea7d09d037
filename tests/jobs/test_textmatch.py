"""Duplicate detection: character-bigram Jaccard on normalised text, Chinese and English."""

from __future__ import annotations

from openhire.jobs.textmatch import TextPair, find_duplicates, normalise, similarity


def test_normalisation_ignores_punctuation_width_and_case():
    assert normalise("请讲一次，你失败的经历！") == normalise("请讲一次你失败的经历")
    assert normalise("Ｔｅｌｌ  us, ABOUT it.") == "tellusaboutit"


def test_near_identical_chinese_questions_are_duplicates():
    a = "请讲一次你向不懂金融的客户解释复杂产品的经历。"
    assert similarity(a, "请讲一次你向不懂金融的客户解释复杂产品的经历") == 1.0
    assert similarity(a, "请讲一次你向不太懂金融的客户解释复杂产品的经历。") >= 0.8
    assert similarity(a, "请讲一次你在团队里化解一场激烈分歧的经历。") < 0.5


def test_near_identical_english_questions_are_duplicates():
    a = "Tell us about a time you explained a complex product to a customer."
    assert similarity(a, "Tell us about a time when you explained a complex product to a customer.") >= 0.8
    assert similarity(a, "Describe a situation where you resolved a conflict within your team.") < 0.5


def test_find_duplicates_matches_either_language_and_sorts_by_similarity():
    pool = [
        TextPair.of("zh-only", "请讲一次你向不懂金融的客户解释复杂产品的经历。", ""),
        TextPair.of("en-only", "", "Tell us about a time you explained a complex product to a customer."),
        TextPair.of("other", "你如何安排一天的工作？", "How do you plan your day?"),
    ]
    probe = TextPair.of(
        "new",
        "请讲一次你向不懂金融的客户解释复杂产品的经历",
        "Tell us about a time you explained a complex product to a client.",
    )
    found = find_duplicates(probe, pool)
    assert [d.ident for d in found] == ["zh-only", "en-only"]
    assert found[0].similarity == 1.0
    assert find_duplicates(TextPair.of("x", "", ""), pool) == []
