"""Activation cohorts: periods, eligibility, reach in window, time to milestone."""

from __future__ import annotations

from datetime import UTC, date, datetime

from upg.model.activation import Journey, Period, period_start, trend

DAY = 86_400.0


def at(day: date) -> float:
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def test_period_starts() -> None:
    moment = datetime(2026, 3, 19, 15, tzinfo=UTC)  # a Thursday
    assert period_start(moment, Period.WEEK) == date(2026, 3, 16)
    assert period_start(moment, Period.MONTH) == date(2026, 3, 1)


def test_reach_rate_counts_only_closed_windows_and_hits_inside_them() -> None:
    march, april = at(date(2026, 3, 2)), at(date(2026, 4, 28))
    journeys = [
        Journey(march, march + 1 * DAY, march + 20 * DAY),  # in window, converted
        Journey(march, march + 5 * DAY, None),  # late: a miss, but time counted
        Journey(march, None, None),
        Journey(april, april + 1 * DAY, None),  # window open at as_of: not eligible
    ]
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
