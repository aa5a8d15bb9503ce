"""Where `upg audit` reads from: Neo4j (the same UPG_NEO4J_* settings as the API) or a running
upg GraphQL API (`--api URL`). Both give an AuditSource, so every command prints the same bytes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import click

from upg.audit.api_source import ApiSource
from upg.audit.graph_source import GraphSource
from upg.audit.source import AuditSource
from upg.audit.transport import sends_token_in_clear
from upg.bootstrap import Upg, bootstrap
from upg.errors import Unavailable


@asynccontextmanager
async def connected() -> AsyncIterator[Upg]:
    """upg's services on a fresh driver, Neo4j answering; else one line naming its URI."""
    async with bootstrap(batch=True) as upg:
        try:
            await upg.repository.ping()
        except Unavailable as exc:
            raise Unavailable(
                f"cannot reach Neo4j at {upg.settings.neo4j_uri}: {exc.message}"
            ) from None
        yield upg


@asynccontextmanager
async def neo4j_source() -> AsyncIterator[AuditSource]:
    """A GraphSource on a fresh driver; one line naming the URI when Neo4j cannot be reached."""
    async with connected() as upg:
        yield GraphSource(
            upg.repository,
            upg.evidence,
            upg.evidence_policy,
            upg.backtest,
            upg.accounts,
            upg.journey_policy,
        )


@asynccontextmanager
async def api_source(url: str, token: str | None) -> AsyncIterator[AuditSource]:
    """An ApiSource; a warning on stderr first when the token would cross the network in clear."""
    if sends_token_in_clear(url, token):
        click.echo(
            "upg: warning: sending the token over plain HTTP to a host other than this machine; "
            "use https://",
            err=True,
        )
    async with ApiSource(url, token) as source:
        yield source
