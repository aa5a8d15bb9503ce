"""What the report draws of backtests and activation trends: plain values, from either source.

The Neo4j source maps the services' results here, the API source maps GraphQL answers here, so
the report draws the same bytes from both. Only milestones that a score counts and that
validate an outcome get a trend (the first MAX_TRENDS by title of which some account's window
has closed).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from upg.model.activation import Period
from upg.model.audit import MilestoneAuditEntry, MilestoneClass
from upg.services import backtest as service

MAX_TRENDS = 12


@dataclass(frozen=True)
class VariantChart:
    name: str
    auc: float | None
    low: float | None
    high: float | None
    lift: float | None
    brier: float | None
    roc: tuple[tuple[float, float], ...]
    calibration: tuple[tuple[int, int, float, float], ...]
    """(decile, accounts, mean predicted, observed rate)."""


@dataclass(frozen=True)
class ScoreChart:
    score_id: str
    score: str
    outcome: str
    verdict: str
    n: int
    positives: int
    vanity_changes_auc: bool
    variants: tuple[VariantChart, ...]


@dataclass(frozen=True)
class CohortPoint:
    start: date
    eligible: int
    reach_rate: float | None
    median_days: float | None
    outcome_rate: float | None


@dataclass(frozen=True)
class TrendChart:
    milestone_id: str
    milestone: str
    window_days: int
    outcome: str | None
    cohorts: tuple[CohortPoint, ...]


def score_chart(found: service.Backtest) -> ScoreChart:
    result = found.result
    return ScoreChart(
        score_id=found.score.id,
        score=found.score.title,
        outcome=found.outcome_title,
        verdict=result.verdict.value,
        n=result.n,
        positives=result.positives,
        vanity_changes_auc=result.vanity_changes_auc,
        variants=tuple(
            VariantChart(
                name=v.variant.value,
                auc=None if v.auc is None else v.auc.value,
                low=None if v.auc is None else v.auc.low,
                high=None if v.auc is None else v.auc.high,
                lift=v.top_decile_lift,
                brier=v.brier,
                roc=v.roc,
                calibration=tuple((b.decile, b.n, b.predicted, b.observed) for b in v.calibration),
            )
            for v in result.variants
        ),
    )


def trend_chart(found: service.ActivationTrend) -> TrendChart:
    return TrendChart(
        milestone_id=found.milestone_id,
        milestone=found.milestone_title,
        window_days=found.window_days,
        outcome=None if found.outcome is None else found.outcome[1],
        cohorts=tuple(
            CohortPoint(c.start, c.eligible, c.reach_rate, c.median_days, c.outcome_rate)
            for c in found.cohorts
        ),
    )


def score_chart_from_api(answer: dict[str, Any]) -> ScoreChart:
    """From a `healthScoreBacktest` answer (the fields of `api_source.BACKTEST`)."""
    return ScoreChart(
        score_id=answer["healthScore"]["id"],
        score=answer["healthScore"]["title"],
        outcome=answer["outcome"]["title"],
        verdict=answer["verdict"],
        n=answer["accounts"],
        positives=answer["positives"],
        vanity_changes_auc=answer["vanityChangesAuc"],
        variants=tuple(
            VariantChart(
                name=v["variant"],
                auc=None if v["auc"] is None else v["auc"]["value"],
                low=None if v["auc"] is None else v["auc"]["low"],
                high=None if v["auc"] is None else v["auc"]["high"],
                lift=v["topDecileLift"],
                brier=v["brier"],
                roc=tuple((p["falsePositiveRate"], p["truePositiveRate"]) for p in v["roc"]),
                calibration=tuple(
                    (b["decile"], b["accounts"], b["predicted"], b["observed"])
                    for b in v["calibration"]
                ),
            )
            for v in answer["variants"]
        ),
    )


def trend_chart_from_api(answer: dict[str, Any]) -> TrendChart:
    """From an `activationTrend` answer (the fields of `api_source.TREND`)."""
    return TrendChart(
        milestone_id=answer["milestone"]["id"],
        milestone=answer["milestone"]["title"],
        window_days=answer["windowDays"],
        outcome=None if answer["outcome"] is None else answer["outcome"]["title"],
        cohorts=tuple(
            CohortPoint(
                date.fromisoformat(c["start"]),
                c["eligible"],
                c["reachRate"],
                c["medianDays"],
                c["outcomeRate"],
            )
            for c in answer["cohorts"]
        ),
    )


def trend_milestones(entries: Sequence[MilestoneAuditEntry]) -> list[str]:
    """Ids of the milestones worth a trend: counted by a score and validating an outcome."""
    chosen = sorted(
        (e.milestone for e in entries if e.classification is MilestoneClass.VALIDATED),
        key=lambda m: (m.title, m.id),
    )
    return [m.id for m in chosen]


ROUTE_STATUSES = ("ON_TRACK", "BEHIND", "STUCK", "ARRIVED")
"""The columns of the route-status table, in journey order."""


@dataclass(frozen=True)
class ProductStatuses:
    """How many accounts of a product are in each route status (ROUTE_STATUSES order)."""

    product_id: str
    product: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Charts:
    """The report's backtests (by score title), activation trends (monthly) and route statuses
    by product (by product title)."""

    as_of: datetime
    scores: tuple[ScoreChart, ...] = ()
    trends: tuple[TrendChart, ...] = ()
    period: Period = Period.MONTH
    statuses: tuple[ProductStatuses, ...] = ()


MAX_TREND_READS = 40
"""Most trends read for one report (each reads a milestone's accounts)."""


async def collect_trends(
    candidates: Sequence[str], read: Callable[[str], Awaitable[TrendChart]]
) -> tuple[TrendChart, ...]:
    """Trends of the candidates in order, keeping those with a closed window, up to MAX_TRENDS."""
    kept: list[TrendChart] = []
    for milestone_id in candidates[:MAX_TREND_READS]:
        trend = await read(milestone_id)
        if any(c.eligible for c in trend.cohorts):
            kept.append(trend)
        if len(kept) == MAX_TRENDS:
            break
    return tuple(kept)
