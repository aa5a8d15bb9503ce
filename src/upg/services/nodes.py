"""Use cases on nodes and edges: create, read, list, update, delete, link, transition."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from upg.errors import Conflict, Invalid, NotFound
from upg.model.nodes import Node, NodeUpdate, same_content, validate
from upg.model.query import ORDERABLE, Linked, NodeFilter, Order, Page
from upg.model.registry import EdgeType, NodeType, edge_type, node_type
from upg.services.ports import Repository

MAX_PAGE = 100
"""Largest page any list returns."""

_MILESTONE_ONLY = ("milestone_type", "target_date", "window_days", "play")


@dataclass(frozen=True)
class Relationship:
    """One edge as `link` wrote it: its type, its ends and its stored weight."""

    type: str
    from_id: str
    to_id: str
    weight: float | None


def parse_id(value: str, field: str = "id") -> str:
    """The canonical text of a UUID, or Invalid naming the field."""
    try:
        return str(UUID(str(value)))
    except ValueError:
        raise Invalid(f"{field}: must be a UUID, got {value!r}", field=field) from None


def check_page(first: int, skip: int = 0, field: str = "first") -> None:
    """Raise Invalid unless 1 <= first <= MAX_PAGE and skip >= 0."""
    if not 1 <= first <= MAX_PAGE:
        raise Invalid(f"{field}: must be between 1 and {MAX_PAGE}, got {first}", field=field)
    if skip < 0:
        raise Invalid("after: cursor points before the first item", field="after")


def new_node_props(kind: NodeType, data: dict[str, Any]) -> dict[str, Any]:
    """Validate create input for `kind` and build the properties to store."""
    values = validate(kind.input_model, data)
    status = kind.lifecycle.check_state(values.status or kind.lifecycle.initial)
    props: dict[str, Any] = {
        "id": str(values.id or uuid4()),
        "type": kind.key,
        "title": values.title,
        "description": values.description,
        "status": status,
        "tags": values.tags,
    }
    if kind.lifecycle.done is not None:
        props["achieved"] = kind.lifecycle.is_done(status)
    for name in _MILESTONE_ONLY:
        if hasattr(values, name):
            props[name] = getattr(values, name)
    return props


async def create_node(repo: Repository, type_key: str, data: dict[str, Any]) -> Node:
    """Create a node of type `type_key` from validated input (one transaction).

    Idempotent for a client-chosen id: sending the same create again (a retry after a lost
    answer) returns the node already stored; the same id with other content is a Conflict.
    """
    kind = node_type(type_key)
    props = new_node_props(kind, data)
    try:
        return await repo.create_node(kind, props)
    except Conflict:
        if not data.get("id"):
            raise
        existing = (await repo.get_nodes([props["id"]])).get(props["id"])
        if existing is not None and same_content(existing, props):
            return existing
        raise Conflict(
            f"id: a node with id {props['id']} already exists with other content", field="id"
        ) from None


async def get_node(repo: Repository, node_id: str) -> Node:
    """The node with this id, or NotFound."""
    node_id = parse_id(node_id)
    found = (await repo.get_nodes([node_id])).get(node_id)
    if found is None:
        raise NotFound(f"no node with id {node_id}", field="id")
    return found


async def list_nodes(
    repo: Repository,
    type_key: str,
    where: NodeFilter,
    order: list[Order],
    first: int,
    skip: int,
) -> Page[Node]:
    """One page of nodes of a type."""
    check_page(first, skip)
    for item in order:
        if item.field not in ORDERABLE:
            raise Invalid(f"orderBy: cannot order by {item.field}", field="orderBy")
    if len(order) > 2:
        raise Invalid("orderBy: at most two keys", field="orderBy")
    return await repo.list_nodes(node_type(type_key), where, order, skip, first)


def _update_plan(update: NodeUpdate, fields: set[str]) -> Any:
    def plan(node: Node) -> tuple[dict[str, Any], str | None]:
        kind = node_type(node.type)
        changes: dict[str, Any] = {}
        for name in fields:
            if name in _MILESTONE_ONLY and kind.lifecycle.done is None:
                raise Invalid(f"{name}: applies only to success milestones", field=name)
            if name == "title" and update.title is None:
                raise Invalid("title: must not be blank", field="title")
            if name == "tags":
                changes["tags"] = update.tags or []
            elif name != "status":
                changes[name] = getattr(update, name)
        expected = None
        if "status" in fields and update.status is not None:
            changes["status"] = kind.lifecycle.check_transition(node.status, update.status)
            expected = node.status
            if kind.lifecycle.done is not None:
                changes["achieved"] = kind.lifecycle.is_done(changes["status"])
        elif "status" in fields:
            raise Invalid("status: must not be null", field="status")
        return changes, expected

    return plan


async def update_node(repo: Repository, node_id: str, data: dict[str, Any]) -> Node:
    """Apply a partial update; a status change follows the node's lifecycle."""
    node_id = parse_id(node_id)
    update = validate(NodeUpdate, data)
    return await repo.update_node(node_id, _update_plan(update, set(data)))


