"""The per-request transaction timeout: Neo4j aborts a long query, upg says why."""

from __future__ import annotations

import time

import pytest
from neo4j import AsyncDriver, AsyncManagedTransaction

from upg.config import Settings
from upg.errors import Unavailable
from upg.graph import transactions

SLOW = "UNWIND range(1, $n) AS x WITH x WHERE x % 7 = 0 RETURN count(x) AS c"


async def slow(tx: AsyncManagedTransaction) -> int:
    result = await tx.run(SLOW, n=500_000_000)
    record = await result.single(strict=True)
    count: int = record["c"]
    return count


async def test_a_transaction_over_its_timeout_is_aborted(
    driver: AsyncDriver, settings: Settings
) -> None:
    started = time.monotonic()
    with pytest.raises(Unavailable, match="transaction timeout"):
        await transactions.read(driver, settings.neo4j_database, slow, timeout_s=0.5)
    assert time.monotonic() - started < 5.0


async def test_quick_transactions_are_untouched(driver: AsyncDriver, settings: Settings) -> None:
    async def quick(tx: AsyncManagedTransaction) -> int:
        result = await tx.run(SLOW, n=70)
        record = await result.single(strict=True)
        count: int = record["c"]
        return count

    assert await transactions.read(driver, settings.neo4j_database, quick, timeout_s=0.5) == 10
