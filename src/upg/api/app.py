"""The ASGI app: `/graphql`, `/healthz`, `/readyz`, `/browser-guide`; its lifespan owns the driver.

One AsyncDriver per process, opened at start-up and closed at shutdown. Migrations run at
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
from upg.config import Settings, evidence_policy
from upg.errors import Unavailable, UpgError
from upg.graph.driver import open_driver
from upg.graph.evidence import EvidenceRepository
from upg.graph.migrations import is_migrated, migrate
from upg.graph.repository import Neo4jRepository
from upg.graph.tokens import TokenRepository
from upg.services.auth import Authenticator, JwtPolicy

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
    )


def create_app(settings: Settings) -> Starlette:
    """The API for one Neo4j database, as configured."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        driver = open_driver(settings)
        app.state.settings = settings
        app.state.driver = driver
        database, timeout_s = settings.neo4j_database, settings.tx_timeout_s
        app.state.repository = Neo4jRepository(driver, database, timeout_s)
        app.state.evidence_repository = EvidenceRepository(driver, database, timeout_s)
        app.state.tokens = TokenRepository(driver, database, timeout_s)
        app.state.authenticator = Authenticator(
            app.state.tokens,
            jwt_policy=jwt_policy(settings),
            anonymous_read=settings.anonymous_read,
            cache_s=settings.token_cache_s,
        )
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
            await driver.close()

    policy = evidence_policy(settings)
    limiter = RateLimiter(settings.rate_limit_per_min, settings.rate_limit_burst)

    def services() -> Services:
        # Read from app.state per request: what the lifespan opened (tests may swap it).
        state = app.state
        return Services(
            state.repository,
            state.evidence_repository,
            policy,
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
