"""`python -m bench.backtest`: a health-score backtest at 100k accounts and 1M REACHED edges.

On the Neo4j of UPG_NEO4J_* (e.g. the test server's: `UPG_HOME=.upg/test
UPG_NEO4J_BOLT_PORT=17687`); it wipes that database's accounts first unless the same number is
there. Every account uses DocFlow and PipeMail (10 milestones) and reaches each of them once,
at a random time in its first 30 days, so there are exactly 10 REACHED edges per account; a
quarter to a half convert depending on the aha moment. Then the Trial health score is
backtested: through the service (read + statistics in the worker process), cold (the worker
starts) and warm, and through GraphQL in process (ASGI, no network). `--drop` deletes the
accounts again (in batches) before the test suite runs on that server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from upg.api.app import create_app
from upg.bootstrap import bootstrap
from upg.config import load_settings
from upg.services import backtest, demo
from upg.services.evidence import import_rows

AS_OF = datetime(2026, 11, 23, tzinfo=UTC)
MILESTONES = (
    demo.SECOND_EDITOR,
    demo.PROFILE_COMPLETED,
    demo.WATCHED_TUTORIAL,
    demo.FIRST_REPLY,
    demo.CUSTOM_THEME,
    demo.MAILBOX,
    demo.EMAIL_DEAL,
    demo.TEMPLATES,
    demo.STREAK,
    demo.PIPELINE_SHARED,
)
COUNT = "RETURN COUNT { (:Account) } AS accounts, COUNT { ()-[:REACHED]->() } AS reached"
WIPE = "MATCH (a:Account) CALL (a) { DETACH DELETE a } IN TRANSACTIONS OF 2000 ROWS"
QUERY = (
    "query($id: ID!, $asOf: DateTime) { healthScoreBacktest(id: $id, asOf: $asOf) { "
    "accounts positives verdict variants { variant auc { value low high } } } }"
)


def _rows(accounts: int, seed: int) -> tuple[list[dict[str, Any]], ...]:
    rng = random.Random(seed)
    people: list[dict[str, Any]] = []
    reached: list[dict[str, Any]] = []
    achieved: list[dict[str, Any]] = []
    products = [demo.DOCFLOW.id, demo.PIPEMAIL.id]
    for i in range(accounts):
        account = f"bench-{i:07d}"
        signed = AS_OF - timedelta(days=120 + rng.uniform(0, 365))
        people.append({"id": account, "signed_up_at": signed, "products": products})
        aha = False
        for m in MILESTONES:
            at = signed + timedelta(days=rng.uniform(0, 30))
            aha = aha or (m is demo.SECOND_EDITOR and at <= signed + timedelta(days=3))
            reached.append({"account_id": account, "milestone_id": m.id, "at": at})
        if rng.random() < (0.58 if aha else 0.09):
            at = signed + timedelta(days=15 + rng.uniform(1, 14))
            achieved.append({"account_id": account, "outcome_id": demo.TRIAL_CONVERTS.id, "at": at})
    return people, reached, achieved


async def _ensure(accounts: int) -> str:
    async with bootstrap(batch=True) as upg:
        records, _, _ = await upg.driver.execute_query(COUNT, database_=upg.database)
        have = records[0]
        if have["accounts"] == accounts and have["reached"] == accounts * len(MILESTONES):
            return f"reused {accounts:,} accounts, {have['reached']:,} REACHED"
        async with upg.driver.session(database=upg.database) as session:
            await (await session.run(WIPE)).consume()  # IN TRANSACTIONS: an implicit transaction
        await demo.load_demo(upg.repository)
        began = time.perf_counter()
        people, reached, achieved = _rows(accounts, seed=16)

        def numbered(items: list[dict[str, Any]]) -> Any:
            return enumerate(items, start=1)

        summary = await import_rows(
            upg.evidence,
            ("accounts", numbered(people)),
            ("reached", numbered(reached)),
            ("achieved", numbered(achieved)),
        )
        assert not summary.rejected, summary.rejected[:3]
        seconds = time.perf_counter() - began
        return f"imported {accounts:,} accounts, {len(reached):,} REACHED in {seconds:.0f} s"


async def _drop() -> None:
    async with bootstrap(batch=True) as upg, upg.driver.session(database=upg.database) as session:
        await (await session.run(WIPE)).consume()


async def _measure(runs: int) -> dict[str, Any]:
    settings = load_settings()
    timings: list[float] = []
    found = None
    async with bootstrap(settings, batch=True) as upg:
        for _ in range(runs):
            began = time.perf_counter()
            found = await backtest.backtest(
                upg.backtest, upg.repository, demo.TRIAL_HEALTH.id, as_of=AS_OF
            )
            timings.append(time.perf_counter() - began)
    assert found is not None
    app = create_app(settings.model_copy(update={"anonymous_read": True}))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://localhost") as client,
    ):
        began = time.perf_counter()
        response = await client.post(
            "/graphql",
            json={
                "query": QUERY,
                "variables": {"id": demo.TRIAL_HEALTH.id, "asOf": AS_OF.isoformat()},
            },
        )
        api_s = time.perf_counter() - began
    body = response.json()
    assert "errors" not in body, body
    result = found.result
    return {
        "accounts_scored": result.n,
        "positives": result.positives,
        "verdict": result.verdict.value,
        "auc": [round(v.auc.value, 4) for v in result.variants if v.auc is not None],
        "service_seconds_cold": round(timings[0], 2),
        "service_seconds_warm": [round(t, 2) for t in timings[1:]],
        "graphql_seconds": round(api_s, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--drop",
        action="store_true",
        help="Delete every account (in batches) and exit: the test suite's wipe of a 1M-edge "
        "graph would exceed a small server's transaction memory.",
    )
    args = parser.parse_args()
    if args.drop:
        asyncio.run(_drop())
        print("dropped every account")
        return
    note = asyncio.run(_ensure(args.accounts))
    print(note)
    print(json.dumps(asyncio.run(_measure(args.runs)), indent=2))


if __name__ == "__main__":
    main()
