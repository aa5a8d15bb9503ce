"""One JSON line per request with its id, a slow-request line, the masked error's id."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.auth import bearer
from tests.e2e.api.observed import observed_app
from upg.config import Settings

PRODUCTS = "query Products { products(first: 3) { totalCount } }"


def json_lines(err: str) -> list[dict[str, Any]]:
    """Every line of captured stderr, parsed: each must be JSON."""
    return [json.loads(line) for line in err.splitlines() if line.strip()]


def request_line(lines: list[dict[str, Any]], request_id: str) -> dict[str, Any]:
    found = [
        line
        for line in lines
        if line.get("requestId") == request_id and line["logger"] == "upg.request"
    ]
    assert [line["message"] for line in found] == ["request"], found
    return found[0]


async def test_a_request_logs_one_json_line_with_the_callers_id(
    settings: Settings, auth_headers: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    async with observed_app(settings, auth_headers, log_format="json") as (_app, client):
        capsys.readouterr()
        given = await client.post(
            "/graphql", json={"query": PRODUCTS}, headers={"X-Request-Id": "obs-14-given"}
        )
        generated = await client.post("/graphql", json={"query": "{ nope }"})
        lines = json_lines(capsys.readouterr().err)
    assert given.headers["x-request-id"] == "obs-14-given"
    line = request_line(lines, "obs-14-given")
    extensions = given.json()["extensions"]
    assert line["logger"] == "upg.request" and line["level"] == "info"
    assert line["time"].endswith("Z")
    assert line["operation"] == "Products" and line["operationType"] == "query"
    assert (line["tokenName"], line["tokenKind"], line["role"]) == ("tester", "jwt", "admin")
    assert line["status"] == 200 and line["errorCodes"] == [] and line["refusal"] is None
    assert line["cost"] == extensions["queryCost"]
    assert line["roundTrips"] == extensions["cypherRoundTrips"] == 1
    assert 0 < line["neo4jMs"] <= line["durationMs"]
    assert auth_headers["Authorization"].split()[1] not in json.dumps(lines)

    generated_id = generated.headers["x-request-id"]
    assert len(generated_id) == 32
    failed = request_line(lines, generated_id)
    assert failed["errorCodes"] == ["GRAPHQL_VALIDATION_FAILED"]
    assert failed["operation"] is None and failed["roundTrips"] == 0


async def test_api_keys_are_logged_by_name_never_by_secret(
    settings: Settings, auth_headers: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    async with observed_app(settings, auth_headers, log_format="json") as (_app, client):
        created = await client.post(
            "/graphql",
            json={"query": 'mutation { createApiToken(name: "obs-bot", role: READER) { secret } }'},
        )
        secret = created.json()["data"]["createApiToken"]["secret"]
        capsys.readouterr()
        response = await client.post(
            "/graphql", json={"query": PRODUCTS}, headers={**bearer(secret), "X-Request-Id": "k1"}
        )
        err = capsys.readouterr().err
    assert response.status_code == 200
    assert secret not in err
    line = request_line(json_lines(err), "k1")
    assert (line["tokenName"], line["tokenKind"], line["role"]) == ("obs-bot", "api_key", "reader")


async def test_a_slow_request_names_its_cypher_statements(
    settings: Settings, auth_headers: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    async with observed_app(settings, auth_headers, log_format="json", slow_ms=1) as (_app, client):
        capsys.readouterr()
        await client.post("/graphql", json={"query": PRODUCTS}, headers={"X-Request-Id": "slow-1"})
        lines = json_lines(capsys.readouterr().err)
    slow = [line for line in lines if line.get("message") == "slow request"]
    assert len(slow) == 1 and slow[0]["requestId"] == "slow-1"
    assert slow[0]["level"] == "warning" and slow[0]["slowMs"] == 1
    [statement] = slow[0]["statements"]
    # The list is a compiled read (upg.api.compiled): one statement, one row.
    assert statement["name"] == "compiled/read" and statement["rows"] == 1
    assert statement["ms"] > 0 and statement["failed"] is False


class _Failing:
    """Lists of nodes fail with an unexpected error; everything else is the real repository."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    async def list_nodes(self, *args: Any) -> Any:
        raise RuntimeError("boom with secret=hunter2")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


async def test_the_masked_error_line_carries_the_request_id(
    settings: Settings, auth_headers: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    async with observed_app(settings, auth_headers, log_format="json") as (app, client):
        app.state.repository = _Failing(app.state.repository)
        capsys.readouterr()
        response = await client.post(
            "/graphql", json={"query": PRODUCTS}, headers={"X-Request-Id": "masked-1"}
        )
        lines = json_lines(capsys.readouterr().err)
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "masked-1"}
    masked = [line for line in lines if line["logger"] == "upg.api"]
    assert len(masked) == 1 and masked[0]["requestId"] == "masked-1"
    assert masked[0]["level"] == "error" and "RuntimeError" in masked[0]["exception"]
    assert request_line(lines, "masked-1")["errorCodes"] == ["INTERNAL_SERVER_ERROR"]
