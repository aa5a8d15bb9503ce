"""Turns what Neo4j returns into model objects (native dates, tuples, plain floats)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from upg.model.audit import Ref
from upg.model.nodes import Node

_BASE = {"id", "type", "title", "status", "description", "tags", "created_at", "updated_at"}
_MILESTONE = {"milestone_type", "target_date", "achieved", "window_days"}


def _native(value: Any) -> Any:
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def to_node(props: Mapping[str, Any]) -> Node:
    """A Node from a node's property map."""
    extra = {k: _native(v) for k, v in props.items() if k not in _BASE | _MILESTONE}
    return Node(
        id=props["id"],
        type=props["type"],
        title=props["title"],
        status=props["status"],
        description=props.get("description"),
        tags=tuple(props.get("tags") or ()),
        created_at=_native(props.get("created_at")),
        updated_at=_native(props.get("updated_at")),
        milestone_type=props.get("milestone_type"),
        target_date=_native(props.get("target_date")),
        achieved=bool(props.get("achieved", False)),
        window_days=props.get("window_days"),
        extra=extra,
    )


def to_ref(props: Mapping[str, Any]) -> Ref:
    """A Ref from an audit row's `{id, title, weight?}` map."""
    weight = props.get("weight")
    return Ref(props["id"], props["title"], None if weight is None else float(weight))
