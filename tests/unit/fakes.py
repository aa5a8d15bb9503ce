"""An in-memory repository for pure unit tests of the services (never used at run time)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from upg.errors import Conflict, NotFound
from upg.model.audit import MilestoneAuditEntry, Ref, ScoreAudit, VanityMilestone, classify
from upg.model.nodes import Node
from upg.model.query import Linked, NodeFilter, Order, Page
from upg.model.registry import EdgeType, NodeType, check_endpoint


class InMemoryRepository:
    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str, str], float | None] = {}

    def _store(self, props: Mapping[str, Any]) -> Node:
        now = datetime.now(UTC)
        fields = {k: v for k, v in props.items() if v is not None}
        fields["tags"] = tuple(fields.get("tags", ()))
        node = Node(**fields, created_at=now, updated_at=now)
        self.nodes[node.id] = node
        return node

    async def create_node(self, kind: NodeType, props: Mapping[str, Any]) -> Node:
        if props["id"] in self.nodes:
            raise Conflict("a node with this id already exists", field="id")
        return self._store(props)

    async def ensure_graph(
        self,
        nodes: Sequence[tuple[NodeType, Mapping[str, Any]]],
        edges: Sequence[tuple[EdgeType, str, str, float | None]],
    ) -> tuple[int, int]:
        new_nodes = new_edges = 0
        for _, props in nodes:
            if props["id"] not in self.nodes:
                self._store(props)
                new_nodes += 1
        for edge, a, b, weight in edges:
            key = (edge.type, a, b)
            new_edges += key not in self.edges
            self.edges[key] = weight if weight is not None else (1.0 if edge.weighted else None)
        return new_nodes, new_edges

    async def get_nodes(self, ids: list[str]) -> dict[str, Node]:
        return {i: self.nodes[i] for i in ids if i in self.nodes}

    async def update_node(
        self, node_id: str, plan: Callable[[Node], tuple[dict[str, Any], str | None]]
    ) -> Node:
        if node_id not in self.nodes:
            raise NotFound(f"no node with id {node_id}", field="id")
        changes, _ = plan(self.nodes[node_id])
        if "tags" in changes:
            changes["tags"] = tuple(changes["tags"])
        node = dataclasses.replace(self.nodes[node_id], **changes)
        self.nodes[node_id] = node
        return node

    async def delete_node(self, node_id: str) -> bool:
        self.edges = {k: v for k, v in self.edges.items() if node_id not in k[1:]}
        return self.nodes.pop(node_id, None) is not None

    async def list_nodes(
        self, kind: NodeType, where: NodeFilter, order: list[Order], skip: int, limit: int | None
    ) -> Page[Node]:
        found = [n for n in self.nodes.values() if n.type == kind.key]
        if where.title_contains:
            found = [n for n in found if where.title_contains.lower() in n.title.lower()]
        found.sort(key=lambda n: (n.title, n.id))
        end = None if limit is None else skip + limit
        return Page(tuple(found[skip:end]), len(found), skip)

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
        key = (edge.type, from_id, to_id)
        if edge.weighted:
            self.edges[key] = weight if weight is not None else self.edges.get(key) or 1.0
        else:
            self.edges[key] = None
        return self.edges[key]

    async def unlink(self, edge: EdgeType, from_id: str, to_id: str) -> bool:
        return self.edges.pop((edge.type, from_id, to_id), "absent") != "absent"

    async def neighbours(
        self, ids: list[str], edge: EdgeType, outgoing: bool, skip: int, limit: int | None
    ) -> dict[str, Page[Linked]]:
        pages = {}
        for node_id in ids:
            linked = [
                Linked(self.nodes[b if outgoing else a], w)
                for (t, a, b), w in self.edges.items()
                if t == edge.type and (a if outgoing else b) == node_id
            ]
            linked.sort(key=lambda item: (item.node.title, item.node.id))
            end = None if limit is None else skip + limit
            pages[node_id] = Page(tuple(linked[skip:end]), len(linked), skip)
        return pages

    def _facts(self, node_id: str) -> tuple[bool, bool]:
        feeds = any(t == "CONTAINS" and b == node_id for t, _, b in self.edges)
        validates = any(t == "VALIDATES" and a == node_id for t, a, _ in self.edges)
        return feeds, validates

    async def milestone_facts(self, ids: list[str]) -> dict[str, tuple[bool, bool]]:
        return {i: self._facts(i) for i in ids if i in self.nodes}

    def _refs(self, type_: str, node_id: str, incoming: bool) -> tuple[Ref, ...]:
        refs = []
        for (t, a, b), w in self.edges.items():
            if t == type_ and (b if incoming else a) == node_id:
                other = self.nodes[a if incoming else b]
                refs.append(Ref(other.id, other.title, w))
        return tuple(sorted(refs, key=lambda r: (r.title, r.id)))

    async def vanity_milestones(
        self,
        product_id: str | None,
        health_score_id: str | None,
        tag: str | None,
        skip: int,
        limit: int | None,
    ) -> Page[VanityMilestone]:
        rows = [
            VanityMilestone(
                n, self._refs("CELEBRATES_VIA", n.id, True), self._refs("CONTAINS", n.id, True)
            )
            for n in sorted(self.nodes.values(), key=lambda n: (n.title, n.id))
            if n.type == "SUCCESS_MILESTONE" and self._facts(n.id) == (True, False)
        ]
        if product_id:
            rows = [r for r in rows if any(p.id == product_id for p in r.products)]
        if health_score_id:
            rows = [r for r in rows if any(s.id == health_score_id for s in r.scores)]
        if tag:
            rows = [r for r in rows if tag in r.milestone.tags]
        end = None if limit is None else skip + limit
        return Page(tuple(rows[skip:end]), len(rows), skip)

    async def health_score_audits(
        self,
        health_score_id: str | None,
        skip: int = 0,
        limit: int | None = None,
        vanity_limit: int | None = None,
    ) -> Page[ScoreAudit]:
        audits = []
        for score in sorted(self.nodes.values(), key=lambda n: (n.title, n.id)):
            if score.type != "CUSTOMER_HEALTH_SCORE" or health_score_id not in (None, score.id):
                continue
            contained = self._refs("CONTAINS", score.id, False)
            vanity = tuple(r for r in contained if not self._facts(r.id)[1])
            audits.append(
                ScoreAudit(
                    score,
                    sum(r.weight or 0 for r in contained),
                    sum(r.weight or 0 for r in vanity),
                    vanity[:vanity_limit],
                    len(vanity),
                )
            )
        end = None if limit is None else skip + limit
        return Page(tuple(audits[skip:end]), len(audits), skip)

    async def unmeasured_outcomes(self, skip: int, limit: int | None) -> Page[Node]:
        validated = {b for t, _, b in self.edges if t == "VALIDATES"}
        rows = sorted(
            (n for n in self.nodes.values() if n.type == "OUTCOME" and n.id not in validated),
            key=lambda n: (n.title, n.id),
        )
        end = None if limit is None else skip + limit
        return Page(tuple(rows[skip:end]), len(rows), skip)

    async def milestone_audit(
        self, product_id: str | None, skip: int = 0, limit: int | None = None
    ) -> Page[MilestoneAuditEntry]:
        entries = []
        for n in sorted(self.nodes.values(), key=lambda n: (n.title, n.id)):
            if n.type != "SUCCESS_MILESTONE":
                continue
            products = self._refs("CELEBRATES_VIA", n.id, True)
            if product_id and all(p.id != product_id for p in products):
                continue
            entries.append(
                MilestoneAuditEntry(
                    n,
                    classify(*self._facts(n.id)),
                    products,
                    self._refs("CONTAINS", n.id, True),
                    self._refs("VALIDATES", n.id, False),
                )
            )
        end = None if limit is None else skip + limit
        return Page(tuple(entries[skip:end]), len(entries), skip)
