"""From stored facts (epoch seconds) to what the statistics need: landmarks, windows, horizons.

The landmark of an account is the moment it is scored: sign-up + the score's longest window
(every milestone has had its chance), or one date given for everyone. An account enters the
backtest when its landmark and the horizon after it have both passed by `as_of` (its label is
final) and it had not reached the outcome by the landmark (nothing left to predict: landmark
analysis, as in the evidence). It is labelled by whether the outcome came within the horizon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from upg.model.backtest import BacktestPolicy, BacktestResult, Population, backtest
from upg.model.health_values import ScoreDefinition

DAY_S = 86_400.0
Floats = NDArray[np.float64]


@dataclass(frozen=True)
class PopulationFacts:
    """Every candidate account's facts as arrays (epoch seconds; inf: never)."""

    signed_up: Floats
    first_achieved: Floats
    reached: Floats
    """accounts x milestones (in the score's order): first time reached."""


def facts_from_columns(
    signed_up: Sequence[float],
    edge_account: Sequence[int],
    edge_column: Sequence[int],
    edge_at: Sequence[float],
    milestones: int,
) -> PopulationFacts:
    """Arrays from the population statement's columns: per account its sign-up; per edge its
    account, its column (0..milestones-1: a milestone reached; `milestones`: the outcome
    achieved) and its time. An account's earliest time per column counts."""
    times = np.full((len(signed_up), milestones + 1), np.inf)
    rows = np.asarray(edge_account, dtype=np.int64)
    columns = np.asarray(edge_column, dtype=np.int64)
    np.minimum.at(times, (rows, columns), np.asarray(edge_at, dtype=np.float64))
    signed = np.asarray(signed_up, dtype=np.float64)
    return PopulationFacts(signed, times[:, milestones], times[:, :milestones])


def population(
    score: ScoreDefinition,
    facts: PopulationFacts,
    as_of: datetime,
    horizon_days: int,
    landmark: datetime | None = None,
) -> Population:
    """The backtest's accounts, scored at their landmark and labelled over the horizon."""
    windows = np.array([m.window_days * DAY_S for m in score.milestones], dtype=np.float64)
    signed = facts.signed_up
    if landmark is None:
        mark = signed + score.longest_window * DAY_S
    else:
        mark = np.full(len(signed), landmark.timestamp())
    horizon = horizon_days * DAY_S
    keep = (signed <= mark) & (mark + horizon <= as_of.timestamp()) & (facts.first_achieved > mark)
    times = facts.reached
    hits = (times <= signed[:, None] + windows[None, :]) & (times <= mark[:, None])
    labels = facts.first_achieved <= mark + horizon
    return Population(hits[keep], labels[keep], signed[keep])


def backtest_facts(
    score: ScoreDefinition,
    facts: PopulationFacts,
    as_of: datetime,
    policy: BacktestPolicy,
    landmark: datetime | None = None,
) -> BacktestResult:
    """Population and backtest in one call (what a worker process runs)."""
    found = population(score, facts, as_of, policy.horizon_days, landmark)
    return backtest(score, found, policy)
