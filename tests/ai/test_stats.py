import math

import numpy as np
import pytest
from scipy import stats as sps

from openhire.ai.stats import StatsError, icc, pearson, percentile_rank, quadratic_weighted_kappa, spearman


def test_pearson_and_spearman_match_scipy():
    rng = np.random.default_rng(0)
    x = rng.normal(size=50)
    y = x + rng.normal(size=50)
    y[3] = y[4]  # a tie
    assert pearson(x, y) == pytest.approx(sps.pearsonr(x, y)[0], abs=1e-12)
    assert spearman(x, y) == pytest.approx(sps.spearmanr(x, y)[0], abs=1e-12)


def test_qwk_matches_sklearn():
    from sklearn.metrics import cohen_kappa_score

    a = [0, 1, 2, 2, 3, 4, 4, 1, 0, 3]
    b = [0, 2, 2, 1, 3, 4, 3, 1, 1, 4]
    assert quadratic_weighted_kappa(a, b) == pytest.approx(
        cohen_kappa_score(a, b, weights="quadratic"), abs=1e-12
    )
    assert quadratic_weighted_kappa(a, a) == pytest.approx(1.0)


def test_icc_perfect_agreement_is_one_and_known_value():
    m = [[1, 1], [2, 2], [3, 3], [4, 4]]
    assert icc(m) == pytest.approx(1.0)
    # Shrout & Fleiss (1979) example: ICC(2,1) = 0.29, ICC(3,1) = 0.71
    sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    assert icc(sf, kind="2,1") == pytest.approx(0.29, abs=0.01)
    assert icc(sf, kind="3,1") == pytest.approx(0.71, abs=0.01)


def test_percentile_rank_counts_ties_as_half():
    assert percentile_rank(50, [10, 20, 50, 80]) == pytest.approx(62.5)
    assert percentile_rank(100, [10, 20]) == 100.0
    assert percentile_rank(0, [10, 20]) == 0.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: pearson([1, 2], [1, 2, 3]), "differ in length"),
        (lambda: pearson([1, 1, 1], [1, 2, 3]), "constant"),
        (lambda: pearson([1], [1]), "at least two"),
        (lambda: pearson([1, math.nan], [1, 2]), "finite"),
        (lambda: quadratic_weighted_kappa(np.array([1.5, 2]), [1, 2]), "integer"),
        (lambda: percentile_rank(3, []), "empty"),
        (lambda: icc([[1, 2]]), "at least 2 targets"),
        (lambda: icc([[1, 2], [3, 4]], kind="1,1"), "unknown ICC kind"),
    ],
)
def test_bad_input_raises_clear_error(call, message):
    with pytest.raises(StatsError, match=message):
        call()
