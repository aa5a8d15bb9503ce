"""`python -m bench`: generate graphs of growing size on a dedicated Neo4j and measure upg.

Per size: ingest rate; raw Cypher vs upg GraphQL vs @neo4j/graphql latency for the audits and
the nested list page (answers checked equal first); PROFILE of every audit at the largest size
up to 100k; throughput at 1/8/32 clients at 100k. Writes bench/results.json, bench/RESULTS.md
and bench/latency.png. Never run by the test command.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import functools
import json
import os
import platform
import sys
import time
from collections.abc import Awaitable, Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver

from bench import apps, report, targets
from bench.measure import GraphQLClient, load, sample
from bench.profiling import profile_audits
from bench.queries import (
    BIGGEST_SCORE,
    NODE_COUNT,
    QUERIES,
    VANITY_PAGE_SIZE,
    raw_vanity_answer,
    their_answer,
    upg_answer,
)
from bench.server import bench_settings, local_server
from bench.targets import CONCURRENCY, MAIN_SIZE, ONE_MILLION
from upg.bootstrap import build
from upg.graph import cypher
from upg.graph.migrations import migrate
from upg.services import audits
from upg.services import generate as gen

HERE = Path(__file__).resolve().parent


def spec_for(milestones: int, seed: int) -> gen.GraphSpec:
    """A company-shaped graph: ~200 milestones per product, 2 scores per product."""
    return gen.GraphSpec(
        products=max(10, milestones // 200),
        milestones=milestones,
        scores=max(20, milestones // 100),
        outcomes=max(10, milestones // 400),
        seed=seed,
    )


def _machine(settings: Any) -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = 0.0
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "absent"

    def npm_version(name: str) -> str:
        package = apps.NODE_APP / "node_modules" / name / "package.json"
        with contextlib.suppress(OSError, ValueError):
            return str(json.loads(package.read_text())["version"])
        return "absent"

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "neo4j_driver": version("neo4j"),
        "rust_ext": version("neo4j-rust-ext"),
        "neo4j": local_server(settings, progress=lambda _: None).version,
        "heap": settings.heap,
        "pagecache": settings.pagecache,
        "node": apps.node_version(),
        "neo4j_graphql": npm_version("@neo4j/graphql"),
        "apollo": npm_version("@apollo/server"),
        "loadavg_before": _loadavg(),
    }


def _loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _progress(report_: gen.GenerateReport, done: int) -> None:
    total = report_.spec.milestones
    print(
        f"\r  generating: {done:,}/{total:,} milestones, {report_.entities:,} entities, "
        f"{report_.rate:,.0f}/s",
        end="",
        flush=True,
    )


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.settings = bench_settings()
        # A batch upg (no transaction time limit): the 1M full audit runs longer than an API
        # request may.
        self.upg = build(self.settings, batch=True)
        self.driver: AsyncDriver = self.upg.driver
        self.repo = self.upg.repository
        self.notes: list[str] = []

    async def raw(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """The statement's rows through the Python driver, as plain dicts."""
        records, _, _ = await self.driver.execute_query(
            cypher.load(name),
            params,
            database_=self.settings.neo4j_database,
            routing_="r",
        )
        return [record.data() for record in records]

    async def raw_vanity_full(self) -> list[list[Any]]:
        """The whole vanity audit as the repository reads it: audit/vanity_full, chunk after
        chunk from the last milestone returned, until a chunk comes back short."""
        found: list[list[Any]] = []
        after = ("", "")
        scope = {"productId": None, "healthScoreId": None, "tag": None}
        while True:
            [row] = await self.raw(
                "audit/vanity_full", **scope, afterTitle=after[0], afterId=after[1], chunk=5000
            )
            found += row["milestones"]
            if len(row["milestones"]) < 5000:
                return found
            after = (found[-1][0][2], found[-1][0][0])  # [fields, products, scores]

    async def ingest(self, size: int) -> dict[str, Any]:
        spec = spec_for(size, self.args.seed)
        if self.args.reuse_graph and await self.node_count() == spec.nodes:
            print(f"  reusing the {spec.nodes:,} nodes already there (--reuse-graph): no ingest")
            return {
                "products": spec.products,
                "scores": spec.scores,
                "outcomes": spec.outcomes,
                "nodes": spec.nodes,
                "edges": None,
                "seconds": None,
                "entities_per_s": None,
                "reused": True,
            }
        began = time.perf_counter()
        deleted = await gen.wipe(self.repo)
        wipe_s = time.perf_counter() - began
        result = await gen.generate(self.repo, spec, progress=_progress)
        print()
        return {
            "products": spec.products,
            "scores": spec.scores,
            "outcomes": spec.outcomes,
            "nodes": result.nodes,
            "edges": sum(result.edges.values()),
            "edges_by_type": result.edges,
            "seconds": round(result.seconds, 2),
            "entities_per_s": round(result.rate, 1),
            "wiped_nodes": deleted,
            "wipe_seconds": round(wipe_s, 2),
        }

    async def check_answers(
        self, upg: GraphQLClient, theirs: GraphQLClient | None, score_id: str
    ) -> dict[str, bool]:
        """The APIs must agree before their timings mean anything."""
        match: dict[str, bool] = {}
        raw = await self.raw(
            "audit/vanity_milestones",
            productId=None,
            healthScoreId=None,
            tag=None,
            skip=0,
            limit=VANITY_PAGE_SIZE,
        )
        raw_answer = raw_vanity_answer(raw[0])
        for query in QUERIES:
            variables = query.variables(score_id)
            ours = upg_answer(query.name, (await upg.post(query.upg, variables))["data"])
            ok = True
            if query.name == "vanity_page":
                ok = ours == raw_answer
            if theirs is not None:
                other = their_answer(
                    query.name, (await theirs.post(query.theirs, variables))["data"]
                )
                ok = ok and ours == other
            match[query.name] = ok
            if not ok:
                self.notes.append(f"answers differ for {query.name}: timings of it are suspect")
        return match

    async def latency(
        self, upg: GraphQLClient, theirs: GraphQLClient | None, score_id: str
    ) -> dict[str, Any]:
        n, warmup, cap = self.args.iterations, 3, self.args.max_seconds
        out: dict[str, Any] = {}

        async def run(name: str, call: Callable[[], Awaitable[Any]]) -> None:
            try:
                out[name] = await sample(call, n=n, warmup=warmup, max_seconds=cap)
            except Exception as exc:  # a timeout at 1M must not lose the other cells
                self.notes.append(f"{name} failed: {str(exc)[:200]}")
                print(f"  {name:<34} failed: {str(exc)[:120]}")
                return
            print(f"  {name:<34} p50 {out[name]['p50_ms']:>9.1f} ms")

        vanity = {"productId": None, "healthScoreId": None, "tag": None, "skip": 0}
        await run(
            "raw_vanity_page",
            lambda: self.raw("audit/vanity_milestones", **vanity, limit=VANITY_PAGE_SIZE),
        )
        q = {query.name: query for query in QUERIES}
        await run(
            "upg_vanity_page",
            lambda: upg.post(q["vanity_page"].upg, q["vanity_page"].variables(score_id)),
        )
        await run("raw_vanity_full", self.raw_vanity_full)
        await run("service_vanity_full", lambda: audits.vanity_milestones(self.repo))
        whole_scores = {"skip": 0, "limit": None, "vanityLimit": None}
        await run(
            "raw_health_score_audit",
            lambda: self.raw("audit/health_score_audit", **whole_scores, healthScoreId=score_id),
        )
        await run(
            "upg_health_score_audit",
            lambda: upg.post(
                q["health_score_audit"].upg, q["health_score_audit"].variables(score_id)
            ),
        )
        await run("service_score_audit_full", lambda: audits.health_score_audits(self.repo))
        await run("service_milestone_audit_full", lambda: audits.milestone_audit(self.repo))
        await run(
            "upg_nested_page",
            lambda: upg.post(q["nested_page"].upg, q["nested_page"].variables(score_id)),
        )
        if theirs is not None:
            for name in ("vanity_page", "health_score_audit", "nested_page"):
                query = q[name]
                await run(
                    f"theirs_{name}",
                    functools.partial(theirs.post, query.theirs, query.variables(score_id)),
                )
        for name, raw_name in (
            ("upg_vanity_page", "raw_vanity_page"),
            ("upg_health_score_audit", "raw_health_score_audit"),
            ("theirs_vanity_page", "raw_vanity_page"),
            ("theirs_health_score_audit", "raw_health_score_audit"),
            ("service_vanity_full", "raw_vanity_full"),
        ):
            if name in out and raw_name in out:
                out[name]["vs_raw_p50"] = round(out[name]["p50_ms"] / out[raw_name]["p50_ms"], 3)
        for query in QUERIES:
            if f"upg_{query.name}" in out:
                body = await upg.post(query.upg, query.variables(score_id))
                out[f"upg_{query.name}"]["round_trips"] = body["extensions"]["cypherRoundTrips"]
            if f"theirs_{query.name}" in out:
                out[f"theirs_{query.name}"]["round_trips"] = 1  # one statement per request
        for name in ("raw_vanity_page", "raw_vanity_full", "raw_health_score_audit"):
            if name in out:
                out[name]["round_trips"] = 1
        return out

    async def throughput(
        self, size: int, upg: GraphQLClient, theirs: GraphQLClient, score_id: str
    ) -> dict[str, Any]:
        rows = []
        for query in QUERIES:
            variables = query.variables(score_id)
            for concurrency in CONCURRENCY:
                cell: dict[str, Any] = {"query": query.name, "concurrency": concurrency}
                for side, client, document in (
                    ("upg", upg, query.upg),
                    ("theirs", theirs, query.theirs),
                ):
                    await client.post(document, variables)  # warm
                    cell[side] = await load(
                        functools.partial(client.post, document, variables),
                        concurrency=concurrency,
                        max_requests=self.args.max_requests,
                        max_seconds=self.args.load_seconds,
                    )
                ours, other = cell["upg"]["rps"], cell["theirs"]["rps"]
                cell["ratio"] = round(ours / other, 3) if other else None
                print(
                    f"  {query.name:<20} x{concurrency:<3} upg {ours:>8.1f} req/s   "
                    f"theirs {other:>8.1f} req/s   ratio {cell['ratio']}"
                )
                rows.append(cell)
        return {
            "size": size,
            "max_requests": self.args.max_requests,
            "max_seconds": self.args.load_seconds,
            "rows": rows,
        }

    async def node_count(self) -> int:
        records, _, _ = await self.driver.execute_query(
            NODE_COUNT, database_=self.settings.neo4j_database
        )
        return int(records[0]["nodes"])

    async def biggest_score(self) -> str:
        records, _, _ = await self.driver.execute_query(
            BIGGEST_SCORE, database_=self.settings.neo4j_database
        )
        return str(records[0]["id"])


