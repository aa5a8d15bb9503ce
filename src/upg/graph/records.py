"""Turns what Neo4j returns into model objects (native dates, tuples, plain floats).

Node statements return `created_at`, `updated_at` and `target_date` as ISO strings
(`toString(...)`): the driver turns each DateTime into a Python object in ~0.2 ms, which made
reading 100k nodes take seconds; `fromisoformat` takes ~1 us. Driver temporals still work.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from upg.model.audit import Ref
from upg.model.nodes import Node

_BASE = {"id", "type", "title", "status", "description", "tags", "created_at", "updated_at"}
_MILESTONE = {"milestone_type", "target_date", "achieved", "window_days", "play"}
_KNOWN = _BASE | _MILESTONE
_KEPT = {"milestone_class"}
"""Derived properties upg keeps on nodes for its indexes: not the node's own data."""


def native(value: Any) -> Any:
    """A driver temporal value as its Python equivalent (anything else as it is)."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def _datetime(value: Any) -> datetime | None:
    if isinstance(value, str):
        # A named zone (`+01:00[Europe/Paris]`) keeps its offset; Python has no syntax for it.
        return datetime.fromisoformat(value.partition("[")[0])
    stamp: datetime | None = native(value)
    return stamp


def _date(value: Any) -> date | None:
    if isinstance(value, str):
        return date.fromisoformat(value)
    day: date | None = native(value)
    return day


def to_node(props: Mapping[str, Any]) -> Node:
    """A Node from a node's property map."""
    extra = {k: native(v) for k, v in props.items() if k not in _KNOWN and k not in _KEPT}
    return Node(
        id=props["id"],
        type=props["type"],
        title=props["title"],
        status=props["status"],
        description=props.get("description"),
        tags=tuple(props.get("tags") or ()),
        created_at=_datetime(props.get("created_at")),
        updated_at=_datetime(props.get("updated_at")),
        milestone_type=props.get("milestone_type"),
        target_date=_date(props.get("target_date")),
        achieved=bool(props.get("achieved", False)),
        window_days=props.get("window_days"),
        play=props.get("play"),
        extra=extra,
    )


def to_ref(props: Mapping[str, Any]) -> Ref:
    """A Ref from an audit row's `{id, title, weight?}` map; with the node when the map holds
    all its properties (`type` among them), so the API need not read it again."""
    weight = props.get("weight")
    node = to_node({k: v for k, v in props.items() if k != "weight"}) if "type" in props else None
    return Ref(props["id"], props["title"], None if weight is None else float(weight), node)
