"""Reading the report's charts from either source: the services on Neo4j, GraphQL on the API.

Both read the same scores (every one that counts a milestone validating an outcome, against
its default outcome) and the same milestones, at the one moment the command picked, so the
report is the same bytes from both.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from upg.audit.api_source import ApiSource
from upg.audit.charts import (
    ROUTE_STATUSES,
    Charts,
    ProductStatuses,
    ScoreChart,
    TrendChart,
    collect_trends,
    score_chart,
    score_chart_from_api,
    trend_chart,
    trend_chart_from_api,
    trend_milestones,
)
from upg.audit.graph_source import GraphSource
from upg.audit.source import AuditSource
from upg.errors import Invalid
from upg.model.account_query import AccountFilter, filter_params
from upg.model.activation import Period
from upg.model.audit import Ref
from upg.model.journey import RouteStatus
from upg.services import backtest as service

AUC = "value low high"
BACKTEST = (
    "query Backtest($id: ID!, $asOf: DateTime) { healthScoreBacktest(id: $id, asOf: $asOf) { "
    "healthScore { id title } outcome { id title } verdict accounts positives vanityChangesAuc "
    f"variants {{ variant auc {{ {AUC} }} topDecileLift brier "
    "roc { falsePositiveRate truePositiveRate } "
    "calibration { decile accounts predicted observed } } } }"
)
STATUS_COUNTS = (
    "query Statuses($id: ID!) { "
    + " ".join(
        f"{status}: accounts(first: 1, where: {{productId: $id, status: {status}}}) "
        "{ totalCount }"
        for status in ROUTE_STATUSES
    )
    + " }"
)
TREND = (
    "query Trend($id: ID!, $asOf: DateTime) { "
    "activationTrend(milestoneId: $id, period: MONTH, asOf: $asOf) { "
    "milestone { id title } windowDays outcome { id title } "
    "cohorts { start eligible reachRate medianDays outcomeRate } } }"
)


async def read_charts(source: AuditSource, as_of: datetime) -> Charts:
    """Backtests by score title and monthly trends, from whichever source reads them."""
    if isinstance(source, ApiSource):
        return await _from_api(source, as_of)
    if isinstance(source, GraphSource) and source.backtest is not None:
        return await _from_graph(source, as_of)
    return Charts(as_of)


def _ordered(scores: list[ScoreChart]) -> tuple[ScoreChart, ...]:
    return tuple(sorted(scores, key=lambda s: (s.score, s.score_id)))


async def _from_graph(source: GraphSource, as_of: datetime) -> Charts:
    store, window = source.backtest, source.default_window_days
    assert store is not None
    found = await service.backtests(
        store, source.repository, as_of=as_of, default_window_days=window
    )

    async def trend(milestone_id: str) -> TrendChart:
        return trend_chart(
            await service.activation_trend(
                store, milestone_id, Period.MONTH, as_of=as_of, default_window_days=window
            )
        )

    candidates = trend_milestones(await source.milestone_audit(None))
    return Charts(
        as_of,
        _ordered([score_chart(b) for b in found]),
        await collect_trends(candidates, trend),
        statuses=await _statuses_from_graph(source, as_of),
    )


async def _statuses_from_graph(source: GraphSource, as_of: datetime) -> tuple[ProductStatuses, ...]:
    store, policy = source.accounts, source.journey
    if store is None:
        return ()

    async def counts(product_id: str) -> tuple[int, ...]:
        found = []
        for status in ROUTE_STATUSES:
            where = AccountFilter(product_id=product_id, status=RouteStatus(status))
            found.append(await store.count(filter_params(where, as_of, policy.stuck_days)))
        return tuple(found)

    return await _statuses(await source.products(), counts)


async def _statuses(
    products: list[Ref], read: Callable[[str], Awaitable[tuple[int, ...]]]
) -> tuple[ProductStatuses, ...]:
    """Per product with accounts (by title): its accounts per route status."""
    found = []
    for product in sorted(products, key=lambda p: (p.title, p.id)):
        counts = await read(product.id)
        if any(counts):
            found.append(ProductStatuses(product.id, product.title, counts))
    return tuple(found)


async def _from_api(source: ApiSource, as_of: datetime) -> Charts:
    moment = as_of.isoformat()
    scores: list[ScoreChart] = []
    for audit in await source.health_score_audits():
        try:
            data = await source.query(BACKTEST, {"id": audit.score.id, "asOf": moment})
        except Invalid:
            continue  # the score validates no outcome: nothing to test it against
        if data["healthScoreBacktest"] is not None:
            scores.append(score_chart_from_api(data["healthScoreBacktest"]))

    async def trend(milestone_id: str) -> TrendChart:
        data = await source.query(TREND, {"id": milestone_id, "asOf": moment})
        return trend_chart_from_api(data["activationTrend"])

    async def counts(product_id: str) -> tuple[int, ...]:
        data = await source.query(STATUS_COUNTS, {"id": product_id})
        return tuple(int(data[status]["totalCount"]) for status in ROUTE_STATUSES)

    candidates = trend_milestones(await source.milestone_audit(None))
    return Charts(
        as_of,
        _ordered(scores),
        await collect_trends(candidates, trend),
        statuses=await _statuses(await source.products(), counts),
    )
