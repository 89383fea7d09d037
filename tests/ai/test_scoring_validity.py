"""The validity protocol of the answer scorer: fitted QWK cut points and the unseen-answers CV."""

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from openhire.ai.scoring.datasets import LabelledAnswer, load_dataset
from openhire.ai.scoring.evaluation import agreement, apply_cut_points, default_cut_points, fit_cut_points
from openhire.ai.scoring.training import answer_folds, featurize, unseen_answers_predictions

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
SAS = DATA / "sas_zh" / "ADS" / "train.jsonl"


def _qwk(rows_h: np.ndarray, pred: np.ndarray, steps: int) -> float:
    rows = [LabelledAnswer("d", "q", "q", "a", (), float(h), 0.0, float(steps), "en") for h in rows_h]
    return agreement("x", rows, [0.0] * len(rows), grades=pred.tolist()).qwk


def test_fitted_cut_points_beat_plain_rounding_on_a_held_out_half():
    # a skewed scale (half the answers get full marks) predicted by a compressed, noisy score:
    # the pattern of the sas_zh data, where rounding the continuous prediction loses QWK
    rng = np.random.default_rng(0)
    human = np.minimum(10, np.round(rng.beta(3, 1, 800) * 11)).astype(int)
    pred = 0.3 + 0.4 * human / 10 + rng.normal(0, 0.06, 800)
    cuts = fit_cut_points(pred[:400].tolist(), human[:400].tolist(), 10)
    assert np.all(np.diff(cuts) >= 0)
    fitted = _qwk(human[400:], apply_cut_points(cuts, pred[400:]), 10)
    rounded = _qwk(human[400:], apply_cut_points(default_cut_points(10), pred[400:]), 10)
    assert fitted > rounded + 0.05


def test_cut_points_fall_back_to_rounding_with_too_few_rows():
    assert np.allclose(fit_cut_points([0.1, 0.9], [0, 10], 10), default_cut_points(10))
    assert apply_cut_points(default_cut_points(2), [0.0, 0.3, 0.5, 0.99]).tolist() == [0, 1, 1, 2]


@pytest.fixture(scope="module")
def sas_subset():
    if not SAS.is_file():
        pytest.skip("shared data not present")
    rows = [r for r in load_dataset("sas-jsonl", SAS) if r.question_id in {"001", "002", "003", "004"}]
    return rows, featurize(rows, None)


def test_unseen_answers_on_sas_with_fitted_cut_points_beats_rounding(sas_subset):
    rows, feats = sas_subset
    u = unseen_answers_predictions(feats, emb=False, own_dataset=True, steps={"sas_ads": 10})
    rounded = agreement("rounded", rows, u.fractions.tolist())
    cut = agreement("cut", rows, u.fractions.tolist(), grades=u.grades.tolist())
    assert rounded.pearson > 0.55
    assert cut.qwk > rounded.qwk


def test_held_out_labels_never_reach_the_held_out_predictions(sas_subset):
    _rows, feats = sas_subset
    fold_of = np.array(answer_folds(feats, 5))
    before = unseen_answers_predictions(feats, emb=False, own_dataset=True, steps={"sas_ads": 10})
    # scramble the human scores of fold 0: its predictions and grades must not move
    scrambled = [
        dataclasses.replace(f, target=1.0 - f.target) if fold_of[i] == 0 else f for i, f in enumerate(feats)
    ]
    after = unseen_answers_predictions(scrambled, emb=False, own_dataset=True, steps={"sas_ads": 10})
    held = fold_of == 0
    assert np.allclose(before.fractions[held], after.fractions[held])
    assert np.array_equal(before.grades[held], after.grades[held])
    assert not np.allclose(before.fractions[~held], after.fractions[~held])