def _sizes(args: argparse.Namespace) -> list[int]:
    if args.sizes:
        return [int(s.replace("k", "000").replace("M", "000000")) for s in args.sizes.split(",")]
    return [10_000] if args.quick else [10_000, MAIN_SIZE]


def _fits_one_million(runs: dict[str, Any], args: argparse.Namespace) -> tuple[bool, str]:
    """1M when the 100k run predicts it finishes in the time budget and the memory fits."""
    main = runs.get(str(MAIN_SIZE))
    if main is None:
        return False, "no 100k run to extrapolate from"
    rate = main["ingest"]["entities_per_s"]
    if rate is None:
        return False, "1M skipped: the 100k graph was reused, so there is no ingest rate"
    entities = (main["ingest"]["nodes"] + main["ingest"]["edges"]) * 10
    ingest_min = entities / rate / 60 if rate else float("inf")
    # Each latency cell runs for max_seconds, or 4 runs (1 warm-up, 3 timed) of ten times the
    # 100k p50 when that is longer; throughput and PROFILE are not repeated at 1M.
    cells = [
        max(args.max_seconds, 4 * cell["p50_ms"] * 10 / 1000) for cell in main["latency"].values()
    ]
    predicted = ingest_min + sum(cells) / 60
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    if memory_gb < 12:
        return False, f"{memory_gb:.0f} GB of RAM is too little for a 1M graph beside the APIs"
    if predicted > args.budget_minutes:
        return False, (
            f"1M skipped: predicted {predicted:.0f} min (ingest {ingest_min:.0f} min at "
            f"{rate:,.0f} entities/s) exceeds the {args.budget_minutes} min budget "
            "(--budget-minutes)"
        )
    return True, f"1M included: predicted {predicted:.0f} min"


