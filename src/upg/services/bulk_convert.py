"""The import layout (docs/import-export.md) converted into neo4j-admin's CSV files, one file
per process at a time.

Checking and rewriting millions of rows is Python work on one core per file (56 s at a million
milestones on one process). The files depend on each other in three steps only: every node
file's ids (and the accounts); then the edge files, which need those ids and say which
milestones feed a score or validate an outcome; then the node files, whose milestones need
that for their kept class. Each step's files run on `workers` processes; the first bad row in
the sequential order (nodes' ids, edges, nodes, accounts) is the error raised, whatever
finished first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import ParamSpec, TypeVar

from upg.errors import Invalid
from upg.model.registry import BASE_LABEL, edge_type, node_type
from upg.services.bulk_accounts import write_account_edges, write_accounts, write_desires
from upg.services.bulk_files import (
    ACCOUNT_EDGES,
    ACCOUNT_LABEL,
    DESIRES,
    EDGE_FILES,
    MILESTONE_COLUMNS,
    NODE_COLUMNS,
    NODE_FILES,
    key_of,
    read_ids,
    write_edges,
    write_nodes,
)

P = ParamSpec("P")
T = TypeVar("T")


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


class _Inline(Executor):
    """Runs each job at once in this process (one worker: no process to start)."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


@contextmanager
def _pool(workers: int) -> Iterator[Executor]:
    pool: Executor = ProcessPoolExecutor(workers) if workers > 1 else _Inline()
    try:
        yield pool
    finally:
        # A bad row ends the conversion: the files not started yet are not worth starting.
        pool.shutdown(wait=True, cancel_futures=True)


def convert(
    source: Path, target: Path, now: datetime | None = None, workers: int = 1
) -> AdminFiles:
    """Check the layout's files in `source` and write neo4j-admin's files into `target`, on
    `workers` processes."""
    stamp = (now or datetime.now(UTC)).isoformat()
    present = {p.name for p in source.iterdir()} if source.is_dir() else set()
    if not present & {*NODE_FILES, *EDGE_FILES, "accounts.csv", *ACCOUNT_EDGES, DESIRES}:
        raise Invalid(
            f"{source}: no file of the import layout (docs/import-export.md)", field="dir"
        )
    target.mkdir(parents=True, exist_ok=True)
    files = AdminFiles()
    nodes = {name: key for name, key in NODE_FILES.items() if name in present}
    with _pool(workers) as pool:
        id_jobs = {
            key: pool.submit(read_ids, source / name, node_type(key), _columns(key))
            for name, key in nodes.items()
        }
        accounts_job = None
        if "accounts.csv" in present:
            accounts_out = target / "nodes-Account.csv"
            accounts_job = pool.submit(write_accounts, source / "accounts.csv", accounts_out)
        ids = {key: job.result() for key, job in id_jobs.items()}

        edge_jobs = {}
        for name, type_ in EDGE_FILES.items():
            if name in present:
                edge = edge_type(type_)
                # Only the ids of its two endpoint types: each set is pickled to the worker.
                ends = {k: ids[k] for k in (key_of(edge.source), key_of(edge.target)) if k in ids}
                out = target / f"edges-{type_}.csv"
                job = pool.submit(write_edges, source / name, out, edge, ends, stamp)
                edge_jobs[type_] = (job, out)
        fed: set[str] = set()
        validating: set[str] = set()
        for type_, (job, out) in edge_jobs.items():
            files.counts[type_], marked = job.result()
            files.edges.append((type_, out))
            if type_ == "CONTAINS":
                fed = marked
            elif type_ == "VALIDATES":
                validating = marked

        node_jobs = {}
        for name, key in nodes.items():
            out = target / f"nodes-{key}.csv"
            milestones = key == "SUCCESS_MILESTONE"
            marks = (fed, validating) if milestones else (set(), set())
            written = pool.submit(write_nodes, source / name, out, node_type(key), stamp, *marks)
            node_jobs[key] = (written, out)
        for key, (node_job, out) in node_jobs.items():
            files.counts[key], breaks = node_job.result()
            files.multiline = files.multiline or breaks
            files.nodes.append((f"{BASE_LABEL}:{node_type(key).label}", out))
        if accounts_job is not None:
            accounts, named_breaks = accounts_job.result()
            files.multiline = files.multiline or named_breaks
            files.counts[ACCOUNT_LABEL] = len(accounts)
            files.nodes.append((ACCOUNT_LABEL, target / "nodes-Account.csv"))
            ids[ACCOUNT_LABEL] = accounts
        account_jobs = []
        for name, (type_, key) in ACCOUNT_EDGES.items():
            if name in present:
                out = target / f"edges-{type_}.csv"
                ends = {k: ids[k] for k in (ACCOUNT_LABEL, key) if k in ids}
                done = pool.submit(write_account_edges, source / name, out, key, ends)
                account_jobs.append((type_, done, out))
        if DESIRES in present:
            out = target / "edges-DESIRES.csv"
            ends = {k: ids[k] for k in (ACCOUNT_LABEL, "OUTCOME") if k in ids}
            done = pool.submit(write_desires, source / DESIRES, out, ends)
            account_jobs.append(("DESIRES", done, out))
        for type_, done, out in account_jobs:
            files.counts[type_] = done.result()
            files.edges.append((type_, out))
    return files


def _columns(key: str) -> tuple[str, ...]:
    return NODE_COLUMNS + (MILESTONE_COLUMNS if key == "SUCCESS_MILESTONE" else ())
