"""The local Neo4j that upg runs: status, ports, restarts, migrations (against the test server)."""

from __future__ import annotations

import hashlib
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import AsyncDriver

from upg.config import Settings
from upg.errors import LocalDbError
from upg.graph import cypher
from upg.graph.migrations import migrate, status
from upg.localdb import Layout, LocalNeo4j, find_java
from upg.localdb.config import set_initial_password, write_conf


@pytest.fixture
def listener() -> Iterator[int]:
    """A port some other program listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_status_reports_running(local_server: LocalNeo4j, settings: Settings) -> None:
    state = local_server.status()
    assert state.running
    assert state.pid is not None
    assert state.version == local_server.version
    assert state.bolt_uri == f"bolt://127.0.0.1:{settings.bolt_port}"
    assert state.home == settings.home / "neo4j"


def test_start_when_running_only_waits(local_server: LocalNeo4j) -> None:
    report = local_server.start()
    assert report.already_running
    assert report.pid == local_server.running_pid()


def test_port_of_running_server_is_named(local_server: LocalNeo4j, tmp_path: Path) -> None:
    """A second home on the same ports is refused before anything is launched."""
    settings = local_server.settings
    other = LocalNeo4j(settings.model_copy(update={"home": tmp_path}))
    with pytest.raises(LocalDbError, match=rf"port {settings.bolt_port} .*UPG_NEO4J_BOLT_PORT"):
        other.start()
    assert not (tmp_path / "neo4j").exists()


def test_taken_http_port_is_named(settings: Settings, listener: int, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_bolt = probe.getsockname()[1]
    other = settings.model_copy(
        update={
            "home": tmp_path,
            "bolt_port": free_bolt,
            "http_port": listener,
            "neo4j_uri": f"bolt://127.0.0.1:{free_bolt}",
            "uri_is_external": False,
        }
    )
    with pytest.raises(LocalDbError, match=rf"port {listener} .*UPG_NEO4J_HTTP_PORT"):
        LocalNeo4j(other).start()


async def test_migrations_are_idempotent(driver: AsyncDriver, settings: Settings) -> None:
    assert await migrate(driver, settings.neo4j_database) == []
    states = await status(driver, settings.neo4j_database)
    assert [s.name for s in states] == cypher.names("schema")
    assert all(s.applied for s in states)


async def test_constraints_and_indexes_exist(driver: AsyncDriver, settings: Settings) -> None:
    records, _, _ = await driver.execute_query(
        "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names",
        database_=settings.neo4j_database,
    )
    constraints = set(records[0]["names"])
    assert {"upg_node_id", "account_id"} <= constraints
    # 005 dropped the per-label id constraints: upg_node_id covers every upg node.
    assert not {"product_id", "outcome_id", "success_milestone_id"} & constraints
    records, _, _ = await driver.execute_query(
        "SHOW INDEXES YIELD name, state RETURN collect([name, state]) AS indexes",
        database_=settings.neo4j_database,
    )
    indexes = dict(records[0]["indexes"])
    assert indexes.get("upg_node_type") == "ONLINE"


async def test_data_survives_stop_and_start(
    local_server: LocalNeo4j, driver: AsyncDriver, settings: Settings
) -> None:
    probe = str(uuid.uuid4())
    await driver.execute_query(
        "CREATE (:LocalDbProbe {id: $id})", id=probe, database_=settings.neo4j_database
    )

    stopped = local_server.stop()
    assert stopped is not None and not stopped.killed
    assert local_server.running_pid() is None
    assert local_server.status().running is False

    started = local_server.start()
    assert not started.already_running
    assert not started.password_set

    # The session driver's pooled connections died with the server; it reconnects by itself.
    records, _, _ = await driver.execute_query(
        "MATCH (p:LocalDbProbe {id: $id}) RETURN count(p) AS n",
        id=probe,
        database_=settings.neo4j_database,
    )
    assert records[0]["n"] == 1


def _credential_matches(auth_ini: Path, password: str) -> bool:
    """Whether neo4j-admin's auth.ini (`user:SHA-256,hash,salt,iterations:`) holds `password`."""
    _, hashed, salt, iterations = auth_ini.read_text().split(":")[1].split(",")
    digest = hashlib.sha256(bytes.fromhex(salt) + password.encode()).digest()
    for _ in range(int(iterations) - 1):
        digest = hashlib.sha256(digest).digest()
    return digest.hex() == hashed


@pytest.mark.parametrize("password", ['pa ss"w#rd\\x@', "@starts-with-at"])
def test_initial_password_survives_the_admin_file(
    local_server: LocalNeo4j, tmp_path: Path, password: str
) -> None:
    """The real neo4j-admin reads the password from the @-file exactly as given."""
    layout = Layout(tmp_path / "neo4j")
    write_conf(local_server.settings, layout, local_server.lib)
    set_initial_password(find_java(local_server.settings), local_server.lib, layout, password)
    assert _credential_matches(layout.auth_ini, password)
    assert list(layout.run.iterdir()) == []
