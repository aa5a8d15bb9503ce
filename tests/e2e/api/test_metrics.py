"""`/metrics` after a known mix of requests: counts, label sets, bounds, and who may read it."""

from __future__ import annotations

import random
import socket
import string

import httpx
import pytest

from tests.auth import bearer, jwt_for
from tests.e2e.api.observed import label_names, label_values, observed_app, parse, value
from upg.config import Settings
from upg.observability.metrics import OPERATION_NAMES

NAMED = "query Products { products(first: 2) { totalCount edges { node { id } } } }"
ANONYMOUS = "{ products(first: 1) { totalCount } }"


def _too_deep(levels: int = 3) -> str:
    """Deeper than the API allows (each level adds six fields)."""
    inner = "id"
    for _ in range(levels):
        inner = (
            f"milestones {{ edges {{ node {{ products {{ edges {{ node {{ {inner} }} }} }} }} }} }}"
        )
    return f"{{ products(first: 1) {{ edges {{ node {{ {inner} }} }} }} }}"


TOO_DEEP = _too_deep()
COSTLY = "{ products(first: 50) { edges { node { milestones(first: 50) { totalCount } } } } }"
CREATE = 'mutation Make { createProduct(input: {title: "Metrics"}) { id } }'
TOKEN = "metrics-token-0123456789"


async def test_counts_and_label_sets_after_a_known_mix(
    settings: Settings, auth_headers: dict[str, str]
) -> None:
    async with observed_app(settings, auth_headers, max_query_cost=200) as (_app, client):
        costs, trips = [], []
        for _ in range(3):
            response = await client.post("/graphql", json={"query": NAMED})
            assert response.status_code == 200, response.text
            extensions = response.json()["extensions"]
            costs.append(extensions["queryCost"])
            trips.append(extensions["cypherRoundTrips"])
        assert (await client.post("/graphql", json={"query": ANONYMOUS})).status_code == 200
        assert (await client.post("/graphql", json={"query": CREATE})).status_code == 200
        refused = await client.post("/graphql", json={"query": TOO_DEEP})
        assert "exceeds maximum operation depth" in refused.text
        costly = await client.post("/graphql", json={"query": COSTLY})
        assert costly.json()["errors"][0]["extensions"]["code"] == "COST_LIMIT_EXCEEDED"
        reader = bearer(jwt_for(settings, "reader"))
        forbidden = await client.post("/graphql", json={"query": CREATE}, headers=reader)
        assert forbidden.status_code == 403
        anonymous = await client.post(
            "/graphql", json={"query": ANONYMOUS}, headers={"authorization": ""}
        )
        assert anonymous.status_code == 401
        page = await client.get("/metrics")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/plain; version=")
    samples = parse(page.text)

    requests = "upg_graphql_requests_total"
    assert label_names(samples, requests) == {frozenset({"operation", "type", "status", "code"})}
    ok = {"status": "200", "code": "OK"}
    assert value(samples, requests, operation="Products", type="query", **ok) == 3
    assert value(samples, requests, operation="anonymous", type="query", **ok) == 1
    assert value(samples, requests, operation="Make", type="mutation", **ok) == 1
    assert (
        value(samples, requests, operation="Make", type="mutation", status="403", code="FORBIDDEN")
        == 1
    )
    assert (
        value(
            samples,
            requests,
            operation="unknown",
            type="unknown",
            status="401",
            code="UNAUTHENTICATED",
        )
        == 1
    )
    assert (
        value(
            samples,
            requests,
            operation="anonymous",
            type="query",
            status="200",
            code="COST_LIMIT_EXCEEDED",
        )
        == 1
    )
    assert label_values(samples, requests, "operation") == {
        "Products",
        "anonymous",
        "Make",
        "unknown",
    }
    assert sum(v for (name, _), v in samples.items() if name == requests) == 9

    refusals = {
        kind: value(samples, "upg_refusals_total", kind=kind)
        for kind in ("auth", "role", "rate_limit", "cost", "depth", "size", "timeout")
    }
    assert refusals == {
        "auth": 1,
        "role": 1,
        "rate_limit": 0,
        "cost": 1,
        "depth": 1,
        "size": 0,
        "timeout": 0,
    }

    duration = "upg_graphql_request_duration_seconds"
    assert value(samples, f"{duration}_count", operation="Products", type="query") == 3
    assert value(samples, f"{duration}_bucket", operation="Products", type="query", le="+Inf") == 3
    assert value(samples, f"{duration}_sum", operation="Products", type="query") > 0
    trips_hist = "upg_graphql_cypher_round_trips"
    assert value(samples, f"{trips_hist}_sum", operation="Products") == sum(trips)
    assert value(samples, f"{trips_hist}_count", operation="Products") == 3
    assert value(samples, "upg_graphql_query_cost_sum", operation="Products") == sum(costs)
    assert value(samples, "upg_graphql_neo4j_seconds_count", operation="Products") == 3
    assert value(samples, "upg_graphql_neo4j_seconds_sum", operation="Products") > 0
    statements = label_values(samples, "upg_cypher_statement_seconds_count", "statement")
    assert {"compiled/read", "queries/node_create"} <= statements
    assert (
        value(samples, "upg_cypher_statement_seconds_count", statement="queries/node_create") == 1
    )
    assert value(samples, "upg_graphql_errors_total", operation="Make", code="FORBIDDEN") == 1
    assert value(samples, "upg_graphql_requests_in_flight") == 0
    assert value(samples, "upg_neo4j_connections_in_use") == 0
    assert value(samples, "upg_compiled_reads_total") == 0
    assert value(samples, "process_cpu_seconds_total") > 0
    assert ("python_info", frozenset()) not in samples  # python_info has labels
    assert label_names(samples, "python_info")


