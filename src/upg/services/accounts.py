"""Use cases on accounts: list and show them with their routes, name destinations, keep marks.

A page of accounts costs three statements whatever its size: the page's ids (filtered and
ordered through the signed-up index), the facts of those accounts, and the journey milestones
of their products and outcomes. Routes are computed here for that page only
(`upg.model.journey`). Listing by status reads the marks kept on accounts (`refresh` writes
them; imports, desires and `upg demo cohort` call it for the accounts they touch).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from upg.errors import Invalid, NotFound
from upg.model import journey
from upg.model.account_query import AccountFilter, filter_params, health_bounds
from upg.model.journey import AccountFacts, JourneyMilestone, JourneyPolicy, Route, RouteStatus
from upg.services.evidence import ID_MAX, Rejected, parse_time
from upg.services.nodes import MAX_PAGE, check_page
from upg.services.ports import AccountStore, EvidenceStore
from upg.services.row_files import read_rows

REFRESH_BATCH = 1_000
"""Accounts whose marks are computed and written per transaction."""


@dataclass(frozen=True)
class AccountView:
    """An account with its routes as of `now`."""

    facts: AccountFacts
    routes: tuple[Route, ...]
    status: RouteStatus | None
    now: datetime

    @property
    def id(self) -> str:
        return self.facts.id


@dataclass(frozen=True)
class AccountPage:
    items: tuple[AccountView, ...]
    offset: int
    has_next: bool
    total: Callable[[], Awaitable[int]]
    """Counts the whole list: only when asked (with filters it reads every account)."""


def now_utc() -> datetime:
    return datetime.now(UTC)


async def views(
    store: AccountStore, ids: Sequence[str], now: datetime, policy: JourneyPolicy
) -> list[AccountView | None]:
    """The accounts with these ids (None where there is none), with their routes."""
    found = await store.facts(ids)
    computed = {v.id: v for v in await with_routes(store, list(found.values()), now, policy)}
    return [computed.get(account_id) for account_id in ids]


async def with_routes(
    store: AccountStore, found: Sequence[AccountFacts], now: datetime, policy: JourneyPolicy
) -> list[AccountView]:
    """The accounts with their routes (one read of the journey milestones for all)."""
    catalog = journey.Catalog(await _catalog(store, found))
    result = []
    for facts in found:
        routes = tuple(journey.routes(facts, catalog, now, policy))
        result.append(AccountView(facts, routes, journey.account_status(routes), now))
    return result


async def _catalog(
    store: AccountStore, facts: Sequence[AccountFacts] | Any
) -> list[JourneyMilestone]:
    accounts = list(facts)
    if not accounts:
        return []
    products = {p for f in accounts for p in f.products}
    outcomes = {o for f in accounts for o in f.desires}
    return await store.catalog(sorted(products), sorted(outcomes))


async def get_account(
    store: AccountStore, account_id: str, now: datetime, policy: JourneyPolicy
) -> AccountView | None:
    """One account with its routes, or None."""
    check_account_id(account_id, "id")
    return (await views(store, [account_id], now, policy))[0]


def check_account_id(account_id: str, field: str) -> str:
    """An account id as imports accept it (1..128 characters), or Invalid naming the field."""
    text = str(account_id).strip()
    if not text or len(text) > ID_MAX:
        raise Invalid(f"{field}: must be 1 to {ID_MAX} characters", field=field)
    return text


async def list_accounts(
    store: AccountStore,
    where: AccountFilter,
    *,
    newest_first: bool = True,
    first: int = 20,
    skip: int = 0,
    now: datetime | None = None,
    policy: JourneyPolicy | None = None,
) -> AccountPage:
    """One page of accounts matching `where`, by sign-up time (then id), with routes."""
    check_page(first, skip)
    moment = now or now_utc()
    rules = policy or JourneyPolicy()
    params = filter_params(
        where,
        moment,
        rules.stuck_days,
        rules.default_window_days,
        await _health_total(store, where),
    )
    rows = await store.page(params, newest_first, skip, first + 1)
    found = await with_routes(store, rows[:first], moment, rules)

    async def total() -> int:
        return await store.count(params)

    return AccountPage(tuple(found), skip, len(rows) > first, total)


async def _health_total(store: AccountStore, where: AccountFilter) -> float:
    """The total weight of the health filter's score (0 without the filter); NotFound naming
    the field when there is no such score."""
    if where.health is None:
        return 0.0
    health_bounds(where.health)  # a malformed band is BAD_USER_INPUT, whether the score exists
    total = await store.score_total(where.health.score_id)
    if total is None:
        field = "healthScore.id"
        raise NotFound(f"{field}: no health score with id {where.health.score_id}", field=field)
    return total


def marks_of(
    policy: JourneyPolicy,
) -> Callable[[AccountFacts, Sequence[JourneyMilestone]], journey.RouteMarks]:
    """The function that computes an account's kept marks under `policy`."""
    return lambda facts, catalog: journey.marks(facts, catalog, policy)


