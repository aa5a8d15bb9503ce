"""L2-regularised logistic regression (ridge), small and dependency-light (numpy + scipy).

Used twice by the backtest: to fit evidence-suggested weights (outcome on the milestones an
account reached) and to calibrate a score into a probability (Platt scaling: outcome on the
score). The intercept is not penalised.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Fit:
    intercept: float
    coefficients: Floats

    def probability(self, features: Floats) -> Floats:
        """The fitted probability for each row of `features`."""
        return _sigmoid(self.intercept + features @ self.coefficients)


def _sigmoid(z: Floats) -> Floats:
    out: Floats = 0.5 * (1.0 + np.tanh(0.5 * z))  # stable for large |z|
    return out


def fit(features: Floats, labels: NDArray[np.bool_], penalty: float = 1.0) -> Fit:
    """Minimise the log-loss summed over rows plus `penalty`/2 x |coefficients|^2."""
    from scipy.optimize import minimize

    x = np.asarray(features, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    y = labels.astype(np.float64)
    rows, cols = x.shape
    rate = min(max(float(y.mean()) if rows else 0.5, 1e-6), 1 - 1e-6)
    start = np.zeros(cols + 1)
    start[0] = np.log(rate / (1 - rate))

    def loss(theta: Floats) -> tuple[float, Floats]:
        z = theta[0] + x @ theta[1:]
        # log(1 + e^z) - y z, written to stay finite for large |z|.
        value = float(np.sum(np.logaddexp(0.0, z) - y * z)) + 0.5 * penalty * float(
            theta[1:] @ theta[1:]
        )
        residual = _sigmoid(z) - y
        grad = np.concatenate([[residual.sum()], x.T @ residual + penalty * theta[1:]])
        return value, grad

    result = minimize(loss, start, jac=True, method="L-BFGS-B")
    theta = np.asarray(result.x, dtype=np.float64)
    return Fit(float(theta[0]), theta[1:])
