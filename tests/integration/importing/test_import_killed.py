"""A killed import leaves whole batches only, and running it again completes it."""

from __future__ import annotations

import asyncio
import csv
import signal
import time
from pathlib import Path

from neo4j import AsyncDriver

from tests.integration.importing.conftest import Invoke, count, snapshot, upg_process
from upg.config import Settings

ROWS = 6_000
BATCH = 100
_MILESTONES = "MATCH (m:SuccessMilestone) RETURN count(m)"


def _write_graph(folder: Path) -> None:
    folder.mkdir()
    with (folder / "milestones.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "title", "status", "tags"])
        writer.writerows([f"m{i}", f"Milestone {i}", "todo", "a|b"] for i in range(ROWS))
    with (folder / "health_scores.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["id", "title"], ["hs", "Score"]])
    with (folder / "contains.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", "weight"])
        writer.writerows(["hs", f"m{i}", "2"] for i in range(0, ROWS, 3))


async def test_killed_import_leaves_whole_batches_and_a_rerun_completes(
    invoke: Invoke, cli_env: dict[str, str], driver: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    database = settings.neo4j_database
    folder = tmp_path / "graph"
    _write_graph(folder)
    process = upg_process(cli_env, "import", str(folder), "--batch-size", str(BATCH))
    deadline = time.monotonic() + 120
    while await count(driver, database, _MILESTONES) < 4 * BATCH:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the import wrote nothing in 120 s"
        await asyncio.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    written = await count(driver, database, _MILESTONES)
    assert 0 < written < ROWS
    assert written % BATCH == 0, f"{written} milestones: a batch was written in part"

    again = await invoke("import", str(folder), "--batch-size", str(BATCH))
    assert again.exit_code == 0, again.output
    assert await count(driver, database, _MILESTONES) == ROWS
    edges = await count(driver, database, "MATCH ()-[r:CONTAINS]->() RETURN count(r)")
    assert edges == len(range(0, ROWS, 3))
    classes = await count(
        driver, database, "MATCH (m:SuccessMilestone {milestone_class: 'VANITY'}) RETURN count(m)"
    )
    assert classes == edges
    before = await snapshot(driver, database)
    assert (await invoke("import", str(folder))).exit_code == 0
    assert await snapshot(driver, database) == before
    verify = await invoke("db", "verify")
    assert verify.exit_code == 0 and "no drift" in verify.output
