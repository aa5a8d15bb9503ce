"""`python -m bench.accounts`: a page of 50 accounts with route status and health values at 100k.

Runs against the Neo4j of the environment (UPG_NEO4J_*, e.g. the test server's
`UPG_NEO4J_BOLT_PORT=... UPG_NEO4J_PASSWORD=...`). Unless the graph already holds the same bench
cohort, it wipes the graph and writes: the demo graph, a "Bench Suite" product with 20 journey
milestones (windows 1..60 days, every phase, plays) validating 3 outcomes, then `--accounts`
accounts that each reach every milestone with probability 1/2 (about 10 REACHED per account: 1M
at 100k), 20% achieving an outcome, 30% naming one (DESIRES); then the route marks of every
account (`upg accounts refresh`). Import and refresh are timed too.

Then, over in-process ASGI (the app `upg serve` runs, no HTTP server), one request at a time:
`accounts(first: 50)` with each account's `routeStatus`, the most urgent route's status and
next milestone and its `healthScores` values (the bench score "Bench health" counts the 20
milestones), unfiltered and with the status, product, play and health-score band filters;
p50 / p95 / p99 and the Cypher round trips of each.

Give it your own server: UPG_HOME (where the server's password is) and UPG_NEO4J_BOLT_PORT;
serialise runs on a shared machine with `flock /tmp/upg-bench.lock python -m bench.accounts`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bench.measure import percentile
from upg.api.app import create_app
from upg.bootstrap import Upg, bootstrap
from upg.config import load_settings
from upg.graph.cypher import load
from upg.model.account_query import AccountFilter, HealthBand, HealthFilter, filter_params
from upg.model.journey import Play, RouteStatus
from upg.model.registry import EdgeType, NodeType, edge_type, node_type
from upg.services import accounts as account_service
from upg.services import demo
from upg.services.evidence import import_rows
from upg.services.generate import wipe
from upg.services.nodes import new_node_props

NAMESPACE = uuid.UUID("7d1f3a52-8c1b-4f7e-9a51-5b0c2f3e9d10")
WINDOWS = (1, 2, 3, 5, 7, 7, 10, 14, 14, 21, 21, 30, 30, 30, 45, 45, 60, 60, 60, 60)
PHASES = ("trial", "onboarding", "adoption", "expansion", "renewal", "advocacy")
PLAYS = (None, "CONVERSION", None, "EXPANSION", None, "ADVOCACY")

PAGE = """
query Page($where: AccountWhere) {
  accounts(first: 50, where: $where) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name signedUpAt routeStatus
      route { status nextMilestone { state dueAt milestone { title } } }
      healthScores { value vanityValue earnedValue healthScore { id } }
    } }
  }
}
"""


WIPE_ACCOUNTS = "MATCH (a:Account) CALL (a) { DETACH DELETE a } IN TRANSACTIONS OF 5000 ROWS"


CPU_MS: list[float] = []
"""This process's CPU time per request (upg's own work, whatever the machine's load)."""


