"""Evidence use cases: import observations, compute evidence, store it, report it.

Import policy: rows are checked one by one; good rows are written (in batches, one
transaction each), bad rows are reported with file and line and written nowhere. Re-importing
the same files changes nothing (accounts and edges merge on ids; times keep the earliest).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from upg.errors import Invalid
from upg.model.evidence import (
    Evidence,
    EvidencePolicy,
    StoredEvidence,
    Table,
    Verdict,
    evaluate,
)
from upg.model.nodes import Node
from upg.services.evidence_fields import edge_properties, from_edge_properties
from upg.services.ports import EvidenceStore, Repository
from upg.services.row_files import read_rows
from upg.services.workers import elsewhere

BATCH = 5_000
ID_MAX = 128

Progress = Callable[[str, int], None]
"""Called with (file kind, rows done so far)."""


@dataclass(frozen=True)
class Rejected:
    file: str
    line: int
    reason: str


@dataclass
class ImportSummary:
    accepted: dict[str, int] = field(
        default_factory=lambda: {"accounts": 0, "reached": 0, "achieved": 0}
    )
    rejected: list[Rejected] = field(default_factory=list)


def parse_time(value: Any, field_name: str) -> datetime:
    """An ISO date or date-time as an aware UTC datetime (a date means midnight UTC)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    text = str(value or "").strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise Invalid(
            f"{field_name}: not an ISO date or date-time: {text!r}", field=field_name
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _text(row: dict[str, Any], name: str) -> str:
    value = str(row.get(name) or "").strip()
    if not value:
        raise Invalid(f"{name}: is required", field=name)
    if len(value) > ID_MAX:
        raise Invalid(f"{name}: longer than {ID_MAX} characters", field=name)
    return value


def _known(known: dict[str, str], value: str, label: str, name: str) -> str:
    found = known.get(value)
    if found is None:
        raise Invalid(f"{name}: unknown {label} id {value}", field=name)
    if found != label:
        raise Invalid(f"{name}: {value} is a {found}, not a {label}", field=name)
    return value


def check_account(row: dict[str, Any], known: dict[str, str]) -> dict[str, Any]:
    """A valid account row for the import statement, or Invalid."""
    products = row.get("products") or []
    if isinstance(products, str):
        products = [p.strip() for p in products.split(";") if p.strip()]
    return {
        "id": _text(row, "id"),
        "name": str(row.get("name") or "").strip()[:200] or None,
        "signed_up_at": parse_time(row.get("signed_up_at"), "signed_up_at"),
        "products": [_known(known, str(p), "Product", "products") for p in products],
    }


def check_fact(
    row: dict[str, Any], known: dict[str, str], target: str, label: str
) -> dict[str, Any]:
    """A valid reached/achieved row for the import statement, or Invalid."""
    return {
        "account_id": _known(known, _text(row, "account_id"), "Account", "account_id"),
        "target_id": _known(known, _text(row, target), label, target),
        # UTC: a repeated event is recognised by its instant (cypher/evidence/import_reached).
        "at": parse_time(row.get("at"), "at").astimezone(UTC),
    }


Source = tuple[str, Iterator[tuple[int, dict[str, Any]]]]
"""A name for messages (the file name) and its (line, row) pairs."""


async def import_files(
    repo: EvidenceStore,
    accounts: Path | None = None,
    reached: Path | None = None,
    achieved: Path | None = None,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> ImportSummary:
    """Import the files given: CSV with a header, or JSON lines (.jsonl / .ndjson)."""

    def source(path: Path | None) -> Source | None:
        return None if path is None else (path.name, read_rows(path))

    return await import_rows(
        repo, source(accounts), source(reached), source(achieved), progress, batch
    )


async def import_rows(
    repo: EvidenceStore,
    accounts: Source | None,
    reached: Source | None,
    achieved: Source | None,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> ImportSummary:
    """Check and write rows (accounts first, so the others may name new accounts)."""
    known = await repo.known_ids()
    summary = ImportSummary()
    plan: list[tuple[str, Source | None, Callable[[dict[str, Any]], dict[str, Any]]]] = [
        ("accounts", accounts, lambda row: check_account(row, known)),
        (
            "reached",
            reached,
            lambda row: check_fact(row, known, "milestone_id", "SuccessMilestone"),
        ),
        ("achieved", achieved, lambda row: check_fact(row, known, "outcome_id", "Outcome")),
    ]
    for kind, given, check in plan:
        if given is None:
            continue
        name, lines = given
        pending: list[dict[str, Any]] = []
        for line, row in lines:
            try:
                if "__error__" in row:
                    raise Invalid(row["__error__"])
                pending.append(check(row))
            except Invalid as exc:
                summary.rejected.append(Rejected(name, line, exc.message))
                continue
            if kind == "accounts":
                known[pending[-1]["id"]] = "Account"
            if len(pending) >= batch:
                await _flush(repo, kind, pending, summary, progress)
        await _flush(repo, kind, pending, summary, progress)
    return summary


async def _flush(
    repo: EvidenceStore,
    kind: str,
    pending: list[dict[str, Any]],
    summary: ImportSummary,
    progress: Progress | None,
) -> None:
    if not pending:
        return
    await repo.import_batch(kind, pending if kind == "accounts" else _by_pair(pending))
    summary.accepted[kind] += len(pending)
    pending.clear()
    if progress is not None:
        progress(kind, summary.accepted[kind])


def _by_pair(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (account, target) with all its times: rows of one statement do not see each
    other's writes, so two times of one pair in a batch must reach the edge as one row."""
    pairs: dict[tuple[str, str], list[datetime]] = {}
    for row in rows:
        pairs.setdefault((row["account_id"], row["target_id"]), []).append(row["at"])
    return [
        {"account_id": a, "target_id": t, "at": min(times), "times": list(dict.fromkeys(times))}
        for (a, t), times in pairs.items()
    ]


@dataclass(frozen=True)
class EvidenceRow:
    """Evidence for one pair, with titles and whether a VALIDATES edge claims it."""

    evidence: Evidence
    milestone: Node | None
    outcome: Node | None
    claimed: bool


@dataclass(frozen=True)
class EvidenceReport:
    rows: tuple[EvidenceRow, ...]
    as_of: datetime
    policy: EvidencePolicy

    @property
    def suggested(self) -> tuple[EvidenceRow, ...]:
        """Strong evidence without a VALIDATES edge: validations worth drawing."""
        return tuple(r for r in self.rows if is_suggested(r))

    @property
    def vanity_by_evidence(self) -> tuple[EvidenceRow, ...]:
        """VALIDATES edges the data refute."""
        return tuple(r for r in self.rows if is_vanity_by_evidence(r))


def is_suggested(row: EvidenceRow) -> bool:
    """No VALIDATES edge, but the data validate the pair."""
    return not row.claimed and row.evidence.verdict is Verdict.VALIDATED


def is_vanity_by_evidence(row: EvidenceRow) -> bool:
    """A VALIDATES edge the data refute."""
    return row.claimed and row.evidence.verdict is Verdict.REFUTED


async def compute(
    evidence_repo: EvidenceStore,
    repo: Repository,
    *,
    policy: EvidencePolicy | None = None,
    as_of: datetime | None = None,
    product_id: str | None = None,
    store: bool = False,
    statistics: Executor | None = None,
) -> EvidenceReport:
    """Evidence for every claimed pair and every observed pair; optionally stored on VALIDATES.

    `statistics`: where the CPU-bound evaluation runs (the API's worker process, from
    `upg.bootstrap`); None runs it here, in this process (a CLI command has nothing else to do).
    """
    policy = policy or EvidencePolicy()
    as_of = as_of or datetime.now(UTC)
    populations, tables = await evidence_repo.counts(as_of, policy.default_window_days, product_id)
    claims = set(await evidence_repo.claims(product_id))
    pairs = sorted(set(tables) | claims)
    inputs = [(m, o, tables.get((m, o)) or _unobserved(populations.get(m))) for m, o in pairs]
    results = await evaluate_with(statistics, inputs, policy)
    nodes = await repo.get_nodes(sorted({m for m, _ in pairs} | {o for _, o in pairs}))
    rows = tuple(
        EvidenceRow(
            e,
            nodes.get(e.milestone_id),
            nodes.get(e.outcome_id),
            (e.milestone_id, e.outcome_id) in claims,
        )
        for e in results
    )
    if store:
        await evidence_repo.store(
            [
                {
                    "milestone_id": r.evidence.milestone_id,
                    "outcome_id": r.evidence.outcome_id,
                    "evidence": edge_properties(r.evidence),
                }
                for r in rows
                if r.claimed
            ],
            as_of,
        )
    return EvidenceReport(rows, as_of, policy)


async def evaluate_with(
    statistics: Executor | None, inputs: Sequence[tuple[str, str, Table]], policy: EvidencePolicy
) -> list[Evidence]:
    """`evaluate` on the executor given, or right here when there is none. Fisher's tests and
    the FDR control are CPU-bound (about a second per 1,000 pairs): in a server they belong in
    a worker process, for on the event loop they would stall every other request, and in a
    thread they would still hold the GIL the loop needs (health checks took 100-250 ms)."""
    return await elsewhere(statistics, evaluate, list(inputs), policy)


def _unobserved(population: tuple[int, int] | None) -> Table:
    n, hits = population or (0, 0)
    return Table(0, hits, 0, n - hits)


async def stored(
    evidence_repo: EvidenceStore, milestone_ids: Sequence[str]
) -> dict[str, tuple[StoredEvidence, ...]]:
    """The evidence stored on each milestone's VALIDATES edges (by outcome title); every id given
    is a key, with an empty tuple when none was computed."""
    found = await evidence_repo.stored(milestone_ids) if milestone_ids else {}
    return {
        milestone_id: tuple(
            from_edge_properties(milestone_id, item["outcome_id"], item["evidence"])
            for item in found.get(milestone_id, ())
        )
        for milestone_id in milestone_ids
    }


def by_pair(rows: Sequence[EvidenceRow]) -> dict[tuple[str, str], EvidenceRow]:
    return {(r.evidence.milestone_id, r.evidence.outcome_id): r for r in rows}
