"""A bounded load test of a running upg API: mixed reads and writes, a fixed request count and a
time limit, reporting throughput, p50/p99 latency and the error rate.

    python -m bench.load --url http://127.0.0.1:8000 --token "$UPG_TOKEN" \\
        --requests 2000 --concurrency 16 --time-limit 120

The token needs the editor role (writes). Setup creates one product, one health score and one
outcome; each write then creates a milestone with a client-chosen id and links it to all three
in one request (four mutation fields), so writes are retry-safe. Any non-200 answer or any
GraphQL error counts as an error. The graph is left as it is afterwards: run it on a scratch
database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from bench.measure import percentile

READS: dict[str, str] = {
    "nested_page": """{ products(first: 10) { edges { node { title milestones(first: 20) {
        edges { node { title isVanity outcomes { totalCount } } } } } } } }""",
    "vanity_page": "{ vanityMilestones(first: 20) { totalCount edges { node { id title } } } }",
    "score_audits": """{ healthScoreAudits { edges { node { vanityShare
        vanityContributions { edges { node { weight } } } } } } }""",
    "milestone_page": """{ successMilestones(first: 50, orderBy: [{field: TITLE}]) {
        edges { node { id title status } } } }""",
}
WRITE = """mutation($id: ID!, $input: SuccessMilestoneInput!, $product: ID!, $score: ID!,
    $outcome: ID!, $weight: Float) {
  created: createSuccessMilestone(input: $input) { id }
  product: link(fromId: $product, toId: $id, type: CELEBRATES_VIA) { type }
  score: link(fromId: $score, toId: $id, type: CONTAINS, weight: $weight) { type }
  outcome: link(fromId: $id, toId: $outcome, type: VALIDATES) { type }
}"""
SETUP = """mutation {
  product: createProduct(input: {title: "Load-test product"}) { id }
  score: createHealthScore(input: {title: "Load-test score"}) { id }
  outcome: createOutcome(input: {title: "Load-test outcome"}) { id }
}"""


@dataclass
class LoadReport:
    requests: int
    errors: int
    error_rate: float
    elapsed_s: float
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    concurrency: int
    write_share: float
    by_kind: dict[str, int] = field(default_factory=dict)
    first_errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.requests} requests ({self.write_share:.0%} writes) at concurrency "
            f"{self.concurrency} in {self.elapsed_s:.1f} s: {self.requests_per_s:.0f} req/s, "
            f"p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, "
            f"errors {self.errors} ({self.error_rate:.2%})"
        )


async def run_load(
    url: str,
    token: str,
    *,
    requests: int,
    concurrency: int,
    time_limit_s: float,
    write_share: float = 0.3,
    seed: int = 1,
) -> LoadReport:
    """Send `requests` requests from `concurrency` clients (fewer if `time_limit_s` runs out)."""
    endpoint = url.rstrip("/") + "/graphql"
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(headers=headers, timeout=60.0, limits=limits) as client:
        setup = await _post(client, endpoint, SETUP, {})
        ids = {key: value["id"] for key, value in setup.json()["data"].items()}
        rng = random.Random(seed)
        plan = [
            "write" if rng.random() < write_share else rng.choice(list(READS))
            for _ in range(requests)
        ]
        latencies: list[float] = []
        errors: list[str] = []
        kinds: dict[str, int] = {}
        queue: asyncio.Queue[str] = asyncio.Queue()
        for kind in plan:
            queue.put_nowait(kind)
        deadline = time.monotonic() + time_limit_s

        async def client_loop() -> None:
            while not queue.empty() and time.monotonic() < deadline:
                kind = queue.get_nowait()
                document, variables = _request(kind, ids, rng)
                began = time.perf_counter()
                try:
                    response = await _post(client, endpoint, document, variables)
                    problem = _problem(response)
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                latencies.append((time.perf_counter() - began) * 1000)
                kinds[kind] = kinds.get(kind, 0) + 1
                if problem:
                    errors.append(f"{kind}: {problem}")

        started = time.perf_counter()
        await asyncio.gather(*(client_loop() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    sent = len(latencies)
    return LoadReport(
        requests=sent,
        errors=len(errors),
        error_rate=len(errors) / sent if sent else 1.0,
        elapsed_s=round(elapsed, 3),
        requests_per_s=round(sent / elapsed, 1) if elapsed else 0.0,
        p50_ms=round(percentile(latencies, 50), 2) if latencies else 0.0,
        p99_ms=round(percentile(latencies, 99), 2) if latencies else 0.0,
        concurrency=concurrency,
        write_share=write_share,
        by_kind=kinds,
        first_errors=errors[:5],
    )


def _request(kind: str, ids: dict[str, str], rng: random.Random) -> tuple[str, dict[str, Any]]:
    if kind != "write":
        return READS[kind], {}
    node_id = str(uuid.uuid4())
    return WRITE, {
        "id": node_id,
        "input": {"id": node_id, "title": f"Load milestone {node_id[:8]}"},
        **ids,
        "weight": float(rng.randint(1, 5)),
    }


async def _post(
    client: httpx.AsyncClient, endpoint: str, document: str, variables: dict[str, Any]
) -> httpx.Response:
    return await client.post(endpoint, json={"query": document, "variables": variables})


def _problem(response: httpx.Response) -> str | None:
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    body = response.json()
    if body.get("errors"):
        return json.dumps(body["errors"][0])[:200]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--token", required=True, help="an editor (or admin) API key or JWT")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds")
    parser.add_argument("--write-share", type=float, default=0.3)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    report = asyncio.run(
        run_load(
            args.url,
            args.token,
            requests=args.requests,
            concurrency=args.concurrency,
            time_limit_s=args.time_limit,
            write_share=args.write_share,
        )
    )
    print(json.dumps(asdict(report), indent=2) if args.json else report.line())
    for error in report.first_errors:
        print(f"  error: {error}")
    raise SystemExit(1 if report.errors else 0)


if __name__ == "__main__":
    main()
