"""`upg audit backtest` on a synthetic cohort in the real Neo4j: rows, formats, exit codes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest

from tests.integration.cli.conftest import Run, Upg
from tests.live_server import serve
from upg.api.app import create_app
from upg.bootstrap import Upg as Container
from upg.config import Settings
from upg.services import cohort, demo

AS_OF = "2026-11-23"
ACCOUNTS = 3000


@pytest.fixture
async def cohort_graph(container: Container) -> None:
    from datetime import UTC, datetime

    summary = await cohort.load_cohort(
        container.evidence,
        container.repository,
        ACCOUNTS,
        seed=5,
        as_of=datetime(2026, 11, 23, tzinfo=UTC),
    )
    assert summary.rejected == []


@pytest.mark.usefixtures("cohort_graph")
async def test_backtest_every_score_as_json_csv_and_ndjson(run: Run) -> None:
    result = await run("backtest", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    rows = {row["score"]: row for row in body["backtests"]}
    assert body["count"] == len(rows) == 4
    trial = rows[demo.TRIAL_HEALTH.title]
    assert trial["outcome_id"] == demo.TRIAL_CONVERTS.id
    assert trial["verdict"] == "PREDICTIVE"
    assert trial["auc_low"] < trial["auc"] < trial["auc_high"]
    assert [v["variant"] for v in trial["variants"]] == [
        "AS_WEIGHTED",
        "WITHOUT_VANITY",
        "SUGGESTED",
    ]
    assert rows[demo.RENEWAL_RISK.title]["verdict"] == "UNTESTED"
    assert rows[demo.RENEWAL_RISK.title]["auc"] is None

    as_csv = await run("backtest", "--as-of", AS_OF, "--format", "csv")
    table = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [r["score"] for r in table] == sorted(rows)
    assert float(next(r for r in table if r["score"] == demo.TRIAL_HEALTH.title)["auc"]) == (
        pytest.approx(trial["auc"], abs=5e-4)
    )
    ndjson = await run("backtest", "--as-of", AS_OF, "--format", "ndjson")
    assert len(ndjson.output.splitlines()) == 4


@pytest.mark.usefixtures("cohort_graph")
async def test_fail_below_auc_exits_1_and_names_the_score(upg: Upg) -> None:
    args = ("audit", "backtest", "--score", demo.TRIAL_HEALTH.title, "--as-of", AS_OF)
    passed = await upg(*args, "--format", "json", "--fail-below-auc", "0.6")
    assert passed.returncode == 0, passed.stderr
    assert json.loads(passed.stdout)["count"] == 1
    failed = await upg(*args, "--format", "json", "--fail-below-auc", "0.95")
    assert failed.returncode == 1
    assert "Trial health" in failed.stderr and "--fail-below-auc" in failed.stderr


async def test_bad_input_is_one_line_and_exit_2(upg: Upg) -> None:
    await upg("demo", "load")
    unknown = await upg("audit", "backtest", "--score", "No such score")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("upg: error: no health score titled")
    no_score = await upg("audit", "backtest", "--landmark", "2026-06-01")
    assert no_score.returncode == 2 and "--landmark needs --score" in no_score.stderr


@pytest.fixture
def api_url(settings: Settings) -> Iterator[str]:
    with serve(create_app(settings)) as url:
        yield url


@pytest.mark.usefixtures("cohort_graph")
async def test_backtest_through_the_api_prints_the_same_and_exits_the_same(
    run: Run, api_url: str
) -> None:
    for args in (
        ("backtest", "--as-of", AS_OF),
        ("backtest", "--as-of", AS_OF, "--score", demo.TRIAL_HEALTH.title),
        (
            "backtest",
            "--as-of",
            AS_OF,
            "--score",
            demo.TRIAL_HEALTH.id,
            "--landmark",
            "2026-08-01",
            "--horizon-days",
            "60",
        ),
    ):
        for fmt in ("json", "csv", "ndjson", "table"):
            from_neo4j = await run(*args, "--format", fmt)
            from_api = await run(*args, "--format", fmt, "--api", api_url)
            assert from_neo4j.exit_code == from_api.exit_code == 0, (args, from_api.output)
            assert from_api.stdout == from_neo4j.stdout, (args, fmt)
            assert from_api.stdout.strip()
    failing = await run("backtest", "--as-of", AS_OF, "--fail-below-auc", "0.99", "--api", api_url)
    assert failing.exit_code == 1
    unknown = await run("backtest", "--score", "no such score", "--api", api_url)
    assert unknown.exit_code == 2
    refused = await run("backtest", "--api", "ftp://example.org")
    assert refused.exit_code == 2 and "--api must be an http" in refused.output
