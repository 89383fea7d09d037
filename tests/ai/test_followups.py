import pytest

from openhire.ai.followups import FollowupRule, FollowupRuleError, default_rules, match_followup


def test_failed_project_in_chinese_asks_what_was_learned():
    m = match_followup(default_rules(), "去年我负责的一个项目失败了，因为需求变化太快。", "zh")
    assert m is not None
    assert m.rule_id == "failure-learning"
    assert m.question == "你从中学到了什么？"
    assert "失败" in m.matched


def test_failed_project_in_english_asks_what_was_learned():
    m = match_followup(default_rules(), "Our launch FAILED because we ignored the customers.", "en")
    assert m is not None
    assert m.question == "What did you learn from it?"
    assert m.question_zh == "你从中学到了什么？"


def test_traditional_and_full_width_text_match():
    assert match_followup(default_rules(), "那個專案最後失敗了", "zh") is not None
    assert match_followup(default_rules(), "ｔｈｅ ｐｒｏｊｅｃｔ ｆａｉｌｅｄ", "en") is not None


def test_answer_that_already_says_what_was_learned_gets_no_followup():
    assert match_followup(default_rules(), "项目失败了，但我学到了要尽早和客户确认需求。", "zh") is None


def test_success_story_gets_no_followup():
    assert match_followup(default_rules(), "我们按时上线，客户满意度提升了20%。", "zh") is None


def test_english_keywords_match_whole_words_only():
    rule = FollowupRule(id="r", keywords=("fail",), question_zh="问", question_en="Q")
    assert match_followup([rule], "It was a failsafe design", "en") is None
    assert match_followup([rule], "Did it fail? Yes.", "en") is not None


def test_all_mode_needs_every_keyword():
    rule = FollowupRule(
        id="r", keywords=("客户", "投诉"), mode="all", question_zh="你怎么处理的？", question_en="How?"
    )
    assert match_followup([rule], "客户很满意", "zh") is None
    assert match_followup([rule], "有客户投诉我们", "zh") is not None


def test_missing_ideal_point_triggers_followup():
    rule = FollowupRule(
        id="risk",
        missing_point="风险评估",
        question_zh="你是如何评估风险的？",
        question_en="How did you assess the risks?",
    )
    assert match_followup([rule], "我先做了风险评估，再制定计划。", "zh") is None
    m = match_followup([rule], "我直接开始执行计划。", "zh")
    assert m is not None and m.reason == "missing_point" and m.matched == ("风险评估",)


def test_first_matching_rule_wins_and_result_is_deterministic():
    rules = [
        FollowupRule(id="a", keywords=("conflict",), question_zh="甲", question_en="A"),
        FollowupRule(id="b", keywords=("conflict",), question_zh="乙", question_en="B"),
    ]
    results = {match_followup(rules, "There was a conflict in the team", "en") for _ in range(3)}
    assert len(results) == 1
    assert next(iter(results)).rule_id == "a"  # type: ignore[union-attr]


def test_malformed_rule_and_bad_language_raise_clear_errors():
    with pytest.raises(FollowupRuleError, match="needs keywords or a missing_point"):
        match_followup([FollowupRule(id="x", question_zh="问", question_en="Q")], "text", "zh")
    with pytest.raises(FollowupRuleError, match="mode must be"):
        match_followup(
            [FollowupRule(id="x", keywords=("a",), mode="some", question_zh="问", question_en="Q")], "a", "en"
        )
    with pytest.raises(FollowupRuleError, match="language"):
        match_followup(default_rules(), "text", "fr")
