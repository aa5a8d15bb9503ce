"""Prometheus metrics of one API process (docs/operations.md lists them with example queries).

Each app has its own registry (several apps in one test process must not collide), with the
process and Python collectors registered in it. Every label value comes from a bounded set:
operation names are kept for the first `OPERATION_NAMES` distinct ones seen, later ones fold
into `other`; error codes outside `ERROR_CODES` fold into `OTHER`; statement names are the
`.cypher` files'; HTTP statuses are the few the API answers with.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)

from upg.observability.record import REFUSAL_KINDS, RequestRecord

OPERATION_NAMES = 50
"""Distinct operation names kept as label values; later names are counted as `other`."""
ANONYMOUS = "anonymous"
"""The label of operations without a name."""
OTHER = "other"
UNKNOWN = "unknown"
"""The label of requests that never reached a parsed operation (refused, malformed)."""

ERROR_CODES = frozenset(
    {
        "BAD_USER_INPUT",
        "NOT_FOUND",
        "CONFLICT",
        "FORBIDDEN",
        "UNAVAILABLE",
        "UNAUTHENTICATED",
        "RATE_LIMITED",
        "COST_LIMIT_EXCEEDED",
        "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
        "INTERNAL_SERVER_ERROR",
        "BAD_REQUEST",
        "METHOD_NOT_ALLOWED",
        "PAYLOAD_TOO_LARGE",
    }
)
"""Every `extensions.code` upg answers with; anything else is labelled `OTHER`."""
OK = "OK"
"""The `code` label of a request without errors."""

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
ROUND_TRIP_BUCKETS = (0, 1, 2, 3, 4, 6, 10, 20, 50, 100)
COST_BUCKETS = (1, 10, 50, 100, 500, 1000, 5000, 10_000, 50_000, 100_000)


class OperationLabels:
    """Operation names as label values: the first `limit` names seen, then `other`."""

    def __init__(self, limit: int = OPERATION_NAMES) -> None:
        self._limit = limit
        self._kept: set[str] = set()

    def label(self, record: RequestRecord) -> str:
        if not record.identified:
            return UNKNOWN
        name = record.operation
        if name is None:
            return ANONYMOUS
        if name in self._kept:
            return name
        if len(self._kept) < self._limit:
            self._kept.add(name)
            return name
        return OTHER


class Metrics:
    """The instruments, registered in a registry of their own."""

    def __init__(self, connections_in_use: Callable[[], int]) -> None:
        self.registry = registry = CollectorRegistry()
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        GCCollector(registry=registry)
        self.operations = OperationLabels()
        self.requests = Counter(
            "upg_graphql_requests",
            "GraphQL requests by operation, type, HTTP status and first error code (OK: none)",
            ["operation", "type", "status", "code"],
            registry=registry,
        )
        self.errors = Counter(
            "upg_graphql_errors",
            "GraphQL requests answered with an error of this code (once per code and request)",
            ["operation", "code"],
            registry=registry,
        )
        self.duration = Histogram(
            "upg_graphql_request_duration_seconds",
            "Time from request to response, by operation",
            ["operation", "type"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.round_trips = Histogram(
            "upg_graphql_cypher_round_trips",
            "Cypher statements run per request, by operation",
            ["operation"],
            buckets=ROUND_TRIP_BUCKETS,
            registry=registry,
        )
        self.neo4j = Histogram(
            "upg_graphql_neo4j_seconds",
            "Time inside Neo4j transactions per request (summed), by operation",
            ["operation"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.cost = Histogram(
            "upg_graphql_query_cost",
            "Query cost (objects a request may return) of operations that were costed",
            ["operation"],
            buckets=COST_BUCKETS,
            registry=registry,
        )
        self.statements = Histogram(
            "upg_cypher_statement_seconds",
            "Time to run one Cypher statement and read its rows, by statement name",
            ["statement"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.refusals = Counter(
            "upg_refusals",
            "Requests refused, by why: " + ", ".join(REFUSAL_KINDS),
            ["kind"],
            registry=registry,
        )
        for kind in REFUSAL_KINDS:
            self.refusals.labels(kind)
        self.in_flight = Gauge(
            "upg_graphql_requests_in_flight", "GraphQL requests being answered", registry=registry
        )
        self.connections = Gauge(
            "upg_neo4j_connections_in_use",
            "Neo4j driver connections held by managed transactions now",
            registry=registry,
        )
        self.connections.set_function(lambda: float(connections_in_use()))
        self.compiled_reads = Counter(
            "upg_compiled_reads",
            "Reads answered by one compiled Cypher statement (0 until upg compiles reads)",
            registry=registry,
        )

    def observe(self, record: RequestRecord, seconds: float) -> None:
        """Count one finished request."""
        operation = self.operations.label(record)
        kind = record.operation_type if record.identified else UNKNOWN
        codes = [code if code in ERROR_CODES else "OTHER" for code in record.codes]
        status = str(record.status)
        self.requests.labels(operation, kind, status, codes[0] if codes else OK).inc()
        for code in dict.fromkeys(codes):
            self.errors.labels(operation, code).inc()
        self.duration.labels(operation, kind).observe(seconds)
        if record.refusal is not None:
            self.refusals.labels(record.refusal).inc()
        for statement in record.statements:
            self.statements.labels(statement.name).observe(statement.seconds)
        if not record.identified:
            return
        self.round_trips.labels(operation).observe(len(record.statements))
        self.neo4j.labels(operation).observe(record.transaction_s)
        if record.cost is not None:
            self.cost.labels(operation).observe(record.cost)
