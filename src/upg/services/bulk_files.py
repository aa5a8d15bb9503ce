"""The import layout (docs/import-export.md) converted into neo4j-admin's CSV files.

`upg db import-bulk DIR` loads an empty database with `neo4j-admin database import full`; this
half reads the layout's files, checks every row by the model's rules (`new_node_props`, as the
API does), maps the user's ids as `upg import` does, computes each milestone's kept class from
the edge files (the rule of `upg.model.audit.classify`) and writes typed admin files. Any bad
row refuses the whole import (nothing is loaded), naming file, line, field and reason.
"""

from __future__ import annotations

import csv
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from upg.errors import Invalid
from upg.model.audit import MilestoneClass, classify
from upg.model.registry import BASE_LABEL, VANITY_LABEL, EdgeType, NodeType, edge_type, node_type
from upg.services.evidence import parse_time
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

_NODE_COLUMNS = ("id", "title", "description", "status", "tags", "created_at", "updated_at")
_MILESTONE_COLUMNS = ("milestone_type", "target_date", "achieved", "window_days", "play")
_NODE_HEADER = (
    "id:ID(UpgNode)", "type", "title", "description", "status", "tags:string[]", "external_id",
    "created_at:datetime", "updated_at:datetime",
)  # fmt: skip
_MILESTONE_HEADER = (
    "achieved:boolean", "milestone_type", "target_date:date", "window_days:long",
    "milestone_class", "play", ":LABEL",
)  # fmt: skip
_ARRAY = "|"
_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


