"""What the services need from storage: the ports. The Neo4j adapters in `upg.graph` are the real
ones (built by `upg.bootstrap`); tests may fake them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from upg.model.activation import Journeys
from upg.model.audit import MilestoneAuditEntry, ScoreAudit, VanityMilestone
from upg.model.auth import ApiToken, RevokedJwt
from upg.model.evidence import Table
from upg.model.health_values import AccountFacts as ScoredAccount
from upg.model.health_values import MilestoneInfo, ScoreDefinition
from upg.model.journey import AccountFacts, JourneyMilestone, RouteMarks
from upg.model.nodes import Node
from upg.model.query import Linked, NodeFilter, Order, Page
from upg.model.registry import EdgeType, NodeType

if TYPE_CHECKING:
    from upg.model.landmarks import PopulationFacts  # numpy: loaded only where a backtest runs


class Repository(Protocol):
    """Nodes, edges and audits (graph.repository.Neo4jRepository is the real one)."""

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
    def vanity_full(
        self, product_id: str | None, health_score_id: str | None, tag: str | None
    ) -> AsyncIterator[VanityMilestone]:
        """Every vanity milestone in the scope, in (title, id) order, one at a time."""
        ...

    async def health_score_audits(
        self,
        health_score_id: str | None,
        skip: int = 0,
        limit: int | None = None,
        vanity_limit: int | None = None,
    ) -> Page[ScoreAudit]: ...
    def score_audits_full(self) -> AsyncIterator[ScoreAudit]:
        """Every health score's audit, in (title, id) order, one at a time."""
        ...

    async def unmeasured_outcomes(self, skip: int, limit: int | None) -> Page[Node]: ...
    async def milestone_audit(
        self, product_id: str | None, skip: int = 0, limit: int | None = None
    ) -> Page[MilestoneAuditEntry]: ...
    def milestone_full(self, product_id: str | None) -> AsyncIterator[MilestoneAuditEntry]:
        """Every milestone (of one product, if given) with its class, in (title, id) order."""
        ...

    async def write_batch(
        self, kind: NodeType | EdgeType, rows: Sequence[Mapping[str, Any]] | None
    ) -> int: ...
    async def create_milestones(self, rows: Sequence[Mapping[str, Any]]) -> dict[str, int]: ...


class SearchIndex(Protocol):
    """Titles by full-text query (graph.search.SearchRepository is the real one)."""

    async def search(self, query: str, skip: int, limit: int) -> Page[Node]: ...


class TokenStore(Protocol):
    """Where API keys and revoked JWTs live (TokenRepository is the real one)."""

    async def create(self, token: ApiToken, key_hash: str) -> ApiToken: ...
    async def find(self, key_hash: str) -> ApiToken | None: ...
    async def revoke(self, ref: str) -> list[ApiToken]: ...
    async def list(self) -> list[ApiToken]: ...
    async def revoke_jwt(self, jti: str, expires_at: datetime) -> RevokedJwt: ...
    async def revoked_jwt(self, jti: str) -> RevokedJwt | None: ...


class EvidenceStore(Protocol):
    """Observed accounts and the evidence stored on VALIDATES edges (graph.evidence)."""

    async def known_ids(self) -> dict[str, str]: ...
    async def import_batch(self, kind: str, rows: Sequence[Mapping[str, Any]]) -> None: ...
    async def counts(
        self, as_of: datetime, default_window_days: int, product_id: str | None
    ) -> tuple[dict[str, tuple[int, int]], dict[tuple[str, str], Table]]: ...
    async def claims(self, product_id: str | None) -> list[tuple[str, str]]: ...
    async def stored(self, milestone_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]: ...
    async def store(self, rows: Sequence[Mapping[str, Any]], computed_at: datetime) -> int: ...


class GraphImport(Protocol):
    """Where `upg import` writes checked rows (graph.graph_import.GraphImportRepository)."""

    async def types(self, ids: Sequence[str]) -> dict[str, str]: ...
    async def write_batch(
        self, kind: str, type_: str, rows: Sequence[Mapping[str, Any]]
    ) -> tuple[int, int]: ...


class GraphExport(Protocol):
    """Pages of the graph for `upg export` (graph.graph_export.GraphExportRepository)."""

    async def nodes(self, after: str, limit: int) -> list[dict[str, Any]]: ...
    async def accounts(self, after: str, limit: int) -> list[dict[str, Any]]: ...


class AccountStore(Protocol):
    """Accounts on their journey (graph.accounts.AccountRepository is the real one)."""

    async def page(
        self, params: Mapping[str, Any], newest_first: bool, skip: int, limit: int
    ) -> list[AccountFacts]: ...
    async def count(self, params: Mapping[str, Any]) -> int: ...
    async def score_total(self, score_id: str) -> float | None: ...
    async def facts(self, ids: Sequence[str]) -> dict[str, AccountFacts]: ...
    async def catalog(
        self, product_ids: Sequence[str], outcome_ids: Sequence[str]
    ) -> list[JourneyMilestone]: ...
    async def ids_after(self, after: str, limit: int) -> list[str]: ...
    async def store_marks(self, marks: Mapping[str, RouteMarks]) -> int: ...
    async def merge_desires(self, rows: Sequence[Mapping[str, Any]]) -> int: ...
    async def change_desire(
        self,
        account_id: str,
        outcome_id: str,
        change: Mapping[str, Any] | None,
        marks_of: Callable[[AccountFacts, Sequence[JourneyMilestone]], RouteMarks],
    ) -> bool: ...


class BacktestStore(Protocol):
    """Accounts as health scores see them (graph.backtest)."""

    async def score_definitions(
        self, score_ids: Sequence[str] | None, default_window_days: int
    ) -> list[tuple[ScoreDefinition, dict[str, tuple[str, ...]]]]: ...
    async def account_facts(self, account_ids: Sequence[str]) -> list[ScoredAccount]: ...
    async def population(
        self, milestone_ids: Sequence[str], outcome_id: str
    ) -> PopulationFacts: ...
    async def milestone(
        self, milestone_id: str, default_window_days: int
    ) -> MilestoneInfo | None: ...
    async def journeys(self, milestone_id: str, outcome_id: str | None) -> Journeys: ...
