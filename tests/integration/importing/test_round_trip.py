"""`upg export` then `upg import` into an empty graph gives the same nodes, edges, properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import AsyncDriver

from tests.integration.importing.conftest import SAMPLE, Invoke, snapshot
from upg.config import Settings
from upg.graph.repository import Neo4jRepository
from upg.services.demo import load_demo

_WIPE = "MATCH (n) WHERE NOT n:UpgMigration DETACH DELETE n"


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
async def test_export_wipe_import_is_identical(
    invoke: Invoke, driver: AsyncDriver, settings: Settings, tmp_path: Path, fmt: str
) -> None:
    database = settings.neo4j_database
    # The demo graph (UUID ids, created by the API's own code) and the sample (the user's keys,
    # accounts, REACHED counts) side by side.
    await load_demo(Neo4jRepository(driver, database))
    assert (await invoke("import", str(SAMPLE))).exit_code == 0
    before = await snapshot(driver, database)
    assert len(before[0]) > 30 and len(before[1]) > 40

    exported = await invoke("export", str(tmp_path / "out"), "--format", fmt)
    assert exported.exit_code == 0, exported.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{stem}.{fmt}"
        for stem in (
            "products",
            "outcomes",
            "health_scores",
            "milestones",
            "accounts",
            "celebrates_via",
            "contains",
            "validates",
            "uses",
            "reached",
            "achieved",
            "desires",
        )
    )
    await driver.execute_query(_WIPE, database_=database)
    assert (await snapshot(driver, database)) == ([], [])

    imported = await invoke("import", str(tmp_path / "out"), "--format", fmt)
    assert imported.exit_code == 0, imported.output
    assert await snapshot(driver, database) == before
