"""A fresh local server, started as `upg db start` starts one: its password is generated, kept
in UPG_HOME, accepted by Bolt, and never on a command line; the old default is refused."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors

from upg.config import DEFAULT_PASSWORD, load_settings
from upg.localdb import LocalNeo4j


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A new UPG_HOME and ports; no UPG_NEO4J_PASSWORD, as on a developer's first day."""
    return {
        **os.environ,
        "UPG_HOME": str(tmp_path_factory.mktemp("fresh-home")),
        "UPG_NEO4J_BOLT_PORT": str(_free_port()),
        "UPG_NEO4J_HTTP_PORT": str(_free_port()),
        "UPG_NEO4J_HEAP": "256m",
        "UPG_NEO4J_PAGECACHE": "32m",
        "UPG_NEO4J_PASSWORD": "",
        "UPG_NEO4J_URI": "",
    }


@pytest.fixture(scope="module")
def fresh(fresh_env: dict[str, str], local_server: LocalNeo4j) -> Iterator[LocalNeo4j]:
    """The fresh server, started once for this module and stopped after it."""
    server = LocalNeo4j(load_settings(fresh_env), lib_root=local_server.lib.parent)
    report = server.start()
    assert report.password_set and not report.already_running
    yield server
    server.stop()


def _accepts(uri: str, password: str) -> bool:
    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        try:
            driver.verify_connectivity()
        except neo4j_errors.AuthError:
            return False
    return True


def test_first_start_generates_the_password_every_command_reads(
    fresh: LocalNeo4j, fresh_env: dict[str, str]
) -> None:
    kept = fresh.settings.home / "neo4j-password"
    password = kept.read_text().strip()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert password != DEFAULT_PASSWORD
    assert fresh.settings.neo4j_password == password
    assert load_settings(fresh_env).neo4j_password == password
    assert _accepts(fresh.settings.neo4j_uri, password)
    assert not _accepts(fresh.settings.neo4j_uri, DEFAULT_PASSWORD)


def test_the_server_command_line_holds_no_password(fresh: LocalNeo4j) -> None:
    pid = fresh.running_pid()
    assert pid is not None
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    assert fresh.settings.neo4j_password.encode() not in cmdline
