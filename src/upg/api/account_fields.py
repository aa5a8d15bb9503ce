"""The GraphQL fields of accounts: `accounts`, `account`, and the desired-outcome mutations.

`Query` and `Mutation` inherit these classes, so the account surface lives in one module.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from upg.api.context import Info
from upg.api.inputs import SortDirection
from upg.api.pagination import skip_after
from upg.api.types.account import Account, AccountConnection, account, account_connection
from upg.api.types.enums import HealthBand, Play, RouteStatus
from upg.api.types.fields import DEFAULT_FIRST, field, mutation, page_size
from upg.errors import Invalid, NotFound
from upg.model.account_query import AccountFilter, HealthFilter
from upg.services import accounts as account_service
from upg.services.accounts import AccountView
from upg.services.evidence import parse_time
from upg.services.nodes import parse_id

UNSET: Any = strawberry.UNSET


def _given(value: Any) -> bool:
    return value is not UNSET and value is not None


@strawberry.input(
    description="A health-score band: accounts the score applies to (their products celebrate "
    "one of its milestones) whose value as of now (weight reached inside windows / total "
    "weight, 0..100) lies in `band`, or between `min` and `max` (inclusive); not both."
)
class AccountHealthScoreWhere:
    id: strawberry.ID = strawberry.field(description="The health score.")
    band: HealthBand | None = strawberry.field(default=UNSET, description="LOW, MEDIUM or HIGH.")
    min: float | None = strawberry.field(default=UNSET, description="Value at least this.")
    max: float | None = strawberry.field(default=UNSET, description="Value at most this.")


def health_filter(where: AccountHealthScoreWhere | None) -> HealthFilter | None:
    """The service's health filter from the GraphQL input (id checked)."""
    if not _given(where):
        return None
    assert where is not None
    return HealthFilter(
        score_id=parse_id(where.id, "healthScore.id"),
        band=where.band if _given(where.band) else None,
        min=where.min if _given(where.min) else None,
        max=where.max if _given(where.max) else None,
    )


@strawberry.input(description="Filters of `accounts`; all filters given must match.")
class AccountWhere:
    product_id: strawberry.ID | None = strawberry.field(
        name="productId", default=UNSET, description="Accounts using this product."
    )
    status: RouteStatus | None = strawberry.field(
        default=UNSET,
        description="Route status as of now, read from the marks kept on accounts (imports, "
        "desires and `upg accounts refresh` keep them).",
    )
    signed_up_from: datetime | None = strawberry.field(
        name="signedUpFrom", default=UNSET, description="Signed up at or after."
    )
    signed_up_before: datetime | None = strawberry.field(
        name="signedUpBefore", default=UNSET, description="Signed up before."
    )
    play: Play | None = strawberry.field(
        default=UNSET, description="Reached a milestone with this play (within reachedWithinDays)."
    )
    reached_within_days: int | None = strawberry.field(
        name="reachedWithinDays",
        default=UNSET,
        description="Reached a milestone (with `play`, when given) in the last this many days.",
    )
    health_score: AccountHealthScoreWhere | None = strawberry.field(
        name="healthScore",
        default=UNSET,
        description="Health-score band, computed as of now for the accounts the page walks.",
    )


@strawberry.enum(description="What accounts can be ordered by (then by id): the indexed key.")
class AccountOrderField(Enum):
    SIGNED_UP_AT = "signed_up_at"


@strawberry.input(description="The order of `accounts` (default: newest sign-up first).")
class AccountOrderBy:
    field: AccountOrderField
    direction: SortDirection = SortDirection.DESC


def newest_first(order_by: list[AccountOrderBy] | None) -> bool:
    """Whether the page goes newest sign-up first; one ordering key at most."""
    if not _given(order_by) or not order_by:
        return True
    if len(order_by) > 1:
        raise Invalid("orderBy: accounts take one ordering key", field="orderBy")
    return order_by[0].direction is SortDirection.DESC


def account_filter(where: AccountWhere | None) -> AccountFilter:
    """The service filter from the GraphQL input (fields checked, named on error)."""
    if not _given(where):
        return AccountFilter()
    assert where is not None

    def time(value: datetime | None, name: str) -> datetime | None:
        return parse_time(value, name) if _given(value) else None

    product, within = where.product_id, where.reached_within_days
    return AccountFilter(
        product_id=parse_id(product, "productId") if product else None,
        status=where.status if _given(where.status) else None,
        signed_up_from=time(where.signed_up_from, "signedUpFrom"),
        signed_up_before=time(where.signed_up_before, "signedUpBefore"),
        play=where.play if _given(where.play) else None,
        reached_within_days=within if _given(within) else None,
        health=health_filter(where.health_score),
    )


def _prime(info: Info, views: Sequence[AccountView]) -> None:
    """The routes' milestones were read whole: their `milestone` fields cost no new read."""
    info.context.loaders.prime_nodes(
        [
            step.milestone.node
            for view in views
            for route in view.routes
            for step in route.steps
            if step.milestone.node is not None
        ]
    )


async def find_account(info: Info, account_id: str) -> Account | None:
    """The account with this id as a GraphQL Account, or None."""
    services = info.context.services
    view = await account_service.get_account(
        services.accounts, account_id, account_service.now_utc(), services.journey_policy
    )
    if view is None:
        return None
    _prime(info, [view])
    return account(view)


@strawberry.type
class AccountQueries:
    @field(
        "Accounts on their journey, newest sign-up first unless orderBy says otherwise, with "
        "their routes computed for the page."
    )
    async def accounts(
        self,
        info: Info,
        where: AccountWhere | None = UNSET,
        order_by: list[AccountOrderBy] | None = UNSET,
        first: int | None = DEFAULT_FIRST,
        after: str | None = UNSET,
    ) -> AccountConnection:
        services = info.context.services
        page = await account_service.list_accounts(
            services.accounts,
            account_filter(where),
            newest_first=newest_first(order_by),
            first=page_size(first),
            skip=skip_after(after),
            policy=services.journey_policy,
        )
        _prime(info, page.items)
        return account_connection(page)

    @field("One account by id; null when there is none.")
    async def account(self, info: Info, id: strawberry.ID) -> Account | None:
        return await find_account(info, str(id))


async def _changed(info: Info, account_id: str) -> Account:
    info.context.loaders.clear()
    found = await find_account(info, account_id)
    if found is None:
        raise NotFound(f"accountId: no account with id {account_id}", field="accountId")
    return found


@strawberry.type
class AccountMutations:
    @mutation(
        "Name an outcome as the account's destination. Named again, it keeps its first `since`; "
        "with replace, its other destinations go (the customer changed destination)."
    )
    async def set_desired_outcome(
        self,
        info: Info,
        account_id: strawberry.ID,
        outcome_id: strawberry.ID,
        since: datetime | None = UNSET,
        replace: bool = False,
    ) -> Account:
        services = info.context.services
        await account_service.set_desired_outcome(
            services.accounts,
            str(account_id),
            parse_id(outcome_id, "outcomeId"),
            services.journey_policy,
            since=parse_time(since, "since") if _given(since) else None,
            replace=replace,
        )
        return await _changed(info, str(account_id))

    @mutation("Stop naming the outcome as a destination of the account.")
    async def remove_desired_outcome(
        self, info: Info, account_id: strawberry.ID, outcome_id: strawberry.ID
    ) -> Account:
        services = info.context.services
        await account_service.remove_desired_outcome(
            services.accounts,
            str(account_id),
            parse_id(outcome_id, "outcomeId"),
            services.journey_policy,
        )
        return await _changed(info, str(account_id))
