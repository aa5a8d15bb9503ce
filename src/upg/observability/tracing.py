"""OpenTelemetry: off unless UPG_OTEL is `console` or `otlp` (the default when the standard
OTEL_EXPORTER_OTLP_ENDPOINT is set).

Spans: one per HTTP request to `/graphql` (the API's middleware), one per GraphQL operation
with children for parsing, validation and resolvers (Strawberry's extension, arguments left
out), and one per Cypher statement (`upg.observability.record`). The OTLP exporter reads the
standard OTEL_EXPORTER_OTLP_* variables itself (endpoint, headers, timeout).
"""

from __future__ import annotations

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SpanExporter,
)

from upg import __version__
from upg.config import Settings

SERVICE_NAME = "upg"


def tracer_provider(settings: Settings) -> TracerProvider | None:
    """Where this process's spans go, or None when tracing is off."""
    if settings.otel == "off":
        return None
    exporter: SpanExporter
    if settings.otel == "console":
        exporter = ConsoleSpanExporter()
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter()
    resource = Resource.create({"service.name": SERVICE_NAME, "service.version": __version__})
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider
