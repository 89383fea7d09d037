import dataclasses

import pytest

from openhire.ai.scoring.contracts import EngineRef, ScoringError
from openhire.ai.scoring.interview import (
    AnswerSignals,
    CompetencyInfo,
    ScoredAnswer,
    Thresholds,
    evaluate_interview,
)

COMPS = (
    CompetencyInfo("communication", "沟通能力", "communication", 40),
    CompetencyInfo("problem_solving", "问题解决能力", "problem solving", 60),
)
ENGINE = (EngineRef("openhire-content-scorer", "v1/noref+emb+single"),)


def answers(comm=(85.0, 85.0), prob=(70.0, 86.0), **signals):
    out = [ScoredAnswer(f"c{i}", "communication", s, engines=ENGINE) for i, s in enumerate(comm)]
    out += [
        ScoredAnswer(f"p{i}", "problem_solving", s, AnswerSignals(**signals), ENGINE)
        for i, s in enumerate(prob)
    ]
    return out


def test_competency_scores_are_means_and_overall_uses_the_weights():
    r = evaluate_interview(answers(), COMPS)
    by_key = {c.key: c for c in r.competencies}
    assert by_key["communication"].score_100 == 85.0 and by_key["communication"].answers == 2
    assert by_key["problem_solving"].score_100 == 78.0
    assert r.overall_100 == pytest.approx(0.4 * 85 + 0.6 * 78, abs=0.05)
    assert by_key["problem_solving"].scale_1_5 == pytest.approx(1 + 78 / 25, abs=0.01)


def test_percentile_against_the_benchmark_group():
    r = evaluate_interview(answers(), COMPS, benchmark=[50, 60, 70, 90])
    assert r.percentile == 75.0 and r.benchmark_size == 4
    assert evaluate_interview(answers(), COMPS).percentile is None


def test_pass_when_every_threshold_is_met():
    r = evaluate_interview(
        answers(), COMPS, thresholds=Thresholds(overall_min=70, competency_min={"problem_solving": 70})
    )
    assert r.suggestion == "pass"
    assert "达到通过线" in r.reasons_zh[0] and "meets the pass mark" in r.reasons_en[0]


def test_hold_with_reasons_in_both_languages_when_a_competency_minimum_fails():
    r = evaluate_interview(
        answers(prob=(50.0, 56.0)),
        COMPS,
        thresholds=Thresholds(overall_min=50, competency_min={"problem_solving": 60}),
    )
    assert r.suggestion == "hold"
    assert r.reasons_zh == ("问题解决能力 53 分，低于最低要求 60",)
    assert r.reasons_en == ("problem solving 53 is below the minimum 60",)


def test_candidate_feedback_names_strength_and_area_to_develop():
    r = evaluate_interview(answers(prob=(50.0, 56.0)), COMPS)
    assert r.feedback_zh == "你的沟通能力得分较高，但问题解决能力需加强。"
    assert r.feedback_en == "Your communication stood out; your problem solving could be developed further."
    assert "85" not in r.feedback_zh  # no raw scores in candidate feedback


def test_confidence_flags_are_reported_and_ask_for_review_without_changing_scores():
    plain = evaluate_interview(answers(), COMPS)
    flagged = evaluate_interview(
        answers(words=8, asr_confidence=0.3, face_present_ratio=0.1, second_voice=True, read_aloud=True),
        COMPS,
    )
    codes = {f.code for f in flagged.flags}
    assert codes == {"very_short", "low_asr_confidence", "no_face", "second_voice", "read_aloud"}
    assert flagged.needs_human_review and not plain.needs_human_review
    assert flagged.overall_100 == plain.overall_100
    assert all(f.message_zh and f.message_en for f in flagged.flags)


def test_same_input_gives_exactly_the_same_result_and_records_engines():
    a = evaluate_interview(answers(), COMPS, benchmark=[60, 70])
    b = evaluate_interview(answers(), COMPS, benchmark=[60, 70])
    assert a == b
    assert a.config_hash == b.config_hash
    assert {e.name for e in a.engines} == {"openhire-content-scorer", "openhire-interview-aggregator"}
    other = evaluate_interview(answers(), COMPS, thresholds=Thresholds(overall_min=80))
    assert other.config_hash != a.config_hash


def test_unassessed_competency_is_left_out_of_the_overall():
    r = evaluate_interview(
        answers(prob=()), COMPS, thresholds=Thresholds(competency_min={"problem_solving": 50})
    )
    assert r.overall_100 == 85.0
    assert r.suggestion == "hold" and "not assessed" in r.reasons_en[0]


@pytest.mark.parametrize(
    ("comps", "ans", "message"),
    [
        ((dataclasses.replace(COMPS[0], weight=50), COMPS[1]), answers(), "sum to 100"),
        ((COMPS[0], dataclasses.replace(COMPS[1], key="communication")), answers(), "duplicate"),
        (COMPS, [ScoredAnswer("x", "sales", 50.0)], "unknown competency"),
        (COMPS, [ScoredAnswer("x", "communication", 150.0)], "outside 0..100"),
        ((), [], "no competencies"),
    ],
)
def test_bad_plans_raise_clear_errors(comps, ans, message):
    with pytest.raises(ScoringError, match=message):
        evaluate_interview(ans, comps)
