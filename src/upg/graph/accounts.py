"""Repository of accounts on their journey: pages, facts, journey milestones, desires, marks."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from upg.errors import NotFound
from upg.graph import transactions
from upg.graph.cypher import run
from upg.graph.records import to_node
from upg.model.journey import AccountFacts, JourneyMilestone, Measured, Play, RouteMarks
from upg.model.lifecycle import WORK_ITEM

CANCELLED = "cancelled"
assert CANCELLED in WORK_ITEM.states

MarksOf = Callable[[AccountFacts, Sequence[JourneyMilestone]], RouteMarks]
"""How the service turns an account's facts into its kept marks (upg.model.journey.marks)."""


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _time(micros: int) -> datetime:
    # Exact to the microsecond (a float of seconds would round).
    return EPOCH + timedelta(microseconds=micros)


def _times(pairs: Sequence[Sequence[Any]]) -> dict[str, datetime]:
    found: dict[str, datetime] = {}
    for key, micros in pairs:
        if micros is not None:
            found[key] = _time(micros)
    return found


def to_facts(row: Mapping[str, Any]) -> AccountFacts:
    """AccountFacts from a row of accounts/facts."""
    return AccountFacts(
        id=row["id"],
        name=row["name"],
        signed_up_at=_time(row["signedUpAt"]),
        products=tuple(sorted(row["products"])),
        reached=_times(row["reached"]),
        achieved=_times(row["achieved"]),
        desires=_times(row["desires"]),
    )


def to_milestone(row: Mapping[str, Any]) -> JourneyMilestone:
    """A JourneyMilestone from a row of accounts/catalog."""
    target = row["targetDate"]
    return JourneyMilestone(
        id=row["id"],
        title=row["title"],
        window_days=row["windowDays"],
        target_date=None if target is None else date.fromisoformat(target),
        milestone_type=row["milestoneType"],
        play=None if row["play"] is None else Play(row["play"]),
        products=frozenset(row["products"]),
        validates={
            outcome: Measured(verdict, None if diff is None else float(diff))
            for outcome, verdict, diff in row["validates"]
        },
        node=to_node(row["node"]) if row.get("node") else None,
    )


def _marks_row(account_id: str, kept: RouteMarks) -> dict[str, Any]:
    return {"id": account_id, "state": kept.state, "due_at": kept.due_at, "last_at": kept.last_at}


class AccountRepository:
    """Accounts, their facts and desires, and the route marks kept on them."""

    def __init__(self, driver: AsyncDriver, database: str, timeout_s: float | None = None) -> None:
        self._driver = driver
        self._database = database
        self._timeout_s = timeout_s
        self._read = partial(transactions.read_rows, driver, database, timeout_s)

    async def page(
        self, params: Mapping[str, Any], newest_first: bool, skip: int, limit: int
    ) -> list[AccountFacts]:
        """The accounts matching accounts/page's parameters, in sign-up order, with their facts."""
        name = "accounts/page_desc" if newest_first else "accounts/page"
        rows = await self._read(name, **params, skip=skip, limit=limit)
        return [to_facts(row) for row in rows]

    async def count(self, params: Mapping[str, Any]) -> int:
        rows = await self._read("accounts/count", **params)
        return int(rows[0]["total"])

    async def score_total(self, score_id: str) -> float | None:
        """The total weight of a health score, or None when there is no such score."""
        rows = await self._read("accounts/score_total", scoreId=score_id)
        return float(rows[0]["total"]) if rows else None

    async def facts(self, ids: Sequence[str]) -> dict[str, AccountFacts]:
        """The facts of each account found, by id."""
        rows = await self._read("accounts/facts", ids=list(ids))
        return {row["id"]: to_facts(row) for row in rows}

    async def catalog(
        self, product_ids: Sequence[str], outcome_ids: Sequence[str]
    ) -> list[JourneyMilestone]:
        """The journey milestones of these products and outcomes."""
        rows = await self._read(
            "accounts/catalog",
            productIds=sorted(set(product_ids)),
            outcomeIds=sorted(set(outcome_ids)),
            cancelled=CANCELLED,
        )
        return [to_milestone(row) for row in rows]

    async def ids_after(self, after: str, limit: int) -> list[str]:
        rows = await self._read("accounts/ids_after", after=after, limit=limit)
        return [row["id"] for row in rows]

    async def store_marks(self, marks: Mapping[str, RouteMarks]) -> int:
        """Keep route marks on accounts (one transaction); how many accounts were updated."""

        async def work(tx: AsyncManagedTransaction) -> int:
            rows = [_marks_row(account_id, kept) for account_id, kept in marks.items()]
            result = await run(tx, "accounts/marks_store", rows=rows)
            return int(result[0]["stored"]) if result else 0

        return await transactions.write(self._driver, self._database, work, self._timeout_s)

    async def merge_desires(self, rows: Sequence[Mapping[str, Any]]) -> int:
        """Write checked {account_id, outcome_id, since, replace} rows (one transaction)."""

        async def work(tx: AsyncManagedTransaction) -> int:
            result = await run(tx, "accounts/desires_merge", rows=list(rows))
            return int(result[0]["written"]) if result else 0

        return await transactions.write(self._driver, self._database, work, self._timeout_s)

    async def change_desire(
        self,
        account_id: str,
        outcome_id: str,
        change: Mapping[str, Any] | None,
        marks_of: MarksOf,
    ) -> bool:
        """Set (`change` = {since, replace}) or remove (None) one desire and refresh the
        account's marks, in one transaction; NotFound names accountId or outcomeId."""

        async def work(tx: AsyncManagedTransaction) -> bool:
            known = (await run(tx, "accounts/known", accountId=account_id, outcomeId=outcome_id))[0]
            if not known["account"]:
                raise NotFound(f"accountId: no account with id {account_id}", field="accountId")
            if not known["outcome"]:
                raise NotFound(f"outcomeId: no outcome with id {outcome_id}", field="outcomeId")
            if change is None:
                rows = await run(
                    tx, "accounts/desire_delete", accountId=account_id, outcomeId=outcome_id
                )
                changed = bool(rows[0]["deleted"])
            else:
                row = {"account_id": account_id, "outcome_id": outcome_id, **change}
                await run(tx, "accounts/desires_merge", rows=[row])
                changed = True
            facts = to_facts((await run(tx, "accounts/facts", ids=[account_id]))[0])
            catalog = await run(
                tx,
                "accounts/catalog",
                productIds=list(facts.products),
                outcomeIds=sorted(facts.desires),
                cancelled=CANCELLED,
            )
            kept = marks_of(facts, [to_milestone(r) for r in catalog])
            await run(tx, "accounts/marks_store", rows=[_marks_row(account_id, kept)])
            return changed

        return await transactions.write(self._driver, self._database, work, self._timeout_s)