@dataclass
class AdminFiles:
    """The converted files: per label set (nodes) or type (edges), and the counts."""

    nodes: list[tuple[str, Path]] = field(default_factory=list)
    """(`Label1:Label2`, file) per node file."""
    edges: list[tuple[str, Path]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    multiline: bool = False
    """Whether a written cell holds a line break: neo4j-admin then has to read the files
    serially (`--multiline-fields=true`), so it is asked for only when needed."""

    @property
    def entities(self) -> int:
        return sum(self.counts.values())


def _rows(path: Path, known: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
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


def _bad(path: Path, line: int, exc: Invalid) -> Invalid:
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
            given[name] = value.split(_ARRAY) if name == "tags" else value
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
        return _ARRAY.join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _ids(path: Path, kind: NodeType, known: tuple[str, ...]) -> set[str]:
    ids: set[str] = set()
    for line, row in _rows(path, known):
        try:
            ids.add(node_id(kind.key, row.get("id") or "")[0])
        except Invalid as exc:
            raise _bad(path, line, exc) from None
    return ids


def _breaks(cells: list[str]) -> bool:
    return any("\n" in cell or "\r" in cell for cell in cells)


def _write_nodes(
    path: Path, out: Path, kind: NodeType, now: str, classes: dict[str, tuple[bool, bool]]
) -> tuple[int, bool]:
    """(rows written, whether a cell holds a line break)."""
    milestone = kind.key == "SUCCESS_MILESTONE"
    known = _NODE_COLUMNS + (_MILESTONE_COLUMNS if milestone else ())
    count = 0
    multiline = False
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(_NODE_HEADER + (_MILESTONE_HEADER if milestone else ()))
        for line, row in _rows(path, known):
            try:
                props = _node_props(kind, {k: v for k, v in row.items() if k != "id"})
                node, external = node_id(kind.key, row.get("id") or "")
                created = _stamp(row.get("created_at"), now, "created_at")
                cells = [node, kind.key, props["title"], props["description"], props["status"]]
                cells += [_cell(props["tags"]) or None, external, created]
                cells.append(_stamp(row.get("updated_at"), created, "updated_at"))
                if milestone:
                    feeds, validates = classes.get(node, (False, False))
                    cells += [props["achieved"], props["milestone_type"], props["target_date"]]
                    kept = classify(feeds, validates)
                    cells += [props["window_days"], kept.value, props.get("play")]
                    cells.append(VANITY_LABEL if kept is MilestoneClass.VANITY else None)
            except Invalid as exc:
                raise _bad(path, line, exc) from None
            text = [_cell(c) for c in cells]
            # Only the free-text cells can hold a break (ids, stamps and enums were checked).
            multiline = multiline or _breaks(text[2:4]) or (milestone and _breaks(text[-1:]))
            writer.writerow(text)
            count += 1
    return count, multiline


def _write_edges(
    path: Path,
    out: Path,
    edge: EdgeType,
    ids: dict[str, set[str]],
    now: str,
    classes: dict[str, tuple[bool, bool]],
) -> int:
    source, target = (_key_of(edge.source), _key_of(edge.target))
    known = ("source", "target", "created_at", *(("weight",) if edge.weighted else ()))
    seen: set[tuple[str, str]] = set()
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        header = [f":START_ID({BASE_LABEL})", f":END_ID({BASE_LABEL})", "created_at:datetime"]
        writer.writerow(header + (["weight:double"] if edge.weighted else []))
        for line, row in _rows(path, known):
            try:
                a = _endpoint(source, row.get("source") or "", ids, "source")
                b = _endpoint(target, row.get("target") or "", ids, "target")
                cells = [a, b, _stamp(row.get("created_at"), now, "created_at")]
                if edge.weighted:
                    cells.append(str(_weight(edge, row.get("weight") or "")))
            except Invalid as exc:
                raise _bad(path, line, exc) from None
            if (a, b) in seen:
                continue  # one edge per (source, target, type), as `upg import`
            seen.add((a, b))
            if edge.type == "CONTAINS":
                classes[b] = (True, classes.get(b, (False, False))[1])
            elif edge.type == "VALIDATES":
                classes[a] = (classes.get(a, (False, False))[0], True)
            writer.writerow(cells)
    return len(seen)


def _key_of(label: str) -> str:
    return next(key for key in NODE_FILES.values() if node_type(key).label == label)


def _endpoint(kind_key: str, given: str, ids: dict[str, set[str]], name: str) -> str:
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


def convert(source: Path, target: Path, now: datetime | None = None) -> AdminFiles:
    """Check the layout's files in `source` and write neo4j-admin's files into `target`."""
    stamp = (now or datetime.now(UTC)).isoformat()
    present = {p.name for p in source.iterdir()} if source.is_dir() else set()
    if not present & {*NODE_FILES, *EDGE_FILES, "accounts.csv", *ACCOUNT_EDGES, DESIRES}:
        raise Invalid(
            f"{source}: no file of the import layout (docs/import-export.md)", field="dir"
        )
    target.mkdir(parents=True, exist_ok=True)
    files = AdminFiles()
    ids: dict[str, set[str]] = {}
    for name, key in NODE_FILES.items():
        if name in present:
            columns = _NODE_COLUMNS + (_MILESTONE_COLUMNS if key == "SUCCESS_MILESTONE" else ())
            ids[key] = _ids(source / name, node_type(key), columns)
    classes: dict[str, tuple[bool, bool]] = {}
    for name, type_ in EDGE_FILES.items():
        if name in present:
            out = target / f"edges-{type_}.csv"
            files.counts[type_] = _write_edges(
                source / name, out, edge_type(type_), ids, stamp, classes
            )
            files.edges.append((type_, out))
    for name, key in NODE_FILES.items():
        if name in present:
            kind = node_type(key)
            out = target / f"nodes-{key}.csv"
            files.counts[key], breaks = _write_nodes(source / name, out, kind, stamp, classes)
            files.multiline = files.multiline or breaks
            files.nodes.append((f"{BASE_LABEL}:{kind.label}", out))
    if "accounts.csv" in present:
        accounts, breaks = _write_accounts(source / "accounts.csv", target / "nodes-Account.csv")
        files.multiline = files.multiline or breaks
        files.counts[ACCOUNT_LABEL] = len(accounts)
        files.nodes.append((ACCOUNT_LABEL, target / "nodes-Account.csv"))
        ids[ACCOUNT_LABEL] = accounts
    for name, (type_, key) in ACCOUNT_EDGES.items():
        if name in present:
            out = target / f"edges-{type_}.csv"
            files.counts[type_] = _write_account_edges(source / name, out, key, ids)
            files.edges.append((type_, out))
    if DESIRES in present:
        out = target / "edges-DESIRES.csv"
        files.counts["DESIRES"] = _write_desires(source / DESIRES, out, ids)
        files.edges.append(("DESIRES", out))
    return files


def _write_desires(path: Path, out: Path, ids: dict[str, set[str]]) -> int:
    """DESIRES (account -> outcome) with since."""
    seen: set[tuple[str, str]] = set()
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([f":START_ID({ACCOUNT_LABEL})", f":END_ID({BASE_LABEL})", "since:datetime"])
        for line, row in _rows(path, ("source", "target", "since")):
            account = row.get("source") or ""
            try:
                if account not in ids.get(ACCOUNT_LABEL, set()):
                    raise Invalid(f"no account {account!r} in accounts.csv", field="source")
                node = _endpoint("OUTCOME", row.get("target") or "", ids, "target")
                since = parse_time(row.get("since"), "since").isoformat()
            except Invalid as exc:
                raise _bad(path, line, exc) from None
            if (account, node) not in seen:
                seen.add((account, node))
                writer.writerow([account, node, since])
    return len(seen)


def _write_accounts(path: Path, out: Path) -> tuple[set[str], bool]:
    """(the account ids, whether a name holds a line break)."""
    ids: set[str] = set()
    multiline = False
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"id:ID({ACCOUNT_LABEL})", "name", "signed_up_at:datetime"])
        for line, row in _rows(path, ("id", "name", "signed_up_at")):
            account = row.get("id") or ""
            try:
                if not account or len(account) > 128 or not account.isprintable():
                    raise Invalid(f"must be 1..128 printable characters: {account!r}", field="id")
                signed_up = parse_time(row.get("signed_up_at"), "signed_up_at")
            except Invalid as exc:
                raise _bad(path, line, exc) from None
            if account not in ids:
                ids.add(account)
                name = row.get("name") or ""
                multiline = multiline or _breaks([name])
                writer.writerow([account, name, signed_up.isoformat()])
    return ids, multiline


