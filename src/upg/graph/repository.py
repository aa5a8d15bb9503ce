"""The repository of the product graph: nodes, edges and audits over one Neo4j database.

Every statement it runs comes from `cypher/` through `graph.cypher.run`. It is one of the
Neo4j adapters in `graph/`, beside the evidence and token repositories and the migrations.

Reads go through `execute_read`, writes through `execute_write` (one transaction each; the
driver retries transient failures, so each transaction function is safe to run again).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from functools import partial
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncManagedTransaction

from upg.errors import Conflict, Invalid, NotFound
from upg.graph import audit_reads, bulk, transactions
from upg.graph.cypher import run, run_text
from upg.graph.errors import translating
from upg.graph.records import to_node
from upg.model.audit import MilestoneAuditEntry, ScoreAudit, VanityMilestone
from upg.model.nodes import Node
from upg.model.query import Linked, NodeFilter, Order, Page
from upg.model.registry import BASE_LABEL, EdgeType, NodeType, check_endpoint

T = TypeVar("T")


async def _merge_edge(
    tx: AsyncManagedTransaction, edge: EdgeType, from_id: str, to_id: str, weight: float | None
) -> list[dict[str, Any]]:
    return await run(
        tx,
        "queries/edge_merge",
        fromId=from_id,
        toId=to_id,
        type=edge.type,
        weighted=edge.weighted,
        weight=weight,
    )


_MILESTONE = "SUCCESS_MILESTONE"


def touched_milestones(edge: EdgeType, from_id: str, to_id: str) -> list[str]:
    """The milestone end of an edge whose presence decides a milestone's class (else none)."""
    if edge.type == "CONTAINS":
        return [to_id]
    if edge.type == "VALIDATES":
        return [from_id]
    return []


async def refresh_classes(tx: AsyncManagedTransaction, ids: Sequence[str]) -> None:
    """Recompute the kept class of these milestones, in the transaction that changed them."""
    if ids:
        await run(tx, "queries/milestone_class_refresh", ids=list(dict.fromkeys(ids)))


