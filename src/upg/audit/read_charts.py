"""Reading the report's charts from either source: the services on Neo4j, GraphQL on the API.

Both read the same scores (every one that counts a milestone validating an outcome, against
its default outcome) and the same milestones, at the one moment the command picked, so the
report is the same bytes from both.
"""

from __future__ import annotations

from datetime import datetime

from upg.audit.api_source import ApiSource
from upg.audit.charts import (
    Charts,
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
from upg.model.activation import Period
from upg.services import backtest as service

AUC = "value low high"
BACKTEST = (
    "query Backtest($id: ID!, $asOf: DateTime) { healthScoreBacktest(id: $id, asOf: $asOf) { "
    "healthScore { id title } outcome { id title } verdict accounts positives vanityChangesAuc "
    f"variants {{ variant auc {{ {AUC} }} topDecileLift brier "
    "roc { falsePositiveRate truePositiveRate } "
    "calibration { decile accounts predicted observed } } } }"
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
        as_of, _ordered([score_chart(b) for b in found]), await collect_trends(candidates, trend)
    )


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

    candidates = trend_milestones(await source.milestone_audit(None))
    return Charts(as_of, _ordered(scores), await collect_trends(candidates, trend))
