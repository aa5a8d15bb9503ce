import pytest
from neo4j import AsyncDriver

from upg.errors import Conflict
from upg.graph import migrations


async def test_migrate_is_idempotent_and_recorded(driver: AsyncDriver) -> None:
    assert await migrations.migrate(driver, "neo4j") == []
    assert await migrations.is_migrated(driver, "neo4j")
    records, _, _ = await driver.execute_query(
        "MATCH (m:UpgMigration) RETURN m.name AS name ORDER BY name"
    )
    assert [r["name"] for r in records] == [
        s.name for s in await migrations.status(driver, "neo4j")
    ]


async def test_an_edited_migration_is_refused(driver: AsyncDriver) -> None:
    first = (await migrations.status(driver, "neo4j"))[0]
    await driver.execute_query(
        "MATCH (m:UpgMigration {name: $name}) SET m.checksum = 'edited'", name=first.name
    )
    try:
        with pytest.raises(Conflict, match="was edited after it was applied"):
            await migrations.migrate(driver, "neo4j")
    finally:
        await driver.execute_query(
            "MATCH (m:UpgMigration {name: $name}) SET m.checksum = $checksum",
            name=first.name,
            checksum=first.checksum,
        )