def _write_account_edges(path: Path, out: Path, key: str, ids: dict[str, set[str]]) -> int:
    """USES (account -> product), REACHED and ACHIEVED (with at, times and count)."""
    timed = key != "PRODUCT"
    seen: set[tuple[str, str]] = set()
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        header = [f":START_ID({ACCOUNT_LABEL})", f":END_ID({BASE_LABEL})"]
        writer.writerow(header + (["at:datetime", "times:datetime[]", "count:long"] * timed))
        known = ("source", "target", *(("at", "times") if timed else ()))
        for line, row in _rows(path, known):
            account = row.get("source") or ""
            try:
                if account not in ids.get(ACCOUNT_LABEL, set()):
                    raise Invalid(f"no account {account!r} in accounts.csv", field="source")
                node = _endpoint(key, row.get("target") or "", ids, "target")
                cells = [account, node]
                if timed:
                    times = {parse_time(row.get("at"), "at")}
                    extra = (row.get("times") or "").split(_ARRAY)
                    times |= {parse_time(t, "times") for t in extra if t}
                    ordered = sorted(times)
                    cells += [ordered[0].isoformat(), _ARRAY.join(t.isoformat() for t in ordered)]
                    cells.append(str(len(ordered)))
            except Invalid as exc:
                raise _bad(path, line, exc) from None
            if (account, node) not in seen:
                seen.add((account, node))
                writer.writerow(cells)
    return len(seen)
