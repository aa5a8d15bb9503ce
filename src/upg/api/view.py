"""GraphQL over HTTP: Strawberry's ASGI view with upg's context, status codes and limits.

- POST `application/json`; GET for queries only (a mutation over GET is 405).
- `Accept: application/graphql-response+json` gets that media type, and 400 for a request that
  fails before execution (unparsable, invalid, bad variables), as the GraphQL-over-HTTP draft says.
  Plain `application/json` keeps 200 for any well-formed request.
- 503 when the only errors are UNAVAILABLE (Neo4j down), whatever the media type.
- Malformed HTTP requests get a GraphQL-shaped JSON error, never a bare text body.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from upg.api.context import REQUEST_ID_HEADER, Context, Services, new_context, request_id_of
from upg.api.errors import UNAVAILABLE, map_error

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MAX_BODY_BYTES = 1_000_000


def wants_graphql_response(request: Request) -> bool:
    return GRAPHQL_RESPONSE in request.headers.get("accept", "")


class GraphQLView(GraphQL[Context, None]):
    """The `/graphql` endpoint; `services` gives what the app's lifespan built."""

    def __init__(self, schema: Any, services: Callable[[], Services], *, graphiql: bool) -> None:
        super().__init__(schema, graphql_ide="graphiql" if graphiql else None)
        self._services = services

    async def get_context(self, request: Request | Any, response: Response | Any) -> Context:
        context = new_context(request, response, self._services())
        request.state.upg_context = context
        return context

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        context: Context | None = getattr(request.state, "upg_context", None)
        request_id = context.request_id if context else request_id_of(request)
        # Errors of a failed operation are mapped by ErrorCodes; this catches any that were not.
        errors = [map_error(e, request_id, executing=False) for e in result.errors or ()]
        body: GraphQLHTTPResponse = {"data": result.data}
        if errors:
            body["errors"] = [e.formatted for e in errors]
        if result.extensions:
            body["extensions"] = result.extensions
        codes = {(e.extensions or {}).get("code") for e in errors}
        status = 200
        if codes == {UNAVAILABLE}:
            status = 503
        elif _request_error(errors, result) and wants_graphql_response(request):
            status = 400
            del body["data"]
        if context is not None:
            context.response.status_code = status
        return body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await self.run(request)
        except HTTPException as exc:
            response = _http_error(request, exc)
        if response.media_type == JSON and wants_graphql_response(request):
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
        await response(scope, receive, send)


def _request_error(errors: list[GraphQLError], result: ExecutionResult) -> bool:
    """The request failed before execution: nothing ran, so no error has a path."""
    return bool(errors) and result.data is None and all(e.path is None for e in errors)


def _http_error(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    headers = {REQUEST_ID_HEADER: request_id_of(request)}
    if isinstance(exc.__cause__, InvalidOperationTypeError) and request.method == "GET":
        status = 405
        headers["allow"] = "POST"
    code = "METHOD_NOT_ALLOWED" if status == 405 else "BAD_REQUEST"
    if status == 404:
        code = "NOT_FOUND"
    body = {"errors": [{"message": exc.reason, "extensions": {"code": code}}]}
    media = GRAPHQL_RESPONSE if wants_graphql_response(request) else JSON
    return Response(json.dumps(body), status, headers, media_type=media)


class BodySizeLimit:
    """Refuses request bodies over `max_bytes` with 413, before the app reads them whole."""

    def __init__(self, app: Any, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = {
            "errors": [
                {
                    "message": f"request body larger than {self.max_bytes} bytes",
                    "extensions": {"code": "PAYLOAD_TOO_LARGE"},
                }
            ]
        }
        response = Response(json.dumps(body), 413, media_type=JSON)
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass
