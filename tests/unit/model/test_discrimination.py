"""AUC, DeLong intervals, lift, Brier and calibration against independent computations."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.stats import mannwhitneyu

from upg.model import discrimination as d
from upg.model.logistic import fit


def sample(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = rng.random(n) < 0.3
    # A discrete score with heavy ties, shifted for positives.
    score = np.round(rng.normal(labels * 1.0, 1.0) * 2) / 2
    return score, labels


def test_auc_equals_the_mann_whitney_statistic_with_ties() -> None:
    score, labels = sample(3000, 1)
    expected = mannwhitneyu(score[labels], score[~labels]).statistic / (
        labels.sum() * (~labels).sum()
    )
    found = d.auc(score, labels)
    assert found.value == pytest.approx(expected, abs=1e-12)
    assert found.low < found.value < found.high


def test_delong_interval_covers_the_truth_about_95_percent_of_the_time() -> None:
    # True AUC of N(1,1) vs N(0,1) is Phi(1/sqrt(2)) = 0.7602.
    covered = 0
    rng = np.random.default_rng(5)
    for _ in range(200):
        labels = rng.random(400) < 0.4
        score = rng.normal(labels * 1.0, 1.0)
        found = d.auc(score, labels)
        covered += found.low <= 0.76025 <= found.high
    assert 180 <= covered <= 199


def test_paired_difference_of_a_score_with_itself_is_zero() -> None:
    score, labels = sample(500, 2)
    diff = d.auc_difference(score, score, labels)
    assert diff.value == 0.0 and diff.low == diff.high == 0.0


def test_a_constant_score_has_auc_one_half_and_lift_one() -> None:
    labels = np.array([True, False] * 50)
    score = np.zeros(100)
    assert d.auc(score, labels).value == 0.5
    assert d.top_decile_lift(score, labels) == pytest.approx(1.0)


def test_lift_of_a_perfect_score() -> None:
    labels = np.arange(100) < 20
    score = labels.astype(float)
    # The top 10 accounts are all positives: rate 1.0 over a base rate of 0.2.
    assert d.top_decile_lift(score, labels) == pytest.approx(5.0)


def test_roc_runs_from_origin_to_corner() -> None:
    score, labels = sample(1000, 3)
    curve = d.roc_curve(score, labels)
    assert curve[0] == (0.0, 0.0) and curve[-1] == (1.0, 1.0)
    assert all(a[0] <= b[0] and a[1] <= b[1] for a, b in itertools.pairwise(curve))
    # The area under the drawn curve is the AUC (ties are straight segments).
    xs, ys = zip(*curve, strict=True)
    assert float(np.trapezoid(ys, xs)) == pytest.approx(d.auc(score, labels).value, abs=1e-9)


def test_calibration_keeps_ties_together_and_counts_everyone() -> None:
    score, labels = sample(2000, 4)
    probability = fit(score, labels, penalty=0.0).probability(score[:, None])
    bins = d.calibration(score, probability, labels)
    assert sum(b.n for b in bins) == 2000
    assert all(a.score_high < b.score_low for a, b in itertools.pairwise(bins))
    assert d.brier(probability, labels) < float(labels.mean() * (1 - labels.mean()))
