"""How accounts are listed: the filter of `accounts(where:)` / `upg accounts list` (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from upg.errors import Invalid
from upg.model.journey import Play, RouteStatus, StatusBounds, status_bounds

EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)
"""Open ends of the signed-up range: always bounded, so the index on signed_up_at orders pages."""
MAX_WITHIN_DAYS = 3650


@dataclass(frozen=True)
class AccountFilter:
    product_id: str | None = None
    status: RouteStatus | None = None
    signed_up_from: datetime | None = None
    signed_up_before: datetime | None = None
    play: Play | None = None
    reached_within_days: int | None = None


def filter_params(where: AccountFilter, now: datetime, stuck_days: int) -> dict[str, object]:
    """The parameters of accounts/page and accounts/count for `where`, as of `now`."""
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
    }
