"""The headline keys of bench/results.json and the targets issue #13 sets for them.

Pure functions of the results dict (`bench.run` fills it), so they are tested on synthetic
results without running the bench.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MAIN_SIZE = 100_000
SMALL_SIZE = 10_000
ONE_MILLION = 1_000_000
CONCURRENCY = (1, 8, 32)
THROUGHPUT_QUERIES = ("vanity_page", "health_score_audit", "nested_page")
LINEAR = "<= 1.5 (1.0 = linear)"

Check = tuple[Any, str, Callable[[Any], bool]]


def _p50(runs: dict[str, Any], size: int, cell: str) -> float | None:
    """The p50 of one latency cell at one size (None when that size or cell was not measured)."""
    value = runs.get(str(size), {}).get("latency", {}).get(cell, {}).get("p50_ms")
    return None if value is None else float(value)


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return None if top is None or not bottom else round(top / bottom, 3)


def worst_throughput(throughput: dict[str, Any] | None) -> float | None:
    """The lowest upg / @neo4j/graphql throughput ratio over the nine cells (three queries at
    1, 8 and 32 clients); None unless every cell was measured with a ratio."""
    if not throughput:
        return None
    cells = {(row["query"], row["concurrency"]): row.get("ratio") for row in throughput["rows"]}
    wanted = [cells.get((query, n)) for query in THROUGHPUT_QUERIES for n in CONCURRENCY]
    if any(ratio is None for ratio in wanted):
        return None
    return min(float(ratio) for ratio in wanted if ratio is not None)


def answers_equal(runs: dict[str, Any]) -> bool | None:
    """Whether every answer compared before timing was equal, at every size (None: none was)."""
    compared = [ok for run in runs.values() for ok in run.get("answers_match", {}).values()]
    return all(compared) if compared else None


def _growth_vs_linear(runs: dict[str, Any], cell: str) -> float | None:
    """Growth of a cell's p50 from the smallest to the largest size that measured it, divided
    by the growth of the graph: 1.0 is linear."""
    sizes = sorted(int(s) for s in runs if cell in runs[s].get("latency", {}))
    if len(sizes) < 2:
        return None
    first, last = (_p50(runs, size, cell) for size in (sizes[0], sizes[-1]))
    growth = _ratio(last, first)
    return None if growth is None else round(growth / (sizes[-1] / sizes[0]), 3)


def checks(results: dict[str, Any]) -> dict[str, Check]:
    """Each headline key: its value, the target as written, and the test of the value."""
    runs: dict[str, Any] = results["runs"]
    largest = max(int(s) for s in runs)
    main = runs.get(str(MAIN_SIZE), {}).get("latency", {})
    return {
        "graphql_vs_raw_p50_ratio": (
            main.get("upg_vanity_page", {}).get("vs_raw_p50"), "<= 1.2", lambda v: v <= 1.2
        ),
        "throughput_vs_neo4j_graphql_ratio": (
            worst_throughput(results.get("throughput")),
            ">= 1.0 (worst of 9 cells: vanity page, health audit, nested page x 1/8/32 clients)",
            lambda v: v >= 1.0,
        ),
        "nested_page_p50_vs_theirs": (
            _ratio(
                _p50(runs, MAIN_SIZE, "upg_nested_page"),
                _p50(runs, MAIN_SIZE, "theirs_nested_page"),
            ),
            "<= 1.0 (100k)",
            lambda v: v <= 1.0,
        ),
        "vanity_page_p50_1m_ms": (
            _p50(runs, ONE_MILLION, "upg_vanity_page"), "<= 50", lambda v: v <= 50
        ),
        "vanity_page_p50_growth_10k_to_1m": (
            _ratio(
                _p50(runs, ONE_MILLION, "upg_vanity_page"),
                _p50(runs, SMALL_SIZE, "upg_vanity_page"),
            ),
            "<= 2.0 (p50 at 1M / p50 at 10k)",
            lambda v: v <= 2.0,
        ),
        "vanity_audit_100k_ms": (
            _p50(runs, MAIN_SIZE, "service_vanity_full"), "< 1000", lambda v: v < 1000
        ),
        "round_trips_nested_page": (
            main.get("upg_nested_page", {}).get("round_trips"), "== 1", lambda v: v == 1
        ),
        "answers_equal": (
            answers_equal(runs), "raw = upg = @neo4j/graphql, every size", lambda v: v
        ),
        "ingest_entities_per_s": (
            runs[str(largest)]["ingest"]["entities_per_s"], ">= 50000", lambda v: v >= 50_000
        ),
        # `python -m bench.bulk` (a server of its own: the import replaces the database).
        "bulk_import_entities_per_s": (
            (results.get("bulk_import") or {}).get("entities_per_s"), ">= 200000",
            lambda v: v >= 200_000,
        ),
        "vanity_full_cost_growth_vs_linear": (
            _growth_vs_linear(runs, "service_vanity_full"), LINEAR, lambda v: v <= 1.5
        ),
        "vanity_page_cost_growth_vs_linear": (
            _growth_vs_linear(runs, "raw_vanity_page"), LINEAR, lambda v: v <= 1.5
        ),
    }  # fmt: skip


def targets(results: dict[str, Any]) -> dict[str, Any]:
    """The targets table: value, target and whether it is met (a missing value is not met)."""
    return {
        key: {"value": value, "target": target, "met": value is not None and bool(ok(value))}
        for key, (value, target, ok) in checks(results).items()
    }
