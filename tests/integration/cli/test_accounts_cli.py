"""`upg accounts` on the real Neo4j, after `upg demo cohort`: formats, statuses, exit codes."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from upg.cli.main import cli
from upg.services import demo


def _cohort(runner: CliRunner) -> None:
    loaded = runner.invoke(cli, ["demo", "cohort", "--accounts", "200", "--seed", "3"])
    assert loaded.exit_code == 0, loaded.output
    assert "Journeys: 65 accounts with a known route status" in loaded.output


def test_list_by_status_in_every_format_and_show_a_route() -> None:
    runner = CliRunner()
    _cohort(runner)
    listed = runner.invoke(
        cli, ["accounts", "list", "--status", "stuck", "--limit", "1000", "--format", "json"]
    )
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)["accounts"]
    assert rows and {row["status"] for row in rows} == {"STUCK"}
    stalled = {
        f"journey-3-stalled-{p}-{n:05d}" for p in ("docflow", "pipemail", "lumen") for n in range(5)
    }
    assert stalled <= {row["id"] for row in rows}
    docflow = next(r for r in rows if r["id"] == "journey-3-stalled-docflow-00000")
    assert docflow["next_milestone"]["title"] == demo.SECOND_EDITOR.title
    table = runner.invoke(cli, ["accounts", "list", "--status", "arrived", "--format", "csv"])
    parsed = list(csv.DictReader(io.StringIO(table.output)))
    assert parsed and {r["status"] for r in parsed} == {"ARRIVED"}
    assert list(parsed[0]) == [
        "name",
        "status",
        "signed_up_at",
        "next_milestone",
        "suggested_next",
        "id",
    ]
    lines = runner.invoke(
        cli, ["accounts", "list", "--product", demo.LUMEN.id, "--limit", "7", "--format", "ndjson"]
    ).output.splitlines()
    assert len(lines) == 7 and all(
        json.loads(line)["products"] == [demo.LUMEN.id] for line in lines
    )
    shown = runner.invoke(
        cli, ["accounts", "show", "journey-3-stalled-docflow-00000", "--format", "json"]
    )
    assert shown.exit_code == 0, shown.output
    body = json.loads(shown.output)
    assert body["account"]["status"] == "STUCK"
    (step,) = body["route"]
    assert step["milestone"]["title"] == demo.SECOND_EDITOR.title
    assert (step["state"], step["play"], step["next"], step["suggested"]) == (
        "OVERDUE",
        "CONVERSION",
        True,
        True,
    )


def test_errors_exit_2_with_one_line() -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["accounts", "show", "nobody"])
    assert missing.exit_code == 2
    assert "no account with id nobody" in missing.output
    bad = runner.invoke(cli, ["accounts", "list", "--status", "lost"])
    assert bad.exit_code == 2
    product = runner.invoke(cli, ["accounts", "list", "--product", "nope"])
    assert product.exit_code == 2 and "product: must be a UUID" in product.output


def _first_score_id(output: str) -> str:
    rows = json.loads(output)["health_scores"]
    return str(next(r["id"] for r in rows if r["total_weight"] > 0))


def _listed(runner: CliRunner, *args: str) -> set[str]:
    result = runner.invoke(cli, ["accounts", "list", "--limit", "1000", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return {row["id"] for row in json.loads(result.output)["accounts"]}


def test_list_by_health_score_band() -> None:
    runner = CliRunner()
    _cohort(runner)
    scores = runner.invoke(cli, ["audit", "scores", "--format", "json"])
    score_id = _first_score_id(scores.output)
    bands = {
        b: _listed(runner, "--score", score_id, "--band", b) for b in ("low", "medium", "high")
    }
    applies = _listed(runner, "--score", score_id)
    # The bands split the accounts the score applies to; min/max reproduce a band.
    assert sum(len(ids) for ids in bands.values()) == len(applies) > 0
    assert set().union(*bands.values()) == applies
    assert sum(bool(ids) for ids in bands.values()) >= 2
    high = _listed(runner, "--score", score_id, "--min", "70")
    assert high == bands["high"]
    lonely = runner.invoke(cli, ["accounts", "list", "--band", "high"])
    assert lonely.exit_code == 2 and "--score" in lonely.output
    unknown = runner.invoke(
        cli, ["accounts", "list", "--score", "00000000-0000-0000-0000-000000000001"]
    )
    assert unknown.exit_code == 2 and "healthScore.id: no health score" in unknown.output
