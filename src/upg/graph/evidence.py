"""Repository of observations and evidence: bulk import, counts, stored verdicts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from upg.graph import transactions
from upg.graph.cypher import run
from upg.graph.records import native
from upg.model.evidence import Table

IMPORTS = {
    "accounts": "evidence/import_accounts",
    "reached": "evidence/import_reached",
    "achieved": "evidence/import_achieved",
}


class EvidenceRepository:
    """Accounts and their REACHED / ACHIEVED facts, and the evidence computed from them."""

    def __init__(self, driver: AsyncDriver, database: str, timeout_s: float | None = None) -> None:
        """`timeout_s`: how long Neo4j lets one transaction run (None: the server's limit)."""
        self._driver = driver
        self._database = database
        self._timeout_s = timeout_s
        self._read = partial(transactions.read_rows, driver, database, timeout_s)

    async def _write(self, name: str, **params: Any) -> list[dict[str, Any]]:
        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            return await run(tx, name, **params)

        return await transactions.write(self._driver, self._database, work, self._timeout_s)

    async def known_ids(self) -> dict[str, str]:
        """Every id an import may name, with its label."""
        row = (await self._read("evidence/known_ids"))[0]
        return {node_id: label for label, ids in row.items() for node_id in ids}

    async def import_batch(self, kind: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Write one validated batch (accounts, reached or achieved) in one transaction."""
        await self._write(IMPORTS[kind], rows=list(rows))

    async def counts(
        self, as_of: datetime, default_window_days: int, product_id: str | None
    ) -> tuple[dict[str, tuple[int, int]], dict[tuple[str, str], Table]]:
        """Population per milestone (n, hits) and the 2x2 table of every observed pair."""
        rows = await self._read(
            "evidence/counts",
            asOf=as_of,
            defaultWindowDays=default_window_days,
            productId=product_id,
        )
        populations = {
            row["milestoneId"]: (int(row["accounts"]), int(row["hits"]))
            for row in rows
            if row["outcomeId"] is None
        }
        tables: dict[tuple[str, str], Table] = {}
        for row in rows:
            if row["outcomeId"] is None:
                continue
            n, hits = populations[row["milestoneId"]]
            a, c = int(row["hitsAfter"]), int(row["missesAfter"])
            b = hits - a - int(row["hitsBefore"])
            d = (n - hits) - c - int(row["missesBefore"])
            tables[(row["milestoneId"], row["outcomeId"])] = Table(a, b, c, d)
        return populations, tables

    async def claims(self, product_id: str | None) -> list[tuple[str, str]]:
        """Every (milestone, outcome) VALIDATES edge."""
        rows = await self._read("evidence/claims", productId=product_id)
        return [(row["milestoneId"], row["outcomeId"]) for row in rows]

    async def stored(self, milestone_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Per milestone, `{outcome_id, evidence}` of each VALIDATES edge with stored evidence
        (by outcome title), properties as native Python values; milestones without any are absent.
        """
        rows = await self._read("evidence/stored", ids=list(milestone_ids))
        return {
            row["milestoneId"]: [
                {
                    "outcome_id": item["outcomeId"],
                    "evidence": {k: native(v) for k, v in item["evidence"].items()},
                }
                for item in row["evidence"]
            ]
            for row in rows
        }

    async def store(self, rows: Sequence[Mapping[str, Any]], computed_at: datetime) -> int:
        """Write evidence properties onto VALIDATES edges; returns how many edges were updated."""
        result = await self._write("evidence/store", rows=list(rows), computedAt=computed_at)
        return int(result[0]["stored"]) if result else 0