class Neo4jRepository:
    """Nodes, edges and audits over one Neo4j database."""

    def __init__(self, driver: AsyncDriver, database: str, timeout_s: float | None = None) -> None:
        """`timeout_s`: how long Neo4j lets one transaction run (None: the server's limit)."""
        self._driver = driver
        self._database = database
        self._timeout_s = timeout_s

    async def _read(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        return await transactions.read(self._driver, self._database, work, self._timeout_s)

    async def _write(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        return await transactions.write(self._driver, self._database, work, self._timeout_s)

    async def _query(self, name: str, **params: Any) -> list[dict[str, Any]]:
        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            return await run(tx, name, **params)

        return await self._read(work)

    # Nodes -------------------------------------------------------------------------------

    async def create_node(self, kind: NodeType, props: Mapping[str, Any]) -> Node:
        """Create a node; Conflict when its id is taken."""

        async def work(tx: AsyncManagedTransaction) -> Node:
            rows = await run(
                tx, "queries/node_create", labels=[BASE_LABEL, kind.label], props=dict(props)
            )
            if kind.key == _MILESTONE:
                await refresh_classes(tx, [props["id"]])
            return to_node(rows[0]["node"])

        return await self._write(work)

    async def ensure_graph(
        self,
        nodes: Sequence[tuple[NodeType, Mapping[str, Any]]],
        edges: Sequence[tuple[EdgeType, str, str, float | None]],
    ) -> tuple[int, int]:
        """Create the nodes and edges that do not exist yet, in one transaction.

        Returns how many nodes and edges were new. Existing nodes are left as they are.
        """

        async def work(tx: AsyncManagedTransaction) -> tuple[int, int]:
            new_nodes = new_edges = 0
            touched = [str(props["id"]) for kind, props in nodes if kind.key == _MILESTONE]
            for kind, props in nodes:
                labels = [BASE_LABEL, kind.label]
                rows = await run(tx, "queries/node_ensure", labels=labels, props=dict(props))
                existing = to_node(rows[0]["node"])
                if existing.type != kind.key:
                    raise Conflict(f"id {props['id']} belongs to a {existing.type}", field="id")
                new_nodes += bool(rows[0]["created"])
            for edge, from_id, to_id, weight in edges:
                rows = await _merge_edge(tx, edge, from_id, to_id, weight)
                new_edges += bool(rows and rows[0]["created"])
                touched += touched_milestones(edge, from_id, to_id)
            await refresh_classes(tx, touched)
            return new_nodes, new_edges

        return await self._write(work)

    async def get_nodes(self, ids: list[str]) -> dict[str, Node]:
        """Nodes by id, any type, in one round trip; ids not found are absent from the result."""
        rows = await self._query("queries/node_get", ids=ids)
        nodes = (to_node(row["node"]) for row in rows)
        return {node.id: node for node in nodes}

    async def update_node(
        self,
        node_id: str,
        plan: Callable[[Node], tuple[dict[str, Any], str | None]],
    ) -> Node:
        """Read the node, let `plan` decide the changes (and the status to guard on), write them.

        All in one transaction, so the decision is made on what is written over.
        """

        async def work(tx: AsyncManagedTransaction) -> Node:
            rows = await run(tx, "queries/node_get", ids=[node_id])
            if not rows:
                raise NotFound(f"no node with id {node_id}", field="id")
            changes, expected_status = plan(to_node(rows[0]["node"]))
            rows = await run(
                tx,
                "queries/node_update",
                id=node_id,
                changes=changes,
                expectedStatus=expected_status,
            )
            if not rows:
                raise Conflict("the node's status changed meanwhile; read it again", field="status")
            return to_node(rows[0]["node"])

        return await self._write(work)

    async def delete_node(self, node_id: str) -> bool:
        """Delete a node with its edges; False when there was none."""

        async def work(tx: AsyncManagedTransaction) -> bool:
            rows = await run(tx, "queries/node_delete", id=node_id)
            if not rows:
                return False
            await refresh_classes(tx, rows[0]["milestones"])
            return True

        return await self._write(work)

    async def list_nodes(
        self, kind: NodeType, where: NodeFilter, order: list[Order], skip: int, limit: int | None
    ) -> Page[Node]:
        """One page of nodes of a type, filtered and ordered (then by id)."""
        first = order[0] if order else Order("title")
        second = order[1] if len(order) > 1 else None
        rows = await self._query(
            "queries/list_nodes",
            type=kind.key,
            ids=where.ids,
            titleContains=where.title_contains,
            statuses=where.statuses,
            tagsAny=where.tags_any,
            milestoneTypes=where.milestone_types,
            achieved=where.achieved,
            productId=where.product_id,
            healthScoreId=where.health_score_id,
            outcomeId=where.outcome_id,
            order1=first.field,
            desc1=first.descending,
            order2=second.field if second else None,
            desc2=second.descending if second else False,
            skip=skip,
            limit=limit,
        )
        row = rows[0]
        return Page(tuple(to_node(n) for n in row["nodes"]), row["total"], skip)

    # Edges -------------------------------------------------------------------------------

    async def link(
        self, edge: EdgeType, from_id: str, to_id: str, weight: float | None
    ) -> float | None:
        """Create (or keep) the edge, checking both endpoints' types in the same transaction."""

        async def work(tx: AsyncManagedTransaction) -> float | None:
            rows = await run(tx, "queries/node_get", ids=[from_id, to_id])
            found = {row["node"]["id"]: to_node(row["node"]) for row in rows}
            _check_endpoint(edge, found.get(from_id), from_id, "fromId", edge.source)
            _check_endpoint(edge, found.get(to_id), to_id, "toId", edge.target)
            rows = await _merge_edge(tx, edge, from_id, to_id, weight)
            await refresh_classes(tx, touched_milestones(edge, from_id, to_id))
            value = rows[0]["weight"]
            return None if value is None else float(value)

        return await self._write(work)

    async def unlink(self, edge: EdgeType, from_id: str, to_id: str) -> bool:
        """Remove the edge; False when there was none."""

        async def work(tx: AsyncManagedTransaction) -> bool:
            rows = await run(tx, "queries/edge_delete", fromId=from_id, toId=to_id, type=edge.type)
            if rows[0]["removed"]:
                await refresh_classes(tx, touched_milestones(edge, from_id, to_id))
            return bool(rows[0]["removed"])

        return await self._write(work)

    async def neighbours(
        self, ids: list[str], edge: EdgeType, outgoing: bool, skip: int, limit: int | None
    ) -> dict[str, Page[Linked]]:
        """For each id, one page of its neighbours over `edge` in one direction (one round trip)."""
        rows = await self._query(
            "queries/neighbours", ids=ids, type=edge.type, outgoing=outgoing, skip=skip, limit=limit
        )
        pages: dict[str, Page[Linked]] = {}
        for row in rows[0]["pages"]:
            linked = tuple(
                Linked(
                    to_node(item["node"]), None if item["weight"] is None else float(item["weight"])
                )
                for item in row["page"]
            )
            pages[row["parentId"]] = Page(linked, row["total"], skip)
        return pages

    async def milestone_facts(self, ids: list[str]) -> dict[str, tuple[bool, bool]]:
        """For each milestone id: (feeds a score, validates an outcome)."""
        rows = await self._query("queries/milestone_facts", ids=ids)
        return {row["id"]: (row["feedsScore"], row["validatesOutcome"]) for row in rows}

    # Audits ------------------------------------------------------------------------------

    async def vanity_milestones(
        self,
        product_id: str | None,
        health_score_id: str | None,
        tag: str | None,
        skip: int,
        limit: int | None,
    ) -> Page[VanityMilestone]:
        scope = audit_reads.VanityScope(product_id, health_score_id, tag)
        if limit is None:
            everything = [item async for item in self.vanity_full(product_id, health_score_id, tag)]
            return Page(tuple(everything[skip:]), len(everything), skip)
        return await self._read(
            partial(audit_reads.vanity_page, scope=scope, skip=skip, limit=limit)
        )

    def vanity_full(
        self, product_id: str | None, health_score_id: str | None, tag: str | None
    ) -> AsyncIterator[VanityMilestone]:
        """Every vanity milestone in the scope, in (title, id) order, a chunk per read."""
        scope = audit_reads.VanityScope(product_id, health_score_id, tag)
        return audit_reads.vanity_full(self._read, scope)

    def milestone_full(self, product_id: str | None) -> AsyncIterator[MilestoneAuditEntry]:
        """Every milestone (of one product, if given) with its class, in (title, id) order."""
        return audit_reads.milestone_full(self._read, product_id)

    def score_audits_full(self) -> AsyncIterator[ScoreAudit]:
        """Every health score's audit, in (title, id) order, a chunk of scores per read."""
        return audit_reads.score_full(self._read)

    async def health_score_audits(
        self,
        health_score_id: str | None,
        skip: int = 0,
        limit: int | None = None,
        vanity_limit: int | None = None,
    ) -> Page[ScoreAudit]:
        rows = await self._query(
            "audit/health_score_audit",
            healthScoreId=health_score_id,
            skip=skip,
            limit=limit,
            vanityLimit=vanity_limit,
        )
        return audit_reads.score_audits(rows, skip)

    async def unmeasured_outcomes(self, skip: int, limit: int | None) -> Page[Node]:
        rows = await self._query("audit/unmeasured_outcomes", skip=skip, limit=limit)
        row = rows[0]
        return Page(tuple(to_node(o) for o in row["outcomes"]), row["total"], skip)

    async def milestone_audit(
        self, product_id: str | None, skip: int = 0, limit: int | None = None
    ) -> Page[MilestoneAuditEntry]:
        rows = await self._query(
            "audit/milestone_audit", productId=product_id, skip=skip, limit=limit
        )
        return audit_reads.milestone_entries(rows, skip)

    async def read_compiled(self, name: str, text: str, params: dict[str, Any]) -> dict[str, Any]:
        """The one row of a statement compiled from a GraphQL read (upg.api.compiled).

        Counted and observed as one statement named `name`, like any other.
        """

        async def work(tx: AsyncManagedTransaction) -> dict[str, Any]:
            return (await run_text(tx, name, text, params))[0]

        return await self._read(work)

    async def ping(self) -> None:
        """Raise Unavailable unless Neo4j answers."""
        async with translating():
            await self._driver.verify_connectivity()

    async def write_batch(
        self, kind: NodeType | EdgeType, rows: Sequence[Mapping[str, Any]] | None
    ) -> int:
        """Write one batch of the generator in one transaction; returns how many were new.

        Nodes of one type (rows are property maps) merge on their ids, so a retried or
        repeated batch adds none; edges of one type (rows are `{source, target, weight?}`) are
        created: the generator writes a chunk's edges only after creating the chunk's nodes.
        rows=None deletes up to 10,000 nodes of the type with their edges (returns how many).
        """
        if rows is None and not isinstance(kind, NodeType):
            raise Invalid("kind: only nodes are deleted by type (their edges go with them)")

        async def work(tx: AsyncManagedTransaction) -> int:
            if rows is None and isinstance(kind, NodeType):
                found = await run(tx, "queries/generate_wipe", type=kind.key, limit=10_000)
                touched = list(found[0]["milestones"])
            elif isinstance(kind, NodeType):
                labels = [BASE_LABEL, kind.label]
                # New milestones are ORPHAN, set by the statement; existing ones are unchanged.
                found = await run(tx, "queries/generate_nodes", labels=labels, rows=rows)
                touched = []
            else:
                found = await run(tx, "queries/generate_edges", type=kind.type, rows=rows)
                touched = [
                    milestone
                    for row in rows or ()
                    for milestone in touched_milestones(kind, row["source"], row["target"])
                ]
            await refresh_classes(tx, touched)
            return int(found[0]["written"])

        return await self._write(work)

    async def create_milestones(self, rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
        """New milestones with their edges, in one transaction (`graph.bulk`); how many."""
        return await self._write(lambda tx: bulk.create_milestones(tx, rows))


def _check_endpoint(
    edge: EdgeType, node: Node | None, node_id: str, field: str, label: str
) -> None:
    if node is None:
        raise NotFound(f"{field}: no node with id {node_id}", field=field)
    check_endpoint(edge, field, node_id, node.type, label)
