"""The kept milestone class checked against the edges (`upg db verify`), and repaired.

Every write keeps `milestone_class` in its own transaction (`queries/milestone_class_refresh`);
this reads the whole graph to prove it, so it is an operator's command, not a request's.
"""

from __future__ import annotations

from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from upg.graph import transactions
from upg.graph.cypher import run
from upg.graph.repository import refresh_classes
from upg.model.audit import ClassDrift, MilestoneClass


class MilestoneClassRepository:
    """Drift between each milestone's kept class and its edges, over one Neo4j database."""

    def __init__(self, driver: AsyncDriver, database: str, timeout_s: float | None = None) -> None:
        self._driver = driver
        self._database = database
        self._timeout_s = timeout_s

    async def drift(self, examples: int) -> list[ClassDrift]:
        """Groups of drifted milestones by (kept, expected) class, with some example ids."""

        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            return await run(tx, "queries/milestone_class_drift", examples=examples)

        rows = await transactions.read(self._driver, self._database, work, self._timeout_s)
        return [
            ClassDrift(
                _class(row["kept"]),
                MilestoneClass(row["expected"]),
                int(row["drifted"]),
                tuple(row["examples"]),
            )
            for row in rows
        ]

    async def repair(self, batch: int) -> int:
        """Refresh one batch of drifted milestones (one transaction); how many were refreshed."""

        async def work(tx: AsyncManagedTransaction) -> int:
            rows = await run(tx, "queries/milestone_class_drifted", limit=batch)
            ids = [str(row["id"]) for row in rows]
            await refresh_classes(tx, ids)
            return len(ids)

        return await transactions.write(self._driver, self._database, work, self._timeout_s)


def _class(value: object) -> MilestoneClass | None:
    """A kept value as a class; None when unset or not a class name (both are drift)."""
    names = {member.value for member in MilestoneClass}
    return MilestoneClass(value) if isinstance(value, str) and value in names else None
