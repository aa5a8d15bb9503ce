"""The backtest's variants, verdicts, suggested weights and landmarks on generated accounts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from upg.model.backtest import (
    BacktestPolicy,
    BacktestVerdict,
    Population,
    Variant,
    backtest,
)
from upg.model.health_values import ScoreDefinition, ScoredMilestone, health_value
from upg.model.landmarks import PopulationFacts, facts_from_columns, population

SCORE = ScoreDefinition(
    "s",
    "Trial health",
    (
        ScoredMilestone("aha", "Aha", 5.0, 3, vanity=False, validated=True),
        ScoredMilestone("profile", "Profile", 1.0, 14, vanity=True, validated=False),
        ScoredMilestone("noise", "Noise", 4.0, 14, vanity=True, validated=False),
    ),
)


def accounts(n: int, seed: int, rate_hit: float, rate_miss: float) -> Population:
    rng = np.random.default_rng(seed)
    hits = rng.random((n, 3)) < np.array([0.4, 0.6, 0.5])
    labels = rng.random(n) < np.where(hits[:, 0], rate_hit, rate_miss)
    return Population(hits, labels, rng.uniform(0, 1e7, n))


def test_noise_in_the_score_costs_auc_and_the_suggested_weights_drop_it() -> None:
    result = backtest(SCORE, accounts(5000, 1, 0.58, 0.09))
    today = result.variant(Variant.AS_WEIGHTED)
    clean = result.variant(Variant.WITHOUT_VANITY)
    assert today.auc is not None and clean.auc is not None
    # Vanity weighs 5 of 10 here: dropping it raises the AUC beyond the paired interval.
    assert clean.auc.value > today.auc.value
    assert result.vanity_changes_auc
    suggested = result.variant(Variant.SUGGESTED).weights
    assert suggested[0] > 9 * max(suggested[1:])
    assert sum(suggested) == SCORE.total_weight
    assert result.out_of_time is not None
    assert result.out_of_time.suggested.value > result.out_of_time.as_weighted.value


def test_verdicts_follow_the_thresholds() -> None:
    policy = BacktestPolicy()
    assert backtest(SCORE, accounts(5000, 2, 0.58, 0.09)).verdict is BacktestVerdict.PREDICTIVE
    assert backtest(SCORE, accounts(5000, 3, 0.30, 0.20)).verdict is BacktestVerdict.WEAK
    assert backtest(SCORE, accounts(2000, 4, 0.2, 0.2)).verdict in {
        BacktestVerdict.NOT_PREDICTIVE,
        BacktestVerdict.WEAK,
    }
    few = backtest(SCORE, accounts(100, 5, 0.05, 0.05), policy)
    assert few.verdict is BacktestVerdict.UNTESTED
    assert few.variant(Variant.AS_WEIGHTED).auc is None
    assert few.vanity_difference is None


def test_landmarks_windows_and_horizon() -> None:
    day = 86_400.0
    base = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
    # Per account: signed up, and [milestone or outcome, time] facts.
    accounts: list[tuple[float, list[tuple[str, float]]]] = [
        # aha on day 2 (in its 3-day window); converts on day 30: positive.
        (base, [("aha", base + 2 * day), ("out", base + 30 * day)]),
        # aha on day 5: outside its 3-day window; noise on day 12: inside its 14-day one.
        (base, [("aha", base + 5 * day), ("noise", base + 12 * day)]),
        # converted before the landmark: left out.
        (base, [("aha", base + 1 * day), ("out", base + 10 * day)]),
        # converts after the horizon: negative.
        (base, [("out", base + 200 * day), ("out", base + 300 * day)]),
        # signed up too late for its horizon to close: left out.
        (base + 300 * day, []),
    ]
    columns = [m.id for m in SCORE.milestones] + ["out"]  # the outcome is the last column
    edges = [
        (i, columns.index(name), at)
        for i, (_, facts) in enumerate(accounts)
        for name, at in facts
        if name in columns
    ]
    facts: PopulationFacts = facts_from_columns(
        [signed for signed, _ in accounts],
        [e[0] for e in edges],
        [e[1] for e in edges],
        [e[2] for e in edges],
        len(SCORE.milestones),
    )
    as_of = datetime.fromtimestamp(base + 320 * day, UTC)
    found = population(SCORE, facts, as_of, horizon_days=90)
    assert found.hits.tolist() == [
        [True, False, False],
        [False, False, True],
        [False, False, False],
    ]
    assert found.labels.tolist() == [True, False, False]
    fixed = population(
        SCORE,
        facts,
        as_of,
        90,
        landmark=datetime.fromtimestamp(base + 25 * day, UTC),
    )
    assert fixed.hits[1].tolist() == [False, False, True]


def test_health_value_parts() -> None:
    signed = datetime(2026, 1, 1, tzinfo=UTC)
    reached = {"aha": signed + timedelta(days=1), "noise": signed + timedelta(days=2)}
    value = health_value(SCORE, "a", signed, reached, signed + timedelta(days=30))
    assert value.value == 90.0
    assert value.vanity_value == 40.0
    assert value.earned_value == 50.0
    assert health_value(SCORE, "a", signed, reached, signed).value == 0.0
