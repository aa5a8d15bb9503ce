"""docs/operations.md lists every metric upg registers; compose's Prometheus scrapes the API."""

from __future__ import annotations

from pathlib import Path

from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from upg.observability.metrics import Metrics

ROOT = Path(__file__).resolve().parents[2]


def test_every_upg_metric_is_documented() -> None:
    text = generate_latest(Metrics(lambda: 0).registry).decode()
    families = [
        family
        for family in text_string_to_metric_families(text)
        # `_created` series are the client library's timestamps of each counter, not metrics.
        if family.name.startswith("upg_") and not family.name.endswith("_created")
    ]
    assert len(families) == 11
    docs = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    for family in families:
        suffix = "_total" if family.type == "counter" else ""
        assert f"`{family.name}{suffix}`" in docs, family.name


def test_compose_prometheus_scrapes_the_metrics_port() -> None:
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    scrape = (ROOT / "deploy" / "prometheus.yml").read_text(encoding="utf-8")
    assert 'UPG_METRICS_PORT: "9464"' in compose
    assert "profiles: [metrics]" in compose
    assert "./deploy/prometheus.yml:/etc/prometheus/prometheus.yml:ro" in compose
    assert 'targets: ["upg:9464"]' in scrape
