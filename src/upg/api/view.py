"""GraphQL over HTTP: Strawberry's ASGI view with upg's context, status codes and limits.

- POST `application/json`; GET for queries only (a mutation over GET is 405).
- `Accept: application/graphql-response+json` gets that media type, and 400 for a request that
  fails before execution (unparsable, invalid, bad variables), as the GraphQL-over-HTTP draft says.
  Plain `application/json` keeps 200 for any well-formed request.
- 503 when the only errors are UNAVAILABLE (Neo4j down), whatever the media type.
- Malformed HTTP requests get a GraphQL-shaped JSON error, never a bare text body.
- Every operation needs a bearer token (or UPG_ANONYMOUS_READ): 401 `UNAUTHENTICATED` without
  one, 429 `RATE_LIMITED` with `Retry-After` past the caller's rate, 403 `FORBIDDEN` when the
  role does not cover the operation. Only the GraphiQL page (a GET without a query) is open.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import orjson
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
from upg.api.guard import FORBIDDEN
from upg.api.observe import note_principal
from upg.errors import RateLimited, Unauthenticated, UpgError
from upg.model.auth import Principal
from upg.observability.record import current

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"


def wants_graphql_response(request: Request) -> bool:
    return GRAPHQL_RESPONSE in request.headers.get("accept", "")


class GraphQLView(GraphQL[Context, None]):
    """The `/graphql` endpoint; `services` gives what the app's lifespan built."""

    def __init__(
        self,
        schema: Any,
        services: Callable[[], Services],
        *,
        graphiql: bool,
        timeout_s: float,
    ) -> None:
        super().__init__(schema, graphql_ide="graphiql" if graphiql else None)
        self._services = services
        self._timeout_s = timeout_s

    def encode_json(self, data: object) -> bytes | str:
        """A response body: orjson (several times faster than json.dumps on a page of nodes),
        or json.dumps for the little orjson refuses (an int past 64 bits, a lone surrogate)."""
        try:
            return orjson.dumps(data)
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            return json.dumps(data, separators=(",", ":"))

    def decode_json(self, data: str | bytes) -> object:
        """A request body (or GET `variables`) as JSON: 400, never 500, for hostile input.

        Strawberry turns only JSONDecodeError into 400; bytes that are not UTF-8, nesting too
        deep for the decoder, a bare scalar (`null`, `"x"`) and lone surrogates (`"\\ud800"`,
        legal JSON but not text, which Neo4j's driver cannot encode) would all be 500s.
        """
        try:
            value = json.loads(data)
        except (UnicodeDecodeError, RecursionError) as exc:
            raise HTTPException(400, "Unable to parse request body as JSON") from exc
        if not isinstance(value, dict | list):
            raise HTTPException(400, "Expected a JSON object")
        if _has_lone_surrogate(value):
            raise HTTPException(400, "Not text: the JSON holds a lone surrogate (\\ud800-\\udfff)")
        return value

    async def get_context(self, request: Request | Any, response: Response | Any) -> Context:
        # None only for a GET without a query (the GraphiQL page); Guard refuses operations then.
        principal: Principal | None = getattr(request.state, "principal", None)
        context = new_context(request, response, self._services(), principal)
        request.state.upg_context = context
        return context

    async def _admit(self, request: Request) -> Response | None:
        """Authenticate and rate-limit the request; the refusal to send, if any."""
        services = self._services()
        client = request.client.host if request.client else "unknown"
        try:
            try:
                principal = await services.authenticator.authenticate(
                    request.headers.get("authorization"), client
                )
            except Unauthenticated:
                services.limiter.check(f"unauthenticated:{client}")
                raise
            services.limiter.check(principal.key)
        except UpgError as exc:
            return _refusal(request, exc)
        request.state.principal = principal
        note_principal(principal)
        return None

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
        elif codes == {FORBIDDEN} and result.data is None:
            status = 403
        elif _request_error(errors, result) and wants_graphql_response(request):
            status = 400
            del body["data"]
        if context is not None:
            context.response.status_code = status
        record = current.get()
        if record is not None:
            record.add_errors([(str((e.extensions or {}).get("code")), e.message) for e in errors])
            cost = (result.extensions or {}).get("queryCost")
            record.cost = cost if isinstance(cost, int) else None
        return body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            async with asyncio.timeout(self._timeout_s):
                refused = None if _opens_graphiql(request) else await self._admit(request)
                response = refused or await self.run(request)
        except HTTPException as exc:
            response = _http_error(request, exc)
        except TimeoutError:
            record = current.get()
            if record is not None:
                record.refusal = "timeout"
            message = f"no answer within {self._timeout_s:g} s (UPG_REQUEST_TIMEOUT); try again"
            response = _error(request, 503, UNAVAILABLE, message, {})
        if response.media_type == JSON and wants_graphql_response(request):
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
        await response(scope, receive, send)


def _has_lone_surrogate(value: object) -> bool:
    """Whether any key or string in decoded JSON holds an unpaired UTF-16 surrogate."""
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return True
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _opens_graphiql(request: Request) -> bool:
    return request.method == "GET" and "query" not in request.query_params


REFUSALS = {"UNAUTHENTICATED": 401, "RATE_LIMITED": 429, "UNAVAILABLE": 503}


def _refusal(request: Request, exc: UpgError) -> Response:
    """The response to a request refused before GraphQL sees it."""
    headers = {}
    if isinstance(exc, Unauthenticated):
        headers["www-authenticate"] = 'Bearer realm="upg"'
    if isinstance(exc, RateLimited):
        headers["retry-after"] = str(exc.retry_after_s)
    return _error(request, REFUSALS.get(exc.code, 500), exc.code, exc.message, headers)


def _error(
    request: Request, status: int, code: str, message: str, headers: dict[str, str]
) -> Response:
    """A GraphQL-shaped error response with the request's id."""
    record = current.get()
    if record is not None:
        record.add_errors([(code, message)])
    headers = {REQUEST_ID_HEADER: request_id_of(request), **headers}
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    media = GRAPHQL_RESPONSE if wants_graphql_response(request) else JSON
    return Response(json.dumps(body), status, headers, media_type=media)


def _request_error(errors: list[GraphQLError], result: ExecutionResult) -> bool:
    """The request failed before execution: nothing ran, so no error has a path."""
    return bool(errors) and result.data is None and all(e.path is None for e in errors)


def _http_error(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    headers = {}
    if isinstance(exc.__cause__, InvalidOperationTypeError) and request.method == "GET":
        status = 405
        headers["allow"] = "POST"
    code = "METHOD_NOT_ALLOWED" if status == 405 else "BAD_REQUEST"
    if status == 404:
        code = "NOT_FOUND"
    return _error(request, status, code, exc.reason, headers)


class BodySizeLimit:
    """Refuses request bodies over `max_bytes` with 413, before the app reads them whole."""

    def __init__(self, app: Any, max_bytes: int) -> None:
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
        message = f"request body larger than {self.max_bytes} bytes"
        record = current.get()
        if record is not None:
            record.add_errors([(PAYLOAD_TOO_LARGE, message)])
        body = {"errors": [{"message": message, "extensions": {"code": PAYLOAD_TOO_LARGE}}]}
        response = Response(json.dumps(body), 413, media_type=JSON)
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass
