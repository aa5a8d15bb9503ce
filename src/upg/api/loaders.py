"""DataLoaders: one batched service call per relationship field per request, not one per parent.

A page of 100 milestones asking for `products` makes one `neighbours` call for all 100 ids. Loaders
are created per request (their cache must not outlive it) and cleared after every mutation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from strawberry.dataloader import DataLoader

from upg.model.audit import MilestoneClass, Ref, classify
from upg.model.evidence import StoredEvidence
from upg.model.health_values import HealthValue
from upg.model.nodes import Node
from upg.model.query import Linked, Page
from upg.services import backtest as backtest_service
from upg.services import evidence as evidence_service
from upg.services import nodes as node_service
from upg.services.ports import BacktestStore, EvidenceStore, Repository

NeighbourKey = tuple[str, bool, int, int]
"""(edge type, outgoing, first, skip): one loader each, batching parent ids."""
Complete = tuple[str, bool, str]
"""(edge type, outgoing, parent id): a parent whose every neighbour is already known."""


class Loaders:
    """The loaders of one request."""

    def __init__(
        self,
        repository: Repository,
        evidence: EvidenceStore,
        backtest: BacktestStore | None = None,
        default_window_days: int = 14,
    ) -> None:
        self._repository = repository
        self._evidence = evidence
        self._backtest = backtest
        self._window = default_window_days
        self._health: dict[datetime | None, DataLoader[str, list[HealthValue] | None]] = {}
        self._neighbours: dict[NeighbourKey, DataLoader[str, Page[Linked]]] = {}
        self._complete: dict[Complete, tuple[Linked, ...]] = {}
        self.node: DataLoader[str, Node | None] = DataLoader(self._load_nodes)
        self.is_vanity: DataLoader[str, bool] = DataLoader(self._load_is_vanity)
        self.evidence: DataLoader[str, tuple[StoredEvidence, ...]] = DataLoader(self._load_evidence)

    def neighbours(
        self, edge_type: str, outgoing: bool, first: int, skip: int
    ) -> DataLoader[str, Page[Linked]]:
        """The loader of one page of neighbours over `edge_type` in one direction."""
        key = (edge_type, outgoing, first, skip)
        loader = self._neighbours.get(key)
        if loader is None:

            async def load(ids: list[str]) -> list[Page[Linked]]:
                pages = await node_service.neighbours(
                    self._repository, ids, edge_type, outgoing, first, skip
                )
                return [pages[node_id] for node_id in ids]

            loader = self._neighbours[key] = DataLoader(load)
        return loader

    def health(self, as_of: datetime | None) -> DataLoader[str, list[HealthValue] | None]:
        """Accounts' health values as of `as_of` (None: now): one read per page of accounts."""
        loader = self._health.get(as_of)
        if loader is None:
            store = self._backtest
            assert store is not None, "Loaders built without a backtest store"

            async def load(ids: list[str]) -> list[list[HealthValue] | None]:
                found = await backtest_service.account_health_scores(
                    store, ids, as_of, self._window
                )
                return [found.get(account_id) for account_id in ids]

            loader = DataLoader(load, max_batch_size=backtest_service.MAX_ACCOUNTS)
            self._health[as_of] = loader
        return loader

    def known_page(
        self, edge_type: str, outgoing: bool, parent_id: str, first: int, skip: int
    ) -> Page[Linked] | None:
        """A page cut from a parent's complete neighbour list, when an audit row gave it."""
        linked = self._complete.get((edge_type, outgoing, parent_id))
        if linked is None:
            return None
        return Page(linked[skip : skip + first], len(linked), skip)

    def prime_neighbours(
        self, edge_type: str, outgoing: bool, parent_id: str, refs: Sequence[Ref]
    ) -> None:
        """A parent's every neighbour, in title order, as an audit row read them whole."""
        if all(ref.node is not None for ref in refs):
            linked = tuple(Linked(ref.node, ref.weight) for ref in refs if ref.node is not None)
            self._complete[(edge_type, outgoing, parent_id)] = linked

    def prime_nodes(self, nodes: list[Node]) -> None:
        """Nodes a list just read: later `node` loads of them cost nothing."""
        for node in nodes:
            self.node.prime(node.id, node)

    def clear(self) -> None:
        """Forget everything read so far (a mutation may have changed it)."""
        self._neighbours.clear()
        self._complete.clear()
        self.node.clear_all()
        self.is_vanity.clear_all()
        self.evidence.clear_all()
        self._health.clear()

    async def _load_nodes(self, ids: list[str]) -> list[Node | None]:
        found = await self._repository.get_nodes(ids)
        return [found.get(node_id) for node_id in ids]

    async def _load_is_vanity(self, ids: list[str]) -> list[bool]:
        facts = await node_service.milestone_facts(self._repository, ids)
        return [classify(*facts[node_id]) is MilestoneClass.VANITY for node_id in ids]

    async def _load_evidence(self, ids: list[str]) -> list[tuple[StoredEvidence, ...]]:
        found = await evidence_service.stored(self._evidence, ids)
        return [found[node_id] for node_id in ids]
