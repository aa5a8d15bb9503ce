"""One file of the import layout (docs/import-export.md) converted into neo4j-admin's CSV.

`upg db import-bulk DIR` loads an empty database with `neo4j-admin database import full`;
`bulk_convert.convert` runs these per-file steps (on several processes): each reads a layout
file, checks every row by the model's rules (`new_node_props`, as the API does), maps the
user's ids as `upg import` does and writes a typed admin file; the milestones' file gets each
milestone's kept class from what the edge files said (the rule of `upg.model.audit.classify`).
Any bad row refuses the whole import (nothing is loaded), naming file, line, field and reason.
"""

from __future__ import annotations

import csv
import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from upg.errors import Invalid
from upg.model.audit import MilestoneClass, classify
from upg.model.registry import BASE_LABEL, VANITY_LABEL, EdgeType, NodeType, node_type
from upg.services.nodes import check_weight, new_node_props

NAMESPACE = uuid.UUID("2b8f7e52-5d1a-4f4e-9a63-0c7d3e9b1a44")
"""uuid5 namespace of the user's own keys (docs/import-export.md, "Ids")."""

NODE_FILES = {
    "products.csv": "PRODUCT",
    "outcomes.csv": "OUTCOME",
    "health_scores.csv": "CUSTOMER_HEALTH_SCORE",
    "milestones.csv": "SUCCESS_MILESTONE",
}
EDGE_FILES = {
    "celebrates_via.csv": "CELEBRATES_VIA",
    "contains.csv": "CONTAINS",
    "validates.csv": "VALIDATES",
}
ACCOUNT_LABEL = "Account"
"""Observed customers and their edges, spelled as cypher/evidence/ spells them."""
ACCOUNT_EDGES = {"uses.csv": ("USES", "PRODUCT"), "reached.csv": ("REACHED", "SUCCESS_MILESTONE")}
ACCOUNT_EDGES["achieved.csv"] = ("ACHIEVED", "OUTCOME")
DESIRES = "desires.csv"

NODE_COLUMNS = ("id", "title", "description", "status", "tags", "created_at", "updated_at")
MILESTONE_COLUMNS = ("milestone_type", "target_date", "achieved", "window_days", "play")
_NODE_HEADER = (
    "id:ID(UpgNode)", "type", "title", "description", "status", "tags:string[]", "external_id",
    "created_at:datetime", "updated_at:datetime",
)  # fmt: skip
_MILESTONE_HEADER = (
    "achieved:boolean", "milestone_type", "target_date:date", "window_days:long",
    "milestone_class", "play", ":LABEL",
)  # fmt: skip
ARRAY = "|"
_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def rows(path: Path, known: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) of a CSV file; unknown columns are refused up front."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        unknown = [name for name in header if name not in known]
        if unknown:
            raise Invalid(
                f"{path.name}: unknown columns {', '.join(unknown)}; known: {', '.join(known)}",
                field="header",
            )
        for row in reader:
            yield reader.line_num, row


def bad_row(path: Path, line: int, exc: Invalid) -> Invalid:
    """The error of one row, with its file and line (and field, when the message lacks it)."""
    reason = exc.message
    if exc.field and not reason.startswith(f"{exc.field}:"):
        reason = f"{exc.field}: {reason}"
    return Invalid(f"{path.name} line {line}: {reason}", field=exc.field)


def node_id(kind_key: str, given: str) -> tuple[str, str | None]:
    """(id, external_id): a UUID is the id (lower case); another key maps to a uuid5."""
    if _CANONICAL.match(given):
        return given, None  # already canonical: parsing a UUID costs more than the rest
    try:
        return str(uuid.UUID(given)), None
    except ValueError:
        pass
    if not given or len(given) > 128 or not given.isprintable():
        raise Invalid(
            f"must be a UUID or a key of 1..128 printable characters: {given!r}", field="id"
        )
    return str(uuid.uuid5(NAMESPACE, f"{kind_key}:{given}")), given


def _stamp(value: str | None, now: str, name: str) -> str:
    if not value:
        return now
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(f"not an ISO date-time: {value!r}", field=name) from None
    if parsed.tzinfo is None:
        raise Invalid(f"needs an offset (e.g. +00:00): {value!r}", field=name)
    return parsed.isoformat()


