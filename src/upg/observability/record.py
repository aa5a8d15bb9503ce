"""One request's record: who called, which operation, what it cost, which Cypher statements ran.

The API's middleware opens a record per `/graphql` request and puts it in `current`; the view,
a schema extension and the repository fill it in; at the end it becomes metrics and a log line.
Code outside a request (CLI commands, migrations) finds no record and records nothing.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sized
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer

R = TypeVar("R", bound=Sized)

REFUSAL_KINDS = ("auth", "role", "rate_limit", "cost", "depth", "size", "timeout")
"""Why a request may be turned away (upg_refusals_total's `kind`)."""

_REFUSAL_BY_CODE = {
    "UNAUTHENTICATED": "auth",
    "FORBIDDEN": "role",
    "RATE_LIMITED": "rate_limit",
    "COST_LIMIT_EXCEEDED": "cost",
    "PAYLOAD_TOO_LARGE": "size",
}
# Depth, alias and token limits are validation and parse errors: only their messages tell.
_REFUSAL_BY_MESSAGE = (
    ("exceeds maximum operation depth", "depth"),
    ("aliases found", "size"),
    ("Document contains more than", "size"),
)


def refusal_of(code: str, message: str) -> str | None:
    """The refusal kind an error stands for, if it is a refusal."""
    kind = _REFUSAL_BY_CODE.get(code)
    if kind is not None:
        return kind
    for text, kind in _REFUSAL_BY_MESSAGE:
        if text in message:
            return kind
    return None


@dataclass(slots=True)
class Statement:
    """One Cypher statement run: its name (`queries/node_get`), rows returned, seconds taken."""

    name: str
    rows: int
    seconds: float
    failed: bool = False


@dataclass(slots=True)
class RequestRecord:
    """What one request did; filled in as it runs."""

    request_id: str
    method: str = "POST"
    tracer: Tracer | None = None
    """Set when tracing is on: the repository opens a span per statement with it."""
    operation: str | None = None
    """The operation's name as written; None when it has none (see `identified`)."""
    operation_type: str = "unknown"
    identified: bool = False
    """An operation was found in a parsed document (False: refused or unparsable first)."""
    token_name: str | None = None
    token_kind: str | None = None
    role: str | None = None
    status: int = 0
    codes: list[str] = field(default_factory=list)
    refusal: str | None = None
    cost: int | None = None
    statements: list[Statement] = field(default_factory=list)
    transactions: int = 0
    transaction_s: float = 0.0
    """Wall time inside Neo4j transactions, summed (overlapping ones count twice)."""

    def add_errors(self, errors: list[tuple[str, str]]) -> None:
        """Note the response's errors as (code, message); the first refusal among them wins."""
        for code, message in errors:
            self.codes.append(code)
            if self.refusal is None:
                self.refusal = refusal_of(code, message)


current: ContextVar[RequestRecord | None] = ContextVar("upg_request_record", default=None)


async def observe_statement(record: RequestRecord, name: str, run: Callable[[], Awaitable[R]]) -> R:
    """Run one statement, timing it into the record (and a child span when tracing is on).

    The span carries the statement's name and row count, never its parameters: they may hold
    anything a client sent.
    """
    began = time.perf_counter()
    rows = -1
    try:
        if record.tracer is None:
            result = await run()
        else:
            result = await _traced(record.tracer, name, run)
        rows = len(result)
        return result
    finally:
        record.statements.append(Statement(name, rows, time.perf_counter() - began, rows < 0))


async def _traced(tracer: Tracer, name: str, run: Callable[[], Awaitable[R]]) -> R:
    with tracer.start_as_current_span(
        f"cypher {name}",
        kind=SpanKind.CLIENT,
        attributes={"db.system.name": "neo4j", "upg.cypher.statement": name},
        # An exception's text may quote values (a constraint violation names the key): the
        # span keeps only the exception's type.
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        try:
            result = await run()
        except Exception as exc:
            span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
            raise
        span.set_attribute("db.response.returned_rows", len(result))
        return result
