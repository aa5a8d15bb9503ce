"""What the services need from storage. Neo4jRepository is the real one; tests may fake it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from upg.model.audit import MilestoneAuditEntry, ScoreAudit, VanityMilestone
from upg.model.auth import ApiToken
from upg.model.nodes import Node
from upg.model.query import Linked, NodeFilter, Order, Page
from upg.model.registry import EdgeType, NodeType


class Repository(Protocol):
    async def create_node(self, kind: NodeType, props: Mapping[str, Any]) -> Node: ...
    async def ensure_graph(
        self,
        nodes: Sequence[tuple[NodeType, Mapping[str, Any]]],
        edges: Sequence[tuple[EdgeType, str, str, float | None]],
    ) -> tuple[int, int]: ...
    async def get_nodes(self, ids: list[str]) -> dict[str, Node]: ...
    async def update_node(
        self, node_id: str, plan: Callable[[Node], tuple[dict[str, Any], str | None]]
    ) -> Node: ...
    async def delete_node(self, node_id: str) -> bool: ...
    async def list_nodes(
        self, kind: NodeType, where: NodeFilter, order: list[Order], skip: int, limit: int | None
    ) -> Page[Node]: ...
    async def link(
        self, edge: EdgeType, from_id: str, to_id: str, weight: float | None
    ) -> float | None: ...
    async def unlink(self, edge: EdgeType, from_id: str, to_id: str) -> bool: ...
    async def neighbours(
        self, ids: list[str], edge: EdgeType, outgoing: bool, skip: int, limit: int | None
    ) -> dict[str, Page[Linked]]: ...
    async def milestone_facts(self, ids: list[str]) -> dict[str, tuple[bool, bool]]: ...
    async def vanity_milestones(
        self,
        product_id: str | None,
        health_score_id: str | None,
        tag: str | None,
        skip: int,
        limit: int | None,
    ) -> Page[VanityMilestone]: ...
    async def health_score_audits(
        self,
        health_score_id: str | None,
        skip: int = 0,
        limit: int | None = None,
        vanity_limit: int | None = None,
    ) -> Page[ScoreAudit]: ...
    async def unmeasured_outcomes(self, skip: int, limit: int | None) -> Page[Node]: ...
    async def milestone_audit(
        self, product_id: str | None, skip: int = 0, limit: int | None = None
    ) -> Page[MilestoneAuditEntry]: ...
    async def write_batch(
        self, kind: NodeType | EdgeType, rows: Sequence[Mapping[str, Any]] | None
    ) -> int: ...


class TokenStore(Protocol):
    """Where API keys live (TokenRepository is the real one)."""

    async def create(self, token: ApiToken, key_hash: str) -> ApiToken: ...
    async def find(self, key_hash: str) -> ApiToken | None: ...
    async def revoke(self, ref: str) -> list[ApiToken]: ...
    async def list(self) -> list[ApiToken]: ...
