"""Follow-up rules stored on questions, matched in Chinese and English through the AI matcher."""

from __future__ import annotations

from openhire.jobs.followups import followup_for, matcher_rules

QUESTION = {
    "id": "q1",
    "ideal_points": [
        {"zh": "描述当时的情境", "en": "describe the situation"},
        {"zh": "说明自己采取的行动", "en": "explain the actions you took"},
        {"zh": "量化最终结果和业绩", "en": "quantify the final results and revenue"},
    ],
    "followups": [
        {
            "condition": {
                "any": ["失败", "没成功", "failed", "didn't work"],
                "all": [],
                "missing_point": None,
            },
            "question": {"zh": "你从中学到了什么？", "en": "What did you learn from it?"},
        },
        {
            "condition": {"any": ["客户", "client"], "all": ["投诉"], "missing_point": None},
            "question": {"zh": "你是怎么安抚客户情绪的？", "en": "How did you calm the client down?"},
        },
        {
            "condition": {"any": [], "all": [], "missing_point": 2},
            "question": {"zh": "最后的结果如何？有数据吗？", "en": "What was the result? Any figures?"},
        },
    ],
}


def test_failed_project_triggers_learning_question_in_chinese():
    match = followup_for(QUESTION, "那个项目最后失败了，客户没有续约，结果和业绩都不理想。", "zh")
    assert match is not None and match.question == "你从中学到了什么？" and "失败" in match.matched


def test_failed_project_triggers_learning_question_in_english():
    match = followup_for(
        QUESTION,
        "The launch failed because we missed the deadline. The final results and revenue were poor.",
        "en",
    )
    assert match is not None and match.question == "What did you learn from it?"


def test_all_of_phrases_need_every_phrase():
    assert followup_for(QUESTION, "客户很着急，我们最终签约，最终结果和业绩增长了两成。", "zh") is None
    match = followup_for(QUESTION, "有位客户来投诉手续费，最终结果和业绩都还不错。", "zh")
    assert match is not None and match.question == "你是怎么安抚客户情绪的？"


def test_missing_ideal_point_triggers_a_question_in_both_languages():
    zh = followup_for(QUESTION, "我先了解了情况，然后联系了同事一起处理。", "zh")
    assert zh is not None and zh.reason == "missing_point" and zh.question == "最后的结果如何？有数据吗？"
    en = followup_for(QUESTION, "I gathered the team and we split the work.", "en")
    assert en is not None and en.question == "What was the result? Any figures?"
    covered = followup_for(QUESTION, "We grew the final results and revenue by 20 percent.", "en")
    assert covered is None


def test_template_rules_convert_to_valid_matcher_rules(team_job):
    from openhire.jobs import selectors

    plan = selectors.plan_of(team_job)
    assert plan is not None
    for question in plan.draft["questions"]:
        for rule in matcher_rules(question, "zh") + matcher_rules(question, "en"):
            rule.validate()
