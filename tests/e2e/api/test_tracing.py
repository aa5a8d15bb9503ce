"""Spans: the request, the GraphQL operation under it, a Cypher span per statement under that."""

from __future__ import annotations

import json

from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.e2e.api.observed import observed_app
from upg.config import Settings

SECRET = "needle-4f1c9"
QUERY = """
query Shelf($where: ProductWhere, $first: Int) {
  products(where: $where, first: $first) {
    totalCount edges { node { id milestones { totalCount } } }
  }
}
"""


def _ancestors(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[str]:
    names = []
    parent = span.parent
    while parent is not None and parent.span_id in by_id:
        above = by_id[parent.span_id]
        names.append(above.name)
        parent = above.parent
    return names


async def test_a_request_span_holds_cypher_spans_with_names_and_rows_never_values(
    settings: Settings, auth_headers: dict[str, str]
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    async with observed_app(settings, auth_headers, tracer_provider=provider) as (_app, client):
        created = await client.post(
            "/graphql",
            json={"query": f'mutation {{ createProduct(input: {{title: "{SECRET}"}}) {{ id }} }}'},
        )
        assert created.status_code == 200
        exporter.clear()
        response = await client.post(
            "/graphql",
            json={"query": QUERY, "variables": {"where": {"title_contains": SECRET}, "first": 5}},
            headers={"X-Request-Id": "trace-me"},
        )
    assert response.json()["data"]["products"]["totalCount"] == 1
    spans = exporter.get_finished_spans()
    by_id = {span.context.span_id: span for span in spans}
    [request] = [span for span in spans if span.name == "POST /graphql"]
    assert request.parent is None
    attributes = dict(request.attributes or {})
    assert attributes["upg.request_id"] == "trace-me"
    assert attributes["http.response.status_code"] == 200
    assert attributes["graphql.operation.name"] == "Shelf"
    [operation] = [span for span in spans if span.name == "GraphQL Query: Shelf"]
    assert operation.parent is not None and operation.parent.span_id == request.context.span_id
    cypher = {span.name: span for span in spans if span.name.startswith("cypher ")}
    # The list and its neighbours are one compiled read (upg.api.compiled).
    assert set(cypher) == {"cypher compiled/read"}
    for name, span in cypher.items():
        assert span.context.trace_id == request.context.trace_id
        assert "POST /graphql" in _ancestors(span, by_id)
        assert "GraphQL Query: Shelf" in _ancestors(span, by_id)
        assert (span.attributes or {})["upg.cypher.statement"] == name.removeprefix("cypher ")
    assert (cypher["cypher compiled/read"].attributes or {})["db.response.returned_rows"] == 1
    everything = json.dumps([dict(span.attributes or {}) for span in spans], default=str)
    assert SECRET not in everything
    assert "query" not in {key for span in spans for key in (span.attributes or {})}
    provider.shutdown()
