"""Does a health score predict its outcome? A backtest over accounts scored at a landmark.

Every account is scored as it stood at its landmark (sign-up + the score's longest window, or
one date for all) and labelled by whether it reached the outcome within the horizon after it.
Three variants of the score are compared on the same accounts:

- AS_WEIGHTED: the CONTAINS weights as they are today;
- WITHOUT_VANITY: the same without the milestones that validate no outcome;
- SUGGESTED: weights from an L2-regularised logistic fit of the outcome on the milestones
  reached (negative effects set to 0, rescaled to the score's total weight). A joint fit, not
  the per-milestone effects, because milestones are reached together (the aha-moment account
  also completes its profile): one-at-a-time effects would credit a bystander with the aha
  moment's effect. The penalty keeps weights finite when a milestone separates perfectly.

Per variant: AUC with DeLong's 95% interval, top-decile lift, the Brier score of the score
calibrated into a probability (Platt scaling: a logistic fit of the outcome on score/100,
since score/100 itself is no probability), and a calibration table by decile.
Thresholds: `BacktestPolicy`; docs/backtest.md explains them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from upg.model import discrimination as d
from upg.model.health_values import ScoreDefinition
from upg.model.logistic import fit

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


class Variant(StrEnum):
    AS_WEIGHTED = "AS_WEIGHTED"
    """The score as weighted today."""
    WITHOUT_VANITY = "WITHOUT_VANITY"
    """The score without its vanity milestones."""
    SUGGESTED = "SUGGESTED"
    """Weights suggested by the evidence (regularised logistic fit), in sample."""


class BacktestVerdict(StrEnum):
    PREDICTIVE = "PREDICTIVE"
    """AUC at least `predictive_auc` and its interval above 0.5."""
    WEAK = "WEAK"
    """The interval lies above 0.5 but the AUC is below `predictive_auc`."""
    NOT_PREDICTIVE = "NOT_PREDICTIVE"
    """The interval reaches 0.5: no better than a coin."""
    UNTESTED = "UNTESTED"
    """Fewer than `min_class` accounts reached the outcome, or fewer than that missed it."""


@dataclass(frozen=True)
class BacktestPolicy:
    """Thresholds of the backtest (docs/backtest.md)."""

    predictive_auc: float = 0.70
    """AUC from which a score is PREDICTIVE (Hosmer & Lemeshow's "acceptable" discrimination)."""
    min_class: int = 30
    """Fewest accounts with the outcome, and without it, before any verdict but UNTESTED."""
    penalty: float = 1.0
    """L2 penalty of the suggested weights' logistic fit."""
    horizon_days: int = 90
    """Days after the landmark within which the outcome counts."""


@dataclass(frozen=True)
class Population:
    """The accounts of a backtest: which of the score's milestones each had reached inside
    their windows by its landmark, whether the outcome followed within the horizon, and when it
    signed up (seconds since the epoch; the out-of-time split)."""

    hits: Bools
    """accounts x milestones, in the order of the score's milestones."""
    labels: Bools
    signed_up: Floats

    def subset(self, rows: Bools) -> Population:
        return Population(self.hits[rows], self.labels[rows], self.signed_up[rows])


@dataclass(frozen=True)
class VariantResult:
    variant: Variant
    weights: tuple[float, ...]
    """Per milestone, in the order of the score's milestones."""
    auc: d.Auc | None
    top_decile_lift: float | None
    brier: float | None
    brier_reference: float | None
    """The Brier score of predicting the base rate for everyone: a score must beat it."""
    calibration: tuple[d.CalibrationBin, ...]
    roc: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class OutOfTime:
    """Suggested weights fit on the earlier sign-ups, tested with the score as weighted today on
    the later ones (split at the median sign-up)."""

    split_at: float
    """Seconds since the epoch."""
    train_n: int
    test_n: int
    weights: tuple[float, ...]
    as_weighted: d.Auc
    suggested: d.Auc
    difference: d.Auc
    """AUC(suggested) - AUC(as weighted) on the later sign-ups."""


@dataclass(frozen=True)
class BacktestResult:
    score: ScoreDefinition
    n: int
    positives: int
    variants: tuple[VariantResult, ...]
    verdict: BacktestVerdict
    vanity_difference: d.Auc | None
    """AUC(without vanity) - AUC(as weighted), paired; None when untested or nothing is vanity."""
    out_of_time: OutOfTime | None

    @property
    def base_rate(self) -> float | None:
        return self.positives / self.n if self.n else None

    @property
    def vanity_changes_auc(self) -> bool:
        """Dropping the vanity milestones moves the AUC beyond the interval of the difference."""
        diff = self.vanity_difference
        return diff is not None and (diff.low > 0 or diff.high < 0)

    def variant(self, name: Variant) -> VariantResult:
        return next(v for v in self.variants if v.variant is name)


def values(hits: Bools, weights: Floats) -> Floats:
    """Score values 0..100 of every account under `weights` (0 everywhere when they sum to 0)."""
    total = float(weights.sum())
    if total <= 0:
        return np.zeros(len(hits))
    out: Floats = 100.0 * (hits.astype(np.float64) @ weights) / total
    return out


def suggested_weights(population: Population, total: float, penalty: float) -> Floats:
    """Positive parts of the fitted coefficients, rescaled to sum to `total` (zeros when the fit
    finds no milestone that raises the outcome)."""
    k = population.hits.shape[1]
    labels = population.labels
    if k == 0 or not labels.any() or labels.all():
        return np.zeros(k)
    found = fit(population.hits.astype(np.float64), population.labels, penalty)
    positive = np.clip(found.coefficients, 0.0, None)
    total_fit = float(positive.sum())
    return positive * (total / total_fit) if total_fit > 0 else np.zeros(k)


def testable(labels: Bools, policy: BacktestPolicy) -> bool:
    positives = int(labels.sum())
    return min(positives, len(labels) - positives) >= policy.min_class


def _measure(
    variant: Variant, weights: Floats, p: Population, policy: BacktestPolicy
) -> VariantResult:
    score = values(p.hits, weights)
    if not testable(p.labels, policy):
        return VariantResult(variant, tuple(weights.tolist()), None, None, None, None, (), ())
    calibrated = fit(score / 100.0, p.labels, penalty=0.0).probability(score[:, None] / 100.0)
    base = float(p.labels.mean())
    return VariantResult(
        variant=variant,
        weights=tuple(float(w) for w in weights),
        auc=d.auc(score, p.labels),
        top_decile_lift=d.top_decile_lift(score, p.labels),
        brier=d.brier(calibrated, p.labels),
        brier_reference=base * (1 - base),
        calibration=tuple(d.calibration(score, calibrated, p.labels)),
        roc=tuple(d.roc_curve(score, p.labels)),
    )


def verdict(result: VariantResult, policy: BacktestPolicy) -> BacktestVerdict:
    if result.auc is None:
        return BacktestVerdict.UNTESTED
    if result.auc.low <= 0.5:
        return BacktestVerdict.NOT_PREDICTIVE
    if result.auc.value >= policy.predictive_auc:
        return BacktestVerdict.PREDICTIVE
    return BacktestVerdict.WEAK


def out_of_time(score: ScoreDefinition, p: Population, policy: BacktestPolicy) -> OutOfTime | None:
    """Fit on sign-ups before the median, test on the rest; None when either half is too small."""
    if len(p.labels) == 0:
        return None
    split = float(np.median(p.signed_up))
    early = p.signed_up < split
    train, test = p.subset(early), p.subset(~early)
    if not testable(train.labels, policy) or not testable(test.labels, policy):
        return None
    current = np.array([m.weight for m in score.milestones], dtype=np.float64)
    weights = suggested_weights(train, score.total_weight, policy.penalty)
    today, suggested = values(test.hits, current), values(test.hits, weights)
    return OutOfTime(
        split_at=split,
        train_n=len(train.labels),
        test_n=len(test.labels),
        weights=tuple(float(w) for w in weights),
        as_weighted=d.auc(today, test.labels),
        suggested=d.auc(suggested, test.labels),
        difference=d.auc_difference(today, suggested, test.labels),
    )


def backtest(
    score: ScoreDefinition, population: Population, policy: BacktestPolicy | None = None
) -> BacktestResult:
    """The three variants side by side, the verdict, the vanity comparison, out of time."""
    policy = policy or BacktestPolicy()
    current = np.array([m.weight for m in score.milestones], dtype=np.float64)
    vanity = np.array([m.vanity for m in score.milestones], dtype=bool)
    no_vanity = np.where(vanity, 0.0, current)
    suggested = suggested_weights(population, score.total_weight, policy.penalty)
    variants = (
        _measure(Variant.AS_WEIGHTED, current, population, policy),
        _measure(Variant.WITHOUT_VANITY, no_vanity, population, policy),
        _measure(Variant.SUGGESTED, suggested, population, policy),
    )
    labels = population.labels
    difference = None
    if testable(labels, policy) and vanity.any():
        difference = d.auc_difference(
            values(population.hits, current), values(population.hits, no_vanity), labels
        )
    return BacktestResult(
        score=score,
        n=len(labels),
        positives=int(labels.sum()),
        variants=variants,
        verdict=verdict(variants[0], policy),
        vanity_difference=difference,
        out_of_time=out_of_time(score, population, policy),
    )
