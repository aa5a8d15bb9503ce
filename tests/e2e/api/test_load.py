"""A bounded load test on loopback: `upg serve` in its own process, mixed reads and writes.

The documented capacity (README, "Load") is what this asserts: 16 concurrent clients, 30% writes,
zero errors. Latency and throughput are printed, not asserted (they belong to bench/).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.load import run_load

from tests.auth import jwt_for
from tests.e2e.api.serving import upg_serve
from upg.config import Settings

REQUESTS = 1500
CONCURRENCY = 16
TIME_LIMIT_S = 150.0


@pytest.fixture
def served(settings: Settings, tmp_path: Path) -> Iterator[str]:
    """`upg serve` on a free port, against the session's Neo4j, until the test ends."""
    # A URI of its own makes the server external: upg reads no local password file for it.
    env = {"UPG_NEO4J_URI": settings.neo4j_uri, "UPG_NEO4J_PASSWORD": settings.neo4j_password}
    with upg_serve(env, tmp_path / "serve.log") as url:
        yield url


async def test_mixed_load_at_the_documented_capacity_has_no_errors(
    served: str, settings: Settings
) -> None:
    report = await run_load(
        served,
        jwt_for(settings, "editor", subject="load"),
        requests=REQUESTS,
        concurrency=CONCURRENCY,
        time_limit_s=TIME_LIMIT_S,
    )
    print(f"\nload test: {report.line()}")
    assert report.requests == REQUESTS, "the time limit ran out before every request was sent"
    assert report.errors == 0, report.first_errors
    assert set(report.by_kind) == {
        "write",
        "nested_page",
        "vanity_page",
        "score_audits",
        "milestone_page",
    }
