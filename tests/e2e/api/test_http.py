"""The app around /graphql: health, readiness, GraphiQL, the Browser guide route."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from upg.api.app import create_app
from upg.config import Settings


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_readyz_when_neo4j_is_up_and_migrated(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert (response.status_code, response.json()) == (200, {"status": "ready"})


async def test_graphiql_is_served_in_development(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


@pytest.fixture
async def production_client(
    settings: Settings, auth_headers: dict[str, str]
) -> AsyncIterator[httpx.AsyncClient]:
    app: Starlette = create_app(settings.model_copy(update={"graphiql": False}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://upg.test", headers=auth_headers
        ) as client:
            yield client


async def test_graphiql_can_be_switched_off(production_client: httpx.AsyncClient) -> None:
    response = await production_client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 404
    query = await production_client.post("/graphql", json={"query": "{ products { totalCount } }"})
    assert query.json()["data"] == {"products": {"totalCount": 0}}


async def test_the_browser_guide_is_mounted(client: httpx.AsyncClient) -> None:
    response = await client.get("/browser-guide")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


async def test_every_response_carries_cypher_round_trips(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ products { totalCount } }"})
    # A compiled read (upg.api.compiled) says so; it is one round trip either way.
    expected = {"cypherRoundTrips": 1, "queryCost": 20, "compiled": True}
    assert response.json()["extensions"] == expected
