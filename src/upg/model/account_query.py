"""How accounts are listed: the filter of `accounts(where:)` / `upg accounts list` (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

from upg.errors import Invalid
from upg.model.journey import Play, RouteStatus, StatusBounds, status_bounds

EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)
"""Open ends of the signed-up range: always bounded, so the index on signed_up_at orders pages."""
MAX_WITHIN_DAYS = 3650


class HealthBand(Enum):
    """Bands of a health-score value (0..100): LOW < 40 <= MEDIUM < 70 <= HIGH."""

    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"


BAND_CUTS: dict[HealthBand, tuple[float | None, float | None]] = {
    HealthBand.LOW: (None, 40.0),
    HealthBand.MEDIUM: (40.0, 70.0),
    HealthBand.HIGH: (70.0, None),
}
"""Per band: (lowest value in it, first value above it); None where the band is open."""


@dataclass(frozen=True)
class HealthFilter:
    """Accounts the score applies to whose value as of now lies in `band`, or in [min, max]."""

    score_id: str
    band: HealthBand | None = None
    min: float | None = None
    max: float | None = None


def health_bounds(health: HealthFilter) -> tuple[float | None, float | None, float | None]:
    """(value >= a, value < b, value <= c) for the filter, None where unbounded; checked."""
    if health.band is not None:
        if health.min is not None or health.max is not None:
            raise Invalid("healthScore: give a band or min/max, not both", field="healthScore.band")
        low, below = BAND_CUTS[health.band]
        return low, below, None
    for name, value in (("min", health.min), ("max", health.max)):
        if value is not None and not 0.0 <= value <= 100.0:
            raise Invalid(
                f"healthScore.{name}: must be between 0 and 100, got {value}",
                field=f"healthScore.{name}",
            )
    if health.min is not None and health.max is not None and health.min > health.max:
        raise Invalid("healthScore.max: must not be below min", field="healthScore.max")
    return health.min, None, health.max


@dataclass(frozen=True)
class AccountFilter:
    product_id: str | None = None
    status: RouteStatus | None = None
    signed_up_from: datetime | None = None
    signed_up_before: datetime | None = None
    play: Play | None = None
    reached_within_days: int | None = None
    health: HealthFilter | None = None


def filter_params(
    where: AccountFilter,
    now: datetime,
    stuck_days: int,
    default_window_days: int = 14,
    health_total: float = 0.0,
) -> dict[str, object]:
    """The parameters of accounts/page and accounts/count for `where`, as of `now`
    (`health_total`: the total weight of the health filter's score)."""
    if where.reached_within_days is not None and not (
        1 <= where.reached_within_days <= MAX_WITHIN_DAYS
    ):
        raise Invalid(
            f"reachedWithinDays: must be between 1 and {MAX_WITHIN_DAYS}, "
            f"got {where.reached_within_days}",
            field="reachedWithinDays",
        )
    start, end = where.signed_up_from or EARLIEST, where.signed_up_before or LATEST
    if start >= end:
        raise Invalid("signedUpBefore: must be later than signedUpFrom", field="signedUpBefore")
    bounds = (
        StatusBounds(state="")
        if where.status is None
        else status_bounds(where.status, now, stuck_days)
    )
    since = (
        None
        if where.reached_within_days is None
        else now - timedelta(days=where.reached_within_days)
    )
    return {
        "signedUpFrom": start,
        "signedUpBefore": end,
        "productId": where.product_id,
        "state": bounds.state or None,
        "dueBefore": bounds.due_before,
        "dueFrom": bounds.due_from,
        "lastAfter": bounds.last_after,
        "lastUpTo": bounds.last_up_to,
        "play": None if where.play is None else where.play.value,
        "reachedSince": since,
        **_health_params(where.health, now, default_window_days, health_total),
    }


def _health_params(
    health: HealthFilter | None, now: datetime, default_window_days: int, total: float
) -> dict[str, object]:
    low, below, up_to = (None, None, None) if health is None else health_bounds(health)
    return {
        "healthScoreId": None if health is None else health.score_id,
        "healthTotal": total,
        "healthMin": low,
        "healthBelow": below,
        "healthMax": up_to,
        "asOf": now,
        "defaultWindowDays": default_window_days,
    }
