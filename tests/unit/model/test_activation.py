"""Activation cohorts: periods, eligibility, reach in window, time to milestone."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

from upg.model.activation import Journeys, Period, period_start, trend

DAY = 86_400.0


def at(day: date) -> float:
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def test_weekly_cohorts_start_on_mondays() -> None:
    days = [at(date(2026, 3, d)) for d in (15, 16, 22, 23)]  # Sun, Mon, Sun, Mon
    never = [math.inf] * 4
    weeks = trend(
        Journeys(days, never, never), 3, Period.WEEK, datetime(2026, 4, 1, tzinfo=UTC), False
    )
    assert [(w.start, w.accounts) for w in weeks] == [
        (date(2026, 3, 9), 1),
        (date(2026, 3, 16), 2),
        (date(2026, 3, 23), 1),
    ]


def test_period_starts() -> None:
    moment = datetime(2026, 3, 19, 15, tzinfo=UTC)  # a Thursday
    assert period_start(moment, Period.WEEK) == date(2026, 3, 16)
    assert period_start(moment, Period.MONTH) == date(2026, 3, 1)


def test_reach_rate_counts_only_closed_windows_and_hits_inside_them() -> None:
    march, april = at(date(2026, 3, 2)), at(date(2026, 4, 28))
    never = math.inf
    journeys = Journeys(
        # in window, converted; late (a miss, but its time counts); never; window still open
        signed_up=[march, march, march, april],
        reached=[march + 1 * DAY, march + 5 * DAY, never, april + 1 * DAY],
        achieved=[march + 20 * DAY, never, never, never],
    )
    as_of = datetime(2026, 4, 29, tzinfo=UTC)
    march_cohort, april_cohort = trend(journeys, 3, Period.MONTH, as_of, with_outcome=True)
    assert march_cohort.start == date(2026, 3, 1)
    assert (march_cohort.accounts, march_cohort.eligible, march_cohort.reached_in_window) == (
        3,
        3,
        1,
    )
    assert march_cohort.reach_rate == 1 / 3
    assert march_cohort.median_days == 3.0 and march_cohort.p75_days == 4.0
    assert march_cohort.outcome_rate == 1 / 3
    assert april_cohort.eligible == 0 and april_cohort.reach_rate is None
    assert trend(journeys, 3, Period.MONTH, as_of, with_outcome=False)[0].outcome_rate is None
