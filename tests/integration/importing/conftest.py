"""`upg import`, `upg export`, `upg db backup/restore` against the session's Neo4j."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from neo4j import AsyncDriver

from upg.cli.main import cli
from upg.config import Settings

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "docs" / "samples" / "graph"
UPG = Path(sys.executable).with_name("upg")

Invoke = Callable[..., Awaitable[Result]]
Snapshot = tuple[list[str], list[str]]


@pytest.fixture
def cli_env(settings: Settings) -> dict[str, str]:
    """The environment that points upg at the test Neo4j."""
    return {
        "UPG_NEO4J_URI": settings.neo4j_uri,
        "UPG_NEO4J_USER": settings.neo4j_user,
        "UPG_NEO4J_PASSWORD": settings.neo4j_password,
        "UPG_NEO4J_DATABASE": settings.neo4j_database,
    }


@pytest.fixture
def invoke(cli_env: dict[str, str]) -> Invoke:
    """`upg ARGS` in-process, in a worker thread (the command runs its own event loop)."""

    async def go(*args: str) -> Result:
        runner = CliRunner(env=cli_env)
        return await asyncio.to_thread(runner.invoke, cli, list(args))

    return go


def upg_process(cli_env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """The real `upg` console script, started (not waited for)."""
    return subprocess.Popen(
        [str(UPG), *args],
        env={**os.environ, **cli_env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of docs/samples/graph that a test may change."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "sample"))


async def snapshot(driver: AsyncDriver, database: str) -> Snapshot:
    """Every node (labels, properties) and edge (ends, type, properties), as sorted text."""
    nodes, _, _ = await driver.execute_query(
        "MATCH (n) WHERE NOT n:UpgMigration RETURN labels(n) AS labels, properties(n) AS props",
        database_=database,
    )
    edges, _, _ = await driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE NOT a:UpgMigration "
        "RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props",
        database_=database,
    )
    return (
        sorted(f"{sorted(r['labels'])} {_props(r['props'])}" for r in nodes),
        sorted(f"{r['a']} {r['type']} {r['b']} {_props(r['props'])}" for r in edges),
    )


def _props(props: dict[str, Any]) -> str:
    return repr(sorted((key, repr(value)) for key, value in props.items()))


async def count(driver: AsyncDriver, database: str, query: str) -> int:
    """The single number a counting query returns."""
    records, _, _ = await driver.execute_query(query, database_=database)
    return int(records[0][0])
