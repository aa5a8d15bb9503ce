"""`upg audit evidence` and the report's evidence, on a synthetic cohort in the real Neo4j:
rows, formats, exit codes, and the same bytes from Neo4j and from the API."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from tests.integration.cli.conftest import Run
from tests.live_server import serve
from upg.api.app import create_app
from upg.config import Settings
from upg.graph.evidence import EvidenceRepository
from upg.graph.repository import Neo4jRepository
from upg.services import cohort, demo, evidence
from upg.services.nodes import link

AS_OF = datetime(2026, 11, 23, tzinfo=UTC)
AS_OF_ARG = "2026-11-23"
ACCOUNTS = 3000
SEED = 3
ROW_FIELDS = [
    "milestone_id",
    "milestone",
    "outcome_id",
    "outcome",
    "claimed",
    "verdict",
    "n",
    "rate_hit",
    "rate_miss",
    "risk_difference",
    "odds_ratio",
    "adjusted_p",
    "phi",
    "strength",
]


@pytest.fixture
async def graphs(
    driver: AsyncDriver, settings: Settings
) -> tuple[Neo4jRepository, EvidenceRepository]:
    """The demo graph with a cohort, and "Profile completed" claimed to validate conversion
    (the data say it does not: vanity by evidence)."""
    repo = Neo4jRepository(driver, settings.neo4j_database)
    evidence_repo = EvidenceRepository(driver, settings.neo4j_database)
    summary = await cohort.load_cohort(evidence_repo, repo, ACCOUNTS, seed=SEED, as_of=AS_OF)
    assert summary.rejected == []
    await link(repo, demo.PROFILE_COMPLETED.id, demo.TRIAL_CONVERTS.id, "VALIDATES")
    return repo, evidence_repo


@pytest.fixture
def api_url(settings: Settings) -> Iterator[str]:
    with serve(create_app(settings)) as url:
        yield url


def pair(rows: list[dict[str, Any]], milestone: str, outcome: str) -> dict[str, Any]:
    [found] = [r for r in rows if r["milestone"] == milestone and r["outcome"] == outcome]
    return found


@pytest.mark.usefixtures("graphs")
async def test_rows_verdicts_and_fail_on_refuted(run: Run) -> None:
    result = await run("evidence", "--as-of", AS_OF_ARG, "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert list(body) == ["evidence", "suggested", "vanity_by_evidence", "as_of", "count"]
    assert body["as_of"] == AS_OF.isoformat()
    rows = body["evidence"]
    assert body["count"] == len(rows) > 0
    assert all(list(row) == ROW_FIELDS for row in rows)
    keys = [(r["milestone"], r["outcome"]) for r in rows]
    assert keys == sorted(keys)

    aha = pair(rows, demo.SECOND_EDITOR.title, demo.TRIAL_CONVERTS.title)
    assert aha["verdict"] == "VALIDATED" and aha["claimed"] is True
    assert abs(aha["rate_hit"] - 0.58) <= 0.05 and abs(aha["rate_miss"] - 0.09) <= 0.05
    assert aha["strength"] == "highly predictive"
    profile = pair(rows, demo.PROFILE_COMPLETED.title, demo.TRIAL_CONVERTS.title)
    assert profile["verdict"] == "REFUTED" and profile["claimed"] is True
    assert body["vanity_by_evidence"] == [profile]
    assert all(not r["claimed"] and r["verdict"] == "VALIDATED" for r in body["suggested"])

    failed = await run("evidence", "--as-of", AS_OF_ARG, "--fail-on-refuted", "-f", "json")
    assert failed.exit_code == 1
    assert failed.stderr == (
        "upg: 1 VALIDATES edge(s) refuted by evidence (--fail-on-refuted): "
        f"{demo.PROFILE_COMPLETED.title} -> {demo.TRIAL_CONVERTS.title}\n"
    )
    assert json.loads(failed.stdout) == body


@pytest.mark.usefixtures("graphs")
async def test_formats_scope_and_errors(run: Run, tmp_path: Path) -> None:
    as_json = json.loads((await run("evidence", "--as-of", AS_OF_ARG, "-f", "json")).stdout)
    rows = as_json["evidence"]
    ndjson = (await run("evidence", "--as-of", AS_OF_ARG, "-f", "ndjson")).stdout
    assert [json.loads(line) for line in ndjson.splitlines()] == rows
    table = list(
        csv.DictReader(
            io.StringIO((await run("evidence", "--as-of", AS_OF_ARG, "-f", "csv")).stdout)
        )
    )
    assert [(r["milestone_id"], r["outcome_id"]) for r in table] == [
        (r["milestone_id"], r["outcome_id"]) for r in rows
    ]
    assert {r["claimed"] for r in table} == {"yes", "no"}
    text = (await run("evidence", "--as-of", AS_OF_ARG, "-f", "table")).stdout
    assert f"Evidence ({len(rows)})" in text.splitlines()[0]
    assert "1 VALIDATES edge(s) refuted by evidence" in text

    docflow = json.loads(
        (await run("evidence", "--as-of", AS_OF_ARG, "--product", "docflow", "-f", "json")).stdout
    )
    assert {r["milestone"] for r in docflow["evidence"]} <= {
        m.title
        for src, edge, m, _ in demo.EDGES
        if src is demo.DOCFLOW and edge == "CELEBRATES_VIA"
    }
    assert docflow["count"] > 0

    target = tmp_path / "evidence.json"
    written = await run("evidence", "--as-of", AS_OF_ARG, "--output", str(target))
    assert written.exit_code == 0
    assert json.loads(target.read_text()) == as_json
    assert written.stderr == f"upg: wrote {len(rows)} evidence pairs to {target} (json)\n"

    unknown = await run("evidence", "--product", "Nope")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("upg: error: no product titled 'Nope'")
    bad_date = await run("evidence", "--as-of", "yesterday")
    assert bad_date.exit_code == 2


@pytest.mark.usefixtures("graphs")
async def test_the_api_source_prints_the_same(run: Run, api_url: str) -> None:
    for args in (("--as-of", AS_OF_ARG), ("--as-of", AS_OF_ARG, "--product", "PipeMail")):
        for fmt in ("json", "csv", "ndjson", "table"):
            from_neo4j = await run("evidence", *args, "-f", fmt)
            from_api = await run("evidence", *args, "-f", fmt, "--api", api_url)
            assert from_neo4j.exit_code == from_api.exit_code == 0, from_api.output
            assert from_api.stdout == from_neo4j.stdout, (args, fmt)
    # Without --as-of the command picks one moment and both sources compute for it.
    now = await run("evidence", "-f", "json", "--api", api_url)
    assert now.exit_code == 0, now.output
    assert json.loads(now.stdout)["count"] > 0


async def test_the_report_shows_stored_verdicts_the_same_from_both_sources(
    graphs: tuple[Neo4jRepository, EvidenceRepository], run: Run, api_url: str, tmp_path: Path
) -> None:
    repo, evidence_repo = graphs
    empty = tmp_path / "before.html"
    assert (await run("report", "--html", str(empty))).exit_code == 0
    assert "No evidence stored yet" in empty.read_text()

    await evidence.compute(evidence_repo, repo, as_of=AS_OF, store=True)
    from_neo4j, from_api = tmp_path / "neo4j.html", tmp_path / "api.html"
    assert (await run("report", "--html", str(from_neo4j))).exit_code == 0
    result = await run("report", "--html", str(from_api), "--api", api_url)
    assert result.exit_code == 0, result.output
    assert from_api.read_bytes() == from_neo4j.read_bytes()

    page = from_neo4j.read_text()
    assert re.search(
        rf'<tr class="refuted" data-id="{demo.PROFILE_COMPLETED.id}" '
        rf'data-outcome="{demo.TRIAL_CONVERTS.id}">',
        page,
    )
    assert re.search(rf'<tr class="" data-id="{demo.SECOND_EDITOR.id}"[^>]*>.*?VALIDATED', page)
    assert 'class="verdict VALIDATED"' in page
    assert 'path class="edge validates REFUTED"' in page
    assert 'data-count="validations refuted by evidence"><b>1</b>' in page
