"""The two GraphQL servers under test, each in its own process on a loopback port.

- upg: `upg serve` equivalent (uvicorn on `upg.api.app.create_app`), access log off as in a
  production deployment, anonymous reads on (as @neo4j/graphql runs); `workers` uvicorn workers.
- theirs: `node bench/neo4j_graphql/server.js` (@neo4j/graphql 7 on Apollo Server 5); its npm
  dependencies are installed on first use (`npm ci`, or `npm install` without a lock file).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from upg.config import Settings

HERE = Path(__file__).resolve().parent
NODE_APP = HERE / "neo4j_graphql"
UPG_PORT = 28800
THEIR_PORT = 28400


@dataclass(frozen=True)
class App:
    name: str
    url: str
    log: Path


def _wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    probe = {"query": "{ __typename }"}
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{url} exited with {proc.returncode}:\n{tail}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.post(url, json=probe, timeout=2.0).status_code == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout_s:.0f} s (log: {log})")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def _env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "UPG_NEO4J_URI": settings.neo4j_uri,
        "UPG_NEO4J_USER": settings.neo4j_user,
        "UPG_NEO4J_PASSWORD": settings.neo4j_password,
        "UPG_NEO4J_DATABASE": settings.neo4j_database,
        # Production refuses anonymous reads, and @neo4j/graphql is benchmarked without auth:
        # "test" with anonymous reads keeps the two comparable (no token look-up, no rate
        # limit); GraphiQL stays off as in production.
        "UPG_ENV": "test",
        "UPG_ANONYMOUS_READ": "true",
        "UPG_GRAPHIQL": "false",
        "UPG_RATE_LIMIT": "0",
    }


@contextlib.contextmanager
def upg_api(
    settings: Settings,
    logs: Path,
    *,
    workers: int = 1,
    port: int = UPG_PORT,
    factory: str = "bench.asgi:create",
    name: str = "upg",
    env: dict[str, str] | None = None,
) -> Iterator[App]:
    """Our API in a subprocess (uvicorn, loopback), stopped on exit; `env` adds variables."""
    log = logs / f"{name}-api.log"
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        factory,
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command,
            cwd=HERE.parent,
            env={**_env(settings), **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/graphql"
    try:
        _wait_ready(url, proc, log, 60)
        yield App(name, url, log)
    finally:
        _stop(proc)


def ensure_node_modules() -> None:
    """Install @neo4j/graphql, Apollo Server and the driver from npm (once)."""
    if (NODE_APP / "node_modules" / "@neo4j" / "graphql").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is required for the @neo4j/graphql comparison (Node.js >= 20)")
    verb = "ci" if (NODE_APP / "package-lock.json").is_file() else "install"
    subprocess.run(
        [npm, verb, "--no-audit", "--no-fund", "--loglevel=error"], cwd=NODE_APP, check=True
    )


def node_version() -> str:
    node = shutil.which("node")
    if node is None:
        return "absent"
    return subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()


@contextlib.contextmanager
def their_api(settings: Settings, logs: Path) -> Iterator[App]:
    """@neo4j/graphql on Apollo Server in a subprocess (node, loopback), stopped on exit."""
    ensure_node_modules()
    node = shutil.which("node") or "node"
    log = logs / "neo4j-graphql.log"
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_DATABASE": settings.neo4j_database,
        "PORT": str(THEIR_PORT),
        "NODE_ENV": "production",
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [node, "server.js"],
            cwd=NODE_APP,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{THEIR_PORT}/"
    try:
        _wait_ready(url, proc, log, 90)
        yield App("neo4j-graphql", url, log)
    finally:
        _stop(proc)