async def run(args: argparse.Namespace) -> dict[str, Any]:
    bench = Bench(args)
    server = local_server(bench.settings)
    print(f"Bench Neo4j at {bench.settings.neo4j_uri} (home {bench.settings.home})")
    server.start()
    await migrate(bench.driver, bench.settings.neo4j_database)
    logs = bench.settings.home / "bench-logs"
    logs.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "generated_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": _machine(bench.settings),
        "config": {
            "workers": args.workers,
            "iterations": args.iterations,
            "seed": args.seed,
            "concurrency": list(CONCURRENCY),
        },
        "runs": {},
    }
    sizes = _sizes(args)
    with contextlib.ExitStack() as stack:
        upg_app = stack.enter_context(apps.upg_api(bench.settings, logs, workers=args.workers))
        their_app = (
            None if args.no_theirs else stack.enter_context(apps.their_api(bench.settings, logs))
        )
        upg = GraphQLClient(upg_app.url)
        theirs = None if their_app is None else GraphQLClient(their_app.url)
        # Again, now that their app is installed: before it, its packages read as absent.
        results["machine"] = _machine(bench.settings)
        index = 0
        while index < len(sizes):
            size = sizes[index]
            print(f"== {size:,} milestones")
            entry: dict[str, Any] = {"ingest": await bench.ingest(size)}
            began = time.perf_counter()
            score_id = await bench.biggest_score()
            entry["answers_match"] = await bench.check_answers(upg, theirs, score_id)
            entry["latency"] = await bench.latency(upg, theirs, score_id)
            if size == min(max(sizes), MAIN_SIZE) or size == MAIN_SIZE:
                entry["profile"] = await profile_audits(
                    bench.driver, bench.settings.neo4j_database, score_id
                )
                results["profile_size"] = size
                if theirs is not None and not args.no_throughput:
                    results["throughput"] = await bench.throughput(size, upg, theirs, score_id)
            entry["measure_seconds"] = round(time.perf_counter() - began, 1)
            results["runs"][str(size)] = entry
            if size == MAIN_SIZE and not args.sizes and not args.quick:
                fits, why = _fits_one_million(results["runs"], args)
                bench.notes.append(why)
                if fits:
                    sizes.append(ONE_MILLION)
            index += 1
        await upg.close()
        if theirs is not None:
            await theirs.close()
    await bench.upg.close()
    if not args.keep_neo4j:
        server.stop()
    results["machine"]["loadavg_after"] = _loadavg()
    results["notes"] = bench.notes
    return finalize(results)


