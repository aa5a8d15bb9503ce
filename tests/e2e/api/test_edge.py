"""The unauthenticated edge of the real app (issue #12): the Host check against DNS rebinding,
what /readyz tells in production, and the Browser guide switched off in production."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from tests.e2e.api.conftest import AppClient
from tests.live_server import serve
from upg.api.app import create_app
from upg.config import Settings
from upg.config_values import LOCAL_HOSTS

PRODUCTS = "{ products { totalCount } }"
EVIL = {"Host": "evil.example"}


# Host check ------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "localhost.evil.example"])
async def test_a_foreign_host_is_refused_400(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, host: str
) -> None:
    for caller in (client, anonymous):
        get = await caller.get("/graphql", params={"query": PRODUCTS}, headers={"Host": host})
        assert (get.status_code, get.text) == (400, "Invalid host header")
        post = await caller.post("/graphql", json={"query": PRODUCTS}, headers={"Host": host})
        assert post.status_code == 400
        guide = await caller.get("/browser-guide", headers={"Host": host})
        assert guide.status_code == 400


async def test_an_allowed_host_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": PRODUCTS})
    assert response.status_code == 200
    assert response.json()["data"] == {"products": {"totalCount": 0}}


async def test_health_probes_answer_whatever_the_host(client: httpx.AsyncClient) -> None:
    # Load balancers and Kubernetes probe with the pod's address as Host.
    assert (await client.get("/healthz", headers={"Host": "10.1.2.3:8000"})).status_code == 200
    assert (await client.get("/readyz", headers={"Host": "10.1.2.3:8000"})).status_code == 200


async def test_the_default_answers_localhost_names_only(app_client: AppClient) -> None:
    async with app_client(allowed_hosts=LOCAL_HOSTS, anonymous_read=True) as client:
        for host in ("localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST"):
            response = await client.get(
                "/graphql", params={"query": PRODUCTS}, headers={"Host": host}
            )
            assert response.status_code == 200, host
        for host in ("upg.test", "evil.example", "localhost.evil.example", "127.0.0.1.nip.io"):
            response = await client.get(
                "/graphql", params={"query": PRODUCTS}, headers={"Host": host}
            )
            assert response.status_code == 400, host


def test_a_rebound_name_is_refused_by_the_live_server(settings: Settings) -> None:
    """DNS rebinding end to end: a page's name resolves to 127.0.0.1, the browser sends its Host."""
    app = create_app(
        settings.model_copy(update={"allowed_hosts": LOCAL_HOSTS, "anonymous_read": True})
    )
    with serve(app) as url, httpx.Client(base_url=url) as http:
        rebound = http.get("/graphql", params={"query": PRODUCTS}, headers=EVIL)
        assert rebound.status_code == 400
        direct = http.get("/graphql", params={"query": PRODUCTS})
        assert direct.status_code == 200
        assert direct.json()["data"] == {"products": {"totalCount": 0}}


# Production: /readyz and /browser-guide ----------------------------------------------------------


@pytest.fixture
async def down_production(settings: Settings) -> AsyncIterator[Starlette]:
    """A production app pointed at a port where no Neo4j listens."""
    dead = settings.model_copy(
        update={"env": "production", "neo4j_uri": "bolt://127.0.0.1:9", "neo4j_timeout_s": 1.0}
    )
    app = create_app(dead)
    async with app.router.lifespan_context(app):
        yield app


async def test_production_readyz_says_only_not_ready_and_logs_why(
    down_production: Starlette, caplog: pytest.LogCaptureFixture
) -> None:
    transport = httpx.ASGITransport(app=down_production)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
        with caplog.at_level(logging.WARNING, logger="upg.api"):
            ready = await client.get("/readyz")
    assert (ready.status_code, ready.json()) == (503, {"status": "unavailable"})
    assert "127.0.0.1" not in ready.text and "bolt" not in ready.text.lower()
    logged = [r for r in caplog.records if r.name == "upg.api" and r.levelno == logging.WARNING]
    assert any(r.getMessage().startswith("not ready: ") for r in logged), caplog.text


async def test_development_readyz_still_says_why(app_client: AppClient) -> None:
    async with app_client(neo4j_uri="bolt://127.0.0.1:9", neo4j_timeout_s=1.0) as client:
        ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["status"] == "unavailable"
    assert ready.json()["reason"]


async def test_production_readyz_when_ready(app_client: AppClient) -> None:
    async with app_client(env="production") as client:
        ready = await client.get("/readyz")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


async def test_the_guide_is_off_in_production(app_client: AppClient) -> None:
    async with app_client(env="production", browser_guide=False) as client:
        assert (await client.get("/browser-guide")).status_code == 404
        assert (await client.get("/browser-guide?file=upg.grass")).status_code == 404
        assert (await client.options("/browser-guide")).status_code == 404


async def test_the_guide_can_be_turned_on_in_production(app_client: AppClient) -> None:
    async with app_client(env="production", browser_guide=True) as client:
        response = await client.get("/browser-guide")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
