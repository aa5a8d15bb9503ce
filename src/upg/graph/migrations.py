"""Schema migrations: `cypher/schema/*.cypher`, applied in name order, once each.

Each applied file is recorded as `(:UpgMigration {name, checksum, applied_at})`. A file whose
checksum no longer matches its record is refused: write a new migration instead of editing one.
A database `upg db import-bulk` has just loaded is `adopt`ed instead: the migrations' end state
created at once (cypher/bulk/schema) and every migration recorded as applied.
Every statement runs under `timeout_s` when one is given: the API's UPG_NEO4J_TX_TIMEOUT (its
readiness check and the migrations it applies at start-up); `upg db migrate` has no limit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction, Query

from upg.errors import Conflict
from upg.graph import cypher, transactions
from upg.graph.errors import translating


@dataclass(frozen=True)
class MigrationStatus:
    name: str
    checksum: str
    applied: bool


def _checksum(name: str) -> str:
    return hashlib.sha256("\n".join(cypher.statements(name)).encode()).hexdigest()


async def status(
    driver: AsyncDriver, database: str, timeout_s: float | None = None
) -> list[MigrationStatus]:
    """Every migration file with whether it is applied; refuses edited migrations."""

    async def recorded_rows(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await cypher.run(tx, "migrations/recorded")

    rows = await transactions.read(driver, database, recorded_rows, timeout_s)
    recorded = {r["name"]: r["checksum"] for r in rows}
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


async def migrate(driver: AsyncDriver, database: str, timeout_s: float | None = None) -> list[str]:
    """Apply pending migrations in order; return the names applied (empty when up to date)."""
    applied = []
    for item in await status(driver, database, timeout_s):
        if item.applied:
            continue
        # Schema statements cannot share a transaction with writes, and CALL { } IN TRANSACTIONS
        # needs an implicit one: one auto-commit transaction each.
        async with translating(), driver.session(database=database) as session:
            for statement in cypher.statements(item.name):
                # No timeout given (`upg db migrate`, the bulk import): none at all, not the
                # server's default, since building an index or setting a property over a
                # million bulk-imported nodes outlasts it.
                result = await session.run(Query(statement, timeout=timeout_s or 0))
                await result.consume()

        async def record(tx: AsyncManagedTransaction, item: MigrationStatus = item) -> None:
            await cypher.run(tx, "migrations/record", migration=item.name, checksum=item.checksum)

        await transactions.write(driver, database, record, timeout_s)
        applied.append(item.name)
    return applied


AWAIT_INDEXES_S = 3600
"""How long `adopt` waits for its indexes: populating them over millions of nodes is the work."""


async def adopt(driver: AsyncDriver, database: str) -> list[str]:
    """Schema and migration records of a database a bulk import has just loaded; the names
    recorded as applied (every migration).

    The migrations replayed one by one would populate indexes one pass over the store at a
    time (including those later migrations drop: 67 s at a million milestones) and recompute
    the kept class the import files already carry. Here every index and constraint of their
    end state is created in one transaction, so one pass populates them all, awaited together.
    """
    async with translating(), driver.session(database=database) as session:
        tx = await session.begin_transaction()
        try:
            for statement in cypher.statements("bulk/schema"):
                await (await tx.run(statement)).consume()
            await tx.commit()
        finally:
            await tx.close()
        waited = await session.run(
            Query(cypher.load("bulk/await_indexes"), timeout=0), seconds=AWAIT_INDEXES_S
        )
        await waited.consume()
    pending = [item for item in await status(driver, database) if not item.applied]

    async def record(tx: AsyncManagedTransaction) -> None:
        for item in pending:
            await cypher.run(tx, "migrations/record", migration=item.name, checksum=item.checksum)

    await transactions.write(driver, database, record, None)
    return [item.name for item in pending]


async def is_migrated(driver: AsyncDriver, database: str, timeout_s: float | None = None) -> bool:
    """True when every migration file is applied (and none was edited)."""
    return all(item.applied for item in await status(driver, database, timeout_s))
