"""The import/export file layout (docs/import-export.md): which file holds what, and its columns.

Pure: names, columns, endpoint types and the id rule. `importer_rows` checks rows against it,
`importer` and `exporter` read and write it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Literal

from upg.errors import Invalid
from upg.model.registry import NODE_TYPES, edge_type, node_type

NAMESPACE = uuid.UUID("2b8f7e52-5d1a-4f4e-9a63-0c7d3e9b1a44")
"""UUIDv5 namespace of ids derived from the user's own keys."""
KEY_MAX = 128
ACCOUNT = "ACCOUNT"
"""The kind of accounts.csv (accounts are not registry node types)."""
FORMATS = ("csv", "jsonl")

_BASE = ("id", "title", "description", "status", "tags", "created_at", "updated_at")
_MILESTONE = ("milestone_type", "target_date", "achieved", "window_days", "play")
_WEIGHTED = ("weight", "created_at")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@dataclass(frozen=True)
class FileSpec:
    """One file of the layout: its stem, what it holds, its columns (required ones first)."""

    stem: str
    kind: Literal["node", "edge"]
    type: str
    """A node type key, ACCOUNT, or an edge type (CONTAINS, USES, REACHED...)."""
    columns: tuple[str, ...]
    required: tuple[str, ...]
    source: str = ""
    """Edges: the node type key (or ACCOUNT) of the source end."""
    target: str = ""

    def filename(self, fmt: str) -> str:
        return f"{self.stem}.{fmt}"


def _node(stem: str, key: str, extra: tuple[str, ...] = ()) -> FileSpec:
    return FileSpec(stem, "node", key, _BASE + extra, ("id", "title"))


def _edge(stem: str, type_: str, source: str, target: str, extra: tuple[str, ...]) -> FileSpec:
    required = ("source", "target", "at") if "at" in extra else ("source", "target")
    return FileSpec(stem, "edge", type_, ("source", "target", *extra), required, source, target)


def _registry_edge(stem: str, type_: str) -> FileSpec:
    """An edge file of the product graph: its ends and weight as the schema registry says."""
    edge = edge_type(type_)
    keys = {t.label: t.key for t in NODE_TYPES}
    extra = _WEIGHTED if edge.weighted else ("created_at",)
    return _edge(stem, edge.type, keys[edge.source], keys[edge.target], extra)


SPECS: tuple[FileSpec, ...] = (
    _node("products", "PRODUCT"),
    _node("outcomes", "OUTCOME"),
    _node("health_scores", "CUSTOMER_HEALTH_SCORE"),
    _node("milestones", "SUCCESS_MILESTONE", _MILESTONE),
    FileSpec("accounts", "node", ACCOUNT, ("id", "name", "signed_up_at"), ("id", "signed_up_at")),
    _registry_edge("celebrates_via", "CELEBRATES_VIA"),
    _registry_edge("contains", "CONTAINS"),
    _registry_edge("validates", "VALIDATES"),
    _edge("uses", "USES", ACCOUNT, "PRODUCT", ()),
    _edge("reached", "REACHED", ACCOUNT, "SUCCESS_MILESTONE", ("at", "times")),
    _edge("achieved", "ACHIEVED", ACCOUNT, "OUTCOME", ("at", "times")),
    FileSpec(
        "desires",
        "edge",
        "DESIRES",
        ("source", "target", "since"),
        ("source", "target", "since"),
        ACCOUNT,
        "OUTCOME",
    ),
)
"""In import order: nodes before the edges that name them."""

BY_STEM = {spec.stem: spec for spec in SPECS}


def registry_edge(spec: FileSpec) -> bool:
    """True for the product graph's own edges (CELEBRATES_VIA, CONTAINS, VALIDATES)."""
    return spec.kind == "edge" and spec.source != ACCOUNT


def check_columns(spec: FileSpec, columns: list[str]) -> list[str]:
    """The columns not in the layout (empty when all are known)."""
    return [name for name in columns if name not in spec.columns]


def label_of(key: str) -> str:
    """The Neo4j label of a node type key or ACCOUNT."""
    return "Account" if key == ACCOUNT else node_type(key).label


def key_text(value: object, field: str) -> str:
    """A user's id or key: 1..KEY_MAX characters without control characters, or Invalid."""
    text = "" if value is None else str(value).strip()
    if not text:
        raise Invalid(f"{field}: is required", field=field)
    if len(text) > KEY_MAX:
        raise Invalid(f"{field}: must be at most {KEY_MAX} characters", field=field)
    if _CONTROL.search(text):
        raise Invalid(f"{field}: must not contain control characters", field=field)
    return text


def node_id(type_key: str, value: object, field: str = "id") -> tuple[str, str | None]:
    """(stored id, external key or None) of a node named in a file.

    A UUID (8-4-4-4-12 hex digits, any case) is the id itself; any other key maps to
    uuid5(NAMESPACE, "<TYPE>:<key>"), and the key is kept so an export writes it back.
    Accounts keep their ids as given.
    """
    text = key_text(value, field)
    if type_key == ACCOUNT:
        return text, None
    if _UUID.fullmatch(text):
        return text.lower(), None
    return str(uuid.uuid5(NAMESPACE, f"{type_key}:{text}")), text
