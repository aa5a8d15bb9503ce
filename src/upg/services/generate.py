"""The scale generator's writing half: the planned graph (`generate_plan`) in big batches.

Writing goes through `Repository.write_batch`: one transaction per batch, each batch one UNWIND
statement per node type / edge type; the first row of every batch is checked against the model
(`check_props`, `check_edge_row`), so the bulk path cannot drift from it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from typing import Any

from upg.errors import Conflict, Invalid
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


async def _write_nodes(repo: Repository, chunk: Chunk, report: GenerateReport) -> bool:
    """Write a chunk's nodes; True when they were all new, False when all already existed."""
    planned = written = 0
    for batch in chunk.nodes:
        assert isinstance(batch.kind, NodeType)
        check_props(batch.kind, batch.rows[0])
        planned += len(batch.rows)
        written += await repo.write_batch(batch.kind, batch.rows)
    report.nodes += written
    if 0 < written < planned:
        raise Conflict(
            f"the graph already holds {planned - written} of {planned} generated nodes of this "
            "chunk: it was generated with another spec or seed, or half-written; use --wipe",
            field="seed",
        )
    return written == planned


async def _write_edges(repo: Repository, chunk: Chunk, report: GenerateReport) -> None:
    for batch in chunk.edges:
        assert isinstance(batch.kind, EdgeType)
        check_edge_row(batch.kind, batch.rows[0])
        written = await repo.write_batch(batch.kind, batch.rows)
        report.edges[batch.kind.type] = report.edges.get(batch.kind.type, 0) + written


async def generate(
    repo: Repository,
    spec: GraphSpec,
    *,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> GenerateReport:
    """Plan the graph for `spec` and write it, one transaction per batch; counts and rate.

    Two transactions are in flight at a time: the edges of one chunk and the nodes of the next
    (they touch disjoint nodes, so they never wait on each other's locks). Nodes merge on their
    ids: generating the same spec and seed twice writes nothing the second time (a chunk whose
    nodes all exist already is skipped, edges included).
    """
    report = GenerateReport(spec)
    began = time.perf_counter()
    edges: asyncio.Task[None] | None = None
    try:
        for chunk in plan(spec, batch_size):
            fresh = asyncio.ensure_future(_write_nodes(repo, chunk, report))
            if edges is not None:
                await edges
                edges = None
            if await fresh and chunk.edges:
                edges = asyncio.ensure_future(_write_edges(repo, chunk, report))
            report.seconds = time.perf_counter() - began
            if progress is not None:
                progress(report, chunk.milestones_done)
        if edges is not None:
            await edges
    finally:
        if edges is not None and not edges.done():
            edges.cancel()
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
