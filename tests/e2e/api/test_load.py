"""A bounded load test on loopback: `upg serve` in its own process, mixed reads and writes.

The documented capacity (README, "Load") is what this asserts: 16 concurrent clients, 30% writes,
zero errors. Latency and throughput are printed, not asserted (they belong to bench/).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from bench.load import run_load

from tests.auth import jwt_for
from upg.config import Settings

UPG = Path(sys.executable).with_name("upg")
REQUESTS = 1500
CONCURRENCY = 16
TIME_LIMIT_S = 150.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def served(settings: Settings, tmp_path: Path) -> Iterator[str]:
    """`upg serve` on a free port, against the session's Neo4j, until the test ends."""
    port = free_port()
    env = {
        **os.environ,
        "UPG_PORT": str(port),
        "UPG_NEO4J_URI": settings.neo4j_uri,
        # A URI of its own makes the server external: upg reads no local password file for it.
        "UPG_NEO4J_PASSWORD": settings.neo4j_password,
    }
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen([str(UPG), "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "upg serve did not become ready in 60 s"
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


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
