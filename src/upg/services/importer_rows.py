"""Reading layout files and checking their rows by the API's own rules (pure).

A checked row is what the import statements take (`cypher/import/`); a bad row raises Invalid
naming its field. Times go to Cypher as ISO text, which `datetime()` parses there: Neo4j keeps
nanoseconds that a Python datetime would drop, so an export imported again is identical.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any

from upg.errors import Invalid
from upg.model.nodes import Title, validate
from upg.model.registry import edge_type, node_type
from upg.services.import_layout import ACCOUNT, FileSpec, key_text, node_id, registry_edge
from upg.services.nodes import check_weight

LIST_SEPARATOR = "|"
_MODEL_FIELDS = ("title", "description", "status", "tags", "milestone_type", "target_date")
_MODEL_FIELDS_MORE = ("window_days", "play")


def _list(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise Invalid(f"{field}: must be a list of strings", field=field)


def iso_time(value: Any, field: str) -> str:
    """ISO date or date-time text, as Cypher's datetime() reads it (a date: midnight UTC; no
    offset: UTC), or Invalid."""
    text = "" if value is None else str(value).strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat()
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise Invalid(f"{field}: not an ISO date or date-time: {text!r}", field=field) from None
    return text if parsed.tzinfo else parsed.replace(tzinfo=UTC).isoformat()


def _optional_time(row: dict[str, Any], field: str) -> str | None:
    value = row.get(field)
    return None if value is None else iso_time(value, field)


def _bool(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "false"}:
        return text == "true"
    raise Invalid(f"{field}: must be true or false, got {value!r}", field=field)


def check_node(spec: FileSpec, row: dict[str, Any]) -> dict[str, Any]:
    """A node row of a registry type: id, type, props (fields present), defaults (on create)."""
    kind = node_type(spec.type)
    stored_id, external = node_id(spec.type, row.get("id"))
    data = {k: row[k] for k in (*_MODEL_FIELDS, *_MODEL_FIELDS_MORE) if k in row}
    if data.get("title") is None:
        data.pop("title", None)  # an empty cell: "title: is required", as the API says
    if "tags" in data:
        data["tags"] = _list(data["tags"], "tags")
    values = validate(kind.input_model, data)
    props: dict[str, Any] = {"type": kind.key}
    for name in data:
        if name != "status":
            props[name] = getattr(values, name)
    milestone = kind.lifecycle.done is not None
    if "status" in data:
        status = kind.lifecycle.check_state(values.status or kind.lifecycle.initial)
        props["status"] = status
        if milestone:
            props["achieved"] = kind.lifecycle.is_done(status)
    if row.get("achieved") is not None:
        given = _bool(row["achieved"], "achieved")
        if "status" not in props:
            raise Invalid("achieved: follows the status; give the status too", field="achieved")
        if given != props["achieved"]:
            raise Invalid(
                f"achieved: is {str(props['achieved']).lower()} for status {props['status']}",
                field="achieved",
            )
    if external is not None:
        props["external_id"] = external
    defaults: dict[str, Any] = {"status": kind.lifecycle.initial, "tags": []}
    if milestone:
        defaults["achieved"] = kind.lifecycle.is_done(kind.lifecycle.initial)
    return {
        "id": stored_id,
        "type": kind.key,
        "props": props,
        "defaults": defaults,
        "created_at": _optional_time(row, "created_at"),
        "updated_at": _optional_time(row, "updated_at"),
    }


def check_account(row: dict[str, Any]) -> dict[str, Any]:
    """An account row: id as given, name (if present), signed_up_at."""
    props: dict[str, Any] = {"signed_up_at": iso_time(row.get("signed_up_at"), "signed_up_at")}
    if "name" in row:
        props["name"] = None if row["name"] is None else validate_name(row["name"])
    return {"id": key_text(row.get("id"), "id"), "props": props}


def validate_name(value: Any) -> str:
    """An account name by the title rules (1..200 characters, no control characters)."""
    from pydantic import TypeAdapter, ValidationError

    try:
        return str(TypeAdapter(Title).validate_python(value))
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"].lower()
        raise Invalid(f"name: {reason}", field="name") from None


def check_edge(spec: FileSpec, row: dict[str, Any]) -> dict[str, Any]:
    """An edge row: source and target as stored ids, and the edge's own properties."""
    source, _ = node_id(spec.source, row.get("source"), "source")
    target, _ = node_id(spec.target, row.get("target"), "target")
    checked: dict[str, Any] = {"source": source, "target": target}
    if registry_edge(spec):
        checked["created_at"] = _optional_time(row, "created_at")
        edge = edge_type(spec.type)
        if edge.weighted:
            checked["weight"] = _weight(edge, row.get("weight"))
    elif "at" in spec.columns:
        at = iso_time(row.get("at"), "at")
        times = [iso_time(t, "times") for t in _list(row.get("times"), "times")]
        ordered = list(dict.fromkeys(times if at in times else [at, *times]))
        checked["at"] = at
        checked["times"] = ordered
    elif "since" in spec.columns:
        checked["since"] = iso_time(row.get("since"), "since")
    return checked


def _weight(edge: Any, value: Any) -> float:
    if value is None:
        return 1.0
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Invalid(f"weight: must be a number, got {value!r}", field="weight") from None
    if isinstance(value, bool) or not math.isfinite(number):
        raise Invalid(f"weight: must be a finite number > 0, got {value!r}", field="weight")
    return check_weight(edge, number)


def check_row(spec: FileSpec, row: dict[str, Any]) -> dict[str, Any]:
    """The checked row of any file of the layout, or Invalid."""
    if "__error__" in row:
        raise Invalid(str(row["__error__"]), field="line")
    if spec.kind == "edge":
        return check_edge(spec, row)
    if spec.type == ACCOUNT:
        return check_account(row)
    return check_node(spec, row)
