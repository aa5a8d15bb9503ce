"""L2-regularised logistic regression (ridge), small and dependency-light (numpy only).

Used twice by the backtest: to fit evidence-suggested weights (outcome on the milestones an
account reached) and to calibrate a score into a probability (Platt scaling: outcome on the
score). The intercept is not penalised.

Health-score features take few distinct values (reached or not, per milestone; a score sums a
few weights), so rows are first grouped by their distinct feature values and the fit runs on
the groups with their counts: a 100k-account fit is a fit over a few dozen groups. Newton's
method (with step halving) converges in a handful of steps at that size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]

MAX_STEPS = 50
TOLERANCE = 1e-10
RIDGE_FLOOR = 1e-6
"""Added to the penalty so a perfectly separating feature still has a finite fit."""


@dataclass(frozen=True)
class Fit:
    intercept: float
    coefficients: Floats

    def probability(self, features: Floats) -> Floats:
        """The fitted probability for each row of `features`."""
        return _sigmoid(self.intercept + np.asarray(features, dtype=np.float64) @ self.coefficients)


def _sigmoid(z: Floats) -> Floats:
    out: Floats = 0.5 * (1.0 + np.tanh(0.5 * z))  # stable for large |z|
    return out


def _loss(theta: Floats, x: Floats, n: Floats, s: Floats, penalty: Floats) -> float:
    z = x @ theta
    # sum over groups of n log(1 + e^z) - s z, written to stay finite for large |z|.
    return float(np.sum(n * np.logaddexp(0.0, z) - s * z) + 0.5 * np.sum(penalty * theta**2))


def _groups(x: Floats) -> tuple[Floats, NDArray[np.intp]]:
    """The distinct rows of `x` and, per row, the index of its group. Rows of 0/1 values are
    keyed by the integer their bits spell (sorting integers, not rows: ~20x faster)."""
    cols = x.shape[1]
    if cols == 1:
        values, inverse = np.unique(x[:, 0], return_inverse=True)
        return values[:, None], inverse.reshape(-1)
    if cols <= 52 and np.isin(x, (0.0, 1.0)).all():
        bits = x @ (2.0 ** np.arange(cols))
        _, first, inverse = np.unique(bits, return_index=True, return_inverse=True)
        return x[first], inverse.reshape(-1)
    groups, inverse = np.unique(x, axis=0, return_inverse=True)
    return groups, inverse.reshape(-1)


def fit(features: Floats, labels: NDArray[np.bool_], penalty: float = 1.0) -> Fit:
    """Minimise the log-loss summed over rows plus `penalty`/2 x |coefficients|^2."""
    x = np.asarray(features, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    groups, inverse = _groups(x)
    n = np.bincount(inverse, minlength=len(groups)).astype(np.float64)
    s = np.asarray(
        np.bincount(inverse, weights=labels.astype(np.float64), minlength=len(groups)),
        dtype=np.float64,
    )
    design = np.hstack([np.ones((len(groups), 1)), groups])
    ridge = np.full(design.shape[1], penalty + RIDGE_FLOOR)
    ridge[0] = RIDGE_FLOOR
    rate = min(max(float(s.sum() / max(n.sum(), 1.0)), 1e-6), 1 - 1e-6)
    theta = np.zeros(design.shape[1])
    theta[0] = np.log(rate / (1 - rate))
    loss = _loss(theta, design, n, s, ridge)
    for _ in range(MAX_STEPS):
        p = _sigmoid(design @ theta)
        grad = design.T @ (n * p - s) + ridge * theta
        hessian = (design * (n * p * (1 - p))[:, None]).T @ design + np.diag(ridge)
        step = np.linalg.solve(hessian, grad)
        scale, improved = 1.0, False
        while scale > 1e-8 and not improved:
            candidate = theta - scale * step
            new_loss = _loss(candidate, design, n, s, ridge)
            improved = new_loss <= loss
            scale /= 2
        if not improved:
            break
        theta, gain, loss = candidate, loss - new_loss, new_loss
        if gain < TOLERANCE * max(1.0, abs(loss)):
            break
    return Fit(float(theta[0]), theta[1:])