async def test_oversized_bodies_are_counted_as_size_refusals(
    settings: Settings, auth_headers: dict[str, str]
) -> None:
    async with observed_app(settings, auth_headers, max_body_bytes=2048) as (_app, client):
        response = await client.post("/graphql", content=b"{" + b" " * 4096 + b"}")
        assert response.status_code == 413
        assert response.headers["x-request-id"]
        samples = parse((await client.get("/metrics")).text)
    assert value(samples, "upg_refusals_total", kind="size") == 1
    assert (
        value(
            samples,
            "upg_graphql_requests_total",
            operation="unknown",
            type="unknown",
            status="413",
            code="PAYLOAD_TOO_LARGE",
        )
        == 1
    )


async def test_operation_labels_stay_bounded_under_a_thousand_random_names(
    settings: Settings, auth_headers: dict[str, str]
) -> None:
    rng = random.Random(14)
    names = {"Op_" + "".join(rng.choices(string.ascii_letters, k=12)) for _ in range(1000)}
    assert len(names) == 1000
    async with observed_app(settings, auth_headers) as (_app, client):
        for name in sorted(names):
            response = await client.post(
                "/graphql", json={"query": f"query {name} {{ __typename }}"}
            )
            assert response.status_code == 200
        samples = parse((await client.get("/metrics")).text)
    operations = label_values(samples, "upg_graphql_requests_total", "operation")
    assert len(operations) == OPERATION_NAMES + 1
    assert "other" in operations and operations - {"other"} <= names
    ok = {"type": "query", "status": "200", "code": "OK"}
    assert (
        value(samples, "upg_graphql_requests_total", operation="other", **ok)
        == 1000 - OPERATION_NAMES
    )
    every_label = {
        dict(labels).get("operation") for (name, labels) in samples if name.startswith("upg_")
    }
    assert len(every_label - {None}) == OPERATION_NAMES + 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_production_serves_metrics_only_on_their_port(
    settings: Settings, auth_headers: dict[str, str]
) -> None:
    port = _free_port()
    async with observed_app(settings, auth_headers, env="production", metrics_port=port) as (
        _app,
        client,
    ):
        assert (await client.post("/graphql", json={"query": ANONYMOUS})).status_code == 200
        assert (await client.get("/metrics")).status_code == 404
        async with httpx.AsyncClient() as scraper:
            page = await scraper.get(f"http://127.0.0.1:{port}/metrics")
    assert page.status_code == 200
    samples = parse(page.text)
    ok = {"type": "query", "status": "200", "code": "OK"}
    assert value(samples, "upg_graphql_requests_total", operation="anonymous", **ok) == 1
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as scraper:
            await scraper.get(f"http://127.0.0.1:{port}/metrics")


async def test_production_serves_metrics_on_the_api_port_only_with_the_token(
    settings: Settings, auth_headers: dict[str, str]
) -> None:
    async with observed_app(settings, auth_headers, env="production") as (_app, client):
        assert (await client.get("/metrics")).status_code == 404
    async with observed_app(settings, auth_headers, env="production", metrics_token=TOKEN) as (
        _app,
        client,
    ):
        assert (await client.get("/metrics")).status_code == 401
        wrong = await client.get("/metrics", headers=bearer(TOKEN + "x"))
        assert wrong.status_code == 401
        page = await client.get("/metrics", headers=bearer(TOKEN))
    assert page.status_code == 200
    assert "upg_graphql_requests_in_flight" in page.text
