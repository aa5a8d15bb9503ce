"""Product-analytics events as upg reads them: Segment, Amplitude, Mixpanel exports, or CSV.

Each reader yields (line, Event) pairs; an event it cannot read yields its reason instead.
Pure: no storage. Formats (samples under docs/samples/events/):

- segment: Segment's JSON-lines export (or a warehouse dump) of `track` calls: `event`,
  `userId`, `timestamp`, `properties`, `context`; other call types (identify, page) are skipped.
- amplitude: Amplitude's export API (JSON lines): `event_type`, `user_id`, `event_time`
  (UTC, `YYYY-MM-DD HH:MM:SS.ffffff`), `event_properties`, `groups`.
- mixpanel: Mixpanel's raw export (JSON lines): `event`, `properties` with `time` (Unix
  seconds, or milliseconds) and `distinct_id`.
- csv: a header with `event`, `timestamp` and the account column; other columns are properties.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from upg.errors import Invalid

SOURCES = ("segment", "amplitude", "mixpanel", "csv")
DEFAULT_ACCOUNT = {
    "segment": "userId",
    "amplitude": "user_id",
    "mixpanel": "properties.distinct_id",
    "csv": "user_id",
}
"""Where each source keeps the id the mapping's `[account] id` defaults to."""
_PROPERTIES = {
    "segment": "properties",
    "amplitude": "event_properties",
    "mixpanel": "properties",
}


@dataclass(frozen=True)
class Event:
    """One event: its name, when, the raw record (for the account path) and its properties."""

    name: str
    at: datetime
    raw: dict[str, Any]
    properties: dict[str, Any]


def lookup(record: dict[str, Any], path: str) -> Any:
    """The value at a dotted path (`context.groupId`), or None."""
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _time(value: Any, field: str) -> datetime:
    """An ISO text (any offset; none means UTC) or a Unix time in seconds or ms, as UTC."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 100_000_000_000 else value
        return datetime.fromtimestamp(seconds, tz=UTC)
    text = str(value or "").strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        reason = f"not an ISO date-time or Unix time: {text!r}"
        raise Invalid(f"{field}: {reason}", field=field) from None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, f"not JSON: {exc.msg}"
                continue
            yield number, record if isinstance(record, dict) else "not a JSON object"


def _from_json(source: str, record: dict[str, Any]) -> Event | None:
    if source == "segment":
        if record.get("type", "track") != "track":
            return None
        name, at = record.get("event"), _time(record.get("timestamp"), "timestamp")
    elif source == "amplitude":
        name, at = record.get("event_type"), _time(record.get("event_time"), "event_time")
    else:
        name = record.get("event")
        at = _time(lookup(record, "properties.time"), "properties.time")
    if not isinstance(name, str) or not name:
        raise Invalid("event: the event has no name", field="event")
    properties = record.get(_PROPERTIES[source])
    return Event(name, at, record, properties if isinstance(properties, dict) else {})


def read_events(path: Path, source: str) -> Iterator[tuple[int, Event | Invalid | None]]:
    """(line, event) pairs; None for records of other kinds (skipped), Invalid for bad ones."""
    if source == "csv":
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                record = {k: v for k, v in row.items() if v not in ("", None)}
                try:
                    name = record.get("event")
                    if not name:
                        raise Invalid("event: is required", field="event")
                    event = Event(name, _time(record.get("timestamp"), "timestamp"), record, record)
                except Invalid as exc:
                    yield reader.line_num, exc
                    continue
                yield reader.line_num, event
        return
    for number, item in _json_lines(path):
        if isinstance(item, str):
            yield number, Invalid(item, field="line")
            continue
        try:
            yield number, _from_json(source, item)
        except Invalid as exc:
            yield number, exc
