"""The repository contract against the real Neo4j (the same tests the fake passes)."""

from __future__ import annotations

import pytest

from tests.contract.repository import RepositoryContract
from upg.graph.repository import Neo4jRepository
from upg.services.ports import Repository


class TestNeo4jRepository(RepositoryContract):
    @pytest.fixture
    def store(self, repo: Neo4jRepository) -> Repository:
        return repo
