"""`upg evidence import --events`: product-analytics events to REACHED and ACHIEVED edges.

A small TOML mapping names, per event (and optional property filters), the milestone reached
or the outcome achieved, and where the event keeps the account id. Events are gathered per
(account, milestone or outcome) and written in batches through the evidence import: the edge
keeps the first time, every distinct event time and their count, so the same export imported
twice changes nothing. Accounts must exist (import them first: `upg evidence import
accounts.csv` or `upg import accounts.csv`); events of unknown accounts are rejected with their
line, events no rule maps are skipped.
"""

from __future__ import annotations

import time
import tomllib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from upg.errors import Invalid
from upg.services.analytics_events import DEFAULT_ACCOUNT, SOURCES, Event, lookup, read_events
from upg.services.evidence import BATCH, Rejected
from upg.services.import_layout import node_id
from upg.services.ports import EvidenceStore

_KINDS = {"reached": ("milestone", "SUCCESS_MILESTONE", "SuccessMilestone"),
          "achieved": ("outcome", "OUTCOME", "Outcome")}  # fmt: skip


@dataclass(frozen=True)
class Rule:
    """Events named `event` whose properties match `where` mean: account reached `target`."""

    kind: str
    event: str
    target: str
    where: dict[str, tuple[Any, ...]]

    def matches(self, properties: dict[str, Any]) -> bool:
        for path, allowed in self.where.items():
            value = lookup(properties, path)
            if not any(value == want or str(value) == str(want) for want in allowed):
                return False
        return True


@dataclass(frozen=True)
class EventMapping:
    source: str | None
    account: str | None
    rules: dict[str, tuple[Rule, ...]]


def _check_keys(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise Invalid(
            f"{where}: unknown keys {', '.join(unknown)}; known: {', '.join(sorted(allowed))}",
            field=where,
        )


def _rule(kind: str, index: int, table: Any) -> Rule:
    target_key, type_key, _ = _KINDS[kind]
    where = f"mapping: {kind}[{index}]"
    if not isinstance(table, dict):
        raise Invalid(f"{where}: must be a table", field=where)
    _check_keys(table, {"event", target_key, "where"}, where)
    event = table.get("event")
    if not isinstance(event, str) or not event:
        raise Invalid(f"{where}.event: is required", field=where)
    target, _ = node_id(type_key, table.get(target_key), f"{where}.{target_key}")
    filters = table.get("where", {})
    if not isinstance(filters, dict):
        raise Invalid(f"{where}.where: must be a table of property = value(s)", field=where)
    allowed = {k: tuple(v) if isinstance(v, list) else (v,) for k, v in filters.items()}
    return Rule(kind, event, target, allowed)


def load_mapping(path: Path) -> EventMapping:
    """The mapping file, checked (Invalid naming the key on any problem)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise Invalid(f"mapping: {path.name} is not TOML: {exc}", field="mapping") from None
    _check_keys(data, {"source", "account", "reached", "achieved"}, "mapping")
    source = data.get("source")
    if source is not None and source not in SOURCES:
        raise Invalid(f"mapping: source must be one of {', '.join(SOURCES)}", field="source")
    account = data.get("account", {})
    _check_keys(account, {"id"}, "mapping: account")
    rules: dict[str, list[Rule]] = defaultdict(list)
    for kind in _KINDS:
        for index, table in enumerate(data.get(kind, [])):
            rule = _rule(kind, index, table)
            rules[rule.event].append(rule)
    if not rules:
        raise Invalid("mapping: no [[reached]] or [[achieved]] rule", field="mapping")
    return EventMapping(source, account.get("id"), {k: tuple(v) for k, v in rules.items()})


@dataclass
class EventSummary:
    events: int = 0
    mapped: int = 0
    skipped: int = 0
    """Events no rule maps (or calls other than track)."""
    pairs: dict[str, int] = field(default_factory=lambda: {"reached": 0, "achieved": 0})
    """(account, milestone or outcome) pairs written."""
    rejected: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0


def _check_targets(mapping: EventMapping, known: dict[str, str]) -> None:
    for rules in mapping.rules.values():
        for rule in rules:
            _, _, label = _KINDS[rule.kind]
            if known.get(rule.target) != label:
                what = f"mapping: {rule.kind} rule for {rule.event!r}"
                raise Invalid(f"{what}: no {label} with id {rule.target}", field="mapping")


def _account(event: Event, path: str, known: dict[str, str]) -> str:
    value = lookup(event.raw, path)
    if value is None or str(value).strip() == "":
        raise Invalid(f"{path}: the event names no account", field=path)
    account = str(value).strip()
    if known.get(account) != "Account":
        raise Invalid(f"{path}: unknown account {account}", field=path)
    return account


async def import_events(
    repo: EvidenceStore,
    path: Path,
    mapping: EventMapping,
    source: str | None = None,
    progress: Callable[[int], None] | None = None,
    batch: int = BATCH,
) -> EventSummary:
    """Map the events of `path` and merge them into REACHED / ACHIEVED edges."""
    began = time.monotonic()
    chosen = source or mapping.source
    if chosen not in SOURCES:
        raise Invalid(f"source: name the event format ({', '.join(SOURCES)})", field="source")
    account_path = mapping.account or DEFAULT_ACCOUNT[chosen]
    known = await repo.known_ids()
    _check_targets(mapping, known)
    summary = EventSummary()
    seen: dict[tuple[str, str, str], set[datetime]] = defaultdict(set)
    for line, item in read_events(path, chosen):
        summary.events += 1
        if progress is not None and summary.events % 1000 == 0:
            progress(summary.events)
        if isinstance(item, Invalid):
            summary.rejected.append(Rejected(path.name, line, item.message))
            continue
        rules = () if item is None else mapping.rules.get(item.name, ())
        matched = [rule for rule in rules if item is not None and rule.matches(item.properties)]
        if item is None or not matched:
            summary.skipped += 1
            continue
        try:
            account = _account(item, account_path, known)
        except Invalid as exc:
            summary.rejected.append(Rejected(path.name, line, exc.message))
            continue
        summary.mapped += 1
        for rule in matched:
            seen[(rule.kind, account, rule.target)].add(item.at)
    for kind in _KINDS:
        rows = [
            {"account_id": a, "target_id": t, "at": min(times), "times": sorted(times)}
            for (k, a, t), times in seen.items()
            if k == kind
        ]
        for start in range(0, len(rows), batch):
            await repo.import_batch(kind, rows[start : start + batch])
        summary.pairs[kind] = len(rows)
    summary.seconds = time.monotonic() - began
    return summary
