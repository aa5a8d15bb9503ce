"""The compiled statement's row as the response's `data`, value for value what resolvers give.

Node maps become model nodes through `graph.records.to_node` (the resolvers' path), scalars are
serialized by the schema's own GraphQL types (DateTime, Date, enums), cursors come from
`pagination.encode_cursor` and page info follows `pagination._page_info`'s rules. Anything the
resolvers would answer with an error (a node without timestamps, an unknown type) raises
`Unshapable`: the extension then lets the resolvers answer instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLOutputType,
)

from upg.api.compiled.tree import (
    TYPE_NAMES,
    ById,
    Conn,
    EdgesPlan,
    EntryPlan,
    Leaf,
    ObjectPlan,
    Plan,
    ScoreAuditPlan,
)
from upg.api.pagination import encode_cursor
from upg.graph.records import to_node
from upg.model.audit import MilestoneClass, vanity_share
from upg.model.nodes import Node

_NODE_VALUES: dict[str, Callable[[Node], Any]] = {
    "id": lambda n: n.id,
    "type": lambda n: n.type,
    "title": lambda n: n.title,
    "description": lambda n: n.description,
    "status": lambda n: n.status,
    "tags": lambda n: list(n.tags),
    "created_at": lambda n: n.created_at,
    "updated_at": lambda n: n.updated_at,
    "milestone_type": lambda n: n.milestone_type,
    "target_date": lambda n: n.target_date,
    "achieved": lambda n: n.achieved,
    "window_days": lambda n: n.window_days,
    "play": lambda n: n.play,
}


class Unshapable(Exception):
    """The row holds something the resolvers would answer with an error."""


def shape(plan: Plan, row: dict[str, Any]) -> dict[str, Any]:
    """The response's `data` from the statement's one row."""
    data: dict[str, Any] = {}
    for index, item in enumerate(plan.fields):
        value = row.get(f"r{index}")
        if isinstance(item, Leaf):
            data[item.key] = item.typename
        elif isinstance(item, Conn):
            data[item.key] = _connection(item, value or {})
        elif isinstance(item, ById):
            data[item.key] = _by_id(item, value or [])
        elif isinstance(item, ScoreAuditPlan):
            data[item.key] = None if value is None else _score_audit(item, value)
    return data


def _score_audit(audit: ScoreAuditPlan, value: dict[str, Any]) -> dict[str, Any]:
    """As `types.score_audit` shows a ScoreAudit: the weights as floats, the share computed by
    the domain's rule, the vanity milestones paged from their count."""
    total, vanity = float(value["totalWeight"]), float(value["vanityWeight"])
    values = {
        "__typename": "HealthScoreAudit",
        "totalWeight": total,
        "vanityWeight": vanity,
        "vanityShare": vanity_share(total, vanity),
    }
    out: dict[str, Any] = {}
    for index, (key, name, detail) in enumerate(audit.fields):
        if name in values:
            out[key] = values[name]
        elif isinstance(detail, ObjectPlan):
            out[key] = _object(detail, value[f"f{index}"])
        elif isinstance(detail, Conn):
            page = {"items": value[f"f{index}"], "total": value["vanityCount"]}
            out[key] = _connection(detail, page)
    return out


def _by_id(by_id: ById, found: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not found:
        return None
    if len(found) > 1:
        raise Unshapable("two nodes share an id")
    props = found[0]
    plans = dict(by_id.by_type)
    plan = plans.get(props.get("type") or "")
    if plan is None:
        raise Unshapable(f"node {props.get('id')} has an unknown type")
    return _object(plan, props)


def _connection(conn: Conn, value: dict[str, Any]) -> dict[str, Any]:
    items: list[dict[str, Any]] = value.get("items") or []
    total = value.get("total")
    out: dict[str, Any] = {}
    for key, part, detail in conn.parts:
        if part == "__typename":
            out[key] = detail
        elif part == "totalCount":
            out[key] = total
        elif part == "pageInfo":
            out[key] = _page_info(detail, conn.skip, len(items), int(total or 0))
        elif part == "edges" and isinstance(detail, EdgesPlan):
            out[key] = [_edge(detail, conn.skip + i, item) for i, item in enumerate(items)]
    return out


def _page_info(
    fields: tuple[tuple[str, str], ...], offset: int, count: int, total: int
) -> dict[str, Any]:
    values = {
        "__typename": "PageInfo",
        "hasNextPage": offset + count < total,
        "hasPreviousPage": offset > 0,
        "startCursor": encode_cursor(offset) if count else None,
        "endCursor": encode_cursor(offset + count - 1) if count else None,
    }
    return {key: values[name] for key, name in fields}


def _edge(edges: EdgesPlan, offset: int, item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, name, plan in edges.fields:
        if name == "__typename":
            out[key] = edges.type_name
        elif name == "cursor":
            out[key] = encode_cursor(offset)
        elif name == "weight":
            weight = item.get("weight")
            out[key] = None if weight is None else float(weight)
        elif name == "node" and isinstance(plan, ObjectPlan):
            out[key] = _object(plan, item)
        elif name == "node" and isinstance(plan, EntryPlan):
            out[key] = _entry(plan, item)
        elif name == "node" and isinstance(plan, ScoreAuditPlan):
            out[key] = _score_audit(plan, item)
    return out


def _entry(entry: EntryPlan, item: dict[str, Any]) -> dict[str, Any]:
    """A milestone audit entry as `types.audit_entry` shows it: the item is the milestone's
    map, its kept class under `milestone_class` (no class: the resolvers' error)."""
    out: dict[str, Any] = {}
    for key, name, detail in entry.fields:
        if name == "__typename":
            out[key] = "MilestoneAuditEntry"
        elif name == "classification" and detail is not None and not isinstance(detail, ObjectPlan):
            out[key] = _serialize(detail, MilestoneClass(item["milestone_class"]))
        elif name == "milestone" and isinstance(detail, ObjectPlan):
            out[key] = _object(detail, item)
    return out


def _object(plan: ObjectPlan, props: dict[str, Any]) -> dict[str, Any]:
    if plan.type_name not in TYPE_NAMES.values():
        raise Unshapable(plan.type_name)
    node = to_node(props)
    out: dict[str, Any] = {}
    for index, item in enumerate(plan.fields):
        if isinstance(item, Leaf):
            out[item.key] = _leaf(item, node, props)
        elif isinstance(item, Conn):
            out[item.key] = _connection(item, props.get(f"f{index}") or {})
    return out


def _leaf(leaf: Leaf, node: Node, props: dict[str, Any]) -> Any:
    if leaf.prop == "__typename":
        return leaf.typename
    if leaf.type is None:
        raise Unshapable(leaf.key)
    if leaf.prop == "is_vanity":
        return _serialize(leaf.type, bool(props.get("is_vanity")))
    return _serialize(leaf.type, _NODE_VALUES[leaf.prop](node))


def _serialize(kind: GraphQLOutputType, value: Any) -> Any:
    """A value as graphql-core completes it: non-null checked, lists mapped, leaves serialized."""
    if isinstance(kind, GraphQLNonNull):
        if value is None:
            raise Unshapable("null for a non-null field")
        return _serialize(kind.of_type, value)
    if value is None:
        return None
    if isinstance(kind, GraphQLList):
        return [_serialize(kind.of_type, item) for item in value]
    if isinstance(kind, GraphQLLeafType):
        return kind.serialize(value)
    raise Unshapable(str(kind))
