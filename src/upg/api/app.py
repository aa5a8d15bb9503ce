"""The ASGI app: `/graphql`, `/healthz`, `/readyz`, `/browser-guide`, `/metrics` and the web
app at `/` (upg.api.webapp); its lifespan owns the driver.

One AsyncDriver per process, built with everything on it by `upg.bootstrap` at start-up and
closed at shutdown. Migrations run at
start-up; if Neo4j is not up yet the app still starts (readiness says why) and keeps retrying.
`/metrics` is on the API port in development; in production only with UPG_METRICS_TOKEN (and
on UPG_METRICS_PORT, served by the lifespan, in any environment).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from neo4j import AsyncDriver
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import start_http_server
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from upg.api import guide, webapp
from upg.api.context import Services
from upg.api.hosts import HostCheck
from upg.api.observe import GraphQLTracing, ObserveRequests, RecordOperation, metrics_endpoint
from upg.api.ratelimit import RateLimiter
from upg.api.schema import build_schema
from upg.api.view import BodySizeLimit, GraphQLView
from upg.bootstrap import build
from upg.config import Settings
from upg.errors import TimedOut, Unavailable, UpgError
from upg.graph.migrations import is_migrated, migrate
from upg.graph.transactions import connections_in_use
from upg.observability import tracing
from upg.observability.metrics import Metrics

logger = logging.getLogger("upg.api")

MIGRATE_RETRY_S = 5.0


async def healthz(request: Request) -> Response:
    """The process is up (says nothing about Neo4j)."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """Neo4j answers and every migration is applied; 503 otherwise, with the reason logged (and
    shown too, but not in production: the probe needs no token, and Neo4j's errors name hosts)."""
    state = request.app.state
    try:
        await state.repository.ping()
        migrated = await is_migrated(
            state.driver, state.settings.neo4j_database, state.upg.tx_timeout_s
        )
    except UpgError as exc:
        reason = exc.message
    else:
        if migrated:
            return JSONResponse({"status": "ready"})
        reason = "Neo4j is reachable but not migrated yet (run `upg db migrate`)"
    logger.warning("not ready: %s", reason)
    if state.settings.production:
        return JSONResponse({"status": "unavailable"}, 503)
    return JSONResponse({"status": "unavailable", "reason": reason}, 503)


async def _migrate_until_done(driver: AsyncDriver, database: str, timeout_s: float | None) -> None:
    """Apply migrations, retrying while Neo4j is unavailable (any other error stops it)."""
    while True:
        try:
            applied = await migrate(driver, database, timeout_s)
        except TimedOut as exc:
            # Retrying would time out again: a migration over a large graph is a batch job.
            logger.error(
                "migrations not applied: %s; apply them with `upg db migrate` (no time limit)",
                exc.message,
            )
            return
        except Unavailable as exc:
            logger.warning("migrations not applied yet: %s; retrying", exc.message)
            await asyncio.sleep(MIGRATE_RETRY_S)
            continue
        except UpgError as exc:
            logger.error("migrations failed: %s", exc.message)
            raise
        if applied:
            logger.info("applied migrations: %s", ", ".join(applied))
        return


def create_app(
    settings: Settings, *, tracer_provider: TracerProvider | None = None, observe: bool = True
) -> Starlette:
    """The API for one Neo4j database, as configured.

    `tracer_provider`: where spans go (default: as UPG_OTEL says). `observe=False` leaves out
    metrics, request logs and traces: only to measure what they cost (bench/observability.py).
    """
    own_provider = tracer_provider is None
    provider = tracer_provider or (tracing.tracer_provider(settings) if observe else None)
    metrics = Metrics(connections_in_use)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        upg = build(settings)  # the driver, repositories and authenticator: upg.bootstrap
        driver = upg.driver
        app.state.upg = upg
        app.state.settings = settings
        app.state.driver = driver
        app.state.repository = upg.repository
        app.state.evidence_repository = upg.evidence
        app.state.tokens = upg.tokens
        app.state.authenticator = upg.authenticator
        if settings.anonymous_read:
            logger.warning(
                "UPG_ANONYMOUS_READ is on: anyone who can reach this port may query the graph "
                "without a token (development only)"
            )
        migrating = asyncio.create_task(
            _migrate_until_done(driver, settings.neo4j_database, upg.tx_timeout_s)
        )
        try:
            # Wait briefly so a healthy Neo4j is migrated before the first request; an edited
            # migration (Conflict) stops start-up here.
            done, _ = await asyncio.wait({migrating}, timeout=settings.neo4j_timeout_s)
            if migrating in done:
                migrating.result()
            with _metrics_port(settings, metrics):
                yield
        finally:
            if provider is not None and own_provider:
                provider.shutdown()
            migrating.cancel()
            with contextlib.suppress(asyncio.CancelledError, UpgError):
                await migrating
            await upg.close()

    limiter = RateLimiter(settings.rate_limit_per_min, settings.rate_limit_burst)

    def services() -> Services:
        # Read from app.state per request: what the lifespan built (tests may swap a part).
        state = app.state
        return Services(
            state.repository,
            state.evidence_repository,
            state.upg.evidence_policy,
            state.tokens,
            state.authenticator,
            limiter,
            settings.max_query_cost,
            state.upg.statistics,
            state.upg.accounts,
            state.upg.journey_policy,
            state.upg.backtest,
            state.upg.search,
        )

    observing: list[Any] = []
    middleware = [
        Middleware(HostCheck, allowed_hosts=settings.allowed_hosts),
        Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes),
    ]
    routes = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        # The guide lists the model and the demo's ids to anyone: off in production by default.
        *(guide.routes if settings.browser_guide else []),
    ]
    if observe:
        observing.append(RecordOperation)
        if provider is not None:
            observing.insert(0, lambda: GraphQLTracing(provider))
        tracer = provider.get_tracer("upg") if provider is not None else None
        middleware.insert(
            0, Middleware(ObserveRequests, metrics=metrics, tracer=tracer, slow_ms=settings.slow_ms)
        )
        if not settings.production or settings.metrics_token:
            routes.append(Route("/metrics", metrics_endpoint(metrics, settings.metrics_token)))
        elif not settings.metrics_port:
            logger.warning(
                "metrics are not served: set UPG_METRICS_PORT (a port of their own) or "
                "UPG_METRICS_TOKEN (/metrics on this port behind a bearer token)"
            )
    schema = build_schema(
        production=settings.production, observing=observing, compiled=settings.compiled_reads
    )
    view = GraphQLView(
        schema, services, graphiql=settings.graphiql, timeout_s=settings.request_timeout_s
    )
    routes.append(Route("/graphql", view))
    routes += webapp.routes()  # last: it answers every other GET path
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    return app


@contextlib.contextmanager
def _metrics_port(settings: Settings, metrics: Metrics) -> Iterator[None]:
    """Serve /metrics on UPG_METRICS_PORT (when set) while the app runs."""
    if not settings.metrics_port:
        yield
        return
    server, thread = start_http_server(
        settings.metrics_port, addr=settings.host, registry=metrics.registry
    )
    logger.info("metrics on http://%s:%d/metrics", settings.host, settings.metrics_port)
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
