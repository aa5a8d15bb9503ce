"""Schema migrations: `cypher/schema/*.cypher`, applied in name order, once each.

Each applied file is recorded as `(:UpgMigration {name, checksum, applied_at})`. A file whose
checksum no longer matches its record is refused: write a new migration instead of editing one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from neo4j import AsyncDriver, Query

from upg.errors import Conflict
from upg.graph import cypher
from upg.graph.errors import translating

_RECORDED = """
MATCH (m:UpgMigration) RETURN m.name AS name, m.checksum AS checksum
"""
_RECORD = """
MERGE (m:UpgMigration {name: $name})
ON CREATE SET m.checksum = $checksum, m.applied_at = datetime()
"""


@dataclass(frozen=True)
class MigrationStatus:
    name: str
    checksum: str
    applied: bool


def _checksum(name: str) -> str:
    return hashlib.sha256("\n".join(cypher.statements(name)).encode()).hexdigest()


async def status(driver: AsyncDriver, database: str) -> list[MigrationStatus]:
    """Every migration file with whether it is applied; refuses edited migrations."""
    async with translating():
        records, _, _ = await driver.execute_query(_RECORDED, database_=database, routing_="r")
    recorded = {r["name"]: r["checksum"] for r in records}
    result = []
    for name in cypher.names("schema"):
        checksum = _checksum(name)
        if name in recorded and recorded[name] != checksum:
            raise Conflict(
                f"migration {name} was edited after it was applied "
                f"(recorded checksum {recorded[name][:12]}, file {checksum[:12]}); "
                "add a new migration instead",
                field="migration",
            )
        result.append(MigrationStatus(name, checksum, name in recorded))
    return result


async def migrate(driver: AsyncDriver, database: str) -> list[str]:
    """Apply pending migrations in order; return the names applied (empty when up to date)."""
    applied = []
    for item in await status(driver, database):
        if item.applied:
            continue
        # Schema statements cannot share a transaction with writes: one auto-commit each.
        async with translating(), driver.session(database=database) as session:
            for statement in cypher.statements(item.name):
                # No transaction timeout: building an index or setting a property over a
                # bulk-imported million nodes outlasts the server's per-request limit.
                await session.run(Query(statement, timeout=0))
            await session.run(_RECORD, name=item.name, checksum=item.checksum)
        applied.append(item.name)
    return applied


async def is_migrated(driver: AsyncDriver, database: str) -> bool:
    """True when every migration file is applied (and none was edited)."""
    return all(item.applied for item in await status(driver, database))