async def refresh(
    store: AccountStore,
    policy: JourneyPolicy,
    ids: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
    batch: int = REFRESH_BATCH,
) -> int:
    """Recompute and keep the route marks of these accounts (all when None); how many."""
    done = 0

    async def one(chunk: Sequence[str]) -> None:
        nonlocal done
        found = await store.facts(chunk)
        catalog = journey.Catalog(await _catalog(store, found.values()))
        kept = {i: journey.marks(f, catalog, policy) for i, f in found.items()}
        done += await store.store_marks(kept)
        if progress is not None:
            progress(done)

    if ids is not None:
        unique = sorted(set(ids))
        for start in range(0, len(unique), batch):
            await one(unique[start : start + batch])
        return done
    after = ""
    while chunk := await store.ids_after(after, batch):
        await one(chunk)
        after = chunk[-1]
    return done


async def set_desired_outcome(
    store: AccountStore,
    account_id: str,
    outcome_id: str,
    policy: JourneyPolicy,
    *,
    since: datetime | None = None,
    replace: bool = False,
) -> bool:
    """Name an outcome as the account's destination (since now, unless given); named again, it
    keeps its first `since`. `replace`: the customer changed destination, the others go."""
    account = check_account_id(account_id, "accountId")
    change = {"since": since or now_utc(), "replace": replace}
    return await store.change_desire(account, outcome_id, change, marks_of(policy))


async def remove_desired_outcome(
    store: AccountStore, account_id: str, outcome_id: str, policy: JourneyPolicy
) -> bool:
    """Stop naming the outcome as a destination; whether it was named."""
    account = check_account_id(account_id, "accountId")
    return await store.change_desire(account, outcome_id, None, marks_of(policy))


@dataclass
class DesireImport:
    accepted: int = 0
    rejected: list[Rejected] | None = None


def check_desire(row: dict[str, Any], known: dict[str, str]) -> dict[str, Any]:
    """A valid {account_id, outcome_id, since, replace} row, or Invalid naming the column."""
    result: dict[str, Any] = {"replace": False}
    for column, label in (("account_id", "Account"), ("outcome_id", "Outcome")):
        value = str(row.get(column) or "").strip()
        if not value:
            raise Invalid(f"{column}: is required", field=column)
        found = known.get(value)
        if found is None:
            raise Invalid(f"{column}: unknown {label} id {value}", field=column)
        if found != label:
            raise Invalid(f"{column}: {value} is a {found}, not a {label}", field=column)
        result[column] = value
    result["since"] = parse_time(row.get("since"), "since")
    return result


async def import_desires(
    store: AccountStore,
    evidence: EvidenceStore,
    path: Path,
    policy: JourneyPolicy,
    batch: int = 5_000,
) -> DesireImport:
    """Import desires.csv / .jsonl (account_id, outcome_id, since): good rows are written, bad
    ones reported with their line; the touched accounts' marks are refreshed."""
    known = await evidence.known_ids()
    summary = DesireImport(0, [])
    assert summary.rejected is not None
    pending: list[dict[str, Any]] = []
    touched: set[str] = set()
    for line, row in read_rows(path):
        try:
            if "__error__" in row:
                raise Invalid(row["__error__"])
            pending.append(check_desire(row, known))
        except Invalid as exc:
            summary.rejected.append(Rejected(path.name, line, exc.message))
            continue
        touched.add(pending[-1]["account_id"])
        if len(pending) >= batch:
            summary.accepted += await store.merge_desires(pending)
            pending.clear()
    if pending:
        summary.accepted += await store.merge_desires(pending)
    await refresh(store, policy, sorted(touched))
    return summary


MAX_FIRST = MAX_PAGE
