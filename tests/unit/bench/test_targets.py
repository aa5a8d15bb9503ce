"""The bench's headline keys and targets (#13), computed from synthetic results dicts."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from bench import targets
from bench.run import finalize


def _cell(p50: float, **extra: Any) -> dict[str, Any]:
    return {"p50_ms": p50, "p95_ms": p50 * 1.2, "p99_ms": p50 * 1.5, **extra}


def _run(size: int, vanity_page: float) -> dict[str, Any]:
    return {
        "ingest": {"nodes": size, "edges": 2 * size, "entities_per_s": 60_000.0},
        "answers_match": {"vanity_page": True, "health_score_audit": True, "nested_page": True},
        "latency": {
            "raw_vanity_page": _cell(vanity_page * 0.9),
            "upg_vanity_page": _cell(vanity_page, vs_raw_p50=1.1, round_trips=1),
            "service_vanity_full": _cell(size / 200),
            "upg_nested_page": _cell(40.0, round_trips=1),
            "theirs_nested_page": _cell(50.0, round_trips=1),
        },
    }


def _throughput(worst: float) -> dict[str, Any]:
    rows = [
        {"query": query, "concurrency": n, "upg": {}, "theirs": {}, "ratio": 1.5}
        for query in targets.THROUGHPUT_QUERIES
        for n in targets.CONCURRENCY
    ]
    rows[4]["ratio"] = worst
    return {"size": 100_000, "max_requests": 2000, "max_seconds": 10.0, "rows": rows}


@pytest.fixture
def results() -> dict[str, Any]:
    """Every target met: 10k, 100k and 1M measured, throughput at 100k."""
    return {
        "runs": {
            "10000": _run(10_000, 20.0),
            "100000": _run(100_000, 25.0),
            "1000000": _run(1_000_000, 30.0),
        },
        "throughput": _throughput(1.2),
        "bulk_import": {"entities_per_s": 250_000.0},
    }


def test_every_target_met_and_valued(results: dict[str, Any]) -> None:
    found = targets.targets(results)
    assert {key for key, target in found.items() if not target["met"]} == set()
    assert found["nested_page_p50_vs_theirs"]["value"] == 0.8
    assert found["vanity_page_p50_1m_ms"]["value"] == 30.0
    assert found["vanity_page_p50_growth_10k_to_1m"]["value"] == 1.5
    assert found["vanity_audit_100k_ms"]["value"] == 500.0
    assert found["round_trips_nested_page"]["value"] == 1
    assert found["throughput_vs_neo4j_graphql_ratio"]["value"] == 1.2
    assert found["graphql_vs_raw_p50_ratio"]["value"] == 1.1


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda r: r["runs"]["100000"]["latency"]["upg_nested_page"].update(p50_ms=51.0),
         "nested_page_p50_vs_theirs"),
        (lambda r: r["runs"]["1000000"]["latency"]["upg_vanity_page"].update(p50_ms=50.5),
         "vanity_page_p50_1m_ms"),
        (lambda r: r["runs"]["1000000"]["latency"]["upg_vanity_page"].update(p50_ms=41.0),
         "vanity_page_p50_growth_10k_to_1m"),
        (lambda r: r["runs"]["100000"]["latency"]["service_vanity_full"].update(p50_ms=1000.0),
         "vanity_audit_100k_ms"),
        (lambda r: r["runs"]["100000"]["latency"]["upg_nested_page"].update(round_trips=2),
         "round_trips_nested_page"),
        (lambda r: r["runs"]["100000"]["latency"]["upg_vanity_page"].update(vs_raw_p50=1.21),
         "graphql_vs_raw_p50_ratio"),
        (lambda r: r.update(throughput=_throughput(0.99)), "throughput_vs_neo4j_graphql_ratio"),
        (lambda r: r["throughput"]["rows"].pop(8), "throughput_vs_neo4j_graphql_ratio"),
        (lambda r: r.pop("throughput"), "throughput_vs_neo4j_graphql_ratio"),
        (lambda r: r["runs"].pop("1000000"), "vanity_page_p50_1m_ms"),
        (lambda r: r["runs"]["10000"]["answers_match"].update(nested_page=False),
         "answers_equal"),
    ],
)  # fmt: skip
def test_each_target_fails_alone(results: dict[str, Any], change: Any, key: str) -> None:
    changed = copy.deepcopy(results)
    change(changed)
    found = targets.targets(changed)
    assert not found[key]["met"]
    assert {k for k, target in found.items() if not target["met"] and k != key} <= {
        # dropping the 1M run also drops the growth from 10k to 1M
        "vanity_page_p50_growth_10k_to_1m",
        "vanity_full_cost_growth_vs_linear",
        "vanity_page_cost_growth_vs_linear",
    }


def test_the_worst_throughput_cell_is_reported(results: dict[str, Any]) -> None:
    results["throughput"] = _throughput(0.5)
    assert targets.targets(results)["throughput_vs_neo4j_graphql_ratio"]["value"] == 0.5


def test_finalize_copies_the_headline_keys(results: dict[str, Any]) -> None:
    done = finalize(results)
    assert done["vanity_audit_100k_ms"] == 500.0
    assert done["round_trips_nested_page"] == 1
    assert "vanity_page_cost_growth_vs_linear" not in done
    assert done["targets"]["nested_page_p50_vs_theirs"]["met"] is True