def _node_props(kind: NodeType, row: dict[str, str]) -> dict[str, Any]:
    """The stored properties of one node row, checked by the model."""
    given: dict[str, Any] = {}
    for name, value in row.items():
        if value not in ("", None) and name not in ("id", "achieved", "created_at", "updated_at"):
            given[name] = value.split(ARRAY) if name == "tags" else value
    props = new_node_props(kind, given)
    achieved = (row.get("achieved") or "").strip().lower()
    if achieved and achieved not in ("true", "false"):
        raise Invalid(f"must be true or false, got {achieved!r}", field="achieved")
    if achieved and (achieved == "true") != props.get("achieved"):
        raise Invalid(f"{achieved} disagrees with status {props['status']}", field="achieved")
    return props


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ARRAY.join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_ids(path: Path, kind: NodeType, known: tuple[str, ...]) -> set[str]:
    """The ids of a node file's rows (mapped as `node_id` does)."""
    ids: set[str] = set()
    for line, row in rows(path, known):
        try:
            ids.add(node_id(kind.key, row.get("id") or "")[0])
        except Invalid as exc:
            raise bad_row(path, line, exc) from None
    return ids


def breaks(cells: list[str]) -> bool:
    return any("\n" in cell or "\r" in cell for cell in cells)


def write_nodes(
    path: Path, out: Path, kind: NodeType, now: str, fed: set[str], validating: set[str]
) -> tuple[int, bool]:
    """(rows written, whether a cell holds a line break); a milestone's class from whether it
    is in `fed` (a CONTAINS target) and in `validating` (a VALIDATES source)."""
    milestone = kind.key == "SUCCESS_MILESTONE"
    known = NODE_COLUMNS + (MILESTONE_COLUMNS if milestone else ())
    count = 0
    multiline = False
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(_NODE_HEADER + (_MILESTONE_HEADER if milestone else ()))
        for line, row in rows(path, known):
            try:
                props = _node_props(kind, {k: v for k, v in row.items() if k != "id"})
                node, external = node_id(kind.key, row.get("id") or "")
                created = _stamp(row.get("created_at"), now, "created_at")
                cells = [node, kind.key, props["title"], props["description"], props["status"]]
                cells += [_cell(props["tags"]) or None, external, created]
                cells.append(_stamp(row.get("updated_at"), created, "updated_at"))
                if milestone:
                    cells += [props["achieved"], props["milestone_type"], props["target_date"]]
                    kept = classify(node in fed, node in validating)
                    cells += [props["window_days"], kept.value, props.get("play")]
                    cells.append(VANITY_LABEL if kept is MilestoneClass.VANITY else None)
            except Invalid as exc:
                raise bad_row(path, line, exc) from None
            text = [_cell(c) for c in cells]
            # Only the free-text cells can hold a break (ids, stamps and enums were checked).
            multiline = multiline or breaks(text[2:4]) or (milestone and breaks(text[-1:]))
            writer.writerow(text)
            count += 1
    return count, multiline


def write_edges(
    path: Path, out: Path, edge: EdgeType, ids: dict[str, set[str]], now: str
) -> tuple[int, set[str]]:
    """(edges written, the milestones they mark): CONTAINS marks its targets (they feed a
    score), VALIDATES its sources; other types mark none. `ids` by node type key."""
    source, target = (key_of(edge.source), key_of(edge.target))
    known = ("source", "target", "created_at", *(("weight",) if edge.weighted else ()))
    seen: set[tuple[str, str]] = set()
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        header = [f":START_ID({BASE_LABEL})", f":END_ID({BASE_LABEL})", "created_at:datetime"]
        writer.writerow(header + (["weight:double"] if edge.weighted else []))
        for line, row in rows(path, known):
            try:
                a = endpoint(source, row.get("source") or "", ids, "source")
                b = endpoint(target, row.get("target") or "", ids, "target")
                cells = [a, b, _stamp(row.get("created_at"), now, "created_at")]
                if edge.weighted:
                    cells.append(str(_weight(edge, row.get("weight") or "")))
            except Invalid as exc:
                raise bad_row(path, line, exc) from None
            if (a, b) in seen:
                continue  # one edge per (source, target, type), as `upg import`
            seen.add((a, b))
            writer.writerow(cells)
    if edge.type == "CONTAINS":
        return len(seen), {b for _, b in seen}
    if edge.type == "VALIDATES":
        return len(seen), {a for a, _ in seen}
    return len(seen), set()


def key_of(label: str) -> str:
    return next(key for key in NODE_FILES.values() if node_type(key).label == label)


def endpoint(kind_key: str, given: str, ids: dict[str, set[str]], name: str) -> str:
    try:
        node, _ = node_id(kind_key, given)
    except Invalid as exc:
        raise Invalid(exc.message, field=name) from None
    if node not in ids.get(kind_key, set()):
        raise Invalid(f"no {node_type(kind_key).label} with id {given!r} in the files", field=name)
    return node


def _weight(edge: EdgeType, value: str) -> float:
    try:
        weight = float(value) if value else 1.0
    except ValueError:
        raise Invalid(f"not a number: {value!r}", field="weight") from None
    check_weight(edge, weight)
    return weight
