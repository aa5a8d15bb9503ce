"""Reading the graph page by page for `upg export` (statements in `cypher/export/`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from neo4j import AsyncDriver

from upg.graph import transactions
from upg.model.registry import EDGE_TYPES


class GraphExportRepository:
    """Pages of nodes (with their outgoing edges) and of accounts, in id order."""

    def __init__(self, driver: AsyncDriver, database: str, timeout_s: float | None = None) -> None:
        self._read = partial(transactions.read_rows, driver, database, timeout_s)

    async def nodes(self, after: str, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` upg nodes after id `after`: `{node, edges}` rows."""
        types = [edge.type for edge in EDGE_TYPES]
        return await self._read("export/nodes", after=after, limit=limit, types=types)

    async def accounts(self, after: str, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` accounts after id `after`: `{account, edges}` rows."""
        return await self._read("export/accounts", after=after, limit=limit)
