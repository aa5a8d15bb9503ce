"""Timing: sequential latency samples and closed-loop load at a fixed concurrency."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import httpx
import orjson


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(latencies_ms: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(latencies_ms),
        "p50_ms": round(percentile(latencies_ms, 50), 3),
        "p95_ms": round(percentile(latencies_ms, 95), 3),
        "p99_ms": round(percentile(latencies_ms, 99), 3),
        "mean_ms": round(sum(latencies_ms) / len(latencies_ms), 3),
    }


async def sample(
    call: Callable[[], Awaitable[Any]], *, n: int, warmup: int, max_seconds: float
) -> dict[str, float]:
    """Latency of `call` run one at a time: `warmup` untimed runs (just one when a run takes
    over a second), then up to `n` timed ones (fewer if `max_seconds` runs out, at least 3)."""
    for _ in range(warmup):
        began = time.perf_counter()
        await call()
        if time.perf_counter() - began > 1.0:
            break
    timings: list[float] = []
    deadline = time.perf_counter() + max_seconds
    while len(timings) < n and (len(timings) < 3 or time.perf_counter() < deadline):
        began = time.perf_counter()
        await call()
        timings.append((time.perf_counter() - began) * 1000)
    return summary(timings)


class GraphQLClient:
    """POSTs one document with variables; raises on HTTP or GraphQL errors."""

    def __init__(self, url: str, connections: int = 64) -> None:
        self.url = url
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        self._client = httpx.AsyncClient(limits=limits, timeout=120.0)

    async def post(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = await self._client.post(
            self.url,
            content=orjson.dumps({"query": query, "variables": variables}),
            headers={"content-type": "application/json", "accept": "application/json"},
        )
        body: dict[str, Any] = orjson.loads(response.content)
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"{self.url}: {response.status_code} {str(body)[:500]}")
        return body

    async def close(self) -> None:
        await self._client.aclose()


async def load(
    call: Callable[[], Awaitable[Any]],
    *,
    concurrency: int,
    max_requests: int,
    max_seconds: float,
) -> dict[str, float]:
    """Closed loop: `concurrency` clients send back to back until `max_requests` are done or
    `max_seconds` pass. Requests/s counts successes; errors are counted apart."""
    latencies: list[float] = []
    errors = 0
    started = 0
    deadline = time.perf_counter() + max_seconds

    async def client() -> None:
        nonlocal errors, started
        while started < max_requests and time.perf_counter() < deadline:
            started += 1
            began = time.perf_counter()
            try:
                await call()
            except Exception:
                errors += 1
                continue
            latencies.append((time.perf_counter() - began) * 1000)

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    result: dict[str, float] = {
        "concurrency": concurrency,
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 3),
        "rps": round(len(latencies) / elapsed, 2) if elapsed > 0 else 0.0,
    }
    if latencies:
        result.update(
            p50_ms=round(percentile(latencies, 50), 3), p99_ms=round(percentile(latencies, 99), 3)
        )
    return result
