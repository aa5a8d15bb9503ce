"""Driver lifecycle: one async driver per process, opened by the app's lifespan or a CLI command."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from neo4j import AsyncDriver, AsyncGraphDatabase

from upg.config import Settings
from upg.graph.evidence import EvidenceRepository
from upg.graph.repository import Neo4jRepository


def open_driver(settings: Settings) -> AsyncDriver:
    """Create the process's driver from settings (it connects lazily)."""
    return AsyncGraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        connection_timeout=settings.neo4j_timeout_s,
        connection_acquisition_timeout=settings.neo4j_timeout_s,
        max_transaction_retry_time=settings.neo4j_timeout_s,
        max_connection_pool_size=50,
        notifications_min_severity="OFF",
    )


@asynccontextmanager
async def connected(settings: Settings) -> AsyncIterator[Neo4jRepository]:
    """A repository on a fresh driver, closed on exit (for CLI commands and scripts)."""
    driver = open_driver(settings)
    try:
        yield Neo4jRepository(driver, settings.neo4j_database)
    finally:
        await driver.close()


@asynccontextmanager
async def connected_with_evidence(
    settings: Settings,
) -> AsyncIterator[tuple[Neo4jRepository, EvidenceRepository]]:
    """Both repositories on one fresh driver, closed on exit."""
    driver = open_driver(settings)
    try:
        yield (
            Neo4jRepository(driver, settings.neo4j_database),
            EvidenceRepository(driver, settings.neo4j_database),
        )
    finally:
        await driver.close()
