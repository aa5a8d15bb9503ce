"""The composition root: the one place that builds upg from its `Settings`.

The API's lifespan, every CLI command, the bench and the tests get their driver, repositories,
authenticator and evidence policy from here, built the same way:

    async with bootstrap(settings) as upg:  # one driver, closed on exit
        await load_demo(upg.repository)

    nodes, edges = run(lambda upg: load_demo(upg.repository))  # a CLI command

Services take the ports of `upg.services.ports`; only this module picks the adapters (Neo4j,
from `upg.graph`) that stand behind them. Every repository of one `Upg` runs its transactions
under the same time limit: UPG_NEO4J_TX_TIMEOUT for the API, none for batch jobs (`batch=True`:
the CLI and the bench, whose imports and full audits of a large graph may run longer). The API's
evidence statistics run in a worker process this module starts and `close` stops; batch jobs
run them in-process.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase

from upg.config import Settings, load_settings
from upg.graph.accounts import AccountRepository
from upg.graph.backtest import BacktestRepository
from upg.graph.evidence import EvidenceRepository
from upg.graph.graph_export import GraphExportRepository
from upg.graph.graph_import import GraphImportRepository
from upg.graph.repository import Neo4jRepository
from upg.graph.search import SearchRepository
from upg.graph.tokens import TokenRepository
from upg.model.evidence import EvidencePolicy
from upg.model.journey import JourneyPolicy
from upg.services.auth import Authenticator, JwtPolicy

T = TypeVar("T")

MAX_CONNECTION_POOL = 50


@dataclass(frozen=True)
class Upg:
    """Everything one process runs on, built once from its settings."""

    settings: Settings
    driver: AsyncDriver
    repository: Neo4jRepository
    evidence: EvidenceRepository
    tokens: TokenRepository
    authenticator: Authenticator
    evidence_policy: EvidencePolicy
    tx_timeout_s: float | None
    """How long Neo4j lets each transaction of this Upg run (None: the server's limit)."""
    statistics: Executor | None
    """Where evidence statistics run: a worker process in a server, None (in-process) in a
    batch job."""
    graph_import: GraphImportRepository
    """Batches of `upg import` (its one write path)."""
    graph_export: GraphExportRepository
    accounts: AccountRepository
    journey_policy: JourneyPolicy
    backtest: BacktestRepository
    search: SearchRepository

    @property
    def database(self) -> str:
        return self.settings.neo4j_database

    async def close(self) -> None:
        """Close the driver and stop the statistics worker (every part of this Upg stops)."""
        try:
            await self.driver.close()
        finally:
            if self.statistics is not None:
                # In a thread: a report still running would block the event loop meanwhile.
                await asyncio.to_thread(self.statistics.shutdown, wait=True, cancel_futures=True)


def open_driver(settings: Settings) -> AsyncDriver:
    """The process's one driver (it connects lazily, on first use)."""
    return AsyncGraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        connection_timeout=settings.neo4j_timeout_s,
        connection_acquisition_timeout=settings.neo4j_timeout_s,
        max_transaction_retry_time=settings.neo4j_timeout_s,
        max_connection_pool_size=MAX_CONNECTION_POOL,
        notifications_min_severity="OFF",
    )


def jwt_policy(settings: Settings) -> JwtPolicy | None:
    """How JWTs are verified, when UPG_JWT_SECRET or UPG_JWT_PUBLIC_KEY is set."""
    if settings.jwt_key is None:
        return None
    return JwtPolicy(
        algorithm=settings.jwt_algorithm,
        key=settings.jwt_key,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        role_claim=settings.jwt_role_claim,
        max_ttl_s=settings.jwt_max_ttl_s,
    )


def evidence_policy(settings: Settings) -> EvidencePolicy:
    """The evidence thresholds configured."""
    return EvidencePolicy(
        alpha=settings.evidence_alpha,
        min_group=settings.evidence_min_group,
        min_effect=settings.evidence_min_effect,
        default_window_days=settings.evidence_window_days,
    )


def statistics_worker() -> ProcessPoolExecutor:
    """The process evidence statistics run in, started on first use. One worker: reports queue
    rather than take every core. spawn, not fork: the parent runs threads (the driver's,
    uvicorn's)."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


def journey_policy(settings: Settings) -> JourneyPolicy:
    """When an account is stuck, and the due date of milestones without a window."""
    return JourneyPolicy(
        stuck_days=settings.stuck_days, default_window_days=settings.evidence_window_days
    )


def build(settings: Settings, *, batch: bool = False) -> Upg:
    """Build upg on a new driver (no I/O yet); the caller closes it with `await upg.close()`."""
    driver = open_driver(settings)
    database = settings.neo4j_database
    timeout_s = None if batch else settings.tx_timeout_s
    tokens = TokenRepository(driver, database, timeout_s)
    return Upg(
        settings=settings,
        driver=driver,
        repository=Neo4jRepository(driver, database, timeout_s),
        evidence=EvidenceRepository(driver, database, timeout_s),
        tokens=tokens,
        authenticator=Authenticator(
            tokens,
            jwt_policy=jwt_policy(settings),
            anonymous_read=settings.anonymous_read,
            cache_s=settings.token_cache_s,
        ),
        evidence_policy=evidence_policy(settings),
        tx_timeout_s=timeout_s,
        statistics=None if batch else statistics_worker(),
        graph_import=GraphImportRepository(driver, database, timeout_s),
        graph_export=GraphExportRepository(driver, database, timeout_s),
        accounts=AccountRepository(driver, database, timeout_s),
        journey_policy=journey_policy(settings),
        backtest=BacktestRepository(driver, database, timeout_s),
        search=SearchRepository(driver, database, timeout_s),
    )


@asynccontextmanager
async def bootstrap(settings: Settings | None = None, *, batch: bool = False) -> AsyncIterator[Upg]:
    """upg built from `settings` (default: the environment's), its driver closed on exit."""
    upg = build(load_settings() if settings is None else settings, batch=batch)
    try:
        yield upg
    finally:
        await upg.close()


def run(work: Callable[[Upg], Awaitable[T]], settings: Settings | None = None) -> T:
    """Run one batch job (a CLI command) on a fresh upg in a fresh event loop; its result."""

    async def main() -> T:
        async with bootstrap(settings, batch=True) as upg:
            return await work(upg)

    return asyncio.run(main())
