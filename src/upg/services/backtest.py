"""Health scores per account, backtests of scores against outcomes, activation trends.

The reads go through a `BacktestStore` (graph.backtest); the arithmetic is the model's
(`upg.model.health_values`, `backtest`, `landmarks`, `activation`). Backtests and trends of a
large graph are CPU-bound: they run in the server's worker process (`upg.services.workers`).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import UTC, datetime

from upg.errors import Invalid, NotFound
from upg.model.activation import CohortActivation, Period, trend
from upg.model.backtest import BacktestPolicy, BacktestResult
from upg.model.health_values import HealthValue, ScoreDefinition, account_values
from upg.model.landmarks import backtest_facts
from upg.services.ports import BacktestStore, Repository
from upg.services.workers import elsewhere

MAX_ACCOUNTS = 100
"""Most accounts one health-value request may name."""


async def account_health_scores(
    store: BacktestStore,
    account_ids: Sequence[str],
    as_of: datetime | None = None,
    default_window_days: int = 14,
) -> dict[str, list[HealthValue]]:
    """Per known account, its value on every score that counts a milestone of its products (by
    score title), as of `as_of` (default: now). Unknown accounts are left out."""
    if len(account_ids) > MAX_ACCOUNTS:
        raise Invalid(
            f"accountIds: at most {MAX_ACCOUNTS} accounts at a time, got {len(account_ids)}",
            field="accountIds",
        )
    moment = as_of or datetime.now(UTC)
    facts = await store.account_facts(list(dict.fromkeys(account_ids)))
    score_ids = sorted({s for f in facts for s in f.score_ids})
    scores = (
        {d.id: d for d, _ in await store.score_definitions(score_ids, default_window_days)}
        if score_ids
        else {}
    )
    return {f.id: account_values(f, scores, moment) for f in facts}


@dataclass(frozen=True)
class Backtest:
    """A backtest with what it was run on."""

    result: BacktestResult
    outcome_id: str
    outcome_title: str
    as_of: datetime
    landmark: datetime | None
    """One landmark for every account; None: each account's sign-up + the longest window."""
    horizon_days: int

    @property
    def score(self) -> ScoreDefinition:
        return self.result.score


def default_outcome(outcomes: dict[str, tuple[str, ...]], score: ScoreDefinition) -> str | None:
    """The outcome the most weight of the score validates (ties: the smallest id)."""
    weight: dict[str, float] = {}
    for milestone in score.milestones:
        for outcome_id in outcomes.get(milestone.id, ()):
            weight[outcome_id] = weight.get(outcome_id, 0.0) + milestone.weight
    if not weight:
        return None
    return min(weight, key=lambda o: (-weight[o], o))


async def _definition(
    store: BacktestStore, score_id: str, window: int
) -> tuple[ScoreDefinition, dict[str, tuple[str, ...]]]:
    found = await store.score_definitions([score_id], window)
    if not found:
        raise NotFound(f"id: no health score with id {score_id}", field="id")
    return found[0]


async def backtest(
    store: BacktestStore,
    repo: Repository,
    score_id: str,
    outcome_id: str | None = None,
    *,
    policy: BacktestPolicy | None = None,
    as_of: datetime | None = None,
    landmark: datetime | None = None,
    default_window_days: int = 14,
    statistics: Executor | None = None,
) -> Backtest:
    """Backtest one score against an outcome (default: the one most of its weight validates)."""
    policy = policy or BacktestPolicy()
    moment = as_of or datetime.now(UTC)
    if landmark is not None and landmark > moment:
        raise Invalid("landmark: after asOf, so no outcome can have followed it", field="landmark")
    score, outcomes = await _definition(store, score_id, default_window_days)
    chosen = outcome_id or default_outcome(outcomes, score)
    if chosen is None:
        raise Invalid(
            f"outcomeId: {score.title} counts no milestone that validates an outcome; "
            "name the outcome to test it against",
            field="outcomeId",
        )
    outcome = (await repo.get_nodes([chosen])).get(chosen)
    if outcome is None or outcome.type != "OUTCOME":
        raise NotFound(f"outcomeId: no outcome with id {chosen}", field="outcomeId")
    facts = await store.population([m.id for m in score.milestones], chosen)
    result = await elsewhere(statistics, backtest_facts, score, facts, moment, policy, landmark)
    return Backtest(result, chosen, outcome.title, moment, landmark, policy.horizon_days)


async def backtests(
    store: BacktestStore,
    repo: Repository,
    *,
    policy: BacktestPolicy | None = None,
    as_of: datetime | None = None,
    default_window_days: int = 14,
    statistics: Executor | None = None,
) -> list[Backtest]:
    """Every score that counts a milestone validating an outcome, against its default outcome."""
    found: list[Backtest] = []
    for score, outcomes in await store.score_definitions(None, default_window_days):
        if default_outcome(outcomes, score) is None:
            continue
        found.append(
            await backtest(
                store,
                repo,
                score.id,
                policy=policy,
                as_of=as_of,
                default_window_days=default_window_days,
                statistics=statistics,
            )
        )
    return found


@dataclass(frozen=True)
class ActivationTrend:
    milestone_id: str
    milestone_title: str
    window_days: int
    period: Period
    outcome: tuple[str, str] | None
    """(id, title) of the outcome whose rate is shown (the first the milestone validates)."""
    as_of: datetime
    cohorts: tuple[CohortActivation, ...]


async def activation_trend(
    store: BacktestStore,
    milestone_id: str,
    period: Period = Period.MONTH,
    *,
    as_of: datetime | None = None,
    default_window_days: int = 14,
    statistics: Executor | None = None,
) -> ActivationTrend:
    """Reach rate by sign-up cohort, time to the milestone, and the outcome rate alongside."""
    moment = as_of or datetime.now(UTC)
    info = await store.milestone(milestone_id, default_window_days)
    if info is None:
        raise NotFound(f"milestoneId: no milestone with id {milestone_id}", field="milestoneId")
    outcome = info.outcomes[0] if info.outcomes else None
    journeys = await store.journeys(milestone_id, None if outcome is None else outcome[0])
    with_outcome = outcome is not None
    cohorts = await elsewhere(
        statistics, trend, journeys, info.window_days, period, moment, with_outcome
    )
    return ActivationTrend(
        info.id, info.title, info.window_days, period, outcome, moment, tuple(cohorts)
    )
