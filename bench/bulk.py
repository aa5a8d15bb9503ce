"""`python -m bench.bulk`: time `upg db import-bulk` of the generator's graph at a size.

The import replaces a database and needs an empty one, so it runs on a server of its own in a
fresh home under `--home` (the jars are shared). The layout files are written first (not
timed); the rate is entities over the whole command: check, convert, stop, import, start and
schema. Adds `bulk_import` to `--out`/results.json (key `bulk_import_entities_per_s`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench import report
from bench.layout import spec_for, write_layout
from bench.run import HERE, finalize
from upg.bootstrap import run
from upg.config import load_settings
from upg.graph.bulk import held_nodes
from upg.graph.migrations import adopt
from upg.localdb import LocalNeo4j
from upg.localdb.bulk_import import bulk_import


def measure(milestones: int, seed: int, home: Path, lib: Path, ports: tuple[int, int]) -> Any:
    """One bulk import of the size's graph into a fresh server under `home`; its numbers."""
    env = {
        **os.environ,
        "UPG_HOME": str(home),
        "UPG_NEO4J_BOLT_PORT": str(ports[0]),
        "UPG_NEO4J_HTTP_PORT": str(ports[1]),
        "UPG_NEO4J_HEAP": "2g",
        "UPG_NEO4J_PAGECACHE": "2g",
        "UPG_NEO4J_PASSWORD": "",
        "UPG_NEO4J_URI": "",
    }
    local = LocalNeo4j(load_settings(env), lib_root=lib)
    files = home / "layout"
    write_layout(spec_for(milestones, seed), files)
    local.start()
    try:
        result = bulk_import(
            local,
            files,
            lambda: run(lambda upg: held_nodes(upg.driver, upg.database), local.settings),
            lambda: run(lambda upg: adopt(upg.driver, upg.database), local.settings),
        )
    finally:
        local.stop()
    return {
        "milestones": milestones,
        "entities": result.entities,
        "seconds": round(result.total_s, 2),
        "phases": {name: round(secs, 2) for name, secs in result.seconds.items()},
        "entities_per_s": round(result.rate, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bulk", description=__doc__)
    parser.add_argument("--milestones", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ports", default="27687,27474", help="bolt,http of the scratch server")
    parser.add_argument("--lib", type=Path, default=Path(".upg/lib"), help="the Neo4j jars root")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    bolt, http = (int(p) for p in args.ports.split(","))
    home = Path(tempfile.mkdtemp(prefix="upg-bulk-bench-", dir=".upg"))
    try:
        numbers = measure(args.milestones, args.seed, home, args.lib.resolve(), (bolt, http))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(json.dumps(numbers, indent=2))
    path = args.out / "results.json"
    if path.exists():
        results = json.loads(path.read_text(encoding="utf-8"))
        results["bulk_import"] = numbers
        results = finalize(results)
        report.write_json(results, path)
        report.write_markdown(results, args.out / "RESULTS.md")


if __name__ == "__main__":
    main()
