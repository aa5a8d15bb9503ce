"""Every error code through HTTP, masking of the unexpected, and the request limits."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from tests.e2e.api.conftest import Api, new_id
from upg.api.app import create_app
from upg.config import Settings
from upg.errors import Forbidden
from upg.graph.repository import Neo4jRepository

PRODUCTS = "{ products { totalCount } }"


class FailingRepository:
    """The app's repository, except that listing nodes raises `error`."""

    def __init__(self, inner: Neo4jRepository, error: Exception) -> None:
        self._inner = inner
        self._error = error

    async def list_nodes(self, *args: Any) -> Any:
        raise self._error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@pytest.fixture
def failing(app: Starlette) -> Iterator[Callable[[Exception], None]]:
    """Makes the app's repository fail with an error, until the test ends."""
    real = app.state.repository

    def install(error: Exception) -> None:
        app.state.repository = FailingRepository(real, error)

    # Not monkeypatch: it cannot restore attributes of starlette's State.
    yield install
    app.state.repository = real


async def test_bad_user_input_names_the_field(api: Api) -> None:
    error = await api.error('mutation { createProduct(input: {title: "   "}) { id } }')
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "title"}
    assert error["message"] == "title: must not be blank"
    assert error["path"] == ["createProduct"]


async def test_not_found(api: Api) -> None:
    error = await api.error("mutation($id: ID!) { deleteNode(id: $id) }", {"id": new_id()})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "id"}


async def test_conflict_on_a_duplicate_id(api: Api) -> None:
    node_id = await api.create("PRODUCT", "Docs")
    error = await api.error(
        'mutation($id: ID!) { createOutcome(input: {id: $id, title: "Other"}) { id } }',
        {"id": node_id},
    )
    assert error["extensions"]["code"] == "CONFLICT"
    assert (await api.data("{ outcomes { totalCount } }"))["outcomes"]["totalCount"] == 0


async def test_forbidden(api: Api, failing: Callable[[Exception], None]) -> None:
    failing(Forbidden("you may not list products"))
    error = await api.error(PRODUCTS)
    assert error["extensions"] == {"code": "FORBIDDEN"}
    assert error["message"] == "you may not list products"


async def test_unexpected_errors_are_masked_and_logged_with_a_request_id(
    api: Api, failing: Callable[[Exception], None], caplog: pytest.LogCaptureFixture
) -> None:
    failing(RuntimeError("MATCH (n) RETURN n -- password=hunter2"))
    with caplog.at_level(logging.ERROR, logger="upg.api"):
        response = await api.post(PRODUCTS)
    body = response.json()
    assert response.status_code == 200
    assert "hunter2" not in response.text and "MATCH" not in response.text
    error = body["errors"][0]
    assert error["message"] == "Internal server error"
    request_id = response.headers["x-request-id"]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    logged = [r for r in caplog.records if request_id in r.getMessage()]
    assert logged and logged[0].exc_info and "hunter2" in str(logged[0].exc_info[1])


async def test_a_safe_request_id_from_the_caller_is_kept(api: Api) -> None:
    response = await api.post(PRODUCTS, headers={"X-Request-ID": "trace-42"})
    assert response.headers["x-request-id"] == "trace-42"
    response = await api.post(PRODUCTS, headers={"X-Request-ID": "<script>"})
    assert response.headers["x-request-id"] != "<script>"


@pytest.fixture
async def down_app(settings: Settings) -> AsyncIterator[Starlette]:
    """The app pointed at a port where no Neo4j listens."""
    dead = settings.model_copy(update={"neo4j_uri": "bolt://127.0.0.1:9", "neo4j_timeout_s": 1.0})
    app = create_app(dead)
    async with app.router.lifespan_context(app):
        yield app


async def test_unavailable_when_neo4j_is_down(
    down_app: Starlette, auth_headers: dict[str, str]
) -> None:
    transport = httpx.ASGITransport(app=down_app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://upg.test", headers=auth_headers
    ) as client:
        response = await client.post("/graphql", json={"query": PRODUCTS})
        assert response.status_code == 503
        error = response.json()["errors"][0]
        assert error["extensions"] == {"code": "UNAVAILABLE"}
        assert "bolt" not in error["message"]
        ready = await client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["status"] == "unavailable"
        assert (await client.get("/healthz")).status_code == 200


async def test_syntax_errors(api: Api) -> None:
    error = await api.error("{ products { ")
    assert error["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}


async def test_validation_errors(api: Api) -> None:
    error = await api.error("{ products { nope } }")
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    error = await api.error('{ products(first: "ten") { totalCount } }')
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($first: Int) { products(first: $first) { totalCount } }", {"first": "ten"}),
        (
            "mutation($type: EdgeType!) { unlink(fromId: $id, toId: $id, type: $type) }",
            {"type": "LIKES"},
        ),
        (
            'mutation($d: Date) { createSuccessMilestone(input: {title: "x", targetDate: $d}) '
            "{ id } }",
            {"d": "2026-13-45"},
        ),
    ],
)
async def test_bad_variables_are_bad_user_input(
    api: Api, query: str, variables: dict[str, Any]
) -> None:
    query = query.replace("$id", f'"{new_id()}"')
    response = await api.post(query, variables)
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}, error
    assert (await api.data("{ successMilestones { totalCount } }"))["successMilestones"] == {
        "totalCount": 0
    }


async def test_graphql_response_json_gets_4xx_for_request_errors(api: Api) -> None:
    accept = {"Accept": "application/graphql-response+json"}
    for query, variables in [
        ("{ products { ", None),
        ("{ products { nope } }", None),
        ("query($first: Int) { products(first: $first) { totalCount } }", {"first": "x"}),
    ]:
        response = await api.post(query, variables, headers=accept)
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith("application/graphql-response+json")
        body = response.json()
        assert "data" not in body and body["errors"]
    # A field error is not a request error: 200 with data.
    response = await api.post("{ products(first: 1000) { totalCount } }", headers=accept)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    assert "data" in response.json()
    # Unparsable JSON.
    response = await api.client.post(
        "/graphql", content=b"{not json", headers={**accept, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_get_serves_queries_only(api: Api) -> None:
    response = await api.client.get("/graphql", params={"query": PRODUCTS})
    assert response.status_code == 200
    assert response.json()["data"] == {"products": {"totalCount": 0}}
    response = await api.client.get(
        "/graphql", params={"query": 'mutation { createProduct(input: {title: "x"}) { id } }'}
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert (await api.data(PRODUCTS))["products"]["totalCount"] == 0


async def test_unsupported_content_type_is_400(api: Api) -> None:
    response = await api.client.post(
        "/graphql", content=PRODUCTS, headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_body_size_is_limited(api: Api) -> None:
    padding = " " * 1_100_000
    response = await api.post(PRODUCTS + padding)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_query_depth_is_limited(api: Api) -> None:
    selection = "id"
    for _ in range(2):
        products = f"products {{ edges {{ node {{ {selection} }} }} }}"
        selection = f"milestones {{ edges {{ node {{ {products} }} }} }}"
    query = f"{{ products {{ edges {{ node {{ {selection} }} }} }} }}"
    error = await api.error(query)
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "depth" in error["message"]


async def test_aliases_are_limited(api: Api) -> None:
    query = "{ " + " ".join(f"a{i}: products {{ totalCount }}" for i in range(31)) + " }"
    error = await api.error(query)
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "aliases" in error["message"]


async def test_tokens_are_limited(api: Api) -> None:
    query = "{ products { " + "totalCount " * 2100 + "} }"
    error = await api.error(query)
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert "tokens" in error["message"]
