"""Managed transactions with upg's error translation and an optional time limit.

Every repository runs its Cypher through `read` or `write`: one managed transaction each, which
the driver retries on transient failures (so the work function must be safe to run again), and
which Neo4j aborts when it runs longer than `timeout_s`. Each also counts toward
`connections_in_use` while it holds a session, and adds its wall time to the request's record.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from neo4j import READ_ACCESS, AsyncDriver, AsyncManagedTransaction, unit_of_work

from upg.graph import cypher
from upg.graph.errors import translating
from upg.observability import record

T = TypeVar("T")
Work = Callable[[AsyncManagedTransaction], Awaitable[T]]

_in_use = [0]


def connections_in_use() -> int:
    """Sessions of this process inside a managed transaction now (each holds one connection).

    The driver has no public pool metrics, so upg counts what it borrows.
    """
    return _in_use[0]


def _limited(work: Work[T], timeout_s: float | None) -> Work[T]:
    return work if timeout_s is None else unit_of_work(timeout=timeout_s)(work)


async def read(driver: AsyncDriver, database: str, work: Work[T], timeout_s: float | None) -> T:
    """Run `work` in a read transaction (routed to a reader on a cluster)."""
    return await _transaction(driver, database, _limited(work, timeout_s), write=False)


async def read_rows(
    driver: AsyncDriver, database: str, timeout_s: float | None, name: str, **params: Any
) -> list[dict[str, Any]]:
    """The rows of the named `.cypher` statement, run alone in a read transaction."""

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        return await cypher.run(tx, name, **params)

    return await read(driver, database, work, timeout_s)


async def stream_rows(
    driver: AsyncDriver, database: str, timeout_s: float | None, name: str, **params: Any
) -> AsyncIterator[dict[str, Any]]:
    """The rows of the named `.cypher` statement, one at a time as the server sends them.

    An explicit read transaction, not a managed one: a managed transaction may be retried, and
    rows already handed to the caller cannot be taken back. Memory holds one fetch batch, not
    the result, so a full audit at 1M milestones costs what a page costs.
    """
    counter = cypher.round_trips.get()
    if counter is not None:
        counter[0] += 1
    _in_use[0] += 1
    try:
        async with (
            translating(),
            driver.session(database=database, default_access_mode=READ_ACCESS) as session,
            await session.begin_transaction(timeout=timeout_s) as tx,
        ):
            result = await tx.run(cypher.load(name), params)
            async for row in result:
                yield dict(row)
    finally:
        _in_use[0] -= 1


async def write(driver: AsyncDriver, database: str, work: Work[T], timeout_s: float | None) -> T:
    """Run `work` in a write transaction (on the leader of a cluster)."""
    return await _transaction(driver, database, _limited(work, timeout_s), write=True)


async def _transaction(driver: AsyncDriver, database: str, work: Work[T], *, write: bool) -> T:
    began = time.perf_counter()
    _in_use[0] += 1
    try:
        async with translating(), driver.session(database=database) as session:
            if write:
                return await session.execute_write(work)
            return await session.execute_read(work)
    finally:
        _in_use[0] -= 1
        observed = record.current.get()
        if observed is not None:
            observed.transactions += 1
            observed.transaction_s += time.perf_counter() - began
