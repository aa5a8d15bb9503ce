"""Running `upg audit` against the session's real Neo4j: in-process (CliRunner) or as `upg`."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from neo4j import AsyncDriver

from tests.auth import jwt_for
from upg.cli.audit import audit
from upg.config import Settings
from upg.graph.repository import Neo4jRepository
from upg.services.demo import load_demo

UPG = Path(sys.executable).with_name("upg")
"""The console script of the venv running the tests."""

Run = Callable[..., Awaitable[Result]]
Upg = Callable[..., Awaitable[subprocess.CompletedProcess[str]]]


@pytest.fixture
def cli_env(settings: Settings) -> dict[str, str]:
    """The environment that points upg at the test Neo4j (and lets it read through the API)."""
    return {
        "UPG_TOKEN": jwt_for(settings, "reader"),
        "UPG_NEO4J_URI": settings.neo4j_uri,
        "UPG_NEO4J_USER": settings.neo4j_user,
        "UPG_NEO4J_PASSWORD": settings.neo4j_password,
        "UPG_NEO4J_DATABASE": settings.neo4j_database,
    }


@pytest.fixture
def run(cli_env: dict[str, str]) -> Run:
    """`upg audit ARGS` in-process, in a worker thread (the command runs its own event loop)."""

    async def go(*args: str, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner(env={**cli_env, **(env or {})})
        return await asyncio.to_thread(runner.invoke, audit, list(args))

    return go


@pytest.fixture
def upg(cli_env: dict[str, str]) -> Upg:
    """The real `upg` console script in a subprocess: exit codes and stderr as a shell sees them."""

    async def go(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, **cli_env, **(env or {})}
        return await asyncio.to_thread(
            subprocess.run,
            [str(UPG), *args],
            env=full_env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return go


@pytest.fixture
async def demo_graph(driver: AsyncDriver, settings: Settings) -> Neo4jRepository:
    """The demo graph, loaded into the (emptied) test database."""
    repo = Neo4jRepository(driver, settings.neo4j_database)
    await load_demo(repo)
    return repo
