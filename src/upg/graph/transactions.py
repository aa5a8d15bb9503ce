"""Managed transactions with upg's error translation and an optional time limit.

Every repository runs its Cypher through `read` or `write`: one managed transaction each, which
the driver retries on transient failures (so the work function must be safe to run again), and
which Neo4j aborts when it runs longer than `timeout_s`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from neo4j import AsyncDriver, AsyncManagedTransaction, unit_of_work

from upg.graph.errors import translating

T = TypeVar("T")
Work = Callable[[AsyncManagedTransaction], Awaitable[T]]


def _limited(work: Work[T], timeout_s: float | None) -> Work[T]:
    return work if timeout_s is None else unit_of_work(timeout=timeout_s)(work)


async def read(driver: AsyncDriver, database: str, work: Work[T], timeout_s: float | None) -> T:
    """Run `work` in a read transaction (routed to a reader on a cluster)."""
    async with translating(), driver.session(database=database) as session:
        return await session.execute_read(_limited(work, timeout_s))


async def write(driver: AsyncDriver, database: str, work: Work[T], timeout_s: float | None) -> T:
    """Run `work` in a write transaction (on the leader of a cluster)."""
    async with translating(), driver.session(database=database) as session:
        return await session.execute_write(_limited(work, timeout_s))
