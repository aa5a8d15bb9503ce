"""The ASGI app: `/graphql`, `/healthz`, `/readyz`, `/browser-guide`; its lifespan owns the driver.

One AsyncDriver per process, built with everything on it by `upg.bootstrap` at start-up and
closed at shutdown. Migrations run at
start-up; if Neo4j is not up yet the app still starts (readiness says why) and keeps retrying.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from neo4j import AsyncDriver
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from upg.api import guide
from upg.api.context import Services
from upg.api.ratelimit import RateLimiter
from upg.api.schema import build_schema
from upg.api.view import BodySizeLimit, GraphQLView
from upg.bootstrap import build
from upg.config import Settings
from upg.errors import Unavailable, UpgError
from upg.graph.migrations import is_migrated, migrate

logger = logging.getLogger("upg.api")

MIGRATE_RETRY_S = 5.0


async def healthz(request: Request) -> Response:
    """The process is up (says nothing about Neo4j)."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """Neo4j answers and every migration is applied; 503 with the reason otherwise."""
    state = request.app.state
    try:
        await state.repository.ping()
        migrated = await is_migrated(state.driver, state.settings.neo4j_database)
    except UpgError as exc:
        return JSONResponse({"status": "unavailable", "reason": exc.message}, 503)
    if not migrated:
        reason = "Neo4j is reachable but not migrated yet (run `upg db migrate`)"
        return JSONResponse({"status": "unavailable", "reason": reason}, 503)
    return JSONResponse({"status": "ready"})


async def _migrate_until_done(driver: AsyncDriver, database: str) -> None:
    """Apply migrations, retrying while Neo4j is unavailable (any other error stops it)."""
    while True:
        try:
            applied = await migrate(driver, database)
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


def create_app(settings: Settings) -> Starlette:
    """The API for one Neo4j database, as configured."""

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
        migrating = asyncio.create_task(_migrate_until_done(driver, settings.neo4j_database))
        try:
            # Wait briefly so a healthy Neo4j is migrated before the first request; an edited
            # migration (Conflict) stops start-up here.
            done, _ = await asyncio.wait({migrating}, timeout=settings.neo4j_timeout_s)
            if migrating in done:
                migrating.result()
            yield
        finally:
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
        )

    schema = build_schema(production=settings.production)
    view = GraphQLView(
        schema, services, graphiql=settings.graphiql, timeout_s=settings.request_timeout_s
    )
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *guide.routes,
            Route("/graphql", view),
        ],
        middleware=[Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)],
        lifespan=lifespan,
    )
    return app
