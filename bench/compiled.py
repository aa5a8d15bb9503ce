"""`python -m bench.compiled`: the nested page, compiled read vs resolvers, in one process.

Two apps on the same Neo4j and graph (UPG_NEO4J_* from the environment, e.g. the test server's
`UPG_NEO4J_BOLT_PORT=17722 UPG_ANONYMOUS_READ=true`): one with compiled reads on, one with
UPG_COMPILED_READS off. The graph is generated (bench.run's company shape) unless a graph of the
same size is there. Both answers must be equal before anything is timed; then requests alternate
between the apps, one at a time, over in-process ASGI (no HTTP server, no network).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

import httpx

from bench.measure import percentile
from bench.queries import NESTED_MILESTONES, NESTED_PRODUCTS, NODE_COUNT, UPG_NESTED_PAGE
from bench.run import spec_for
from upg.api.app import create_app
from upg.bootstrap import open_driver
from upg.config import load_settings
from upg.graph.repository import Neo4jRepository
from upg.services import generate as gen

VARIABLES = {"products": NESTED_PRODUCTS, "milestones": NESTED_MILESTONES}


async def _ensure_graph(milestones: int) -> str:
    settings = load_settings()
    driver = open_driver(settings)
    try:
        spec = spec_for(milestones, 1)
        records, _, _ = await driver.execute_query(NODE_COUNT, database_=settings.neo4j_database)
        if int(records[0]["nodes"]) == spec.nodes:
            return f"reused the {spec.nodes:,} nodes already there"
        repo = Neo4jRepository(driver, settings.neo4j_database)
        await gen.wipe(repo)
        result = await gen.generate(repo, spec)
        return f"generated {result.nodes:,} nodes in {result.seconds:.1f} s"
    finally:
        await driver.close()


async def _post(client: httpx.AsyncClient) -> tuple[float, dict[str, Any]]:
    began = time.perf_counter()
    payload = {"query": UPG_NESTED_PAGE, "variables": VARIABLES}
    response = await client.post("/graphql", json=payload)
    elapsed = (time.perf_counter() - began) * 1000
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or "errors" in body:
        raise SystemExit(f"nested page failed: {response.status_code} {response.text[:300]}")
    return elapsed, body


async def measure(milestones: int, requests: int, warmup: int) -> dict[str, Any]:
    graph = await _ensure_graph(milestones)
    settings = load_settings().model_copy(update={"anonymous_read": True, "rate_limit_per_min": 0})
    off_settings = settings.model_copy(update={"compiled_reads": False})
    on, off = create_app(settings), create_app(off_settings)
    async with on.router.lifespan_context(on), off.router.lifespan_context(off):
        clients = [
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://localhost")
            for app in (on, off)
        ]
        compiled, resolved = clients
        _, fast = await _post(compiled)
        _, slow = await _post(resolved)
        if fast["data"] != slow["data"]:
            raise SystemExit("the compiled answer differs from the resolvers'")
        for _ in range(warmup):
            await _post(compiled)
            await _post(resolved)
        timings: dict[str, list[float]] = {"compiled": [], "resolvers": []}
        for i in range(requests * 2):
            name, client = (("compiled", compiled), ("resolvers", resolved))[(i + i // 2) % 2]
            elapsed, _ = await _post(client)
            timings[name].append(elapsed)
        for client in clients:
            await client.aclose()
    p50 = {name: percentile(values, 50) for name, values in timings.items()}
    return {
        "graph": graph,
        "milestones": milestones,
        "requests_each": requests,
        "round_trips_compiled": fast["extensions"]["cypherRoundTrips"],
        "round_trips_resolvers": slow["extensions"]["cypherRoundTrips"],
        "p50_ms": p50,
        "p90_ms": {name: percentile(values, 90) for name, values in timings.items()},
        "speedup_p50": p50["resolvers"] / p50["compiled"],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--milestones", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per app")
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args(argv)
    result = asyncio.run(measure(args.milestones, args.requests, args.warmup))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
