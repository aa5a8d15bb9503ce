"""GraphQL types of health values per account, health-score backtests and activation trends."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

import strawberry

from upg.api.types.nodes import (
    CustomerHealthScore,
    Outcome,
    SuccessMilestone,
    health_score,
    milestone,
    outcome,
)
from upg.model import activation as activation_model
from upg.model import backtest as backtest_model
from upg.model import discrimination
from upg.model.health_values import HealthValue
from upg.model.nodes import Node
from upg.services import backtest as service

# The model's enums, registered with Strawberry (which only adds its definition to the class).
strawberry.enum(
    backtest_model.BacktestVerdict,
    description="Does the score, as weighted today, predict the outcome? PREDICTIVE: AUC at "
    "least 0.70 and its 95% interval above 0.5; WEAK: interval above 0.5, AUC below 0.70; "
    "NOT_PREDICTIVE: the interval reaches 0.5; UNTESTED: fewer than 30 accounts with the "
    "outcome or without it (docs/backtest.md).",
)
strawberry.enum(
    backtest_model.Variant,
    name="BacktestVariant",
    description="AS_WEIGHTED: the weights of today; WITHOUT_VANITY: without the milestones "
    "that validate no outcome; SUGGESTED: weights from a ridge logistic fit of the outcome on "
    "the milestones reached (in sample).",
)
strawberry.enum(
    activation_model.Period,
    name="ActivationPeriod",
    description="Sign-up cohorts by week (from Monday) or month (UTC).",
)


@strawberry.type(description="One health score's value for one account as of a date (0-100).")
class AccountHealthScore:
    health_score: CustomerHealthScore
    account_id: strawberry.ID
    as_of: datetime
    value: float = strawberry.field(
        description="Weight of the score's milestones reached inside their windows / total "
        "weight, x 100."
    )
    vanity_value: float = strawberry.field(
        description="The part of value from vanity milestones (they validate no outcome)."
    )
    earned_value: float = strawberry.field(
        description="The part of value from milestones whose stored evidence is VALIDATED."
    )
    reached: list[SuccessMilestone] = strawberry.field(
        description="The score's milestones that count, by title."
    )


@strawberry.type(description="An AUC (or a difference of AUCs) with its 95% interval.")
class AucInterval:
    value: float
    low: float
    high: float


@strawberry.type(description="A milestone's weight in one variant of a score.")
class MilestoneWeight:
    milestone: SuccessMilestone
    weight: float


@strawberry.type(description="A decile of accounts by score (tied scores share a decile).")
class CalibrationBin:
    decile: int = strawberry.field(description="1 = lowest scores, 10 = highest.")
    accounts: int
    score_low: float
    score_high: float
    predicted: float = strawberry.field(description="Mean calibrated probability (Platt).")
    observed: float = strawberry.field(description="Share that reached the outcome.")


@strawberry.type(description="A point of the ROC curve.")
class RocPoint:
    false_positive_rate: float
    true_positive_rate: float


@strawberry.type(description="How one variant of the score separates the accounts.")
class BacktestVariantResult:
    variant: backtest_model.Variant
    weights: list[MilestoneWeight]
    auc: AucInterval | None = strawberry.field(description="DeLong 95% interval; null: untested.")
    top_decile_lift: float | None = strawberry.field(
        description="Outcome rate in the top 10% by score / overall rate."
    )
    brier: float | None = strawberry.field(
        description="Brier score of the Platt-calibrated probability (lower is better)."
    )
    brier_reference: float | None = strawberry.field(
        description="Brier score of predicting the base rate for everyone."
    )
    calibration: list[CalibrationBin]
    roc: list[RocPoint]


@strawberry.type(
    description="Suggested weights fit on the earlier half of sign-ups, tested against the "
    "weights of today on the later half."
)
class OutOfTimeCheck:
    split_at: datetime
    train_accounts: int
    test_accounts: int
    weights: list[MilestoneWeight]
    as_weighted: AucInterval
    suggested: AucInterval
    difference: AucInterval = strawberry.field(description="AUC(suggested) - AUC(as weighted).")


@strawberry.type(description="Does a health score predict an outcome? Scored at a landmark.")
class HealthScoreBacktest:
    health_score: CustomerHealthScore
    outcome: Outcome
    as_of: datetime
    landmark: datetime | None = strawberry.field(
        description="The date every account was scored at; null: each account's sign-up + the "
        "score's longest window."
    )
    horizon_days: int
    accounts: int
    positives: int = strawberry.field(description="Accounts that reached the outcome in time.")
    base_rate: float | None
    verdict: backtest_model.BacktestVerdict
    variants: list[BacktestVariantResult]
    vanity_auc_difference: AucInterval | None = strawberry.field(
        description="AUC without vanity - AUC as weighted (paired DeLong); null: untested or "
        "no vanity milestone."
    )
    vanity_changes_auc: bool = strawberry.field(
        description="Dropping the vanity milestones moves the AUC beyond that interval."
    )
    out_of_time: OutOfTimeCheck | None


@strawberry.type(description="The accounts that signed up in one week or month.")
class ActivationCohort:
    start: date
    accounts: int
    eligible: int = strawberry.field(description="Accounts whose window had closed by asOf.")
    reached_in_window: int
    reach_rate: float | None
    median_days: float | None = strawberry.field(
        description="Median days to the milestone among accounts that reached it."
    )
    p75_days: float | None
    outcome_rate: float | None = strawberry.field(
        description="Share of the cohort that reached the milestone's outcome by asOf."
    )


@strawberry.type(description="A milestone's reach rate by sign-up cohort.")
class ActivationTrend:
    milestone: SuccessMilestone
    window_days: int
    period: activation_model.Period
    outcome: Outcome | None
    as_of: datetime
    cohorts: list[ActivationCohort]


Nodes = Mapping[str, Node]


def account_health_score(value: HealthValue, nodes: Nodes) -> AccountHealthScore:
    reached = sorted((nodes[m] for m in value.reached if m in nodes), key=lambda n: (n.title, n.id))
    return AccountHealthScore(
        health_score=health_score(nodes[value.score_id]),
        account_id=strawberry.ID(value.account_id),
        as_of=value.as_of,
        value=value.value,
        vanity_value=value.vanity_value,
        earned_value=value.earned_value,
        reached=[milestone(n) for n in reached],
    )


def _interval(found: discrimination.Auc) -> AucInterval:
    return AucInterval(value=found.value, low=found.low, high=found.high)


def _auc(found: discrimination.Auc | None) -> AucInterval | None:
    return None if found is None else _interval(found)


def _weights(ids: Sequence[str], weights: Sequence[float], nodes: Nodes) -> list[MilestoneWeight]:
    return [
        MilestoneWeight(milestone=milestone(nodes[m]), weight=w)
        for m, w in zip(ids, weights, strict=True)
        if m in nodes
    ]


def _variant(
    v: backtest_model.VariantResult, ids: Sequence[str], nodes: Nodes
) -> BacktestVariantResult:
    return BacktestVariantResult(
        variant=v.variant,
        weights=_weights(ids, v.weights, nodes),
        auc=_auc(v.auc),
        top_decile_lift=v.top_decile_lift,
        brier=v.brier,
        brier_reference=v.brier_reference,
        calibration=[
            CalibrationBin(
                decile=b.decile,
                accounts=b.n,
                score_low=b.score_low,
                score_high=b.score_high,
                predicted=b.predicted,
                observed=b.observed,
            )
            for b in v.calibration
        ],
        roc=[RocPoint(false_positive_rate=f, true_positive_rate=t) for f, t in v.roc],
    )


def _out_of_time(
    check: backtest_model.OutOfTime | None, ids: Sequence[str], nodes: Nodes
) -> OutOfTimeCheck | None:
    if check is None:
        return None
    return OutOfTimeCheck(
        split_at=datetime.fromtimestamp(check.split_at, UTC),
        train_accounts=check.train_n,
        test_accounts=check.test_n,
        weights=_weights(ids, check.weights, nodes),
        as_weighted=_interval(check.as_weighted),
        suggested=_interval(check.suggested),
        difference=_interval(check.difference),
    )


def health_score_backtest(found: service.Backtest, nodes: Nodes) -> HealthScoreBacktest:
    """`nodes`: the score, the outcome and the score's milestones, by id."""
    result = found.result
    ids = [m.id for m in found.score.milestones]
    return HealthScoreBacktest(
        health_score=health_score(nodes[found.score.id]),
        outcome=outcome(nodes[found.outcome_id]),
        as_of=found.as_of,
        landmark=found.landmark,
        horizon_days=found.horizon_days,
        accounts=result.n,
        positives=result.positives,
        base_rate=result.base_rate,
        verdict=result.verdict,
        variants=[_variant(v, ids, nodes) for v in result.variants],
        vanity_auc_difference=_auc(result.vanity_difference),
        vanity_changes_auc=result.vanity_changes_auc,
        out_of_time=_out_of_time(result.out_of_time, ids, nodes),
    )


def activation_trend(found: service.ActivationTrend, nodes: Nodes) -> ActivationTrend:
    """`nodes`: the milestone and its outcome, by id."""
    return ActivationTrend(
        milestone=milestone(nodes[found.milestone_id]),
        window_days=found.window_days,
        period=found.period,
        outcome=outcome(nodes[found.outcome[0]]) if found.outcome else None,
        as_of=found.as_of,
        cohorts=[
            ActivationCohort(
                start=c.start,
                accounts=c.accounts,
                eligible=c.eligible,
                reached_in_window=c.reached_in_window,
                reach_rate=c.reach_rate,
                median_days=c.median_days,
                p75_days=c.p75_days,
                outcome_rate=c.outcome_rate,
            )
            for c in found.cohorts
        ],
    )
