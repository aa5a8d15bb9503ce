"""Full-text search over node titles (the `upg_node_title_fulltext` index, schema/011)."""

from __future__ import annotations

from neo4j import AsyncDriver, AsyncManagedTransaction

from upg.graph import transactions
from upg.graph.cypher import run
from upg.graph.records import to_node
from upg.model.nodes import Node
from upg.model.query import Page

INDEX = "upg_node_title_fulltext"
"""The full-text index on titles (created by migration schema/011_fulltext)."""


class SearchRepository:
    """Titles by full-text query, best match first, over one Neo4j database."""

    def __init__(self, driver: AsyncDriver, database: str, timeout_s: float | None = None) -> None:
        self._driver = driver
        self._database = database
        self._timeout_s = timeout_s

    async def search(self, query: str, skip: int, limit: int) -> Page[Node]:
        """One page of the nodes whose title matches the Lucene `query`, with the total."""

        async def work(tx: AsyncManagedTransaction) -> Page[Node]:
            [row] = await run(
                tx, "queries/search", index=INDEX, query=query, skip=skip, limit=limit
            )
            return Page(tuple(to_node(n) for n in row["nodes"]), row["total"], skip)

        return await transactions.read(self._driver, self._database, work, self._timeout_s)
