"""How well a score separates accounts that reached an outcome from those that did not.

Pure numpy/scipy over arrays: AUC with DeLong's variance (and the covariance of several scores
on the same accounts, for a paired comparison), the ROC curve, top-decile lift, the Brier score
of a Platt-calibrated probability and a calibration table by decile. Ties are handled exactly
(midranks; fractional shares at a decile's edge), because health scores are sums of a few
weights and most accounts share a handful of values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Z95 = 1.959963984540054
"""The standard normal's 97.5% quantile: two-sided 95% intervals."""
ROC_POINTS = 101
"""Most points a ROC curve keeps (enough to draw it; both ends always kept)."""

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class Auc:
    """An AUC and its 95% interval (DeLong's variance, normal approximation, clipped to 0..1)."""

    value: float
    low: float
    high: float
    se: float


@dataclass(frozen=True)
class CalibrationBin:
    """One decile of accounts by score (1 = lowest, 10 = highest); tied scores share a decile,
    so a decile may be missing and others larger than a tenth."""

    decile: int
    n: int
    score_low: float
    score_high: float
    predicted: float
    """Mean calibrated probability of the outcome."""
    observed: float
    """Share of these accounts that reached the outcome."""


def _midranks(values: Floats) -> Floats:
    from scipy.stats import rankdata

    return np.asarray(rankdata(values, method="average"), dtype=np.float64)


def _placements(score: Floats, labels: Bools) -> tuple[Floats, Floats]:
    """DeLong's structural components: for each positive, the share of negatives it outranks;
    for each negative, the share of positives that outrank it (ties count one half)."""
    pos, neg = score[labels], score[~labels]
    m, n = len(pos), len(neg)
    together = _midranks(np.concatenate([pos, neg]))
    v10 = (together[:m] - _midranks(pos)) / n
    v01 = 1.0 - (together[m:] - _midranks(neg)) / m
    return v10, v01


def delong(scores: Sequence[Floats], labels: Bools) -> tuple[Floats, Floats]:
    """AUC of each score and their covariance matrix (DeLong, DeLong & Clarke-Pearson 1988,
    computed by midranks as in Sun & Xu 2014). Needs at least two positives and two negatives."""
    m, n = int(labels.sum()), int((~labels).sum())
    if m < 2 or n < 2:
        raise ValueError("DeLong's variance needs at least two accounts of each class")
    parts = [_placements(np.asarray(s, dtype=np.float64), labels) for s in scores]
    v10 = np.vstack([p[0] for p in parts])
    v01 = np.vstack([p[1] for p in parts])
    aucs = v10.mean(axis=1)
    cov = np.atleast_2d(np.cov(v10)) / m + np.atleast_2d(np.cov(v01)) / n
    return aucs, cov


def auc(score: Floats, labels: Bools) -> Auc:
    """The score's AUC with a 95% interval."""
    aucs, cov = delong([score], labels)
    value, se = float(aucs[0]), math.sqrt(max(float(cov[0, 0]), 0.0))
    return Auc(value, max(0.0, value - Z95 * se), min(1.0, value + Z95 * se), se)


def auc_difference(first: Floats, second: Floats, labels: Bools) -> Auc:
    """AUC(second) - AUC(first) on the same accounts, with its 95% interval (paired DeLong:
    the two AUCs are correlated, so their own intervals overlapping says little)."""
    aucs, cov = delong([first, second], labels)
    diff = float(aucs[1] - aucs[0])
    se = math.sqrt(max(float(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]), 0.0))
    return Auc(diff, diff - Z95 * se, diff + Z95 * se, se)


def roc_curve(score: Floats, labels: Bools) -> list[tuple[float, float]]:
    """(false positive rate, true positive rate) at every distinct threshold, from (0, 0) to
    (1, 1), thinned to at most ROC_POINTS points."""
    order = np.argsort(-score, kind="stable")
    ranked, hit = score[order], labels[order]
    last_of_value = np.r_[ranked[1:] != ranked[:-1], True]
    tp = np.cumsum(hit)[last_of_value]
    fp = np.cumsum(~hit)[last_of_value]
    positives, negatives = max(int(labels.sum()), 1), max(int((~labels).sum()), 1)
    points = [(0.0, 0.0)] + [
        (float(f) / negatives, float(t) / positives) for f, t in zip(fp, tp, strict=True)
    ]
    if len(points) > ROC_POINTS:
        keep = np.unique(np.linspace(0, len(points) - 1, ROC_POINTS).round().astype(int))
        points = [points[i] for i in keep]
    return points


def top_decile_lift(score: Floats, labels: Bools, share: float = 0.1) -> float | None:
    """Outcome rate among the top `share` of accounts by score over the overall rate. Accounts
    tied at the cut count in proportion (the expected rate under a random tie-break)."""
    n = len(score)
    base = float(labels.mean()) if n else 0.0
    if n == 0 or base == 0.0:
        return None
    take = share * n
    cut = np.sort(score)[::-1][max(math.ceil(take) - 1, 0)]
    above, tied = score > cut, score == cut
    expected = float(labels[above].sum()) + (take - int(above.sum())) * float(labels[tied].mean())
    return expected / take / base


def brier(probability: Floats, labels: Bools) -> float:
    """Mean squared difference between the probability and what happened (0 is perfect)."""
    return float(np.mean((probability - labels.astype(np.float64)) ** 2))


def calibration(score: Floats, probability: Floats, labels: Bools) -> list[CalibrationBin]:
    """Accounts in deciles of score (by midrank: ties stay together), lowest first."""
    n = len(score)
    if n == 0:
        return []
    decile = np.minimum(np.floor(10 * (_midranks(score) - 0.5) / n).astype(int), 9)
    bins: list[CalibrationBin] = []
    for d in range(10):
        inside = decile == d
        if not inside.any():
            continue
        bins.append(
            CalibrationBin(
                decile=d + 1,
                n=int(inside.sum()),
                score_low=float(score[inside].min()),
                score_high=float(score[inside].max()),
                predicted=float(probability[inside].mean()),
                observed=float(labels[inside].mean()),
            )
        )
    return bins
