"""`neo4j-admin database import full` into the local server's database (Community allows a
full import into an empty database, offline).

The server must be stopped: `load` stops it, runs the import from the server's own jars with
this home's conf, and starts it again (the caller applies the migrations then: indexes,
constraints). Refusing a database that holds data is the caller's job (it needs a driver).
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from upg.errors import Conflict, LocalDbError
from upg.localdb.java import find_java, java_cause
from upg.localdb.server import LocalNeo4j
from upg.services.bulk_convert import convert

ARRAY_DELIMITER = "|"
"""How list cells (tags, times) are split; the import layout's separator."""


@dataclass(frozen=True)
class LoadReport:
    seconds: dict[str, float] = field(default_factory=dict)
    """Seconds per phase: stop, import, start."""
    output: str = ""
    """neo4j-admin's summary (its last lines)."""


def import_command(
    local: LocalNeo4j,
    java: Path,
    nodes: Sequence[tuple[str, Path]],
    edges: Sequence[tuple[str, Path]],
    multiline: bool = False,
) -> list[str]:
    """The JVM command line of `neo4j-admin database import full` for these files.

    `multiline` only when a cell holds a line break: with it, neo4j-admin cannot split a file
    at newlines and parses each file on one thread.
    """
    settings = local.settings
    command = [
        str(java),
        f"-Xmx{settings.heap}",
        "-cp",
        f"{local.lib}/*",
        "org.neo4j.cli.AdminTool",
        "database",
        "import",
        "full",
        # The name first: the file options take several values and would swallow it.
        settings.neo4j_database,
        f"--additional-config={local.layout.conf / 'neo4j.conf'}",
        "--overwrite-destination=true",
        "--id-type=string",
        f"--array-delimiter={ARRAY_DELIMITER}",
        f"--multiline-fields={'true' if multiline else 'false'}",
        f"--threads={os.cpu_count() or 1}",
        f"--report-file={local.layout.logs / 'import.report'}",
    ]
    command += [f"--nodes={labels}={path}" for labels, path in nodes]
    command += [f"--relationships={type_}={path}" for type_, path in edges]
    return command


def load(
    local: LocalNeo4j,
    nodes: Sequence[tuple[str, Path]],
    edges: Sequence[tuple[str, Path]],
    multiline: bool = False,
) -> LoadReport:
    """Stop the server (if still running), import the files (replacing the database), start
    it again."""
    timings: dict[str, float] = {}
    mark = time.monotonic()
    local.stop()
    timings["stop"] = time.monotonic() - mark
    java = find_java(local.settings)
    mark = time.monotonic()
    done = subprocess.run(
        import_command(local, java, nodes, edges, multiline),
        env={**os.environ, **local.layout.env()},
        cwd=local.layout.home,
        capture_output=True,
        text=True,
        check=False,
    )
    timings["import"] = time.monotonic() - mark
    if done.returncode != 0:
        # Back to a running server whatever the import left (the caller found it empty).
        local.start()
        raise LocalDbError(
            f"neo4j-admin import failed (exit {done.returncode}): "
            + java_cause(done.stdout + done.stderr)
        )
    mark = time.monotonic()
    local.start()
    timings["start"] = time.monotonic() - mark
    summary = "\n".join(done.stdout.strip().splitlines()[-6:])
    return LoadReport(timings, summary)


@dataclass(frozen=True)
class BulkReport:
    counts: dict[str, int]
    """Nodes per label and edges per type loaded."""
    seconds: dict[str, float]
    """Seconds per phase: check, convert (the server stops meanwhile), stop (what is left of
    it), import, start, schema (`adopt`: indexes, constraints, migration records)."""
    migrations: list[str]
    output: str

    @property
    def entities(self) -> int:
        return sum(self.counts.values())

    @property
    def total_s(self) -> float:
        return sum(self.seconds.values())

    @property
    def rate(self) -> float:
        """Entities per second over the whole command (every phase)."""
        return self.entities / self.total_s if self.total_s > 0 else 0.0


def bulk_import(
    local: LocalNeo4j,
    source: Path,
    held: Callable[[], int],
    adopt: Callable[[], list[str]],
) -> BulkReport:
    """A first load of the import layout in `source` into the local server's empty database.

    `held` counts the nodes the database holds (beside migration records): anything else is
    refused, since a full import replaces the database. The server stops while the files are
    converted (on every core); a bad row starts it again, unchanged. `adopt` gives the loaded
    database its schema once the server is back (`upg.graph.migrations.adopt`: constraints,
    indexes, migration records; the kept class is already in the files).
    """
    seconds: dict[str, float] = {}
    mark = time.monotonic()
    local.start()
    found = held()
    seconds["check"] = time.monotonic() - mark
    if found:
        raise Conflict(
            f"the database {local.settings.neo4j_database} holds {found:,} nodes: a bulk import "
            "replaces the whole database, so it loads only an empty one (use `upg import`)",
            field="database",
        )
    work = local.layout.home / "import" / "bulk"
    mark = time.monotonic()
    # Stopping takes seconds of waiting (Bolt's shutdown): spent while the files convert.
    with ThreadPoolExecutor(1) as stopper:
        stopping = stopper.submit(local.stop)
        try:
            files = convert(source, work, workers=os.cpu_count() or 1)
        except BaseException:
            stopping.result()
            local.start()
            raise
        seconds["convert"] = time.monotonic() - mark
        mark = time.monotonic()
        stopping.result()
        waited = time.monotonic() - mark
    try:
        report = load(local, files.nodes, files.edges, files.multiline)
    finally:
        for path in work.glob("*.csv"):
            path.unlink()
    seconds.update(report.seconds)
    seconds["stop"] += waited
    mark = time.monotonic()
    applied = adopt()
    seconds["schema"] = time.monotonic() - mark
    return BulkReport(files.counts, seconds, applied, report.output)
