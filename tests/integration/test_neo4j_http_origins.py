"""The local Neo4j's HTTP connector answers cross-origin calls for Browser's origin only."""

from __future__ import annotations

import httpx
import pytest

from upg.config import Settings
from upg.localdb import LocalNeo4j

EVIL = "http://evil.example"


def _tx_url(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.http_port}/db/{settings.neo4j_database}/tx/commit"


@pytest.mark.parametrize("method", ["OPTIONS", "POST", "GET"])
def test_a_foreign_origin_is_not_allowed(
    local_server: LocalNeo4j, settings: Settings, method: str
) -> None:
    url = _tx_url(settings) if method != "GET" else f"http://127.0.0.1:{settings.http_port}/"
    headers = {"Origin": EVIL, "Access-Control-Request-Method": "POST"}
    body = {"statements": [{"statement": "RETURN 1"}]} if method == "POST" else None
    response = httpx.request(
        method,
        url,
        headers=headers,
        json=body,
        auth=(settings.neo4j_user, settings.neo4j_password),
    )
    assert response.status_code < 500
    allowed = response.headers.get("Access-Control-Allow-Origin")
    assert allowed not in {"*", EVIL}
    assert allowed == f"http://localhost:{settings.http_port}"


def test_browser_origin_is_allowed(local_server: LocalNeo4j, settings: Settings) -> None:
    origin = f"http://localhost:{settings.http_port}"
    response = httpx.options(
        _tx_url(settings), headers={"Origin": origin, "Access-Control-Request-Method": "POST"}
    )
    assert response.headers.get("Access-Control-Allow-Origin") == origin
