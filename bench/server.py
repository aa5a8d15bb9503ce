"""The bench's own Neo4j (UPG_HOME=.upg/bench, bolt 28687, http 28474): never the dev or test one.

The bench wipes and regenerates its graph many times; a dedicated home and ports make sure that
can never touch a developer's data or the test server's.
"""

from __future__ import annotations

import os
from pathlib import Path

from upg.config import Settings, load_settings
from upg.localdb import LocalNeo4j, Progress

ROOT = Path(__file__).resolve().parents[1]
BOLT_PORT = 28687
HTTP_PORT = 28474
PASSWORD = "upg-bench-local"
"""The bench server's password: not the dev default, which a production-mode API refuses."""


def bench_settings(*, heap: str = "2g", pagecache: str = "2g") -> Settings:
    """Settings of the bench server; UPG_BENCH_* variables may move its ports or memory."""
    env = {
        **{
            k: v for k, v in os.environ.items() if k.startswith("UPG_JAVA_HOME") or k == "JAVA_HOME"
        },
        "UPG_HOME": os.environ.get("UPG_BENCH_HOME", str(ROOT / ".upg" / "bench")),
        "UPG_NEO4J_BOLT_PORT": os.environ.get("UPG_BENCH_BOLT_PORT", str(BOLT_PORT)),
        "UPG_NEO4J_HTTP_PORT": os.environ.get("UPG_BENCH_HTTP_PORT", str(HTTP_PORT)),
        "UPG_NEO4J_HEAP": os.environ.get("UPG_BENCH_HEAP", heap),
        "UPG_NEO4J_PAGECACHE": os.environ.get("UPG_BENCH_PAGECACHE", pagecache),
        "UPG_NEO4J_PASSWORD": os.environ.get("UPG_BENCH_PASSWORD", PASSWORD),
        "UPG_ENV": "production",
    }
    return load_settings(env)


def local_server(settings: Settings, progress: Progress = print) -> LocalNeo4j:
    """The bench server, reusing the developer's downloaded jars when they are there."""
    shared = LocalNeo4j(settings, lib_root=ROOT / ".upg" / "lib", progress=progress)
    return shared if shared.installed() else LocalNeo4j(settings, progress=progress)
