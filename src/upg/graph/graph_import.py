"""Writing checked import rows (`upg import`): the one write path of the online import.

`write_batch` takes rows that `upg.services.importer_rows` checked and writes them in one
transaction with the statements of `cypher/import/`; a batch that adds CONTAINS or VALIDATES
edges refreshes the kept class of its milestones in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from upg.graph import transactions
from upg.graph.cypher import run
from upg.graph.repository import refresh_classes, touched_milestones
from upg.model.registry import BASE_LABEL, edge_type, node_type

ACCOUNT = "ACCOUNT"
_ACCOUNT_EDGES = {
    "USES": "import/uses",
    "REACHED": "import/reached",
    "ACHIEVED": "import/achieved",
    "DESIRES": "import/desires",
}


class GraphImportRepository:
    """Batches of checked node and edge rows, and the lookups the importer needs."""

    def __init__(self, driver: AsyncDriver, database: str, timeout_s: float | None = None) -> None:
        self._driver = driver
        self._database = database
        self._timeout_s = timeout_s

    async def types(self, ids: Sequence[str]) -> dict[str, str]:
        """The type key (or ACCOUNT) of each id that names a node already."""

        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            return await run(tx, "import/types", ids=list(ids))

        rows = await transactions.read(self._driver, self._database, work, self._timeout_s)
        return {row["id"]: row["type"] or ACCOUNT for row in rows}

    async def write_batch(
        self, kind: str, type_: str, rows: Sequence[Mapping[str, Any]]
    ) -> tuple[int, int]:
        """Write one batch of checked rows in one transaction: (created, updated).

        kind "node": `type_` is a node type key or ACCOUNT; kind "edge": a registry edge type
        or USES, REACHED, ACHIEVED, DESIRES.
        """
        batch = [dict(row) for row in rows]

        async def work(tx: AsyncManagedTransaction) -> tuple[int, int]:
            if kind == "node" and type_ == ACCOUNT:
                found = await run(tx, "import/accounts", rows=batch)
            elif kind == "node":
                labels = [BASE_LABEL, node_type(type_).label]
                found = await run(tx, "import/nodes", labels=labels, rows=batch)
            elif type_ in _ACCOUNT_EDGES:
                found = await run(tx, _ACCOUNT_EDGES[type_], rows=batch)
            else:
                edge = edge_type(type_)
                found = await run(
                    tx, "import/edges", type=edge.type, weighted=edge.weighted, rows=batch
                )
                ends = [(row["source"], row["target"]) for row in batch]
                touched = [m for a, b in ends for m in touched_milestones(edge, a, b)]
                await refresh_classes(tx, touched)
            return int(found[0]["created"]), int(found[0]["updated"])

        return await transactions.write(self._driver, self._database, work, self._timeout_s)
