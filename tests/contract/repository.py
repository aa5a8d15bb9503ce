"""The one Repository contract: every test here runs against the in-memory fake
(tests/unit/test_repository_contract.py) and the real Neo4jRepository
(tests/integration/graph/test_repository_contract.py).

A subclass provides the `store` fixture. The class name does not start with "Test", so pytest
collects it only through those subclasses.
"""

from __future__ import annotations

from tests.contract.audits import AuditContract
from tests.contract.nodes import NodeContract


class RepositoryContract(NodeContract, AuditContract):
    """Nodes, lists, edges, neighbours, milestone facts, audits and bulk writes."""
