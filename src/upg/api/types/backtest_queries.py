"""The query fields of health values, backtests and activation trends (Query inherits them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from upg.api.context import Info
from upg.api.cost import BACKTEST_COST, TREND_COST
from upg.api.types import backtest as bt
from upg.api.types.fields import field
from upg.errors import Invalid, NotFound
from upg.model.activation import Period
from upg.model.backtest import BacktestPolicy
from upg.model.nodes import Node
from upg.services import backtest as service
from upg.services.evidence import parse_time
from upg.services.nodes import parse_id

UNSET: Any = strawberry.UNSET
MAX_HORIZON_DAYS = 3650


async def _nodes(info: Info, ids: list[str]) -> dict[str, Node]:
    wanted = list(dict.fromkeys(ids))
    found = await info.context.loaders.node.load_many(wanted)
    return {node.id: node for node in found if node is not None}


def _time(value: datetime | None, name: str) -> datetime | None:
    return parse_time(value, name) if value else None


async def health_scores_of(
    info: Info, account_id: str, as_of: datetime | None
) -> list[bt.AccountHealthScore] | None:
    """One account's value on every score that applies to it (also for `Account.healthScores`);
    None when there is no such account."""
    # Batched: a page of accounts asking for healthScores makes one read for all of them.
    values = await info.context.loaders.health(_time(as_of, "asOf")).load(account_id)
    if values is None:
        return None
    nodes = await _nodes(
        info, [v.score_id for v in values] + [m for v in values for m in v.reached]
    )
    return [bt.account_health_score(v, nodes) for v in values if v.score_id in nodes]


@strawberry.type
class BacktestQueries:
    @field(
        "An account's value on every health score that counts a milestone of its products, as "
        "of asOf (default: now), by score title; NOT_FOUND when there is no such account."
    )
    async def account_health_scores(
        self, info: Info, account_id: strawberry.ID, as_of: datetime | None = UNSET
    ) -> list[bt.AccountHealthScore]:
        account = str(account_id).strip()
        if not account:
            raise Invalid("accountId: is required", field="accountId")
        found = await health_scores_of(info, account, as_of or None)
        if found is None:
            raise NotFound(f"accountId: no account with id {account}", field="accountId")
        return found

    @field(
        "Does the health score predict the outcome (default: the outcome most of its weight "
        "validates)? Every account scored at its landmark (sign-up + the score's longest window, "
        "or `landmark` for all) and labelled by the outcome within horizonDays; as weighted "
        "today, without vanity, with suggested weights. Null when there is no such score. One "
        f"per request; it costs {BACKTEST_COST:,} of the query budget (it reads every account)."
    )
    async def health_score_backtest(
        self,
        info: Info,
        id: strawberry.ID,
        outcome_id: strawberry.ID | None = UNSET,
        landmark: datetime | None = UNSET,
        horizon_days: int = BacktestPolicy.horizon_days,
        as_of: datetime | None = UNSET,
    ) -> bt.HealthScoreBacktest | None:
        score_id = parse_id(id)
        outcome = parse_id(outcome_id, "outcomeId") if outcome_id else None
        if not 1 <= horizon_days <= MAX_HORIZON_DAYS:
            raise Invalid(
                f"horizonDays: must be 1 to {MAX_HORIZON_DAYS}, got {horizon_days}",
                field="horizonDays",
            )
        context = info.context
        try:
            found = await service.backtest(
                context.services.backtest,
                context.repository,
                score_id,
                outcome,
                policy=BacktestPolicy(horizon_days=horizon_days),
                as_of=_time(as_of, "asOf"),
                landmark=_time(landmark, "landmark"),
                default_window_days=context.evidence_policy.default_window_days,
                statistics=context.services.statistics,
            )
        except NotFound as exc:
            if exc.field == "id":
                return None
            raise
        ids = [score_id, found.outcome_id, *(m.id for m in found.score.milestones)]
        return bt.health_score_backtest(found, await _nodes(info, ids))

    @field(
        "A milestone's reach rate by sign-up cohort (week or month), time to reach it, and the "
        "rate of the outcome it validates alongside. NOT_FOUND when there is no such milestone. "
        f"It costs {TREND_COST:,} of the query budget (it reads the milestone's accounts)."
    )
    async def activation_trend(
        self,
        info: Info,
        milestone_id: strawberry.ID,
        period: Period = Period.MONTH,
        as_of: datetime | None = UNSET,
    ) -> bt.ActivationTrend:
        milestone = parse_id(milestone_id, "milestoneId")
        context = info.context
        found = await service.activation_trend(
            context.services.backtest,
            milestone,
            Period(period),
            as_of=_time(as_of, "asOf"),
            default_window_days=context.evidence_policy.default_window_days,
            statistics=context.services.statistics,
        )
        ids = [milestone, *([found.outcome[0]] if found.outcome else [])]
        return bt.activation_trend(found, await _nodes(info, ids))