def finalize(results: dict[str, Any]) -> dict[str, Any]:
    """The targets table and the headline keys, from the measurements."""
    results["targets"] = targets.targets(results)
    for key, target in results["targets"].items():
        if not key.endswith("_cost_growth_vs_linear"):
            results[key] = target["value"]
    return results


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", help="comma-separated milestone counts (e.g. 10k,100k,1M)")
    parser.add_argument("--quick", action="store_true", help="10k only, fewer samples")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workers",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="uvicorn workers of the upg API (default: one per core, at most 2)",
    )
    parser.add_argument("--iterations", type=int, default=30, help="latency samples per cell")
    parser.add_argument("--max-seconds", type=float, default=20.0, help="time cap per latency cell")
    parser.add_argument("--max-requests", type=int, default=2000, help="per throughput cell")
    parser.add_argument("--load-seconds", type=float, default=10.0, help="per throughput cell")
    parser.add_argument("--budget-minutes", type=float, default=30.0, help="1M only if it fits")
    parser.add_argument("--no-theirs", action="store_true", help="skip @neo4j/graphql")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--keep-neo4j", action="store_true", help="leave the bench Neo4j running")
    parser.add_argument(
        "--reuse-graph",
        action="store_true",
        help="skip ingest when the graph already has the size's node count (iterating on "
        "query or API speed; no ingest numbers); use with --keep-neo4j and a scratch --out",
    )
    parser.add_argument("--out", type=Path, default=HERE, help="where results files go")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="rewrite RESULTS.md and the plot from results.json",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.iterations = min(args.iterations, 20)
        args.load_seconds = min(args.load_seconds, 5.0)
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    if args.report_only:
        results = finalize(json.loads((args.out / "results.json").read_text(encoding="utf-8")))
    else:
        results = asyncio.run(run(args))
    args.out.mkdir(parents=True, exist_ok=True)
    report.write_json(results, args.out / "results.json")
    report.write_markdown(results, args.out / "RESULTS.md")
    plotted = report.plot(results, args.out / "latency.png")
    print(report.markdown(results))
    if not plotted:
        print("matplotlib is missing: no latency.png (pip install -e '.[bench]')", file=sys.stderr)
