"""The bench's ingest targets (bench/targets.py) on synthetic results."""

from __future__ import annotations

from typing import Any

from bench.targets import targets as _targets


def _results(ingest: float | None, bulk: float | None) -> dict[str, Any]:
    results: dict[str, Any] = {
        "runs": {"1000000": {"latency": {}, "ingest": {"entities_per_s": ingest}}},
        "throughput": None,
    }
    if bulk is not None:
        results["bulk_import"] = {"entities_per_s": bulk}
    return results


def test_ingest_and_bulk_import_targets_are_met_at_their_thresholds() -> None:
    met = _targets(_results(50_000.0, 200_000.0))
    assert met["ingest_entities_per_s"] == {"value": 50_000.0, "target": ">= 50000", "met": True}
    assert met["bulk_import_entities_per_s"] == {
        "value": 200_000.0,
        "target": ">= 200000",
        "met": True,
    }


def test_ingest_and_bulk_import_targets_below_or_missing_are_not_met() -> None:
    missed = _targets(_results(49_999.0, 199_999.9))
    assert not missed["ingest_entities_per_s"]["met"]
    assert not missed["bulk_import_entities_per_s"]["met"]
    absent = _targets(_results(None, None))["bulk_import_entities_per_s"]
    assert absent == {"value": None, "target": ">= 200000", "met": False}
