"""The repository contract against the in-memory fake the unit tests use."""

from __future__ import annotations

import pytest

from tests.contract.repository import RepositoryContract
from tests.unit.fakes import InMemoryRepository
from upg.services.ports import Repository


class TestInMemoryRepository(RepositoryContract):
    @pytest.fixture
    def store(self) -> Repository:
        return InMemoryRepository()
