"""`upg db backup` / `upg db restore`: a changed database goes back to its backed-up state."""

from __future__ import annotations

import time
from pathlib import Path

from neo4j import AsyncGraphDatabase

from tests.integration.importing.conftest import SAMPLE, Invoke, snapshot
from upg.config import Settings
from upg.localdb import LocalNeo4j
from upg.localdb.backup import backup, restore


async def test_restore_returns_a_changed_database_to_its_backup(
    invoke: Invoke, settings: Settings, local_server: LocalNeo4j, tmp_path: Path
) -> None:
    database = settings.neo4j_database
    assert (await invoke("import", str(SAMPLE))).exit_code == 0
    # A driver of this test's own: a restore takes the database back to an earlier transaction,
    # and the session driver's bookmarks must not run ahead of it (they would wait for it).
    async with AsyncGraphDatabase.driver(
        settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password)
    ) as driver:
        before = await snapshot(driver, database)
        said: list[str] = []
        pid = local_server.running_pid()

        began = time.monotonic()
        saved = backup(local_server, tmp_path / "graph.dump", say=said.append)
        backup_s = time.monotonic() - began
        assert saved.stopped_pid == pid and saved.started_pid == local_server.running_pid()
        assert saved.size > 0 and saved.file == tmp_path / "graph.dump"
        assert said[0].startswith(f"Stopping Neo4j (pid {pid}): Neo4j Community dumps and loads")
        assert said[1].startswith("Started Neo4j again")
        assert await snapshot(driver, database) == before

        await driver.execute_query(
            "MATCH (p:Product {external_id: 'docflow'}) DETACH DELETE p "
            "CREATE (:UpgNode:Product {id: 'extra', type: 'PRODUCT', title: 'Added later'})",
            database_=database,
        )
        assert await snapshot(driver, database) != before

        began = time.monotonic()
        restored = restore(local_server, saved.file)
        print(f"backup {backup_s:.1f} s, restore {time.monotonic() - began:.1f} s")
        assert restored.started_pid == local_server.running_pid() is not None
    async with AsyncGraphDatabase.driver(
        settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password)
    ) as driver:
        assert await snapshot(driver, database) == before
    verify = await invoke("db", "verify")
    assert verify.exit_code == 0 and "no drift" in verify.output


async def test_backup_of_an_external_neo4j_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    result = await invoke("db", "backup", str(tmp_path / "x.dump"))
    assert result.exit_code == 2
    assert "UPG_NEO4J_URI is set: upg backs up only the local Neo4j it manages" in result.output
    assert not (tmp_path / "x.dump").exists()