def _id(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


PRODUCT = _id("product")
OUTCOMES = [_id(f"outcome-{i}") for i in range(3)]
MILESTONES = [_id(f"milestone-{i}") for i in range(len(WINDOWS))]
SCORE = _id("score")
SCORE_WEIGHTS = [1.0 + i % 3 for i in range(len(WINDOWS))]
"""The bench health score counts every bench milestone (weights 1, 2, 3 in turn)."""


async def _suite(upg: Upg) -> None:
    """The demo graph and the bench product, its milestones and outcomes (idempotent)."""
    await demo.load_demo(upg.repository)
    nodes: list[tuple[NodeType, dict[str, Any]]] = [
        (node_type("PRODUCT"), {"id": PRODUCT, "title": "Bench Suite"})
    ]
    nodes += [
        (node_type("OUTCOME"), {"id": oid, "title": f"Bench outcome {i}"})
        for i, oid in enumerate(OUTCOMES)
    ]
    nodes.append((node_type("CUSTOMER_HEALTH_SCORE"), {"id": SCORE, "title": "Bench health"}))
    for i, (mid, window) in enumerate(zip(MILESTONES, WINDOWS, strict=True)):
        fields = {
            "id": mid,
            "title": f"Bench milestone {i:02d}",
            "window_days": window,
            "milestone_type": PHASES[i % len(PHASES)],
        }
        if PLAYS[i % len(PLAYS)]:
            fields["play"] = PLAYS[i % len(PLAYS)]
        nodes.append((node_type("SUCCESS_MILESTONE"), fields))
    props = [(kind, new_node_props(kind, data)) for kind, data in nodes]
    edges: list[tuple[EdgeType, str, str, float | None]] = [
        (edge_type("CELEBRATES_VIA"), PRODUCT, m, None) for m in MILESTONES
    ]
    edges += [
        (edge_type("CONTAINS"), SCORE, m, w) for m, w in zip(MILESTONES, SCORE_WEIGHTS, strict=True)
    ]
    edges += [
        (edge_type("VALIDATES"), m, OUTCOMES[i % len(OUTCOMES)], None)
        for i, m in enumerate(MILESTONES)
    ]
    await upg.repository.ensure_graph(props, edges)


def _account(index: int, now: datetime) -> tuple[dict[str, Any], random.Random]:
    rng = random.Random(index)
    signed = now - timedelta(days=rng.uniform(0, 365))
    row = {"id": f"bench-{index:07d}", "name": f"Bench {index}", "signed_up_at": signed}
    return {**row, "products": [PRODUCT]}, rng


def _rows(accounts: int, now: datetime, kind: str) -> Iterator[tuple[int, dict[str, Any]]]:
    line = 0
    for index in range(accounts):
        row, rng = _account(index, now)
        signed, account_id = row["signed_up_at"], row["id"]
        if kind == "accounts":
            line += 1
            yield line, row
            continue
        reached = [
            (m, min(now, signed + timedelta(days=rng.uniform(0, 1.5 * w))))
            for m, w in zip(MILESTONES, WINDOWS, strict=True)
            if rng.random() < 0.5
        ]
        achieved = rng.random() < 0.2
        target = rng.choice(OUTCOMES)
        if kind == "reached":
            for milestone, at in reached:
                line += 1
                yield line, {"account_id": account_id, "milestone_id": milestone, "at": at}
        elif kind == "achieved" and achieved:
            at = min(now, signed + timedelta(days=rng.uniform(30, 90)))
            line += 1
            yield line, {"account_id": account_id, "outcome_id": target, "at": at}
        elif kind == "desires" and rng.random() < 0.3:
            line += 1
            yield line, {"account_id": account_id, "outcome_id": target, "since": signed}


async def _ensure_cohort(upg: Upg, accounts: int, now: datetime) -> dict[str, float]:
    records, _, _ = await upg.driver.execute_query(
        "MATCH (a:Account) WITH count(a) AS n, count(a.route_state) AS marked "
        "RETURN n, marked, COUNT { MATCH (:Account)-[:REACHED]->() } AS reached, "
        "EXISTS { MATCH (:CustomerHealthScore {id: $score})-[:CONTAINS]->() } AS scored",
        score=SCORE,
    )
    found = records[0]
    if (
        found["n"] == accounts
        and found["marked"] == accounts
        and found["reached"] > 0
        and found["scored"]
    ):
        return {"reused": 1.0, "reached": float(found["reached"])}
    await wipe(upg.repository)
    async with upg.driver.session(database=upg.database) as session:
        # CALL IN TRANSACTIONS needs an auto-commit transaction.
        wiped = await session.run(WIPE_ACCOUNTS)
        await wiped.consume()
    await _suite(upg)
    times: dict[str, float] = {}
    began = time.perf_counter()
    summary = await import_rows(
        upg.evidence,
        ("accounts", _rows(accounts, now, "accounts")),
        ("reached", _rows(accounts, now, "reached")),
        ("achieved", _rows(accounts, now, "achieved")),
    )
    times["import_s"] = time.perf_counter() - began
    began = time.perf_counter()
    batch: list[dict[str, Any]] = []
    for _, row in _rows(accounts, now, "desires"):
        batch.append({**row, "replace": False})
        if len(batch) >= 5_000:
            await upg.accounts.merge_desires(batch)
            batch.clear()
    if batch:
        await upg.accounts.merge_desires(batch)
    times["desires_s"] = time.perf_counter() - began
    began = time.perf_counter()
    await account_service.refresh(upg.accounts, upg.journey_policy)
    times["refresh_s"] = time.perf_counter() - began
    times["reached"] = float(summary.accepted["reached"])
    times["rejected"] = float(len(summary.rejected))
    return times


CASES: dict[str, dict[str, Any] | None] = {
    "page": None,
    "status STUCK": {"status": "STUCK"},
    "status BEHIND": {"status": "BEHIND"},
    "status ON_TRACK": {"status": "ON_TRACK"},
    "product": {"productId": PRODUCT},
    "play EXPANSION, 7 days": {"play": "EXPANSION", "reachedWithinDays": 7},
    "score band MEDIUM": {"healthScore": {"id": SCORE, "band": "MEDIUM"}},
    "score band LOW": {"healthScore": {"id": SCORE, "band": "LOW"}},
}


def _filter(where: dict[str, Any] | None) -> AccountFilter:
    given = where or {}
    return AccountFilter(
        product_id=given.get("productId"),
        status=RouteStatus(given["status"]) if "status" in given else None,
        play=Play(given["play"]) if "play" in given else None,
        reached_within_days=given.get("reachedWithinDays"),
        health=(
            HealthFilter(SCORE, HealthBand(given["healthScore"]["band"]))
            if "healthScore" in given
            else None
        ),
    )


async def _server_ms(upg: Upg, where: dict[str, Any] | None, now: datetime) -> list[float]:
    """Neo4j's own time (planning, running, streaming) for the page and catalog statements."""
    policy = upg.journey_policy
    params = filter_params(
        _filter(where), now, policy.stuck_days, policy.default_window_days, sum(SCORE_WEIGHTS)
    )
    spent = []
    async with upg.driver.session(database=upg.database) as session:
        result = await session.run(load("accounts/page_desc"), params, skip=0, limit=51)
        rows = [r.data() async for r in result]
        page = await result.consume()
        products = sorted({p for r in rows for p in r["products"]})
        outcomes = sorted({o for r in rows for o, _ in r["desires"]})
        result = await session.run(
            load("accounts/catalog"),
            productIds=products,
            outcomeIds=outcomes,
            cancelled="cancelled",
        )
        catalog = await result.consume()
        for summary in (page, catalog):
            spent.append(
                float(summary.result_available_after or 0) + (summary.result_consumed_after or 0)
            )
    return spent


async def _post(client: httpx.AsyncClient, where: dict[str, Any] | None) -> tuple[float, Any]:
    began = time.perf_counter()
    cpu = time.process_time()
    response = await client.post("/graphql", json={"query": PAGE, "variables": {"where": where}})
    elapsed = (time.perf_counter() - began) * 1000
    CPU_MS.append((time.process_time() - cpu) * 1000)
    body = response.json()
    if response.status_code != 200 or "errors" in body:
        raise SystemExit(f"accounts page failed: {response.status_code} {response.text[:300]}")
    return elapsed, body


async def measure(accounts: int, requests: int, warmup: int) -> dict[str, Any]:
    update = {"anonymous_read": True, "rate_limit_per_min": 0}
    settings = load_settings().model_copy(update=update)
    now = datetime.now(UTC)
    app = create_app(settings)
    async with bootstrap(settings, batch=True) as upg, app.router.lifespan_context(app):
        cohort = await _ensure_cohort(upg, accounts, now)
        results: dict[str, Any] = {
            "accounts": accounts,
            "cohort": cohort,
            "load_average": os.getloadavg()[0],
            "cases": {},
        }
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
            for name, where in CASES.items():
                for _ in range(warmup):
                    await _post(client, where)
                CPU_MS.clear()
                timings = []
                body: Any = None
                for _ in range(requests):
                    elapsed, body = await _post(client, where)
                    timings.append(elapsed)
                edges = body["data"]["accounts"]["edges"]
                server = [await _server_ms(upg, where, now) for _ in range(requests)]
                results["cases"][name] = {
                    "p50_ms": percentile(timings, 50),
                    "p95_ms": percentile(timings, 95),
                    "p99_ms": percentile(timings, 99),
                    "upg_cpu_p50_ms": percentile(CPU_MS, 50),
                    "neo4j_p50_ms": percentile([sum(s) for s in server], 50),
                    "round_trips": body["extensions"]["cypherRoundTrips"],
                    "rows": len(edges),
                }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    args = parser.parse_args()
    results = asyncio.run(measure(args.accounts, args.requests, args.warmup))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    cohort = results["cohort"]
    print(f"{results['accounts']:,} accounts, {int(cohort['reached']):,} REACHED")
    for key in ("import_s", "desires_s", "refresh_s"):
        if key in cohort:
            print(f"  {key.removesuffix('_s')}: {cohort[key]:.1f} s")
    print(f"load average at the start: {results['load_average']:.1f}")
    print(
        f"{'request':<26} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'upg cpu':>8} "
        f"{'neo4j':>7} {'trips':>6} {'rows':>5}"
    )
    for name, row in results["cases"].items():
        print(
            f"{name:<26} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f} "
            f"{row['upg_cpu_p50_ms']:>8.1f} {row['neo4j_p50_ms']:>7.1f} "
            f"{row['round_trips']:>6} {row['rows']:>5}"
        )


if __name__ == "__main__":
    main()
