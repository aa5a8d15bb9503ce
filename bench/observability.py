"""`python -m bench.observability`: what metrics and request logs cost on the vanity page.

Two API processes on the same bench Neo4j and graph: one as `upg serve` builds it (metrics, a
JSON request line per request written to its log file, the request record), one built with
`create_app(..., observe=False)`. Requests alternate between them (which goes first alternates
too), one at a time, so both see the same machine load; the overhead is reported from the two
p50s and from the median of the paired differences. Tracing stays off in both (it is off by
default and its cost depends on the collector).

The target (issue #14) is under 3% at p50 on 100k milestones. On a shared machine the numbers
move: run it on a quiet one for a number to quote.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver

from bench import apps
from bench.measure import GraphQLClient, percentile
from bench.queries import NODE_COUNT, UPG_VANITY_PAGE, VANITY_PAGE_SIZE
from bench.run import _loadavg, spec_for
from bench.server import bench_settings, local_server
from upg.bootstrap import open_driver
from upg.graph.migrations import migrate
from upg.graph.repository import Neo4jRepository
from upg.observability import logs
from upg.observability.metrics import Metrics
from upg.observability.record import RequestRecord, Statement
from upg.services import generate as gen

ON_PORT = 28810
OFF_PORT = 28811
TARGET = 0.03


async def _ensure_graph(
    driver: AsyncDriver, database: str, milestones: int, seed: int, reuse: bool
) -> str:
    spec = spec_for(milestones, seed)
    records, _, _ = await driver.execute_query(NODE_COUNT, database_=database)
    if reuse and int(records[0]["nodes"]) == spec.nodes:
        return f"reused the {spec.nodes:,} nodes already there"
    repo = Neo4jRepository(driver, database)
    await gen.wipe(repo)
    result = await gen.generate(repo, spec)
    return f"generated {result.nodes:,} nodes in {result.seconds:.1f} s"


async def _interleaved(
    on: Callable[[], Awaitable[Any]],
    off: Callable[[], Awaitable[Any]],
    iterations: int,
    warmup: int,
) -> tuple[list[float], list[float]]:
    for _ in range(warmup):
        await on()
        await off()
    timings_on: list[float] = []
    timings_off: list[float] = []

    async def timed(call: Callable[[], Awaitable[Any]], into: list[float]) -> None:
        began = time.perf_counter()
        await call()
        into.append((time.perf_counter() - began) * 1000)

    for i in range(iterations):
        if i % 2:
            await timed(on, timings_on)
            await timed(off, timings_off)
        else:
            await timed(off, timings_off)
            await timed(on, timings_on)
    return timings_on, timings_off


def in_process_cost_us(requests: int = 20_000) -> float:
    """What recording one vanity-page request costs inside the process (metrics and a JSON
    line written to a file), in microseconds: the part of the overhead machine noise cannot hide.
    """
    logger = logging.getLogger(logs.ROOT)
    handlers, level = logger.handlers[:], logger.level
    with open(os.devnull, "w", encoding="utf-8") as sink:
        handler = logging.StreamHandler(sink)
        handler.setFormatter(logs.JsonFormatter())
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        metrics = Metrics(lambda: 0)
        began = time.perf_counter()
        for _ in range(requests):
            record = RequestRecord("bench", operation="VanityPage", operation_type="query")
            record.identified, record.status, record.cost = True, 200, 61
            record.statements.append(Statement("audit/vanity_milestones", 1, 0.1))
            metrics.observe(record, 0.15)
            logs.log_request(record, 0.15, 1000)
        cost = (time.perf_counter() - began) / requests * 1e6
    logger.handlers[:] = handlers
    logger.setLevel(level)
    return round(cost, 1)


def _summary(ms: list[float]) -> dict[str, float]:
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 3),
        "p95_ms": round(percentile(ms, 95), 3),
        "mean_ms": round(statistics.fmean(ms), 3),
    }


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    settings = bench_settings(heap=args.heap, pagecache=args.pagecache)
    server = local_server(settings)
    print(f"Bench Neo4j at {settings.neo4j_uri} (home {settings.home})")
    server.start()
    driver = open_driver(settings)
    logs = settings.home / "bench-logs"
    logs.mkdir(parents=True, exist_ok=True)
    try:
        await migrate(driver, settings.neo4j_database)
        graph = await _ensure_graph(
            driver, settings.neo4j_database, args.milestones, args.seed, args.reuse_graph
        )
        print(f"  {graph}")
        load_before = _loadavg()
        with contextlib.ExitStack() as stack:
            on_app = stack.enter_context(
                apps.upg_api(
                    settings,
                    logs,
                    port=args.on_port,
                    name="observed",
                    env={"UPG_LOG_FORMAT": "json", "UPG_OTEL": "off"},
                )
            )
            off_app = stack.enter_context(
                apps.upg_api(
                    settings,
                    logs,
                    port=args.off_port,
                    factory="bench.asgi:create_unobserved",
                    name="unobserved",
                    env={"UPG_OTEL": "off"},
                )
            )
            on, off = GraphQLClient(on_app.url), GraphQLClient(off_app.url)
            variables = {"first": VANITY_PAGE_SIZE}
            answer_on = await on.post(UPG_VANITY_PAGE, variables)
            answer_off = await off.post(UPG_VANITY_PAGE, variables)
            if answer_on["data"] != answer_off["data"]:
                raise RuntimeError("the two APIs answer the vanity page differently")
            timings_on, timings_off = await _interleaved(
                lambda: on.post(UPG_VANITY_PAGE, variables),
                lambda: off.post(UPG_VANITY_PAGE, variables),
                args.iterations,
                args.warmup,
            )
            await on.close()
            await off.close()
            logged = sum(1 for _ in on_app.log.open(encoding="utf-8", errors="replace"))
    finally:
        await driver.close()
        if not args.keep_neo4j:
            server.stop()
    on_s, off_s = _summary(timings_on), _summary(timings_off)
    paired = statistics.median(a - b for a, b in zip(timings_on, timings_off, strict=True))
    overhead = (on_s["p50_ms"] - off_s["p50_ms"]) / off_s["p50_ms"]
    return {
        "milestones": args.milestones,
        "query": "vanityMilestones(first: 20), one request at a time, alternating",
        "observed": on_s,
        "unobserved": off_s,
        "p50_overhead": round(overhead, 4),
        "median_paired_difference_ms": round(paired, 3),
        "median_paired_overhead": round(paired / off_s["p50_ms"], 4),
        "in_process_us_per_request": in_process_cost_us(),
        "target": f"< {TARGET:.0%} at p50",
        "met": overhead < TARGET,
        "observed_log_lines": logged,
        "loadavg_before": load_before,
        "loadavg_after": _loadavg(),
    }


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.observability", description=__doc__)
    parser.add_argument("--milestones", type=int, default=100_000)
    parser.add_argument("--iterations", type=int, default=400, help="requests per API, timed")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per API")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--heap", default="2g", help="bench Neo4j heap")
    parser.add_argument("--pagecache", default="2g", help="bench Neo4j page cache")
    parser.add_argument("--on-port", type=int, default=ON_PORT)
    parser.add_argument("--off-port", type=int, default=OFF_PORT)
    parser.add_argument("--keep-neo4j", action="store_true", help="leave the bench Neo4j running")
    parser.add_argument(
        "--reuse-graph", action="store_true", help="keep a graph of this size if it is there"
    )
    parser.add_argument("--out", type=Path, help="also write the result as JSON here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    result = asyncio.run(measure(args))
    text = json.dumps(result, indent=2)
    print(text)
    if args.out is not None:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
