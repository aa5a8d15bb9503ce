"""An in-memory Repository for pure unit tests of the services (never used at run time).

It only stores: a milestone's class comes from `upg.model.audit.classify`, the rule the Cypher
audits implement too, and tests/contract/repository.py runs the same tests against this fake
and the real Neo4jRepository, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from upg.errors import Conflict, Invalid, NotFound
from upg.model.audit import (
    MilestoneAuditEntry,
    MilestoneClass,
    Ref,
    ScoreAudit,
    VanityMilestone,
    classify,
)
from upg.model.nodes import Node
from upg.model.query import Linked, NodeFilter, Order, Page
from upg.model.registry import EdgeType, NodeType, check_endpoint

_FIELDS = {f.name for f in dataclasses.fields(Node)} - {"extra", "created_at", "updated_at"}
_WIPE_BATCH = 10_000
"""How many nodes one `write_batch(kind, None)` deletes (the real one's limit too)."""

EdgeKey = tuple[str, str, str]
"""(relationship type, from id, to id)"""


def _node(props: Mapping[str, Any], now: datetime) -> Node:
    """A Node as stored from its property map: a null property is no property."""
    known = {k: v for k, v in props.items() if k in _FIELDS and v is not None}
    extra = {k: v for k, v in props.items() if k not in _FIELDS and v is not None}
    known["tags"] = tuple(known.get("tags", ()))
    if isinstance(known.get("target_date"), str):
        known["target_date"] = date.fromisoformat(known["target_date"])
    return Node(**known, created_at=now, updated_at=now, extra=extra)


def _page(items: Sequence[Any], skip: int, limit: int | None) -> Page[Any]:
    end = None if limit is None else skip + limit
    return Page(tuple(items[skip:end]), len(items), skip)


def _by_title(nodes: Iterable[Node]) -> list[Node]:
    return sorted(nodes, key=lambda n: (n.title, n.id))


def _sorted(nodes: list[Node], order: list[Order]) -> list[Node]:
    """Ordered like Cypher's ORDER BY: nulls last ascending, first descending; then by id."""
    keys = (order or [Order("title")])[:2]
    result = sorted(nodes, key=lambda n: n.id)
    for key in reversed(keys):

        def value(n: Node, name: str = key.field) -> tuple[bool, Any]:
            v = getattr(n, name)
            return (v is None, "" if v is None else v)

        result.sort(key=value, reverse=key.descending)
    return result


class InMemoryRepository:
    """Nodes in a dict by id; edges in a dict from (type, from, to) to the weight."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: dict[EdgeKey, float | None] = {}

    # Storage ------------------------------------------------------------------------------

    def _store(self, props: Mapping[str, Any]) -> Node:
        node = _node(props, datetime.now(UTC))
        self.nodes[node.id] = node
        return node

    def _merge_edge(
        self, edge: EdgeType, from_id: str, to_id: str, weight: float | None
    ) -> tuple[float | None, bool]:
        """Keep one edge per (type, from, to); a weight given replaces the old one."""
        key = (edge.type, from_id, to_id)
        created = key not in self.edges
        old = self.edges.get(key)
        stored = None
        if edge.weighted:
            stored = weight if weight is not None else old if old is not None else 1.0
        self.edges[key] = stored
        return stored, created

    def _edges(self, type_: str) -> Iterable[tuple[str, str, float | None]]:
        return ((a, b, w) for (t, a, b), w in self.edges.items() if t == type_)

    def _refs(
        self, type_: str, node_id: str, incoming: bool, whole: bool = False
    ) -> tuple[Ref, ...]:
        """The neighbours over `type_` as audit refs, by title then id."""
        refs = []
        for a, b, w in self._edges(type_):
            if (b if incoming else a) == node_id:
                other = self.nodes[a if incoming else b]
                refs.append(Ref(other.id, other.title, w, other if whole else None))
        return tuple(sorted(refs, key=lambda r: (r.title, r.id)))

    def _class(self, milestone_id: str) -> MilestoneClass:
        return classify(*self._facts(milestone_id))

    def _facts(self, milestone_id: str) -> tuple[bool, bool]:
        feeds = any(b == milestone_id for _, b, _ in self._edges("CONTAINS"))
        validates = any(a == milestone_id for a, _, _ in self._edges("VALIDATES"))
        return feeds, validates

    def _of_type(self, key: str) -> list[Node]:
        return _by_title(n for n in self.nodes.values() if n.type == key)

    # Nodes --------------------------------------------------------------------------------

    async def create_node(self, kind: NodeType, props: Mapping[str, Any]) -> Node:
        if props["id"] in self.nodes:
            raise Conflict("a node with this id already exists", field="id")
        return self._store(props)

    async def ensure_graph(
        self,
        nodes: Sequence[tuple[NodeType, Mapping[str, Any]]],
        edges: Sequence[tuple[EdgeType, str, str, float | None]],
    ) -> tuple[int, int]:
        before = (dict(self.nodes), dict(self.edges))
        new_nodes = new_edges = 0
        for kind, props in nodes:
            existing = self.nodes.get(props["id"])
            if existing is not None and existing.type != kind.key:
                self.nodes, self.edges = before  # one transaction: all or nothing
                raise Conflict(f"id {props['id']} belongs to a {existing.type}", field="id")
            if existing is None:
                self._store(props)
                new_nodes += 1
        for edge, from_id, to_id, weight in edges:
            if from_id in self.nodes and to_id in self.nodes:
                new_edges += self._merge_edge(edge, from_id, to_id, weight)[1]
        return new_nodes, new_edges

    async def get_nodes(self, ids: list[str]) -> dict[str, Node]:
        return {i: self.nodes[i] for i in ids if i in self.nodes}

    async def update_node(
        self, node_id: str, plan: Callable[[Node], tuple[dict[str, Any], str | None]]
    ) -> Node:
        if node_id not in self.nodes:
            raise NotFound(f"no node with id {node_id}", field="id")
        changes, expected_status = plan(self.nodes[node_id])
        current = self.nodes[node_id]
        if expected_status is not None and current.status != expected_status:
            raise Conflict("the node's status changed meanwhile; read it again", field="status")
        if "tags" in changes:
            changes = {**changes, "tags": tuple(changes["tags"] or ())}
        if isinstance(changes.get("target_date"), str):
            changes = {**changes, "target_date": date.fromisoformat(changes["target_date"])}
        known = {k: v for k, v in changes.items() if k in _FIELDS}
        extra = {**current.extra, **{k: v for k, v in changes.items() if k not in _FIELDS}}
        node = dataclasses.replace(
            current,
            **known,
            extra={k: v for k, v in extra.items() if v is not None},
            updated_at=datetime.now(UTC),
        )
        self.nodes[node_id] = node
        return node

    async def delete_node(self, node_id: str) -> bool:
        self.edges = {k: v for k, v in self.edges.items() if node_id not in k[1:]}
        return self.nodes.pop(node_id, None) is not None

    async def list_nodes(
        self, kind: NodeType, where: NodeFilter, order: list[Order], skip: int, limit: int | None
    ) -> Page[Node]:
        found = [n for n in self.nodes.values() if n.type == kind.key and self._matches(n, where)]
        return _page(_sorted(found, order), skip, limit)

    def _matches(self, n: Node, where: NodeFilter) -> bool:
        text = where.title_contains
        checks = (
            where.ids is None or n.id in where.ids,
            text is None or text.lower() in n.title.lower(),
            where.statuses is None or n.status in where.statuses,
            where.tags_any is None or any(t in where.tags_any for t in n.tags),
            where.milestone_types is None or n.milestone_type in where.milestone_types,
            where.achieved is None or n.achieved == where.achieved,
            where.product_id is None or ("CELEBRATES_VIA", where.product_id, n.id) in self.edges,
            where.health_score_id is None
            or ("CONTAINS", where.health_score_id, n.id) in self.edges,
            where.outcome_id is None or ("VALIDATES", n.id, where.outcome_id) in self.edges,
        )
        return all(checks)

    # Edges --------------------------------------------------------------------------------

    async def link(
        self, edge: EdgeType, from_id: str, to_id: str, weight: float | None
    ) -> float | None:
        for field, node_id, label in (
            ("fromId", from_id, edge.source),
            ("toId", to_id, edge.target),
        ):
            if node_id not in self.nodes:
                raise NotFound(f"{field}: no node with id {node_id}", field=field)
            check_endpoint(edge, field, node_id, self.nodes[node_id].type, label)
        return self._merge_edge(edge, from_id, to_id, weight)[0]

    async def unlink(self, edge: EdgeType, from_id: str, to_id: str) -> bool:
        key = (edge.type, from_id, to_id)
        found = key in self.edges
        self.edges.pop(key, None)
        return found

    async def neighbours(
        self, ids: list[str], edge: EdgeType, outgoing: bool, skip: int, limit: int | None
    ) -> dict[str, Page[Linked]]:
        pages: dict[str, Page[Linked]] = {}
        for node_id in ids:
            if node_id not in self.nodes:
                continue
            linked = [
                Linked(self.nodes[b if outgoing else a], w)
                for a, b, w in self._edges(edge.type)
                if (a if outgoing else b) == node_id
            ]
            linked.sort(key=lambda item: (item.node.title, item.node.id))
            pages[node_id] = _page(linked, skip, limit)
        return pages

    async def milestone_facts(self, ids: list[str]) -> dict[str, tuple[bool, bool]]:
        milestones = (i for i in ids if i in self.nodes)
        return {i: self._facts(i) for i in milestones if self.nodes[i].type == "SUCCESS_MILESTONE"}

    # Audits -------------------------------------------------------------------------------

    async def vanity_milestones(
        self,
        product_id: str | None,
        health_score_id: str | None,
        tag: str | None,
        skip: int,
        limit: int | None,
    ) -> Page[VanityMilestone]:
        # A page (limit given) carries the neighbours whole, like the real one's.
        whole = limit is not None
        rows = [
            VanityMilestone(
                n,
                self._refs("CELEBRATES_VIA", n.id, True, whole),
                self._refs("CONTAINS", n.id, True, whole),
            )
            for n in self._of_type("SUCCESS_MILESTONE")
            if self._class(n.id) is MilestoneClass.VANITY
        ]
        if product_id is not None:
            rows = [r for r in rows if any(p.id == product_id for p in r.products)]
        if health_score_id is not None:
            rows = [r for r in rows if any(s.id == health_score_id for s in r.scores)]
        if tag is not None:
            rows = [r for r in rows if tag in r.milestone.tags]
        return _page(rows, skip, limit)

    async def vanity_full(
        self, product_id: str | None, health_score_id: str | None, tag: str | None
    ) -> AsyncIterator[VanityMilestone]:
        page = await self.vanity_milestones(product_id, health_score_id, tag, 0, None)
        for item in sorted(page.items, key=lambda v: (v.milestone.title, v.milestone.id)):
            yield item

    async def health_score_audits(
        self,
        health_score_id: str | None,
        skip: int = 0,
        limit: int | None = None,
        vanity_limit: int | None = None,
    ) -> Page[ScoreAudit]:
        audits = []
        for score in self._of_type("CUSTOMER_HEALTH_SCORE"):
            if health_score_id not in (None, score.id):
                continue
            contained = self._refs("CONTAINS", score.id, False, whole=True)
            vanity = tuple(r for r in contained if self._class(r.id) is MilestoneClass.VANITY)
            total = sum(r.weight or 0.0 for r in contained)
            vanity_weight = sum(r.weight or 0.0 for r in vanity)
            audits.append(
                ScoreAudit(score, total, vanity_weight, vanity[:vanity_limit], len(vanity))
            )
        return _page(audits, skip, limit)

    async def score_audits_full(self) -> AsyncIterator[ScoreAudit]:
        audits = (await self.health_score_audits(None)).items
        for audit in sorted(audits, key=lambda a: (a.score.title, a.score.id)):
            yield audit

    async def unmeasured_outcomes(self, skip: int, limit: int | None) -> Page[Node]:
        validated = {b for _, b, _ in self._edges("VALIDATES")}
        rows = [n for n in self._of_type("OUTCOME") if n.id not in validated]
        return _page(rows, skip, limit)

    async def milestone_audit(
        self, product_id: str | None, skip: int = 0, limit: int | None = None
    ) -> Page[MilestoneAuditEntry]:
        entries = []
        for n in self._of_type("SUCCESS_MILESTONE"):
            products = self._refs("CELEBRATES_VIA", n.id, True)
            if product_id is not None and all(p.id != product_id for p in products):
                continue
            scores = self._refs("CONTAINS", n.id, True)
            outcomes = self._refs("VALIDATES", n.id, False)
            entries.append(MilestoneAuditEntry(n, self._class(n.id), products, scores, outcomes))
        return _page(entries, skip, limit)

    async def milestone_full(self, product_id: str | None) -> AsyncIterator[MilestoneAuditEntry]:
        entries = (await self.milestone_audit(product_id)).items
        for entry in sorted(entries, key=lambda e: (e.milestone.title, e.milestone.id)):
            yield entry

    # Bulk ---------------------------------------------------------------------------------

    async def create_milestones(self, rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
        ids = [row["props"]["id"] for row in rows]
        existing = sum(1 for i in ids if i in self.nodes)
        if existing == len(ids):
            return {}
        if existing:
            raise Conflict(f"the graph already holds {existing} of these milestones", field="id")
        written = {"SUCCESS_MILESTONE": 0, "CELEBRATES_VIA": 0, "CONTAINS": 0, "VALIDATES": 0}
        for row in rows:
            if row["product"] not in self.nodes:
                continue  # as the real MATCH: no product, no milestone
            # The class is computed from the edges here (`_class`), not kept.
            self._store({k: v for k, v in row["props"].items() if k != "milestone_class"})
            milestone = row["props"]["id"]
            edges = [("CELEBRATES_VIA", row["product"], milestone, None)]
            edges += [("CONTAINS", e["source"], milestone, e["weight"]) for e in row["contains"]]
            edges += [("VALIDATES", milestone, target, None) for target in row["validates"]]
            written["SUCCESS_MILESTONE"] += 1
            for type_, source, target, weight in edges:
                if source in self.nodes and target in self.nodes:
                    self.edges[(type_, source, target)] = weight
                    written[type_] += 1
        return written

    async def write_batch(
        self, kind: NodeType | EdgeType, rows: Sequence[Mapping[str, Any]] | None
    ) -> int:
        if rows is None:
            if not isinstance(kind, NodeType):
                raise Invalid("kind: only nodes are deleted by type (their edges go with them)")
            doomed = [n.id for n in self.nodes.values() if n.type == kind.key][:_WIPE_BATCH]
            for node_id in doomed:
                await self.delete_node(node_id)
            return len(doomed)
        if isinstance(kind, NodeType):
            fresh = 0
            for row in rows:
                if row["id"] not in self.nodes:
                    self._store(row)
                    fresh += 1
            return fresh
        written = 0
        for row in rows:
            if row["source"] in self.nodes and row["target"] in self.nodes:
                # Stored as given, no default weight: the generator always sends its weights.
                self.edges[(kind.type, row["source"], row["target"])] = row.get("weight")
                written += 1
        return written
