"""The one conftest that owns the database.

Tests under tests/integration and tests/e2e are marked `integration` and run against a real Neo4j:

- UPG_NEO4J_URI set: that server is used as it is (its data is wiped before every test).
- otherwise a dedicated local test server: UPG_HOME=<repo>/.upg/test, Bolt 17687, HTTP 17474
  (moved by UPG_TEST_NEO4J_BOLT_PORT / UPG_TEST_NEO4J_HTTP_PORT), reusing the jars in
  <repo>/.upg/lib, so tests never touch the developer's demo data. These values are put in
  os.environ for the whole session, so code under test that calls `load_settings()` (and CLI
  subprocesses) reaches the test server too. One test session per checkout at a time: they
  share the server, and the first to finish stops it.

The test server is stopped when the session ends, unless UPG_TEST_KEEP_NEO4J=1: then it keeps
running and the next session reuses it (start-up drops from ~15 s to well under a second).
If it cannot start, the session fails with the reason; it never skips.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from neo4j import AsyncDriver

from upg.bootstrap import Upg, bootstrap, build
from upg.config import Settings, load_settings
from upg.errors import UpgError
from upg.graph.migrations import migrate
from upg.graph.repository import Neo4jRepository
from upg.localdb import LocalNeo4j

REPO = Path(__file__).resolve().parents[1]
SHARED_LIB_ROOT = REPO / ".upg" / "lib"
TEST_SERVER_ENV = {
    "UPG_HOME": str(REPO / ".upg" / "test"),
    # Moved only by their own variables: a developer's UPG_NEO4J_*_PORT names the demo server.
    "UPG_NEO4J_BOLT_PORT": os.environ.get("UPG_TEST_NEO4J_BOLT_PORT", "17687"),
    "UPG_NEO4J_HTTP_PORT": os.environ.get("UPG_TEST_NEO4J_HTTP_PORT", "17474"),
}
TEST_AUTH_ENV = {
    # Tests authenticate with JWTs signed by this secret (tests/auth.py), and rate limits are
    # off except where a test turns them on: suites send hundreds of requests a second.
    "UPG_JWT_SECRET": "test-only-secret-0123456789abcdef0123456789",
    "UPG_JWT_ISSUER": "upg-tests",
    "UPG_JWT_AUDIENCE": "upg",
    "UPG_RATE_LIMIT": "0",
    # The e2e clients send `Host: upg.test` (tests/e2e/api/conftest.py), live servers 127.0.0.1.
    "UPG_ALLOWED_HOSTS": "localhost,127.0.0.1,[::1],upg.test",
}
_INTEGRATION_DIRS = {"integration", "e2e"}
_WIPE = "MATCH (n) WHERE NOT n:UpgMigration DETACH DELETE n"


def pytest_configure(config: pytest.Config) -> None:
    os.environ.update(TEST_AUTH_ENV)
    if not os.environ.get("UPG_NEO4J_URI"):
        os.environ.update(TEST_SERVER_ENV)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    tests_dir = REPO / "tests"
    for item in items:
        path = Path(str(item.path))
        if path.is_relative_to(tests_dir) and path.relative_to(tests_dir).parts[0] in (
            _INTEGRATION_DIRS
        ):
            item.add_marker(pytest.mark.integration)


def _local_server(settings: Settings) -> LocalNeo4j:
    """The local server the session runs (sharing the developer's downloaded jars)."""
    return LocalNeo4j(settings, lib_root=SHARED_LIB_ROOT)


def _migrate_once(settings: Settings) -> None:
    async def run() -> None:
        async with bootstrap(settings) as upg:
            await migrate(upg.driver, upg.database)

    # A thread of its own: asyncio.run must not disturb pytest-asyncio's session loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, run()).result()


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Settings]:
    """Settings of the session's Neo4j, started (if local) and migrated."""
    settings = load_settings()
    server = None if settings.uri_is_external else _local_server(settings)
    try:
        if server is not None:
            server.start()
            settings = server.settings  # a first start generates the server's password
        _migrate_once(settings)
    except UpgError as exc:
        pytest.fail(f"the test Neo4j at {settings.neo4j_uri} is unusable: {exc.message}")
    yield settings
    if server is not None and os.environ.get("UPG_TEST_KEEP_NEO4J") != "1":
        server.stop()


@pytest.fixture(scope="session")
def settings(neo4j_settings: Settings) -> Settings:
    return neo4j_settings


@pytest.fixture(scope="session")
def local_server(neo4j_settings: Settings) -> LocalNeo4j:
    """The session's local test server, for tests of upg's own server management."""
    if neo4j_settings.uri_is_external:
        pytest.skip("UPG_NEO4J_URI is set: there is no local server to exercise")
    return _local_server(neo4j_settings)


@pytest.fixture(scope="session")
async def container(neo4j_settings: Settings) -> AsyncIterator[Upg]:
    """The session's upg, built as the API builds it (upg.bootstrap), on one driver."""
    upg = build(neo4j_settings)
    yield upg
    await upg.close()


@pytest.fixture(scope="session")
def driver(container: Upg) -> AsyncDriver:
    """The session's one driver (it reconnects by itself after a server restart)."""
    return container.driver


@pytest.fixture
def repo(container: Upg) -> Neo4jRepository:
    return container.repository


@pytest.fixture
async def _empty_graph(driver: AsyncDriver, neo4j_settings: Settings) -> None:
    await driver.execute_query(_WIPE, database_=neo4j_settings.neo4j_database)


@pytest.fixture(autouse=True)
def clean_graph(request: pytest.FixtureRequest) -> None:
    """Integration tests start from an empty graph (migrations stay recorded)."""
    if request.node.get_closest_marker("integration") is not None:
        request.getfixturevalue("_empty_graph")
