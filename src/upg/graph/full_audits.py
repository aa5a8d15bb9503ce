"""Full audits streamed row by row: the whole list, never collected into one row or one list.

The CLI's full audits read every vanity milestone of the graph; at 1M milestones a single
collected row (or a list of them) is what made memory and time grow faster than the graph.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from neo4j import AsyncDriver

from upg.graph import transactions
from upg.graph.records import to_node, to_ref
from upg.model.audit import VanityMilestone


async def vanity(
    driver: AsyncDriver,
    database: str,
    timeout_s: float | None,
    product_id: str | None,
    health_score_id: str | None,
    tag: str | None,
) -> AsyncIterator[VanityMilestone]:
    """Every vanity milestone (in the scope given), in (title, id) order, as Neo4j sends it."""
    rows = transactions.stream_rows(
        driver,
        database,
        timeout_s,
        "audit/vanity_full",
        productId=product_id,
        healthScoreId=health_score_id,
        tag=tag,
    )
    async for row in rows:
        yield VanityMilestone(
            to_node(row["milestone"]),
            tuple(to_ref(p) for p in row["products"]),
            tuple(to_ref(s) for s in row["scores"]),
        )
