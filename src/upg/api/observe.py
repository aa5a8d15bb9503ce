"""The API's side of observability: a record per `/graphql` request, turned into metrics, a log
line and spans; `/metrics` for Prometheus.

`ObserveRequests` is the outermost middleware, so it sees every answer (413 and 429 included)
and how long it took. `RecordOperation` notes which operation a request ran once its document
is parsed; the view notes the caller, the error codes and the cost.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Generator, Iterator
from typing import Any

from graphql import get_operation_ast
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import SpanKind, Tracer
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import LifecycleStep, SchemaExtension
from strawberry.extensions.tracing import OpenTelemetryExtension

from upg.api.context import REQUEST_ID_HEADER, safe_request_id
from upg.model.auth import Principal
from upg.observability import logs
from upg.observability.metrics import Metrics
from upg.observability.record import RequestRecord, current

GRAPHQL_PATH = "/graphql"


class ObserveRequests:
    """Opens a record per `/graphql` request; at the end, counts it, logs it and ends its span."""

    def __init__(
        self, app: ASGIApp, *, metrics: Metrics, tracer: Tracer | None, slow_ms: int
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.tracer = tracer
        self.slow_ms = slow_ms

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != GRAPHQL_PATH:
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
        record = RequestRecord(safe_request_id(given), scope["method"], self.tracer)

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
                headers = MutableHeaders(scope=message)
                if REQUEST_ID_HEADER not in headers:
                    headers[REQUEST_ID_HEADER] = record.request_id
            await send(message)

        token = current.set(record)
        self.metrics.in_flight.inc()
        began = time.perf_counter()
        try:
            if self.tracer is None:
                await self.app(scope, receive, recording_send)
            else:
                await self._traced(self.tracer, record, scope, receive, recording_send)
        except Exception:
            if not record.status:
                record.status = 500
                record.codes.append("INTERNAL_SERVER_ERROR")
            raise
        finally:
            seconds = time.perf_counter() - began
            current.reset(token)
            self.metrics.in_flight.dec()
            self.metrics.observe(record, seconds)
            logs.log_request(record, seconds, self.slow_ms)

    async def _traced(
        self, tracer: Tracer, record: RequestRecord, scope: Scope, receive: Receive, send: Send
    ) -> None:
        attributes = {
            "http.request.method": record.method,
            "url.path": GRAPHQL_PATH,
            "upg.request_id": record.request_id,
        }
        with tracer.start_as_current_span(
            f"{record.method} {GRAPHQL_PATH}",
            kind=SpanKind.SERVER,
            attributes=attributes,
            record_exception=False,
        ) as span:
            try:
                await self.app(scope, receive, send)
            finally:
                span.set_attribute("http.response.status_code", record.status or 500)
                if record.identified:
                    span.set_attribute("graphql.operation.name", record.operation or "")
                    span.set_attribute("graphql.operation.type", record.operation_type)
                if record.codes:
                    span.set_attribute("upg.error_codes", list(dict.fromkeys(record.codes)))


def note_principal(principal: Principal) -> None:
    """The caller of the current request: its token's name (never the secret) and role."""
    record = current.get()
    if record is not None:
        record.token_name = principal.subject
        record.token_kind = principal.kind
        record.role = principal.role.value


class RecordOperation(SchemaExtension):
    """Notes the operation's name and type in the request's record once it is known."""

    def on_operation(self) -> Iterator[None]:
        yield
        record = current.get()
        document = self.execution_context.graphql_document
        if record is None or document is None:
            return
        operation = get_operation_ast(document, self.execution_context.operation_name)
        if operation is not None:
            record.identified = True
            record.operation = operation.name.value if operation.name else None
            record.operation_type = operation.operation.value


class GraphQLTracing(OpenTelemetryExtension):
    """Strawberry's OpenTelemetry spans without values: no query text, no resolver arguments
    (either may carry anything a client sent)."""

    def __init__(self, tracer_provider: TracerProvider) -> None:
        super().__init__(tracer_provider=tracer_provider)

    def on_operation(self) -> Generator[None, None, None]:
        name = self.execution_context.operation_name
        span = self._tracer.start_span(
            f"GraphQL Query: {name}" if name else "GraphQL Query", kind=SpanKind.SERVER
        )
        span.set_attribute("component", "graphql")
        self._span_holder[LifecycleStep.OPERATION] = span
        with trace.use_span(span, end_on_exit=False, record_exception=False):
            yield
        final = self.execution_context.operation_name
        if not name and final:
            span.update_name(f"GraphQL Query: {final}")
        span.end()

    def filter_resolver_args(self, args: dict[str, Any], info: Any) -> dict[str, Any]:
        return {}


def metrics_endpoint(metrics: Metrics, token: str | None) -> Any:
    """`/metrics` on the API port: Prometheus's text format, behind `token` when given."""
    expected = f"Bearer {token}".encode() if token else None

    async def endpoint(request: Request) -> Response:
        if expected is not None:
            given = request.headers.get("authorization", "").encode()
            if not hmac.compare_digest(given, expected):
                headers = {"www-authenticate": 'Bearer realm="upg-metrics"'}
                return Response("metrics need the bearer token\n", 401, headers)
        body = generate_latest(metrics.registry)
        return Response(body, headers={"content-type": CONTENT_TYPE_LATEST})

    return endpoint
