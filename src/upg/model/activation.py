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

DAY_S = 86_400.0


class Period(StrEnum):
    WEEK = "WEEK"
    MONTH = "MONTH"


@dataclass(frozen=True)
class Journey:
    """One account's facts about one milestone (times in seconds since the epoch)."""

    signed_up: float
    reached: float | None
    achieved: float | None


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


def trend(
    journeys: Sequence[Journey],
    window_days: int,
    period: Period,
    as_of: datetime,
    with_outcome: bool,
) -> list[CohortActivation]:
    """Cohorts from the earliest sign-up on, oldest first (periods without sign-ups left out)."""
    cutoff = as_of.timestamp()
    groups: dict[date, list[Journey]] = {}
    for journey in journeys:
        if journey.signed_up > cutoff:
            continue
        start = period_start(datetime.fromtimestamp(journey.signed_up, UTC), period)
        groups.setdefault(start, []).append(journey)
    return [
        _cohort(start, groups[start], window_days * DAY_S, cutoff, with_outcome)
        for start in sorted(groups)
    ]


def _cohort(
    start: date, members: list[Journey], window_s: float, cutoff: float, with_outcome: bool
) -> CohortActivation:
    eligible = [j for j in members if j.signed_up + window_s <= cutoff]
    hits = sum(1 for j in eligible if j.reached is not None and j.reached <= j.signed_up + window_s)
    import numpy as np  # loaded when a trend is computed, not when the ports are imported

    days = np.array(
        [
            (j.reached - j.signed_up) / DAY_S
            for j in members
            if j.reached is not None and j.reached <= cutoff
        ]
    )
    achieved = sum(1 for j in members if j.achieved is not None and j.achieved <= cutoff)
    return CohortActivation(
        start=start,
        accounts=len(members),
        eligible=len(eligible),
        reached_in_window=hits,
        reach_rate=hits / len(eligible) if eligible else None,
        median_days=float(np.percentile(days, 50)) if len(days) else None,
        p75_days=float(np.percentile(days, 75)) if len(days) else None,
        outcome_rate=achieved / len(members) if with_outcome and members else None,
    )
