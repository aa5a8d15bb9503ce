"""Observability parts without a server: label bounds, refusal kinds, log formats, settings."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from upg.cli.main import cli
from upg.config import load_settings
from upg.errors import Invalid
from upg.observability import logs
from upg.observability.metrics import Metrics, OperationLabels
from upg.observability.record import RequestRecord, Statement, refusal_of
from upg.observability.tracing import tracer_provider


def _record(name: str | None, *, identified: bool = True) -> RequestRecord:
    record = RequestRecord("r1", operation=name, operation_type="query")
    record.identified = identified
    return record


def test_operation_labels_keep_the_first_names_then_fold_the_rest() -> None:
    labels = OperationLabels(limit=2)
    assert [labels.label(_record(n)) for n in ("A", "B", "C", "A", "D")] == [
        "A",
        "B",
        "other",
        "A",
        "other",
    ]
    assert labels.label(_record(None)) == "anonymous"
    assert labels.label(_record("A", identified=False)) == "unknown"


@pytest.mark.parametrize(
    ("code", "message", "kind"),
    [
        ("UNAUTHENTICATED", "no token", "auth"),
        ("FORBIDDEN", "needs editor", "role"),
        ("RATE_LIMITED", "slow down", "rate_limit"),
        ("COST_LIMIT_EXCEEDED", "too big", "cost"),
        ("PAYLOAD_TOO_LARGE", "body", "size"),
        ("GRAPHQL_VALIDATION_FAILED", "'q' exceeds maximum operation depth of 10", "depth"),
        ("GRAPHQL_VALIDATION_FAILED", "31 aliases found. Allowed: 30", "size"),
        ("GRAPHQL_PARSE_FAILED", "Syntax Error: Document contains more than 2000 tokens.", "size"),
        ("GRAPHQL_VALIDATION_FAILED", "Cannot query field 'x'", None),
        ("NOT_FOUND", "no node", None),
    ],
)
def test_refusal_kinds(code: str, message: str, kind: str | None) -> None:
    assert refusal_of(code, message) == kind


def _samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = generate_latest(metrics.registry).decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_unknown_error_codes_fold_into_other_and_statements_are_timed() -> None:
    metrics = Metrics(lambda: 3)
    record = _record("Q")
    record.status = 200
    record.add_errors([("SOMETHING_NEW", "x"), ("NOT_FOUND", "y"), ("NOT_FOUND", "z")])
    record.statements.append(Statement("queries/node_get", 2, 0.004))
    metrics.observe(record, 0.01)
    samples = _samples(metrics)
    labels = (("code", "OTHER"), ("operation", "Q"), ("status", "200"), ("type", "query"))
    assert samples[("upg_graphql_requests_total", labels)] == 1
    assert samples[("upg_graphql_errors_total", (("code", "NOT_FOUND"), ("operation", "Q")))] == 1
    statement = (("statement", "queries/node_get"),)
    assert samples[("upg_cypher_statement_seconds_sum", statement)] == pytest.approx(0.004)
    assert samples[("upg_neo4j_connections_in_use", ())] == 3


def _log_record(exc: bool = False) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError("bad")
        except ValueError:
            exc_info = sys.exc_info()
    record = logging.LogRecord("upg.request", logging.INFO, __file__, 1, "request", None, exc_info)
    record.upg = {"requestId": "abc", "errorCodes": ["NOT_FOUND"], "cost": None}
    return record


def test_json_lines_carry_the_fields_at_the_top_level() -> None:
    line = json.loads(logs.JsonFormatter().format(_log_record(exc=True)))
    assert line["message"] == "request" and line["logger"] == "upg.request"
    assert line["level"] == "info" and line["time"].endswith("Z")
    assert (line["requestId"], line["errorCodes"], line["cost"]) == ("abc", ["NOT_FOUND"], None)
    assert "ValueError: bad" in line["exception"]


def test_text_lines_append_the_fields() -> None:
    text = logs.TextFormatter().format(_log_record())
    assert text.endswith("INFO upg.request: request requestId=abc errorCodes=NOT_FOUND cost=-")


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """`--verbose` sets the `upg` logger up for the process: put it back for other tests."""
    logger = logging.getLogger(logs.ROOT)
    handlers, level = logger.handlers[:], logger.level
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)


@pytest.mark.usefixtures("restore_logging")
def test_cli_verbose_logs_debug_lines_in_the_configured_format(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("UPG_LOG_FORMAT", "json")
    result = CliRunner().invoke(cli, ["--verbose", "schema", "--help"])
    assert result.exit_code == 0, result.output
    logging.getLogger("upg.cli").debug("hello", extra={"upg": {"requestId": "cli"}})
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert (line["message"], line["level"], line["requestId"]) == ("hello", "debug", "cli")


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"UPG_LOG_FORMAT": "xml"}, "UPG_LOG_FORMAT"),
        ({"UPG_METRICS_TOKEN": "short"}, "UPG_METRICS_TOKEN"),
        ({"UPG_METRICS_PORT": "8000"}, "UPG_METRICS_PORT"),
        ({"UPG_METRICS_PORT": "70000"}, "UPG_METRICS_PORT"),
        ({"UPG_SLOW_MS": "-1"}, "UPG_SLOW_MS"),
        ({"UPG_OTEL": "jaeger"}, "UPG_OTEL"),
    ],
)
def test_bad_observability_settings_name_the_variable(env: dict[str, str], name: str) -> None:
    with pytest.raises(Invalid) as caught:
        load_settings(env)
    assert caught.value.field == name


def test_observability_settings() -> None:
    default = load_settings({})
    assert (default.log_format, default.slow_ms, default.otel) == ("text", 1000, "off")
    assert default.metrics_port is None and default.metrics_token is None
    assert tracer_provider(default) is None
    collector = load_settings({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"})
    assert collector.otel == "otlp"
    console = load_settings({"UPG_OTEL": "console", "UPG_METRICS_PORT": "9464"})
    assert console.metrics_port == 9464
    provider = tracer_provider(console)
    assert provider is not None
    assert provider.resource.attributes["service.name"] == "upg"
    provider.shutdown()


def test_otlp_tracing_builds_an_exporter_without_connecting() -> None:
    provider = tracer_provider(load_settings({"UPG_OTEL": "otlp"}))
    assert provider is not None
    provider.shutdown()
