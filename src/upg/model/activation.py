"""Activation over time: per sign-up cohort, how many accounts reach a milestone in its window.

A cohort is the accounts that signed up in one week (from Monday, UTC) or one month. Its reach
rate counts only accounts whose window has closed by `as_of` (a young account has not had its
chance yet); time-to-milestone (median, 75th percentile, in days) is over the accounts that
reached the milestone at all by `as_of`, late ones included; the outcome rate is the share of
the cohort's accounts that reached the milestone's outcome by `as_of`, so a rise in activation
can be seen to carry the outcome with it (or not).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

DAY_S = 86_400.0


class Period(StrEnum):
    WEEK = "WEEK"
    MONTH = "MONTH"


@dataclass(frozen=True)
class Journeys:
    """Every account's facts about one milestone, as parallel sequences (epoch seconds; inf:
    never): when it signed up, first reached the milestone, first achieved the outcome."""

    signed_up: Sequence[float]
    reached: Sequence[float]
    achieved: Sequence[float]


@dataclass(frozen=True)
class CohortActivation:
    start: date
    accounts: int
    """Accounts that signed up in the period."""
    eligible: int
    """Of those, accounts whose window closed by `as_of`."""
    reached_in_window: int
    reach_rate: float | None
    median_days: float | None
    p75_days: float | None
    outcome_rate: float | None
    """Share of `accounts` that reached the outcome by `as_of` (None without an outcome)."""


def period_start(moment: datetime, period: Period) -> date:
    """The first day of the week (Monday) or month holding `moment` (UTC)."""
    day = moment.astimezone(UTC).date()
    if period is Period.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _period_days(days: Any, period: Period) -> Any:
    """Days since the epoch -> the first day (since the epoch) of their week or month."""
    import numpy as np

    if period is Period.WEEK:
        return days - (days + 3) % 7  # 1970-01-01 was a Thursday: Monday is 3 days before
    months = days.astype("datetime64[D]").astype("datetime64[M]")
    return months.astype("datetime64[D]").astype(np.int64)


def trend(
    journeys: Journeys, window_days: int, period: Period, as_of: datetime, with_outcome: bool
) -> list[CohortActivation]:
    """Cohorts from the earliest sign-up on, oldest first (periods without sign-ups left out)."""
    import numpy as np  # loaded when a trend is computed, not when the ports are imported

    cutoff = as_of.timestamp()
    signed = np.asarray(journeys.signed_up, dtype=np.float64)
    reached = np.asarray(journeys.reached, dtype=np.float64)
    achieved = np.asarray(journeys.achieved, dtype=np.float64)
    keep = signed <= cutoff
    signed, reached, achieved = signed[keep], reached[keep], achieved[keep]
    starts = _period_days(np.floor(signed / DAY_S).astype(np.int64), period)
    window = window_days * DAY_S
    eligible = signed + window <= cutoff
    hit = eligible & (reached <= signed + window)
    reached_by = reached <= cutoff
    cohorts: list[CohortActivation] = []
    for start in np.unique(starts):
        inside = starts == start
        n_eligible = int((inside & eligible).sum())
        days = (reached[inside & reached_by] - signed[inside & reached_by]) / DAY_S
        cohorts.append(
            CohortActivation(
                start=date(1970, 1, 1) + timedelta(days=int(start)),
                accounts=int(inside.sum()),
                eligible=n_eligible,
                reached_in_window=int((inside & hit).sum()),
                reach_rate=float((inside & hit).sum()) / n_eligible if n_eligible else None,
                median_days=float(np.percentile(days, 50)) if len(days) else None,
                p75_days=float(np.percentile(days, 75)) if len(days) else None,
                outcome_rate=float((achieved[inside] <= cutoff).mean()) if with_outcome else None,
            )
        )
    return cohorts
