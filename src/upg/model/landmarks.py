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
from typing import Any

import numpy as np
from numpy.typing import NDArray

from upg.model.backtest import BacktestPolicy, BacktestResult, Population, backtest
from upg.model.health_values import ScoreDefinition

DAY_S = 86_400.0
Floats = NDArray[np.float64]


@dataclass(frozen=True)
class PopulationFacts:
    """Every candidate account's facts as flat arrays (epoch seconds; inf: never)."""

    signed_up: Floats
    first_achieved: Floats
    reach_account: NDArray[np.int64]
    reach_column: NDArray[np.int64]
    """Index of the milestone in the score's order."""
    reach_at: Floats


def flatten(
    score: ScoreDefinition,
    rows: Sequence[tuple[float, Sequence[Sequence[Any]], Sequence[float]]],
) -> PopulationFacts:
    """Flat arrays from (signed up, [[milestone id, at]...], [achieved at]) rows."""
    column = {m.id: j for j, m in enumerate(score.milestones)}
    signed = np.fromiter((r[0] for r in rows), dtype=np.float64, count=len(rows))
    achieved = np.fromiter(
        (min(r[2], default=np.inf) for r in rows), dtype=np.float64, count=len(rows)
    )
    accounts: list[int] = []
    columns: list[int] = []
    times: list[float] = []
    for i, (_, reached, _) in enumerate(rows):
        for milestone_id, at in reached:
            j = column.get(milestone_id)
            if j is not None:
                accounts.append(i)
                columns.append(j)
                times.append(float(at))
    return PopulationFacts(
        signed,
        achieved,
        np.array(accounts, dtype=np.int64),
        np.array(columns, dtype=np.int64),
        np.array(times, dtype=np.float64),
    )


def population(
    score: ScoreDefinition,
    facts: PopulationFacts,
    as_of: datetime,
    horizon_days: int,
    landmark: datetime | None = None,
) -> Population:
    """The backtest's accounts, scored at their landmark and labelled over the horizon."""
    k = len(score.milestones)
    windows = np.array([m.window_days * DAY_S for m in score.milestones], dtype=np.float64)
    signed = facts.signed_up
    if landmark is None:
        mark = signed + score.longest_window * DAY_S
    else:
        mark = np.full(len(signed), landmark.timestamp())
    horizon = horizon_days * DAY_S
    keep = (signed <= mark) & (mark + horizon <= as_of.timestamp()) & (facts.first_achieved > mark)
    times = np.full((len(signed), k), np.inf)
    np.minimum.at(times, (facts.reach_account, facts.reach_column), facts.reach_at)
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
