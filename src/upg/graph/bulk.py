"""Fast writes: new milestones created with their edges in one statement (the generator), and
the emptiness check of a bulk import.

Kept out of `repository` for size; `Neo4jRepository.create_milestones` runs it in one managed
transaction. Safe to retry: a retried batch finds either none of its ids (created again) or all
of them (a commit whose answer was lost: nothing written, 0 returned).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from upg.errors import Conflict
from upg.graph import transactions
from upg.graph.cypher import run
from upg.model.registry import BASE_LABEL, edge_type, node_type


async def create_milestones(
    tx: AsyncManagedTransaction, rows: Sequence[Mapping[str, Any]]
) -> dict[str, int]:
    """Create the milestones of `rows` with their edges; what was written, by node or edge type
    (nothing when every id exists already); Conflict when only some do.

    Rows are `{props, product, contains: [{source, weight}], validates: [ids]}`, props with the
    kept `milestone_class` (a new milestone's edges are all in its row).
    """
    ids = [row["props"]["id"] for row in rows]
    existing = int((await run(tx, "queries/generate_existing", ids=ids))[0]["existing"])
    if existing == len(ids):
        return {}
    if existing:
        raise Conflict(
            f"the graph already holds {existing} of these {len(ids)} milestones: it was "
            "written with another spec or seed, or half-written; wipe it first",
            field="id",
        )
    found = await run(
        tx,
        "queries/generate_milestones",
        labels=[BASE_LABEL, node_type("SUCCESS_MILESTONE").label],
        celebrates=edge_type("CELEBRATES_VIA").type,
        contains=edge_type("CONTAINS").type,
        validates=edge_type("VALIDATES").type,
        rows=rows,
    )
    written = found[0]
    return {
        "SUCCESS_MILESTONE": int(written["written"]),
        "CELEBRATES_VIA": int(written["written"]),
        "CONTAINS": int(written["contained"] or 0),
        "VALIDATES": int(written["validated"] or 0),
    }


async def held_nodes(driver: AsyncDriver, database: str) -> int:
    """Nodes in the database beside the migration records (0: a bulk import may replace it)."""

    async def work(tx: AsyncManagedTransaction) -> int:
        return int((await run(tx, "queries/graph_held_nodes"))[0]["held"])

    return await transactions.read(driver, database, work, None)
