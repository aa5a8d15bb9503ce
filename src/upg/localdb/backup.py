"""Backup and restore of the local server's database: `neo4j-admin database dump` / `load`.

Neo4j Community dumps and loads a database only while the server is stopped, so both stop a
running server, run neo4j-admin (its main class, from the same jars, as the initial password is
set), and start the server again, reporting each step. A dump is written beside the target
file and renamed into place, so a failed backup never leaves half a file under its name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from upg.errors import LocalDbError
from upg.localdb.java import find_java, java_cause
from upg.localdb.server import LocalNeo4j

_ADMIN = "org.neo4j.cli.AdminTool"

Say = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class OfflineReport:
    """What a backup or restore did: the file, its size, and whether the server was cycled."""

    file: Path
    size: int
    stopped_pid: int | None
    """The server stopped for the dump or load (None: it was not running)."""
    started_pid: int | None
    """The server started again afterwards (None: it had not been running)."""
    timings: dict[str, float]
    """Seconds per step: stop, dump or load, start."""


def _admin(local: LocalNeo4j, *args: str) -> None:
    java = find_java(local.settings)
    command = [str(java), "-cp", f"{local.lib}/*", _ADMIN, "database", *args]
    done = subprocess.run(
        command,
        env={**os.environ, **local.layout.env()},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise LocalDbError(
            f"neo4j-admin database {args[0]} failed (exit {done.returncode}): "
            + java_cause(done.stdout + done.stderr)
        )


@contextlib.contextmanager
def _stopped(
    local: LocalNeo4j, stopped: list[int], say: Say, timings: dict[str, float]
) -> Iterator[None]:
    """The server stopped for the duration (and started again after, if it was running)."""
    if local.settings.uri_is_external:
        raise LocalDbError(
            "UPG_NEO4J_URI is set: upg backs up only the local Neo4j it manages "
            "(README, Bring your own data: back up your own Neo4j with neo4j-admin)"
        )
    if not local.installed():
        raise LocalDbError("the local Neo4j is not installed: run `upg db start` first")
    pid = local.running_pid()
    if pid is not None:
        say(f"Stopping Neo4j (pid {pid}): Neo4j Community dumps and loads only while it is stopped")
        began = time.monotonic()
        local.stop()
        timings["stop"] = time.monotonic() - began
        stopped.append(pid)
    yield


def _restart(
    local: LocalNeo4j, stopped: list[int], say: Say, timings: dict[str, float]
) -> int | None:
    if not stopped:
        return None
    began = time.monotonic()
    pid = local.start().pid
    timings["start"] = time.monotonic() - began
    say(f"Started Neo4j again (pid {pid})")
    return pid


def backup(local: LocalNeo4j, target: Path, say: Say = _quiet) -> OfflineReport:
    """Dump the database into `target` (replaced if it exists)."""
    database = local.settings.neo4j_database
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    stopped: list[int] = []
    timings: dict[str, float] = {}
    with _stopped(local, stopped, say, timings):
        work = Path(tempfile.mkdtemp(prefix=".upg-backup-", dir=target.parent))
        try:
            try:
                began = time.monotonic()
                _admin(local, "dump", database, f"--to-path={work}")
                timings["dump"] = time.monotonic() - began
            finally:
                started = _restart(local, stopped, say, timings)
            os.replace(work / f"{database}.dump", target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return OfflineReport(
        target, target.stat().st_size, stopped[0] if stopped else None, started, timings
    )


def restore(local: LocalNeo4j, source: Path, say: Say = _quiet) -> OfflineReport:
    """Replace the database with the dump in `source`."""
    database = local.settings.neo4j_database
    source = source.resolve()
    if not source.is_file():
        raise LocalDbError(f"{source}: no such file")
    stopped: list[int] = []
    timings: dict[str, float] = {}
    with _stopped(local, stopped, say, timings):
        # neo4j-admin reads <database>.dump from a folder: a link to the file, not a copy.
        work = Path(tempfile.mkdtemp(prefix=".upg-restore-"))
        try:
            (work / f"{database}.dump").symlink_to(source)
            try:
                began = time.monotonic()
                _admin(local, "load", database, f"--from-path={work}", "--overwrite-destination")
                timings["load"] = time.monotonic() - began
            finally:
                started = _restart(local, stopped, say, timings)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return OfflineReport(
        source, source.stat().st_size, stopped[0] if stopped else None, started, timings
    )
