"""The repository contract against the real Neo4j (the same tests the fake passes), and what
only the real one does: those tests are named `test_neo4j_only_...` and say why."""

from __future__ import annotations

import pytest

from tests.contract.graph import CONTAINS, MILESTONE, props
from tests.contract.repository import RepositoryContract
from upg.graph.repository import Neo4jRepository
from upg.model.registry import node_type
from upg.services.ports import Repository


class TestNeo4jRepository(RepositoryContract):
    @pytest.fixture
    def store(self, repo: Neo4jRepository) -> Repository:
        return repo

    async def test_neo4j_only_write_batch_creates_edges_without_merging(
        self, store: Repository
    ) -> None:
        """The generator's edges are CREATEd (a MERGE scans every edge per row at scale), so
        writing one twice gives two. The fake keys edges by (type, from, to) and keeps one;
        the generator never writes an edge twice (tests/unit/services/test_generate.py)."""
        score = props("CUSTOMER_HEALTH_SCORE", "s")[1]
        milestone = props("SUCCESS_MILESTONE", "m")[1]
        await store.write_batch(node_type("CUSTOMER_HEALTH_SCORE"), [score])
        await store.write_batch(MILESTONE, [milestone])
        row = {"source": score["id"], "target": milestone["id"], "weight": 1.0}
        assert await store.write_batch(CONTAINS, [row]) == 1
        assert await store.write_batch(CONTAINS, [row]) == 1
        page = (await store.neighbours([score["id"]], CONTAINS, True, 0, None))[score["id"]]
        assert page.total == 2
