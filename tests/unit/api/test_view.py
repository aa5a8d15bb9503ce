"""The body-size limit, on a bare ASGI app."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import orjson
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from upg.api.view import BodySizeLimit, GraphQLView


async def echo_length(scope: Scope, receive: Receive, send: Send) -> None:
    body = await Request(scope, receive).body()
    await PlainTextResponse(str(len(body)))(scope, receive, send)


def client(limit: int) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=BodySizeLimit(echo_length, max_bytes=limit))
    return httpx.AsyncClient(transport=transport, base_url="http://t")


async def test_bodies_up_to_the_limit_pass() -> None:
    async with client(10) as c:
        response = await c.post("/", content=b"x" * 10)
    assert (response.status_code, response.text) == (200, "10")


async def test_a_declared_length_over_the_limit_is_413() -> None:
    async with client(10) as c:
        response = await c.post("/", content=b"x" * 11)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_a_streamed_body_over_the_limit_is_413() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(4):
            yield b"x" * 5

    async with client(10) as c:
        response = await c.post("/", content=chunks())
    assert response.status_code == 413


def test_response_bodies_are_orjson_with_a_json_fallback() -> None:
    encode = GraphQLView.encode_json
    data = {"data": {"node": {"title": "Café", "weight": 2.5, "tags": []}}, "extensions": {}}
    body = encode(None, data)  # type: ignore[arg-type]
    assert body == orjson.dumps(data)
    assert json.loads(body) == data
    huge = {"n": 2**70}  # past orjson's 64-bit ints: json.dumps writes it
    assert encode(None, huge) == '{"n":1180591620717411303424}'  # type: ignore[arg-type]
