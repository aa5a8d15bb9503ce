"""The generator's graph written as the import layout (docs/import-export.md), to measure
`upg db import-bulk` at scale: `python -m bench.layout DIR --milestones N`."""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path
from typing import IO, Any

from upg.services.generate import GraphSpec, plan

FILES = {
    "PRODUCT": ("products.csv", ["id", "title", "description", "status", "tags"]),
    "OUTCOME": ("outcomes.csv", ["id", "title", "description", "status", "tags"]),
    "CUSTOMER_HEALTH_SCORE": ("health_scores.csv", ["id", "title", "status", "tags"]),
    "SUCCESS_MILESTONE": (
        "milestones.csv",
        ["id", "title", "status", "tags", "milestone_type", "target_date"],
    ),
    "CELEBRATES_VIA": ("celebrates_via.csv", ["source", "target"]),
    "CONTAINS": ("contains.csv", ["source", "target", "weight"]),
    "VALIDATES": ("validates.csv", ["source", "target"]),
}


def spec_for(milestones: int, seed: int) -> GraphSpec:
    """The bench's company-shaped graph (bench.run.spec_for)."""
    return GraphSpec(
        products=max(10, milestones // 200),
        milestones=milestones,
        scores=max(20, milestones // 100),
        outcomes=max(10, milestones // 400),
        seed=seed,
    )


def _cell(value: Any) -> Any:
    return "|".join(value) if isinstance(value, list) else value


def write_layout(spec: GraphSpec, directory: Path) -> int:
    """Write the planned graph as the layout's CSV files; how many entities (rows)."""
    directory.mkdir(parents=True, exist_ok=True)
    handles: list[IO[str]] = []
    writers: dict[str, Any] = {}
    rows = 0
    try:
        for key, (name, columns) in FILES.items():
            handles.append((directory / name).open("w", newline="", encoding="utf-8"))
            writers[key] = csv.DictWriter(handles[-1], columns, extrasaction="ignore")
            writers[key].writeheader()
        for chunk in plan(spec, 50_000):
            for batch in (*chunk.nodes, *chunk.edges):
                key = str(getattr(batch.kind, "key", None) or getattr(batch.kind, "type", ""))
                writer = writers[key]
                for row in batch.rows:
                    writer.writerow({k: _cell(v) for k, v in row.items()})
                rows += len(batch.rows)
    finally:
        for handle in handles:
            handle.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--milestones", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    began = time.perf_counter()
    rows = write_layout(spec_for(args.milestones, args.seed), args.directory)
    print(f"{rows:,} rows written to {args.directory} in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
