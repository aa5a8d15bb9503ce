"""The scale generator's writing half: the planned graph (`generate_plan`) in big batches.

Products, outcomes and scores go through `Repository.write_batch` (one UNWIND per type, merged
on ids); each chunk of milestones through `Repository.create_milestones`: one transaction, one
statement creating the milestones with their edges and their kept class. The first row of every
batch is checked against the model (`check_props`, `check_edge_row`), so the fast path cannot
drift from it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from typing import Any

from upg.errors import Conflict, Invalid
from upg.model.audit import classify
from upg.model.registry import EdgeType, NodeType, node_type
from upg.services.generate_plan import (
    CLASS_SHARES,
    DEFAULT_BATCH,
    Chunk,
    GenerateReport,
    GraphSpec,
    plan,
    zipf_sizes,
)
from upg.services.nodes import check_weight, new_node_props
from upg.services.ports import Repository

__all__ = [
    "CLASS_SHARES",
    "DEFAULT_BATCH",
    "GenerateReport",
    "GraphSpec",
    "check_edge_row",
    "check_props",
    "generate",
    "plan",
    "wipe",
    "zipf_sizes",
]


def check_props(kind: NodeType, row: Mapping[str, Any]) -> None:
    """Raise Invalid unless `row` is exactly what `new_node_props` stores for the same input."""
    given = {k: v for k, v in row.items() if k not in ("type", "achieved")}
    stored = {k: v for k, v in new_node_props(kind, given).items() if v is not None}
    if stored != dict(row):
        raise Invalid(f"generated {kind.key} row differs from the model: {dict(row)}", field="row")


def check_edge_row(edge: EdgeType, row: Mapping[str, Any]) -> None:
    """Raise Invalid unless the edge row carries a valid weight exactly when the type has one."""
    weight = row.get("weight")
    if edge.weighted:
        check_weight(edge, weight if isinstance(weight, float) else float("nan"))
    elif weight is not None:
        check_weight(edge, weight)


# --- writing ------------------------------------------------------------------------------


Progress = Callable[["GenerateReport", int], None]
"""Called after every chunk with the running report and the milestones written so far."""


IN_FLIGHT = 2
"""Milestone batches written at once: Neo4j writes one while the next is planned and sent."""


async def _write_nodes(repo: Repository, chunk: Chunk, report: GenerateReport) -> None:
    """Write the products, outcomes and scores (merged on their ids: a rerun adds none)."""
    planned = written = 0
    for batch in chunk.nodes:
        assert isinstance(batch.kind, NodeType)
        check_props(batch.kind, batch.rows[0])
        planned += len(batch.rows)
        written += await repo.write_batch(batch.kind, batch.rows)
    report.nodes += written
    if 0 < written < planned:
        raise _half_written(planned - written, planned)


def _half_written(existing: int, planned: int) -> Conflict:
    return Conflict(
        f"the graph already holds {existing} of {planned} generated nodes of this chunk: it was "
        "generated with another spec or seed, or half-written; use --wipe",
        field="seed",
    )


def milestone_rows(chunk: Chunk) -> list[dict[str, Any]]:
    """A chunk's milestones, each with its edges and its kept class (`create_milestones` rows).

    The class is the model's rule (`classify`) over the milestone's own edges: they are all in
    the row, since the milestone is new.
    """
    rows: dict[str, dict[str, Any]] = {}
    for batch in chunk.nodes:
        assert isinstance(batch.kind, NodeType)
        check_props(batch.kind, batch.rows[0])
        for props in batch.rows:
            rows[props["id"]] = {"props": props, "contains": [], "validates": []}
    for batch in chunk.edges:
        assert isinstance(batch.kind, EdgeType)
        check_edge_row(batch.kind, batch.rows[0])
        if batch.kind.type == "CELEBRATES_VIA":
            for edge in batch.rows:
                rows[edge["target"]]["product"] = edge["source"]
        elif batch.kind.type == "CONTAINS":
            for edge in batch.rows:
                rows[edge["target"]]["contains"].append(
                    {"source": edge["source"], "weight": edge["weight"]}
                )
        else:
            for edge in batch.rows:
                rows[edge["source"]]["validates"].append(edge["target"])
    for row in rows.values():
        cls = classify(bool(row["contains"]), bool(row["validates"]))
        row["props"]["milestone_class"] = cls.value
    return list(rows.values())


async def _write_milestones(
    repo: Repository, rows: list[dict[str, Any]], report: GenerateReport
) -> None:
    try:
        written = await repo.create_milestones(rows)
    except Conflict as exc:
        raise _half_written(len(rows), len(rows)) from exc
    if written and written["SUCCESS_MILESTONE"] != len(rows):
        raise Conflict(
            f"{len(rows) - written['SUCCESS_MILESTONE']} of {len(rows)} milestones lack their "
            "product (written with another spec or seed?); use --wipe",
            field="seed",
        )
    for kind, count in written.items():
        if kind == "SUCCESS_MILESTONE":
            report.nodes += count
        elif count:
            report.edges[kind] = report.edges.get(kind, 0) + count


async def generate(
    repo: Repository,
    spec: GraphSpec,
    *,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> GenerateReport:
    """Plan the graph for `spec` and write it, one transaction per batch; counts and rate.

    Products, outcomes and scores first (merged on their ids); then each chunk of milestones
    in one transaction that creates them with all their edges and their kept class. Up to
    IN_FLIGHT chunks are written at once (they create disjoint milestones; the endpoints they
    share take no exclusive lock when dense, and a deadlock is retried by the driver). A chunk
    whose milestones all exist is skipped: the same spec and seed twice write nothing the
    second time.
    """
    report = GenerateReport(spec)
    began = time.perf_counter()
    pending: list[tuple[asyncio.Task[None], int]] = []

    def tick(done: int) -> None:
        report.seconds = time.perf_counter() - began
        if progress is not None:
            progress(report, done)

    try:
        for chunk in plan(spec, batch_size):
            if not chunk.edges:
                await _write_nodes(repo, chunk, report)
                tick(chunk.milestones_done)
                continue
            task = asyncio.ensure_future(_write_milestones(repo, milestone_rows(chunk), report))
            pending.append((task, chunk.milestones_done))
            while len(pending) >= IN_FLIGHT:
                first, done = pending.pop(0)
                await first
                tick(done)
        while pending:
            first, done = pending.pop(0)
            await first
            tick(done)
    finally:
        for task, _ in pending:
            task.cancel()
    report.seconds = time.perf_counter() - began
    if progress is not None:
        progress(report, spec.milestones)
    return report


async def wipe(repo: Repository) -> int:
    """Delete every upg node (and so every edge), a batch at a time; returns nodes deleted."""
    deleted = 0
    for key in ("SUCCESS_MILESTONE", "CUSTOMER_HEALTH_SCORE", "OUTCOME", "PRODUCT"):
        kind = node_type(key)
        while written := await repo.write_batch(kind, None):
            deleted += written
    return deleted
