"""`upg audit` over the in-memory repository: the commands' logic without a server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from click.testing import CliRunner, Result

from tests.unit.fakes import InMemoryRepository
from upg.audit.graph_source import GraphSource
from upg.audit.source import AuditSource
from upg.cli.audit import audit
from upg.services.demo import load_demo

Run = Callable[..., Awaitable[Result]]


@pytest.fixture
async def demo_repo() -> InMemoryRepository:
    repo = InMemoryRepository()
    await load_demo(repo)
    return repo


def invoke(repo: InMemoryRepository, *args: str) -> Result:
    """`upg audit ARGS` reading `repo` (synchronous: the command runs its own event loop)."""

    @asynccontextmanager
    async def opener() -> AsyncIterator[AuditSource]:
        yield GraphSource(repo)

    return CliRunner().invoke(audit, list(args), obj={"source": opener})


@pytest.fixture
def run(demo_repo: InMemoryRepository) -> Run:
    """Run `upg audit ARGS` on the demo graph in a worker thread (the test's loop keeps running)."""

    async def go(*args: str) -> Result:
        return await asyncio.to_thread(invoke, demo_repo, *args)

    return go
