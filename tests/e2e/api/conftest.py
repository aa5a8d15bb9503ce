"""The API under test: the real app (lifespan, driver, migrations) over HTTP, on the test Neo4j."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.auth import bearer, jwt_for
from upg.api.app import create_app
from upg.config import Settings
from upg.graph.repository import Neo4jRepository

ALIASES_PER_REQUEST = 25
"""Bulk mutations are sent this many to a request (the API allows 30 aliases)."""


class Api:
    """A GraphQL client of the app, with helpers that build test graphs through mutations."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def post(
        self, query: str, variables: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> httpx.Response:
        return await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, **kwargs
        )

    async def body(self, query: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        response = await self.post(query, variables)
        assert response.headers["content-type"].startswith("application/json"), response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The data of a query that must succeed."""
        body = await self.body(query, variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def error(self, query: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The one error of a query that must fail."""
        body = await self.body(query, variables)
        assert len(body.get("errors") or ()) == 1, body
        error: dict[str, Any] = body["errors"][0]
        return error

    async def create(self, type_: str, title: str, **fields: Any) -> str:
        """Create a node (PRODUCT, OUTCOME, HEALTH_SCORE, SUCCESS_MILESTONE); return its id."""
        mutation = {
            "PRODUCT": ("createProduct", "ProductInput"),
            "OUTCOME": ("createOutcome", "OutcomeInput"),
            "HEALTH_SCORE": ("createHealthScore", "HealthScoreInput"),
            "SUCCESS_MILESTONE": ("createSuccessMilestone", "SuccessMilestoneInput"),
        }[type_]
        data = await self.data(
            f"mutation($input: {mutation[1]}!) {{ {mutation[0]}(input: $input) {{ id }} }}",
            {"input": {"title": title, **fields}},
        )
        node_id: str = data[mutation[0]]["id"]
        return node_id

    async def link(self, from_id: str, type_: str, to_id: str, weight: float | None = None) -> None:
        await self.data(
            "mutation($f: ID!, $t: ID!, $type: EdgeType!, $w: Float) "
            "{ link(fromId: $f, toId: $t, type: $type, weight: $w) { type } }",
            {"f": from_id, "t": to_id, "type": type_, "w": weight},
        )

    async def bulk(self, fields: Sequence[str]) -> None:
        """Run mutation fields (`createProduct(...) { id }`...) a batch of aliases per request."""
        for start in range(0, len(fields), ALIASES_PER_REQUEST):
            chunk = fields[start : start + ALIASES_PER_REQUEST]
            body = " ".join(f"m{i}: {field}" for i, field in enumerate(chunk))
            await self.data(f"mutation {{ {body} }}")


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    """One app for the session: its lifespan opens the driver and runs migrations."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(app: Starlette, auth_headers: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the session's app, authenticated as an admin."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://upg.test", headers=auth_headers
    ) as client:
        yield client


@pytest.fixture
async def anonymous(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the session's app that sends no credentials."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://upg.test") as client:
        yield client


@pytest.fixture
def api(client: httpx.AsyncClient) -> Api:
    return Api(client)


@pytest.fixture
def repository(app: Starlette) -> Neo4jRepository:
    """The app's own repository (for loading the demo graph)."""
    repository: Neo4jRepository = app.state.repository
    return repository


@pytest.fixture
def auth_headers(settings: Settings) -> dict[str, str]:
    """Headers that authenticate a request to the session's app (or a live one) as an admin."""
    return bearer(jwt_for(settings, "admin"))


AppClient = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def app_client(settings: Settings) -> AppClient:
    """A client of a fresh app whose settings differ: `async with app_client(anonymous_read=True,
    headers={...}) as client`."""

    @asynccontextmanager
    async def open_client(
        headers: Mapping[str, str] | None = None, **overrides: Any
    ) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(settings.model_copy(update=overrides))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://upg.test", headers=dict(headers or {})
            ) as client:
                yield client

    return open_client
