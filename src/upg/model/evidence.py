"""Evidence: does reaching a milestone predict the outcome it claims to validate?

Pure statistics over 2x2 tables (scipy / statsmodels do the maths). The graph supplies the
counts; this module turns them into rates, effect sizes, p-values and a verdict.

The table for one (milestone, outcome) pair, over accounts whose milestone window has closed
and that had not reached the outcome before it closed (landmark analysis)::

                      outcome after window   no outcome
    reached in window        a                    b
    missed                   c                    d
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum


class Verdict(StrEnum):
    VALIDATED = "VALIDATED"
    """Reaching the milestone raises the outcome rate, significantly after FDR control."""
    REFUTED = "REFUTED"
    """Enough data to rule out a meaningful positive effect."""
    UNPROVEN = "UNPROVEN"
    """Too few accounts to tell either way."""


@dataclass(frozen=True)
class EvidencePolicy:
    """Thresholds of the verdict (configurable: see upg.config)."""

    alpha: float = 0.05
    """False discovery rate (Benjamini-Hochberg) for calling a pair VALIDATED."""
    min_group: int = 30
    """Fewest accounts among hits and among misses before any verdict but UNPROVEN."""
    min_effect: float = 0.05
    """Smallest rise in outcome rate worth a milestone (5 points). REFUTED means the 95%
    interval of the rise lies wholly below this."""
    default_window_days: int = 14
    """Window of milestones that declare none."""
    z_test_min_cell: int = 5
    """Every cell at least this large before the two-proportion z-test is reported."""


@dataclass(frozen=True)
class Table:
    """Counts of one (milestone, outcome) pair."""

    a: int
    b: int
    c: int
    d: int

    @property
    def hits(self) -> int:
        return self.a + self.b

    @property
    def misses(self) -> int:
        return self.c + self.d

    @property
    def n(self) -> int:
        return self.hits + self.misses


@dataclass(frozen=True)
class Evidence:
    """What the data say about one (milestone, outcome) pair."""

    milestone_id: str
    outcome_id: str
    table: Table
    rate_hit: float | None
    rate_miss: float | None
    risk_difference: float | None
    risk_difference_ci: tuple[float, float] | None
    risk_ratio: float | None
    odds_ratio: float | None
    odds_ratio_ci: tuple[float, float] | None
    fisher_p: float
    z_test_p: float | None
    phi: float | None
    ppv: float | None
    sensitivity: float | None
    coverage: float | None
    adjusted_p: float
    verdict: Verdict

    @property
    def strength(self) -> str:
        """Amplitude Compass's bands on |phi|."""
        value = abs(self.phi or 0.0)
        if value >= 0.4:
            return "highly predictive"
        if value >= 0.3:
            return "moderately predictive"
        if value >= 0.2:
            return "slightly predictive"
        return "not predictive"


@dataclass(frozen=True)
class StoredEvidence:
    """Evidence as written onto a VALIDATES edge, and the time its accounts were counted as of."""

    evidence: Evidence
    computed_at: datetime


def _ratio(top: float, bottom: float) -> float | None:
    return top / bottom if bottom else None


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _interval(low: float, high: float) -> tuple[float, float] | None:
    return (float(low), float(high)) if math.isfinite(low) and math.isfinite(high) else None


def _measure(milestone_id: str, outcome_id: str, t: Table, policy: EvidencePolicy) -> Evidence:
    # scipy and statsmodels load slowly: imported when evidence is computed, not at start-up.
    from scipy.stats import fisher_exact
    from scipy.stats.contingency import association
    from statsmodels.stats.contingency_tables import Table2x2
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

    rows = [[t.a, t.b], [t.c, t.d]]
    rate_hit, rate_miss = _ratio(t.a, t.hits), _ratio(t.c, t.misses)
    fisher_p = float(fisher_exact(rows, alternative="two-sided").pvalue) if t.n else 1.0
    difference = ci = ratio = odds = odds_ci = z_p = phi = None
    if rate_hit is not None and rate_miss is not None:
        difference = rate_hit - rate_miss
        ratio = _ratio(rate_hit, rate_miss)
        ci = _interval(
            *confint_proportions_2indep(
                t.a, t.hits, t.c, t.misses, method="newcomb", compare="diff"
            )
        )
        table = Table2x2(rows, shift_zeros=True)
        odds = _finite(table.oddsratio)
        odds_ci = _interval(*table.oddsratio_confint())
        if min(t.a, t.b, t.c, t.d) >= policy.z_test_min_cell:
            z_p = float(proportions_ztest([t.a, t.c], [t.hits, t.misses])[1])
        if (t.a + t.c) and (t.b + t.d):
            phi = math.copysign(float(association(rows, method="cramer")), difference)
    return Evidence(
        milestone_id=milestone_id,
        outcome_id=outcome_id,
        table=t,
        rate_hit=rate_hit,
        rate_miss=rate_miss,
        risk_difference=difference,
        risk_difference_ci=ci,
        risk_ratio=ratio,
        odds_ratio=odds,
        odds_ratio_ci=odds_ci,
        fisher_p=fisher_p,
        z_test_p=z_p,
        phi=phi,
        ppv=rate_hit,
        sensitivity=_ratio(t.a, t.a + t.c),
        coverage=_ratio(t.hits, t.n),
        adjusted_p=fisher_p,
        verdict=Verdict.UNPROVEN,
    )


def _verdict(e: Evidence, adjusted_p: float, policy: EvidencePolicy) -> Verdict:
    if min(e.table.hits, e.table.misses) < policy.min_group or e.risk_difference_ci is None:
        return Verdict.UNPROVEN
    if adjusted_p < policy.alpha and (e.risk_difference or 0.0) > 0:
        return Verdict.VALIDATED
    if e.risk_difference_ci[1] < policy.min_effect:
        return Verdict.REFUTED
    return Verdict.UNPROVEN


def evaluate(
    tables: Sequence[tuple[str, str, Table]], policy: EvidencePolicy | None = None
) -> list[Evidence]:
    """Evidence for every pair, with p-values adjusted together (Benjamini-Hochberg)."""
    from statsmodels.stats.multitest import multipletests

    policy = policy or EvidencePolicy()
    measured = [_measure(m, o, t, policy) for m, o, t in tables]
    if not measured:
        return []
    adjusted = multipletests([e.fisher_p for e in measured], alpha=policy.alpha, method="fdr_bh")[1]
    return [
        _replace(e, adjusted_p=float(p), verdict=_verdict(e, float(p), policy))
        for e, p in zip(measured, adjusted, strict=True)
    ]


def _replace(e: Evidence, *, adjusted_p: float, verdict: Verdict) -> Evidence:
    return replace(e, adjusted_p=adjusted_p, verdict=verdict)