async def transition_milestone(repo: Repository, node_id: str, to: str) -> Node:
    """Move a success milestone along its lifecycle; `achieved` follows `done`."""
    node_id = parse_id(node_id)
    update = NodeUpdate(status=to)
    plan = _update_plan(update, {"status"})

    def milestone_plan(node: Node) -> tuple[dict[str, Any], str | None]:
        if node_type(node.type).key != "SUCCESS_MILESTONE":
            raise Invalid(f"id: node {node_id} is not a success milestone", field="id")
        result: tuple[dict[str, Any], str | None] = plan(node)
        return result

    return await repo.update_node(node_id, milestone_plan)


async def delete_node(repo: Repository, node_id: str) -> str:
    """Delete a node and its edges; NotFound when it does not exist."""
    node_id = parse_id(node_id)
    if not await repo.delete_node(node_id):
        raise NotFound(f"no node with id {node_id}", field="id")
    return node_id


def check_weight(edge: EdgeType, weight: float) -> float:
    """Raise Invalid for a weight on an unweighted edge type or a weight that is not > 0."""
    if not edge.weighted:
        raise Invalid(
            f"weight: only weighted edges carry one; {edge.type} does not", field="weight"
        )
    if not math.isfinite(weight) or weight <= 0:
        raise Invalid(f"weight: must be a finite number > 0, got {weight}", field="weight")
    return weight


async def link(
    repo: Repository, from_id: str, to_id: str, type_: str, weight: float | None = None
) -> Relationship:
    """Create the edge (linking twice keeps one edge and updates its weight)."""
    edge = edge_type(type_)
    from_id, to_id = parse_id(from_id, "fromId"), parse_id(to_id, "toId")
    # No weight given: a new weighted edge gets the default, an existing one keeps its own.
    given = None if weight is None else check_weight(edge, weight)
    stored = await repo.link(edge, from_id, to_id, given)
    return Relationship(edge.type, from_id, to_id, stored)


async def unlink(repo: Repository, from_id: str, to_id: str, type_: str) -> bool:
    """Remove the edge; False when there was none."""
    edge = edge_type(type_)
    return await repo.unlink(edge, parse_id(from_id, "fromId"), parse_id(to_id, "toId"))


async def neighbours(
    repo: Repository,
    ids: list[str],
    type_: str,
    outgoing: bool,
    first: int,
    skip: int = 0,
) -> dict[str, Page[Linked]]:
    """For each id, one page of neighbours over one edge type (batched: one round trip)."""
    check_page(first, skip)
    pages = await repo.neighbours(ids, edge_type(type_), outgoing, skip, first)
    empty: Page[Linked] = Page((), 0, skip)
    return {node_id: pages.get(node_id, empty) for node_id in ids}


async def milestone_facts(repo: Repository, ids: list[str]) -> dict[str, tuple[bool, bool]]:
    """For each milestone id: (feeds a score, validates an outcome); batched."""
    facts = await repo.milestone_facts(ids)
    return {node_id: facts.get(node_id, (False, False)) for node_id in ids}
